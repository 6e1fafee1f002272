package dev.roster.local.twin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.roster.local.AwsEndpoints;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * template.yaml deployed on the emulators as CloudFormation would deploy it: every resource gets the physical name
 * CloudFormation would give it ({@code <stack>-<LogicalId>-<SUFFIX>}, or the name the template sets), the answers
 * to Ref and Fn::GetAtt are what they are on AWS (ARNs in the twin's account and region), and the table, queues and
 * bucket are created from the template's own properties.
 */
public final class TwinStack implements SamTemplate.Stack {

    public static final String REGION = "us-east-1";
    public static final String ACCOUNT_ID = "123456789012";

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String SUFFIX_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    private final SamTemplate template;
    private final String stackName;
    private final String stackId;
    private final Map<String, String> parameters;
    private final Map<String, String> physicalIds = new HashMap<>();
    private final Map<String, String> queueUrls = new HashMap<>();

    private TwinStack(SamTemplate template, String stackName, Map<String, String> parameterOverrides) {
        this.template = template;
        this.stackName = stackName;
        this.stackId = "arn:aws:cloudformation:" + REGION + ":" + ACCOUNT_ID + ":stack/" + stackName + "/"
                + UUID.randomUUID();
        Map<String, String> parameters = new LinkedHashMap<>(template.parameterDefaults());
        parameterOverrides.forEach((name, value) -> {
            if (!parameters.containsKey(name)) {
                throw new IllegalArgumentException("template.yaml has no parameter " + name);
            }
            parameters.put(name, value);
        });
        this.parameters = parameters;
    }

    /** The names CloudFormation would give this template's resources in a stack of this name (nothing created). */
    public static TwinStack plan(SamTemplate template, String stackName, Map<String, String> parameterOverrides) {
        TwinStack stack = new TwinStack(template, stackName, parameterOverrides);
        stack.nameResources();
        return stack;
    }

    /**
     * The template's resources named {@code {{LogicalId}}}, as {@link CallLog#withLogicalNames} writes them: what
     * the policies of any deployment of the template say, in the terms of a call log.
     */
    public static TwinStack logical(SamTemplate template) {
        TwinStack stack = new TwinStack(template, CallLog.logicalName("AWS::StackName"), Map.of());
        template.resources().fieldNames().forEachRemaining(id -> {
            stack.physicalIds.put(id, CallLog.logicalName(id));
            if ("AWS::SQS::Queue".equals(template.type(id))) {
                stack.queueUrls.put(CallLog.logicalName(id), "https://sqs." + REGION + ".amazonaws.com/" + ACCOUNT_ID
                        + "/" + CallLog.logicalName(id));
            }
        });
        return stack;
    }

    /** Names every resource and creates the table, queues and bucket on the emulators. */
    public static TwinStack deploy(SamTemplate template, String stackName, Map<String, String> parameterOverrides,
                                   AwsEndpoints emulators) {
        TwinStack stack = plan(template, stackName, parameterOverrides);
        try (DynamoDbClient dynamo = emulators.dynamoClient(); SqsClient sqs = emulators.sqsClient();
             S3Client s3 = emulators.s3Client()) {
            stack.provision(dynamo, sqs, s3);
        }
        return stack;
    }

    public String region() {
        return REGION;
    }

    public String accountId() {
        return ACCOUNT_ID;
    }

    /** The physical id (name) of a resource. */
    public String physicalId(String logicalId) {
        String id = physicalIds.get(logicalId);
        if (id == null) {
            throw new IllegalArgumentException("template.yaml has no resource " + logicalId);
        }
        return id;
    }

    /** The physical names of the table, queues and bucket, each to its logical id (for {@link CallLog}). */
    public Map<String, String> logicalNames() {
        Map<String, String> names = new LinkedHashMap<>();
        template.resources().fields().forEachRemaining(e -> {
            String type = e.getValue().path("Type").asText();
            if (List.of("AWS::DynamoDB::Table", "AWS::SQS::Queue", "AWS::S3::Bucket").contains(type)) {
                names.put(physicalId(e.getKey()), e.getKey());
            }
        });
        return names;
    }

    /** The queue URL behind a queue ARN of this stack. */
    public String queueUrlForArn(String arn) {
        String name = arn.substring(arn.lastIndexOf(':') + 1);
        String url = queueUrls.get(name);
        if (url == null) {
            throw new IllegalArgumentException("no queue of this stack has the ARN " + arn);
        }
        return url;
    }

    @Override
    public String ref(String name) {
        switch (name) {
            case "AWS::Region":
                return REGION;
            case "AWS::AccountId":
                return ACCOUNT_ID;
            case "AWS::StackName":
                return stackName;
            case "AWS::StackId":
                return stackId;
            case "AWS::Partition":
                return "aws";
            case "AWS::URLSuffix":
                return "amazonaws.com";
            default:
                break;
        }
        if (parameters.containsKey(name)) {
            return parameters.get(name);
        }
        String id = physicalId(name);
        return switch (template.type(name)) {
            case "AWS::SQS::Queue" -> queueUrls.get(id);
            default -> id;
        };
    }

    @Override
    public String getAtt(String resource, String attribute) {
        String id = physicalId(resource);
        String type = template.type(resource);
        return switch (type + "." + attribute) {
            case "AWS::DynamoDB::Table.Arn" -> "arn:aws:dynamodb:" + REGION + ":" + ACCOUNT_ID + ":table/" + id;
            case "AWS::SQS::Queue.Arn" -> "arn:aws:sqs:" + REGION + ":" + ACCOUNT_ID + ":" + id;
            case "AWS::SQS::Queue.QueueName" -> id;
            case "AWS::SQS::Queue.QueueUrl" -> queueUrls.get(id);
            case "AWS::S3::Bucket.Arn" -> "arn:aws:s3:::" + id;
            case "AWS::Serverless::Function.Arn" -> "arn:aws:lambda:" + REGION + ":" + ACCOUNT_ID + ":function:" + id;
            case "AWS::Logs::LogGroup.Arn" -> "arn:aws:logs:" + REGION + ":" + ACCOUNT_ID + ":log-group:" + id + ":*";
            default -> throw new IllegalArgumentException("the twin does not know Fn::GetAtt " + resource + "."
                    + attribute + " (" + type + ")");
        };
    }

    private void nameResources() {
        template.resources().fields().forEachRemaining(e -> {
            String logicalId = e.getKey();
            String type = e.getValue().path("Type").asText();
            physicalIds.put(logicalId, switch (type) {
                case "AWS::Serverless::HttpApi" -> suffix(10).toLowerCase(Locale.ROOT);
                default -> stackName + "-" + logicalId + "-" + suffix(13);
            });
        });
        // Names the template sets itself; they may refer to the generated names above.
        template.resources().fields().forEachRemaining(e -> {
            JsonNode properties = e.getValue().path("Properties");
            String type = e.getValue().path("Type").asText();
            JsonNode name = switch (type) {
                case "AWS::S3::Bucket" -> properties.get("BucketName");
                case "AWS::DynamoDB::Table" -> properties.get("TableName");
                case "AWS::SQS::Queue" -> properties.get("QueueName");
                case "AWS::Logs::LogGroup" -> properties.get("LogGroupName");
                case "AWS::Serverless::Function" -> properties.get("FunctionName");
                default -> null;
            };
            if (name != null) {
                physicalIds.put(e.getKey(), SamTemplate.resolveText(name, this));
            } else if (type.equals("AWS::S3::Bucket")) {
                // CloudFormation's generated bucket names are lower case.
                physicalIds.put(e.getKey(), physicalIds.get(e.getKey()).toLowerCase(Locale.ROOT));
            }
        });
    }

    private void provision(DynamoDbClient dynamo, SqsClient sqs, S3Client s3) {
        List<String> queues = new ArrayList<>();
        template.resources().fields().forEachRemaining(e -> {
            if ("AWS::SQS::Queue".equals(e.getValue().path("Type").asText())) {
                queues.add(e.getKey());
            }
        });
        // Dead-letter queues first: a redrive policy names its target's ARN.
        queues.sort((a, b) -> Boolean.compare(hasRedrive(a), hasRedrive(b)));
        for (String queue : queues) {
            createQueue(sqs, queue);
        }
        template.resources().fields().forEachRemaining(e -> {
            switch (e.getValue().path("Type").asText()) {
                case "AWS::DynamoDB::Table" -> createTable(dynamo, e.getKey());
                case "AWS::S3::Bucket" -> {
                    String bucket = physicalId(e.getKey());
                    if (!isValidBucketName(bucket)) {
                        throw new IllegalStateException("CloudFormation would refuse the bucket name " + bucket);
                    }
                    s3.createBucket(b -> b.bucket(bucket));
                }
                default -> {
                }
            }
        });
    }

    private boolean hasRedrive(String queue) {
        return template.resource(queue).path("Properties").has("RedrivePolicy");
    }

    private void createQueue(SqsClient sqs, String logicalId) {
        String name = physicalId(logicalId);
        JsonNode properties = SamTemplate.resolve(template.resource(logicalId).path("Properties"), this);
        Map<QueueAttributeName, String> attributes = new HashMap<>();
        for (String attribute : List.of("VisibilityTimeout", "MessageRetentionPeriod", "DelaySeconds",
                "ReceiveMessageWaitTimeSeconds", "MaximumMessageSize")) {
            if (properties.has(attribute)) {
                attributes.put(QueueAttributeName.fromValue(attribute), properties.get(attribute).asText());
            }
        }
        if (properties.has("RedrivePolicy")) {
            JsonNode redrive = properties.get("RedrivePolicy");
            String target = redrive.get("deadLetterTargetArn").asText();
            String targetUrl = queueUrlForArn(target);
            // The emulator names its queues with ARNs of its own: the redrive policy must use those.
            String emulatorArn = sqs.getQueueAttributes(b -> b.queueUrl(targetUrl)
                    .attributeNames(QueueAttributeName.QUEUE_ARN)).attributes().get(QueueAttributeName.QUEUE_ARN);
            attributes.put(QueueAttributeName.REDRIVE_POLICY, "{\"deadLetterTargetArn\":\"" + emulatorArn
                    + "\",\"maxReceiveCount\":\"" + redrive.get("maxReceiveCount").asText() + "\"}");
        }
        String url = sqs.createQueue(b -> b.queueName(name)).queueUrl();
        if (!attributes.isEmpty()) {
            sqs.setQueueAttributes(b -> b.queueUrl(url).attributes(attributes));
        }
        queueUrls.put(name, url);
    }

    private void createTable(DynamoDbClient dynamo, String logicalId) {
        String name = physicalId(logicalId);
        JsonNode properties = SamTemplate.resolve(template.resource(logicalId).path("Properties"), this);
        List<AttributeDefinition> attributes = new ArrayList<>();
        properties.path("AttributeDefinitions").forEach(a -> attributes.add(AttributeDefinition.builder()
                .attributeName(a.get("AttributeName").asText()).attributeType(a.get("AttributeType").asText()).build()));
        List<KeySchemaElement> keys = new ArrayList<>();
        properties.path("KeySchema").forEach(k -> keys.add(KeySchemaElement.builder()
                .attributeName(k.get("AttributeName").asText()).keyType(k.get("KeyType").asText()).build()));
        if (properties.has("GlobalSecondaryIndexes") || properties.has("LocalSecondaryIndexes")) {
            throw new IllegalStateException("the twin does not create secondary indexes yet: " + logicalId);
        }
        dynamo.createTable(b -> b.tableName(name).attributeDefinitions(attributes).keySchema(keys)
                .billingMode(BillingMode.fromValue(properties.path("BillingMode").asText("PAY_PER_REQUEST"))));
        dynamo.waiter().waitUntilTableExists(b -> b.tableName(name));
        JsonNode ttl = properties.get("TimeToLiveSpecification");
        if (ttl != null && ttl.path("Enabled").asBoolean()) {
            dynamo.updateTimeToLive(b -> b.tableName(name).timeToLiveSpecification(t -> t
                    .attributeName(ttl.get("AttributeName").asText()).enabled(true)));
        }
    }

    private static String suffix(int length) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < length; i++) {
            s.append(SUFFIX_ALPHABET.charAt(RANDOM.nextInt(SUFFIX_ALPHABET.length())));
        }
        return s.toString();
    }

    /**
     * S3's bucket naming rules: 3 to 63 characters of lower-case letters, digits, dots and hyphens, beginning and
     * ending with a letter or digit, not shaped like an IP address, without S3's reserved prefixes and suffixes.
     */
    public static boolean isValidBucketName(String name) {
        return name.length() >= 3 && name.length() <= 63
                && name.matches("[a-z0-9][a-z0-9.-]*[a-z0-9]")
                && !name.contains("..")
                && !name.matches("\\d+\\.\\d+\\.\\d+\\.\\d+")
                && !name.startsWith("xn--") && !name.startsWith("sthree-") && !name.startsWith("amzn-s3-demo-")
                && !name.endsWith("-s3alias") && !name.endsWith("--ol-s3") && !name.endsWith(".mrap")
                && !name.endsWith("--x-s3");
    }
}
