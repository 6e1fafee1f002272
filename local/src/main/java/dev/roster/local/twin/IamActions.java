package dev.roster.local.twin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.roster.local.LocalHttpFront;
import dev.roster.shared.json.Json;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The IAM permissions one HTTP request to DynamoDB, SQS or S3 needs, as the services' "Actions, resources, and
 * condition keys" pages define them: a transaction needs the item action on each table it touches, a batch the batch
 * action on each table, a Query on an index the index's ARN, an SQS batch the single-message action, an S3 copy
 * s3:GetObject on its source, a multipart upload s3:PutObject throughout. A request this table does not know (an S3
 * sub-resource such as {@code ?select}, a request without an operation) needs {@code <service>:Unmapped}, which no
 * policy grants except a service-wide wildcard: a checker fails on it instead of passing it by guesswork.
 *
 * <p>ARNs are built in the given region and account (partition aws), whatever the emulator puts in its URLs: a
 * queue is named by the last segment of its QueueUrl, not by the account ElasticMQ writes before it.
 */
public final class IamActions {

    /** One action on one resource ARN ({@code *} when the operation names no resource). */
    public record Permission(String action, String resource) {
    }

    public static final String UNMAPPED = "Unmapped";

    private static final String DYNAMODB_TARGET_PREFIX = "DynamoDB_20120810.";
    private static final String SQS_TARGET_PREFIX = "AmazonSQS.";

    /** TransactWriteItems: the action each kind of item needs. */
    private static final Map<String, String> TRANSACT_WRITE_ACTIONS = Map.of(
            "Put", "dynamodb:PutItem",
            "Update", "dynamodb:UpdateItem",
            "Delete", "dynamodb:DeleteItem",
            "ConditionCheck", "dynamodb:ConditionCheckItem");

    /** SQS batches are authorised as the single-message action (there is no sqs:SendMessageBatch permission). */
    private static final Map<String, String> SQS_BATCH_ACTIONS = Map.of(
            "SendMessageBatch", "SendMessage",
            "DeleteMessageBatch", "DeleteMessage",
            "ChangeMessageVisibilityBatch", "ChangeMessageVisibility");

    /**
     * S3 sub-resources (query parameters that select what a request operates on), keyed "bucket|object METHOD name".
     * Deleting some bucket configurations needs the Put permission: IAM has no separate Delete action for them.
     */
    private static final Map<String, String> S3_SUBRESOURCE_ACTIONS = Map.ofEntries(
            Map.entry("bucket GET uploads", "ListBucketMultipartUploads"),
            Map.entry("bucket GET versions", "ListBucketVersions"),
            Map.entry("bucket GET location", "GetBucketLocation"),
            Map.entry("bucket GET acl", "GetBucketAcl"),
            Map.entry("bucket PUT acl", "PutBucketAcl"),
            Map.entry("bucket GET policy", "GetBucketPolicy"),
            Map.entry("bucket PUT policy", "PutBucketPolicy"),
            Map.entry("bucket DELETE policy", "DeleteBucketPolicy"),
            Map.entry("bucket GET tagging", "GetBucketTagging"),
            Map.entry("bucket PUT tagging", "PutBucketTagging"),
            Map.entry("bucket DELETE tagging", "PutBucketTagging"),
            Map.entry("bucket GET cors", "GetBucketCORS"),
            Map.entry("bucket PUT cors", "PutBucketCORS"),
            Map.entry("bucket DELETE cors", "PutBucketCORS"),
            Map.entry("bucket GET lifecycle", "GetLifecycleConfiguration"),
            Map.entry("bucket PUT lifecycle", "PutLifecycleConfiguration"),
            Map.entry("bucket DELETE lifecycle", "PutLifecycleConfiguration"),
            Map.entry("bucket GET versioning", "GetBucketVersioning"),
            Map.entry("bucket PUT versioning", "PutBucketVersioning"),
            Map.entry("bucket GET notification", "GetBucketNotification"),
            Map.entry("bucket PUT notification", "PutBucketNotification"),
            Map.entry("bucket GET encryption", "GetEncryptionConfiguration"),
            Map.entry("bucket PUT encryption", "PutEncryptionConfiguration"),
            Map.entry("bucket DELETE encryption", "PutEncryptionConfiguration"),
            Map.entry("bucket GET publicAccessBlock", "GetBucketPublicAccessBlock"),
            Map.entry("bucket PUT publicAccessBlock", "PutBucketPublicAccessBlock"),
            Map.entry("bucket DELETE publicAccessBlock", "PutBucketPublicAccessBlock"),
            Map.entry("bucket POST delete", "DeleteObject"),
            Map.entry("object GET acl", "GetObjectAcl"),
            Map.entry("object PUT acl", "PutObjectAcl"),
            Map.entry("object GET tagging", "GetObjectTagging"),
            Map.entry("object PUT tagging", "PutObjectTagging"),
            Map.entry("object DELETE tagging", "DeleteObjectTagging"),
            Map.entry("object GET attributes", "GetObjectAttributes"),
            Map.entry("object POST restore", "RestoreObject"),
            Map.entry("object POST uploads", "PutObject"));

    /** Every S3 sub-resource name: one of these without an entry above is an unmapped request, never ignored. */
    private static final Set<String> S3_SUBRESOURCES = Set.of("accelerate", "acl", "analytics", "attributes", "cors",
            "delete", "encryption", "intelligent-tiering", "inventory", "legal-hold", "lifecycle", "location", "logging",
            "metadataTable", "metrics", "notification", "object-lock", "ownershipControls", "policy", "policyStatus",
            "publicAccessBlock", "replication", "requestPayment", "restore", "retention", "select", "tagging",
            "torrent", "uploads", "versioning", "versions", "website");

    private IamActions() {
    }

    /**
     * @param headers lower-case names
     * @param body    the whole request body for DynamoDB and SQS; null for S3 (whose bodies are never buffered)
     */
    public static List<Permission> of(AwsService service, String method, String rawPathAndQuery,
                                      Map<String, String> headers, byte[] body, String region, String accountId) {
        return switch (service) {
            case DYNAMODB -> dynamo(headers, body, region, accountId);
            case SQS -> sqs(rawPathAndQuery, headers, body, region, accountId);
            case S3 -> s3(method, rawPathAndQuery, headers);
        };
    }

    private static List<Permission> dynamo(Map<String, String> headers, byte[] body, String region, String account) {
        String target = headers.getOrDefault("x-amz-target", "");
        if (!target.startsWith(DYNAMODB_TARGET_PREFIX)) {
            return List.of(new Permission("dynamodb:" + UNMAPPED, "*"));
        }
        String operation = target.substring(DYNAMODB_TARGET_PREFIX.length());
        JsonNode request = json(body);
        Set<Permission> permissions = new LinkedHashSet<>();
        switch (operation) {
            case "TransactWriteItems" -> {
                for (JsonNode item : request.path("TransactItems")) {
                    TRANSACT_WRITE_ACTIONS.forEach((kind, action) -> {
                        if (item.has(kind)) {
                            permissions.add(new Permission(action,
                                    tableArn(item.get(kind).path("TableName").asText(""), region, account)));
                        }
                    });
                }
            }
            case "TransactGetItems" -> {
                for (JsonNode item : request.path("TransactItems")) {
                    permissions.add(new Permission("dynamodb:GetItem",
                            tableArn(item.path("Get").path("TableName").asText(""), region, account)));
                }
            }
            case "BatchWriteItem", "BatchGetItem" -> {
                for (Iterator<String> tables = request.path("RequestItems").fieldNames(); tables.hasNext(); ) {
                    permissions.add(new Permission("dynamodb:" + operation, tableArn(tables.next(), region, account)));
                }
            }
            default -> {
                String table = request.path("TableName").asText("");
                String resource = table.isEmpty() ? request.path("ResourceArn").asText("*")
                        : tableArn(table, region, account);
                if (!table.isEmpty() && request.hasNonNull("IndexName")
                        && (operation.equals("Query") || operation.equals("Scan"))) {
                    resource += "/index/" + request.get("IndexName").asText();
                }
                permissions.add(new Permission("dynamodb:" + operation, resource));
            }
        }
        if (permissions.isEmpty()) {
            // An empty or unreadable transaction or batch: DynamoDB rejects it, but the attempt is still shown.
            permissions.add(new Permission("dynamodb:" + operation, "*"));
        }
        return List.copyOf(permissions);
    }

    /** DynamoDB also accepts a table's ARN where it takes a table name. */
    private static String tableArn(String table, String region, String account) {
        if (table.isEmpty()) {
            return "*";
        }
        return table.startsWith("arn:") ? table : "arn:aws:dynamodb:" + region + ":" + account + ":table/" + table;
    }

    /** Both of SQS's protocols: JSON (what current SDKs send) and the older query protocol (form parameters). */
    private static List<Permission> sqs(String rawPathAndQuery, Map<String, String> headers, byte[] body,
                                        String region, String account) {
        String target = headers.getOrDefault("x-amz-target", "");
        String operation;
        String queueUrl;
        String queueName;
        if (target.startsWith(SQS_TARGET_PREFIX)) {
            JsonNode request = json(body);
            operation = target.substring(SQS_TARGET_PREFIX.length());
            queueUrl = request.path("QueueUrl").asText("");
            queueName = request.path("QueueName").asText("");
        } else {
            Map<String, String> parameters = formParameters(query(rawPathAndQuery));
            String contentType = headers.getOrDefault("content-type", "");
            if (body != null && (contentType.isEmpty() || contentType.startsWith("application/x-www-form-urlencoded"))) {
                parameters.putAll(formParameters(new String(body, StandardCharsets.UTF_8)));
            }
            operation = parameters.getOrDefault("Action", "");
            // The query protocol may also name the queue by posting to its URL.
            String path = path(rawPathAndQuery);
            queueUrl = parameters.getOrDefault("QueueUrl", path.length() > 1 ? path : "");
            queueName = parameters.getOrDefault("QueueName", "");
        }
        if (operation.isEmpty()) {
            return List.of(new Permission("sqs:" + UNMAPPED, "*"));
        }
        String action = "sqs:" + SQS_BATCH_ACTIONS.getOrDefault(operation, operation);
        String queue = switch (operation) {
            case "ListQueues" -> "";
            case "GetQueueUrl", "CreateQueue" -> queueName;
            default -> lastSegment(queueUrl);
        };
        return List.of(new Permission(action, queue.isEmpty() ? "*" : "arn:aws:sqs:" + region + ":" + account + ":" + queue));
    }

    private static String lastSegment(String url) {
        String trimmed = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        return trimmed.substring(trimmed.lastIndexOf('/') + 1);
    }

    /** Path-style requests: {@code /<bucket>/<key>}, the key percent-decoded. */
    private static List<Permission> s3(String method, String rawPathAndQuery, Map<String, String> headers) {
        String path = path(rawPathAndQuery);
        Map<String, String> query = formParameters(query(rawPathAndQuery));
        String rest = path.startsWith("/") ? path.substring(1) : path;
        int slash = rest.indexOf('/');
        String bucket = percentDecode(slash < 0 ? rest : rest.substring(0, slash));
        String key = slash < 0 ? "" : percentDecode(rest.substring(slash + 1));
        String verb = method.toUpperCase(Locale.ROOT);
        if (bucket.isEmpty()) {
            return List.of(new Permission(verb.equals("GET") ? "s3:ListAllMyBuckets" : "s3:" + UNMAPPED, "*"));
        }
        String bucketArn = "arn:aws:s3:::" + bucket;
        String objectArn = bucketArn + "/" + key;
        boolean onObject = !key.isEmpty();
        String subresource = query.keySet().stream().filter(S3_SUBRESOURCES::contains).findFirst().orElse(null);
        List<Permission> permissions = new ArrayList<>();
        if (subresource != null && !(onObject && query.containsKey("uploadId"))) {
            String action = S3_SUBRESOURCE_ACTIONS.get((onObject ? "object " : "bucket ") + verb + " " + subresource);
            String resource = onObject ? objectArn : subresource.equals("delete") ? bucketArn + "/*" : bucketArn;
            permissions.add(new Permission("s3:" + (action == null ? UNMAPPED : action), resource));
        } else if (onObject) {
            permissions.add(new Permission(objectAction(verb, query), objectArn));
            if (verb.equals("PUT")) {
                addCopySource(headers, permissions);
            }
        } else {
            String action = switch (verb) {
                case "GET", "HEAD" -> "s3:ListBucket";
                case "PUT" -> "s3:CreateBucket";
                case "DELETE" -> "s3:DeleteBucket";
                default -> "s3:" + UNMAPPED;
            };
            permissions.add(new Permission(action, bucketArn));
        }
        return List.copyOf(permissions);
    }

    /** CopyObject and UploadPartCopy read their source: {@code [/]bucket/key[?versionId=v]}, URL-encoded. */
    /** An object request's action: on a part of a multipart upload, or on the object (or one of its versions). */
    private static String objectAction(String verb, Map<String, String> query) {
        if (query.containsKey("uploadId")) {
            return switch (verb) {
                case "PUT", "POST" -> "s3:PutObject";
                case "DELETE" -> "s3:AbortMultipartUpload";
                case "GET" -> "s3:ListMultipartUploadParts";
                default -> "s3:" + UNMAPPED;
            };
        }
        boolean version = query.containsKey("versionId");
        return switch (verb) {
            case "GET", "HEAD" -> version ? "s3:GetObjectVersion" : "s3:GetObject";
            case "PUT" -> "s3:PutObject";
            case "DELETE" -> version ? "s3:DeleteObjectVersion" : "s3:DeleteObject";
            default -> "s3:" + UNMAPPED;
        };
    }

    private static void addCopySource(Map<String, String> headers, List<Permission> permissions) {
        String source = headers.get("x-amz-copy-source");
        if (source == null || source.isEmpty()) {
            return;
        }
        int question = source.indexOf('?');
        String object = percentDecode(question < 0 ? source : source.substring(0, question));
        boolean version = question >= 0 && formParameters(source.substring(question + 1)).containsKey("versionId");
        permissions.add(new Permission(version ? "s3:GetObjectVersion" : "s3:GetObject",
                "arn:aws:s3:::" + (object.startsWith("/") ? object.substring(1) : object)));
    }

    private static JsonNode json(byte[] body) {
        if (body == null || body.length == 0) {
            return MissingNode.getInstance();
        }
        try {
            JsonNode node = Json.MAPPER.readTree(body);
            return node == null ? MissingNode.getInstance() : node;
        } catch (IOException | RuntimeException e) {
            // A malformed body (or one cut short by a closed connection) still shows the operation it attempted.
            return MissingNode.getInstance();
        }
    }

    private static String path(String rawPathAndQuery) {
        int question = rawPathAndQuery.indexOf('?');
        return question < 0 ? rawPathAndQuery : rawPathAndQuery.substring(0, question);
    }

    private static String query(String rawPathAndQuery) {
        int question = rawPathAndQuery.indexOf('?');
        return question < 0 ? "" : rawPathAndQuery.substring(question + 1);
    }

    /** {@code a=1&b&c=%2F}: names and values form-decoded, as API Gateway's front decodes a query string. */
    private static Map<String, String> formParameters(String encoded) {
        return LocalHttpFront.parseQuery(encoded);
    }

    /** Percent-decoding only: in a path, unlike a form, '+' is a plus sign. Malformed escapes stay as they are. */
    static String percentDecode(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            int high;
            int low;
            if (bytes[i] == '%' && i + 2 < bytes.length && (high = Character.digit(bytes[i + 1], 16)) >= 0
                    && (low = Character.digit(bytes[i + 2], 16)) >= 0) {
                out.write(high * 16 + low);
                i += 2;
            } else {
                out.write(bytes[i]);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
