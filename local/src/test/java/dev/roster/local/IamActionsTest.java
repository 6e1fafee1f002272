package dev.roster.local;

import dev.roster.local.twin.AwsService;
import dev.roster.local.twin.IamActions;
import dev.roster.local.twin.IamActions.Permission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Which IAM permissions each DynamoDB, SQS and S3 request needs (the services' authorization reference pages). */
class IamActionsTest {

    private static final String REGION = "eu-west-1";
    private static final String ACCOUNT = "123456789012";
    private static final String TABLE = "arn:aws:dynamodb:eu-west-1:123456789012:table/";
    private static final String QUEUE = "arn:aws:sqs:eu-west-1:123456789012:";

    @Test
    void aDynamoDbItemOperationNeedsItsOwnActionOnItsTable() {
        // given
        String body = "{\"TableName\":\"roster\",\"Item\":{\"pk\":{\"S\":\"a\"}}}";

        // when
        List<Permission> permissions = dynamo("PutItem", body);

        // then
        assertEquals(List.of(new Permission("dynamodb:PutItem", TABLE + "roster")), permissions);
    }

    @Test
    void aWriteTransactionNeedsEachItemsActionOnEachItemsTable() {
        // given a Put, an Update, a Delete and a ConditionCheck over two tables, and a second Put
        String body = """
                {"TransactItems": [
                  {"Put": {"TableName": "roster", "Item": {"pk": {"S": "u"}}}},
                  {"Update": {"TableName": "roster", "Key": {"pk": {"S": "j"}}, "UpdateExpression": "SET a = :a"}},
                  {"Delete": {"TableName": "other", "Key": {"pk": {"S": "g"}}}},
                  {"ConditionCheck": {"TableName": "other", "Key": {"pk": {"S": "s"}},
                                      "ConditionExpression": "attribute_exists(pk)"}},
                  {"Put": {"TableName": "roster", "Item": {"pk": {"S": "v"}}}}
                ]}""";

        // when
        List<Permission> permissions = dynamo("TransactWriteItems", body);

        // then one permission per distinct action and table, and no dynamodb:TransactWriteItems
        assertEquals(List.of(
                new Permission("dynamodb:PutItem", TABLE + "roster"),
                new Permission("dynamodb:UpdateItem", TABLE + "roster"),
                new Permission("dynamodb:DeleteItem", TABLE + "other"),
                new Permission("dynamodb:ConditionCheckItem", TABLE + "other")), permissions);
    }

    @Test
    void aReadTransactionNeedsGetItemOnEachTable() {
        // given
        String body = "{\"TransactItems\":[{\"Get\":{\"TableName\":\"a\",\"Key\":{}}},{\"Get\":{\"TableName\":\"b\",\"Key\":{}}}]}";

        // when
        List<Permission> permissions = dynamo("TransactGetItems", body);

        // then
        assertEquals(List.of(new Permission("dynamodb:GetItem", TABLE + "a"),
                new Permission("dynamodb:GetItem", TABLE + "b")), permissions);
    }

    @Test
    void aBatchNeedsTheBatchActionOnEachTableItNames() {
        // given
        String write = "{\"RequestItems\":{\"a\":[{\"PutRequest\":{\"Item\":{}}}],\"b\":[{\"DeleteRequest\":{\"Key\":{}}}]}}";
        String read = "{\"RequestItems\":{\"c\":{\"Keys\":[{}]}}}";

        // when
        List<Permission> writes = dynamo("BatchWriteItem", write);
        List<Permission> reads = dynamo("BatchGetItem", read);

        // then
        assertEquals(List.of(new Permission("dynamodb:BatchWriteItem", TABLE + "a"),
                new Permission("dynamodb:BatchWriteItem", TABLE + "b")), writes);
        assertEquals(List.of(new Permission("dynamodb:BatchGetItem", TABLE + "c")), reads);
    }

    @Test
    void aQueryOrScanOfAnIndexNeedsTheIndexArn() {
        // given
        String onIndex = "{\"TableName\":\"roster\",\"IndexName\":\"byEmail\",\"KeyConditionExpression\":\"e = :e\"}";
        String onTable = "{\"TableName\":\"roster\",\"KeyConditionExpression\":\"pk = :p\"}";

        // when
        List<Permission> query = dynamo("Query", onIndex);
        List<Permission> scan = dynamo("Scan", onIndex);
        List<Permission> tableQuery = dynamo("Query", onTable);

        // then
        assertEquals(List.of(new Permission("dynamodb:Query", TABLE + "roster/index/byEmail")), query);
        assertEquals(List.of(new Permission("dynamodb:Scan", TABLE + "roster/index/byEmail")), scan);
        assertEquals(List.of(new Permission("dynamodb:Query", TABLE + "roster")), tableQuery);
    }

    @Test
    void dynamoDbOperationsWithoutATableOrWithATableArn() {
        // given a table named by its ARN, which DynamoDB accepts
        String arn = "arn:aws:dynamodb:eu-west-1:999999999999:table/shared";

        // when
        List<Permission> listTables = dynamo("ListTables", "{}");
        List<Permission> byArn = dynamo("GetItem", "{\"TableName\":\"" + arn + "\",\"Key\":{}}");
        List<Permission> noTarget = IamActions.of(AwsService.DYNAMODB, "POST", "/", Map.of(), bytes("{}"), REGION,
                ACCOUNT);

        // then
        assertEquals(List.of(new Permission("dynamodb:ListTables", "*")), listTables);
        assertEquals(List.of(new Permission("dynamodb:GetItem", arn)), byArn);
        assertEquals(List.of(new Permission("dynamodb:Unmapped", "*")), noTarget);
    }

    @Test
    void sqsJsonProtocolNamesTheQueueByTheLastSegmentOfItsUrl() {
        // given
        String url = "http://127.0.0.1:9324/000000000000/roster-jobs";
        String body = "{\"QueueUrl\":\"" + url + "\",\"Entries\":[]}";

        // when / then: batches need the single-message action
        assertEquals(List.of(new Permission("sqs:SendMessage", QUEUE + "roster-jobs")), sqsJson("SendMessage", body));
        assertEquals(List.of(new Permission("sqs:SendMessage", QUEUE + "roster-jobs")),
                sqsJson("SendMessageBatch", body));
        assertEquals(List.of(new Permission("sqs:DeleteMessage", QUEUE + "roster-jobs")),
                sqsJson("DeleteMessageBatch", body));
        assertEquals(List.of(new Permission("sqs:ChangeMessageVisibility", QUEUE + "roster-jobs")),
                sqsJson("ChangeMessageVisibilityBatch", body));
        assertEquals(List.of(new Permission("sqs:ReceiveMessage", QUEUE + "roster-jobs")),
                sqsJson("ReceiveMessage", body));
        assertEquals(List.of(new Permission("sqs:GetQueueUrl", QUEUE + "roster-dlq")),
                sqsJson("GetQueueUrl", "{\"QueueName\":\"roster-dlq\"}"));
        assertEquals(List.of(new Permission("sqs:CreateQueue", QUEUE + "new")),
                sqsJson("CreateQueue", "{\"QueueName\":\"new\"}"));
        assertEquals(List.of(new Permission("sqs:ListQueues", "*")), sqsJson("ListQueues", "{}"));
    }

    @Test
    void sqsQueryProtocolReadsFormParametersOrTheQueuePath() {
        // given
        String form = "Action=DeleteMessageBatch&QueueUrl=http%3A%2F%2F127.0.0.1%3A9324%2F000000000000%2Froster-jobs"
                + "&DeleteMessageBatchRequestEntry.1.Id=0&Version=2012-11-05";
        Map<String, String> headers = Map.of("content-type", "application/x-www-form-urlencoded; charset=utf-8");

        // when
        List<Permission> inBody = IamActions.of(AwsService.SQS, "POST", "/", headers, bytes(form), REGION, ACCOUNT);
        List<Permission> onPath = IamActions.of(AwsService.SQS, "POST", "/000000000000/roster-dlq", headers,
                bytes("Action=ReceiveMessage&MaxNumberOfMessages=10"), REGION, ACCOUNT);
        List<Permission> inQuery = IamActions.of(AwsService.SQS, "GET",
                "/?Action=GetQueueUrl&QueueName=roster-jobs", Map.of(), new byte[0], REGION, ACCOUNT);

        // then
        assertEquals(List.of(new Permission("sqs:DeleteMessage", QUEUE + "roster-jobs")), inBody);
        assertEquals(List.of(new Permission("sqs:ReceiveMessage", QUEUE + "roster-dlq")), onPath);
        assertEquals(List.of(new Permission("sqs:GetQueueUrl", QUEUE + "roster-jobs")), inQuery);
    }

    @ParameterizedTest(name = "{0} {1} needs {2} on {3}")
    @CsvSource(delimiter = '|', textBlock = """
            PUT    | /b/exports/s/j.ndjson.gz                          | s3:PutObject                  | arn:aws:s3:::b/exports/s/j.ndjson.gz
            PUT    | /b/a%20b/c%2Bd+e%C3%A9?x-id=PutObject             | s3:PutObject                  | arn:aws:s3:::b/a b/c+d+eé
            POST   | /b/k?uploads                                      | s3:PutObject                  | arn:aws:s3:::b/k
            PUT    | /b/k?partNumber=2&uploadId=u1                     | s3:PutObject                  | arn:aws:s3:::b/k
            POST   | /b/k?uploadId=u1                                  | s3:PutObject                  | arn:aws:s3:::b/k
            DELETE | /b/k?uploadId=u1                                  | s3:AbortMultipartUpload       | arn:aws:s3:::b/k
            GET    | /b/k?uploadId=u1&max-parts=10                     | s3:ListMultipartUploadParts   | arn:aws:s3:::b/k
            GET    | /b/k                                              | s3:GetObject                  | arn:aws:s3:::b/k
            HEAD   | /b/k                                              | s3:GetObject                  | arn:aws:s3:::b/k
            GET    | /b/k?versionId=v2                                 | s3:GetObjectVersion           | arn:aws:s3:::b/k
            HEAD   | /b/k?versionId=v2                                 | s3:GetObjectVersion           | arn:aws:s3:::b/k
            GET    | /b/k?response-content-type=text%2Fplain&partNumber=1 | s3:GetObject               | arn:aws:s3:::b/k
            DELETE | /b/k                                              | s3:DeleteObject               | arn:aws:s3:::b/k
            GET    | /b?list-type=2&prefix=exports%2F                  | s3:ListBucket                 | arn:aws:s3:::b
            GET    | /b/?prefix=a&delimiter=%2F                        | s3:ListBucket                 | arn:aws:s3:::b
            HEAD   | /b                                                | s3:ListBucket                 | arn:aws:s3:::b
            GET    | /b?uploads&prefix=exports                         | s3:ListBucketMultipartUploads | arn:aws:s3:::b
            POST   | /b?delete                                         | s3:DeleteObject               | arn:aws:s3:::b/*
            PUT    | /b                                                | s3:CreateBucket               | arn:aws:s3:::b
            DELETE | /b                                                | s3:DeleteBucket               | arn:aws:s3:::b
            GET    | /                                                 | s3:ListAllMyBuckets           | *
            GET    | /b?location                                       | s3:GetBucketLocation          | arn:aws:s3:::b
            PUT    | /b/k?tagging                                      | s3:PutObjectTagging           | arn:aws:s3:::b/k
            POST   | /b/k?select&select-type=2                         | s3:Unmapped                   | arn:aws:s3:::b/k
            """)
    void s3RestRequests(String method, String pathAndQuery, String action, String resource) {
        // when
        List<Permission> permissions = s3(method, pathAndQuery, Map.of());

        // then
        assertEquals(List.of(new Permission(action, resource)), permissions);
    }

    @Test
    void aCopyAlsoNeedsToReadItsSource() {
        // given CopyObject and UploadPartCopy, one from a version
        Map<String, String> copy = Map.of("x-amz-copy-source", "/src/dir/a%20file");
        Map<String, String> partCopy = Map.of("x-amz-copy-source", "src/old?versionId=v1");

        // when
        List<Permission> copyObject = s3("PUT", "/b/copy", copy);
        List<Permission> uploadPartCopy = s3("PUT", "/b/big?partNumber=1&uploadId=u", partCopy);

        // then
        assertEquals(List.of(new Permission("s3:PutObject", "arn:aws:s3:::b/copy"),
                new Permission("s3:GetObject", "arn:aws:s3:::src/dir/a file")), copyObject);
        assertEquals(List.of(new Permission("s3:PutObject", "arn:aws:s3:::b/big"),
                new Permission("s3:GetObjectVersion", "arn:aws:s3:::src/old")), uploadPartCopy);
    }

    @Test
    void aPresignedRequestNeedsWhatTheSameRequestSignedInHeadersNeeds() {
        // given
        String presigned = "/b/exports/k.gz?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date=20240101T000000Z"
                + "&X-Amz-SignedHeaders=host&X-Amz-Expires=60&X-Amz-Credential=AKID%2F20240101%2Fus-east-1%2Fs3"
                + "%2Faws4_request&X-Amz-Signature=abc";

        // when
        List<Permission> get = s3("GET", presigned, Map.of());
        List<Permission> put = s3("PUT", presigned, Map.of());

        // then
        assertEquals(List.of(new Permission("s3:GetObject", "arn:aws:s3:::b/exports/k.gz")), get);
        assertEquals(List.of(new Permission("s3:PutObject", "arn:aws:s3:::b/exports/k.gz")), put);
    }

    private static List<Permission> dynamo(String operation, String body) {
        return IamActions.of(AwsService.DYNAMODB, "POST", "/",
                Map.of("x-amz-target", "DynamoDB_20120810." + operation), bytes(body), REGION, ACCOUNT);
    }

    private static List<Permission> sqsJson(String operation, String body) {
        return IamActions.of(AwsService.SQS, "POST", "/", Map.of("x-amz-target", "AmazonSQS." + operation,
                "content-type", "application/x-amz-json-1.0"), bytes(body), REGION, ACCOUNT);
    }

    private static List<Permission> s3(String method, String pathAndQuery, Map<String, String> headers) {
        return IamActions.of(AwsService.S3, method, pathAndQuery, headers, null, "us-east-1", ACCOUNT);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
