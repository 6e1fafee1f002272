package dev.roster.local;

import dev.roster.local.twin.AwsCall;
import dev.roster.local.twin.AwsService;
import dev.roster.local.twin.CallLog;
import dev.roster.local.twin.RecordingRelay;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real AWS SDK clients talk to the embedded emulators through recording relays: every byte arrives intact and each
 * request is recorded as the IAM calls it needs, with the status the emulator answered.
 */
class RecordingRelayTest {

    private static final String ACCOUNT = "123456789012";
    private static final String REGION = EmbeddedAws.REGION;

    @Test
    void dynamoDbCallsAreRecordedPerTableAndPerTransactionItem() {
        // given a table, and a client whose DynamoDB endpoint is a relay
        AwsEndpoints aws = TestAws.aws().endpoints();
        String table = "relay-" + UUID.randomUUID();
        Provisioner.createTable(aws.dynamoClient(), table);
        CallLog log = CallLog.inMemory();
        String arn = "arn:aws:dynamodb:" + REGION + ":" + ACCOUNT + ":table/" + table;

        try (RecordingRelay relay = RecordingRelay.start("UsersFunction", AwsService.DYNAMODB, aws.dynamo(), log,
                REGION, ACCOUNT)) {
            DynamoDbClient dynamo = through(aws, relay, null, null).dynamoClient();

            // when it puts an item, writes a transaction, fails one and queries
            dynamo.putItem(b -> b.tableName(table).item(key("a", "1")));
            dynamo.transactWriteItems(b -> b.transactItems(
                    TransactWriteItem.builder().put(p -> p.tableName(table).item(key("b", "1"))).build(),
                    TransactWriteItem.builder().conditionCheck(c -> c.tableName(table).key(key("a", "1"))
                            .conditionExpression("attribute_exists(pk)")).build()));
            assertThrows(TransactionCanceledException.class, () -> dynamo.transactWriteItems(b -> b.transactItems(
                    TransactWriteItem.builder().put(p -> p.tableName(table).item(key("c", "1"))).build(),
                    TransactWriteItem.builder().conditionCheck(c -> c.tableName(table).key(key("a", "1"))
                            .conditionExpression("attribute_not_exists(pk)")).build())));
            List<Map<String, AttributeValue>> items = dynamo.query(b -> b.tableName(table)
                    .keyConditionExpression("pk = :pk")
                    .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS("a")))).items();

            // then
            assertEquals(1, items.size());
        }
        assertEquals(new TreeSet<>(List.of(
                "UsersFunction dynamodb:PutItem " + arn + " 200",
                "UsersFunction dynamodb:ConditionCheckItem " + arn + " 200",
                "UsersFunction dynamodb:PutItem " + arn + " 400",
                "UsersFunction dynamodb:ConditionCheckItem " + arn + " 400",
                "UsersFunction dynamodb:Query " + arn + " 200")), lines(log));
    }

    @Test
    void sqsCallsAreRecordedOnTheQueueWithBatchesAsSingleActions() {
        // given a queue, and a client whose SQS endpoint is a relay
        AwsEndpoints aws = TestAws.aws().endpoints();
        String name = "relay-" + UUID.randomUUID();
        String url = aws.sqsClient().createQueue(b -> b.queueName(name)).queueUrl();
        CallLog log = CallLog.inMemory();
        String arn = "arn:aws:sqs:" + REGION + ":" + ACCOUNT + ":" + name;

        try (RecordingRelay relay = RecordingRelay.start("JobWorkerFunction", AwsService.SQS, aws.sqs(), log, REGION,
                ACCOUNT)) {
            SqsClient sqs = through(aws, null, relay, null).sqsClient();

            // when
            sqs.sendMessage(b -> b.queueUrl(url).messageBody("{\"JobId\":\"j1\"}"));
            List<Message> messages = sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1))
                    .messages();
            sqs.changeMessageVisibility(b -> b.queueUrl(url).receiptHandle(messages.get(0).receiptHandle())
                    .visibilityTimeout(0));
            boolean deleted = sqs.deleteMessageBatch(b -> b.queueUrl(url).entries(DeleteMessageBatchRequestEntry
                    .builder().id("0").receiptHandle(messages.get(0).receiptHandle()).build())).failed().isEmpty();

            // then
            assertEquals("{\"JobId\":\"j1\"}", messages.get(0).body());
            assertTrue(deleted);
        }
        assertEquals(new TreeSet<>(List.of(
                "JobWorkerFunction sqs:SendMessage " + arn + " 200",
                "JobWorkerFunction sqs:ReceiveMessage " + arn + " 200",
                "JobWorkerFunction sqs:ChangeMessageVisibility " + arn + " 200",
                "JobWorkerFunction sqs:DeleteMessage " + arn + " 200")), lines(log));
    }

    @Test
    void s3CallsAreRecordedPerObjectWhileLargeBodiesStreamThroughIntact() throws Exception {
        // given a bucket, a client whose S3 endpoint is a relay, and incompressible bodies
        AwsEndpoints aws = TestAws.aws().endpoints();
        String bucket = "relay-" + UUID.randomUUID();
        Provisioner.createBucket(aws.s3Client(), bucket);
        CallLog log = CallLog.inMemory();
        String small = "exports/one object+ü.bin";
        String multipart = "exports/multipart.bin";
        String aborted = "exports/aborted.bin";
        byte[] oneMiB = random(1024 * 1024, 1);
        byte[] part1 = random(5 * 1024 * 1024, 2);
        byte[] part2 = random(12345, 3);

        try (RecordingRelay relay = RecordingRelay.start("JobsFunction", AwsService.S3, aws.s3(), log, REGION,
                ACCOUNT)) {
            AwsEndpoints relayed = through(aws, null, null, relay);
            S3Client s3 = relayed.s3Client();

            // when it puts, uploads in two parts, reads, misses, lists, deletes, aborts and presigns
            s3.putObject(b -> b.bucket(bucket).key(small), RequestBody.fromBytes(oneMiB));
            String uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key(multipart)).uploadId();
            String etag1 = s3.uploadPart(b -> b.bucket(bucket).key(multipart).uploadId(uploadId).partNumber(1),
                    RequestBody.fromBytes(part1)).eTag();
            String etag2 = s3.uploadPart(b -> b.bucket(bucket).key(multipart).uploadId(uploadId).partNumber(2),
                    RequestBody.fromBytes(part2)).eTag();
            s3.completeMultipartUpload(b -> b.bucket(bucket).key(multipart).uploadId(uploadId)
                    .multipartUpload(m -> m.parts(CompletedPart.builder().partNumber(1).eTag(etag1).build(),
                            CompletedPart.builder().partNumber(2).eTag(etag2).build())));
            byte[] read = s3.getObjectAsBytes(b -> b.bucket(bucket).key(small)).asByteArray();
            assertThrows(NoSuchKeyException.class, () -> s3.headObject(b -> b.bucket(bucket).key("missing")));
            List<String> listed = s3.listObjectsV2(b -> b.bucket(bucket)).contents().stream().map(S3Object::key)
                    .collect(Collectors.toList());
            s3.deleteObject(b -> b.bucket(bucket).key(small));
            String abortedId = s3.createMultipartUpload(b -> b.bucket(bucket).key(aborted)).uploadId();
            s3.abortMultipartUpload(b -> b.bucket(bucket).key(aborted).uploadId(abortedId));
            byte[] downloaded;
            try (S3Presigner presigner = relayed.presigner()) {
                URI link = presigner.presignGetObject(p -> p.signatureDuration(Duration.ofMinutes(1))
                        .getObjectRequest(g -> g.bucket(bucket).key(multipart))).url().toURI();
                HttpResponse<byte[]> response = HttpClient.newHttpClient()
                        .send(HttpRequest.newBuilder(link).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
                assertEquals(200, response.statusCode(), () -> new String(response.body(), StandardCharsets.UTF_8));
                downloaded = response.body();
            }

            // then the bytes round-trip
            assertArrayEquals(oneMiB, read);
            assertEquals(List.of(multipart, small), listed);
            byte[] whole = Arrays.copyOf(part1, part1.length + part2.length);
            System.arraycopy(part2, 0, whole, part1.length, part2.length);
            assertArrayEquals(whole, downloaded);
        }
        String prefix = "JobsFunction ";
        String objects = "arn:aws:s3:::" + bucket + "/";
        assertEquals(new TreeSet<>(List.of(
                prefix + "s3:PutObject " + objects + small + " 200",
                prefix + "s3:PutObject " + objects + multipart + " 200",
                prefix + "s3:GetObject " + objects + small + " 200",
                prefix + "s3:GetObject " + objects + "missing 404",
                prefix + "s3:ListBucket arn:aws:s3:::" + bucket + " 200",
                prefix + "s3:DeleteObject " + objects + small + " 204",
                prefix + "s3:PutObject " + objects + aborted + " 200",
                prefix + "s3:AbortMultipartUpload " + objects + aborted + " 204",
                prefix + "s3:GetObject " + objects + multipart + " 200")), lines(log));
    }

    @Test
    void framingOfEveryKindIsFollowedAndUnansweredRequestsHaveNoStatus() throws Exception {
        // given a scripted server: HEAD with a length but no body, a chunked body, 204, an interim 100 before
        // a chunked upload, a body that runs until the connection closes, and then a request it never answers
        String head = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n";
        String chunked = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n0\r\nX-T: 1\r\n\r\n";
        String noContent = "HTTP/1.1 204 No Content\r\nContent-Length: 0\r\n\r\n";
        String interim = "HTTP/1.1 100 Continue\r\n\r\n";
        String created = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";
        String untilClose = "HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\nno such key, and no length";
        CallLog log = CallLog.inMemory();
        try (ServerSocket upstream = new ServerSocket(0, 10, java.net.InetAddress.getLoopbackAddress());
             RecordingRelay relay = RecordingRelay.start("JobsFunction", AwsService.S3,
                     URI.create("http://127.0.0.1:" + upstream.getLocalPort()), log, REGION, ACCOUNT)) {
            Thread server = new Thread(() -> serve(upstream, head, chunked, noContent, interim, created, untilClose));
            server.setDaemon(true);
            server.start();

            // when a client sends its requests one after another on one connection
            StringBuilder received = new StringBuilder();
            try (Socket client = new Socket("127.0.0.1", relay.endpoint().getPort())) {
                OutputStream out = client.getOutputStream();
                InputStream in = client.getInputStream();
                out.write(ascii("HEAD /b/k HTTP/1.1\r\nHost: b\r\n\r\n"));
                received.append(read(in, head.length()));
                out.write(ascii("GET /b/k HTTP/1.1\r\nHost: b\r\n\r\n"));
                received.append(read(in, chunked.length()));
                out.write(ascii("DELETE /b/k HTTP/1.1\r\nHost: b\r\n\r\n"));
                received.append(read(in, noContent.length()));
                out.write(ascii("PUT /b/new HTTP/1.1\r\nHost: b\r\nExpect: 100-continue\r\n"
                        + "Transfer-Encoding: chunked\r\n\r\n"));
                received.append(read(in, interim.length()));
                out.write(ascii("3\r\nabc\r\n0\r\n\r\n"));
                received.append(read(in, created.length()));
                out.write(ascii("GET /b/gone HTTP/1.1\r\nHost: b\r\n\r\n"));
                received.append(new String(in.readAllBytes(), StandardCharsets.ISO_8859_1));
            }
            try (Socket client = new Socket("127.0.0.1", relay.endpoint().getPort())) {
                client.getOutputStream().write(ascii("GET /b/unanswered HTTP/1.1\r\nHost: b\r\n\r\n"));
                assertEquals(-1, client.getInputStream().read());
            }

            // then
            assertEquals(head + chunked + noContent + interim + created + untilClose, received.toString());
        }
        assertEquals(new TreeSet<>(List.of(
                "JobsFunction s3:GetObject arn:aws:s3:::b/k 200",
                "JobsFunction s3:DeleteObject arn:aws:s3:::b/k 204",
                "JobsFunction s3:PutObject arn:aws:s3:::b/new 200",
                "JobsFunction s3:GetObject arn:aws:s3:::b/gone 404",
                "JobsFunction s3:GetObject arn:aws:s3:::b/unanswered -1")), lines(log));
    }

    /** Answers the first connection's requests with the given responses in turn, then drops the second one. */
    private static void serve(ServerSocket upstream, String head, String chunked, String noContent, String interim,
                              String created, String untilClose) {
        try (Socket first = upstream.accept()) {
            InputStream in = first.getInputStream();
            OutputStream out = first.getOutputStream();
            readUntil(in, "\r\n\r\n");
            out.write(ascii(head));
            readUntil(in, "\r\n\r\n");
            out.write(ascii(chunked));
            readUntil(in, "\r\n\r\n");
            out.write(ascii(noContent));
            readUntil(in, "\r\n\r\n");
            out.write(ascii(interim));
            readUntil(in, "0\r\n\r\n");
            out.write(ascii(created));
            readUntil(in, "\r\n\r\n");
            out.write(ascii(untilClose));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        try (Socket second = upstream.accept()) {
            readUntil(second.getInputStream(), "\r\n\r\n");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void readUntil(InputStream in, String end) throws IOException {
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        while (!seen.toString(StandardCharsets.ISO_8859_1).endsWith(end)) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed before " + end.replace("\r\n", "\\r\\n") + ": " + seen);
            }
            seen.write(b);
        }
    }

    private static String read(InputStream in, int length) throws IOException {
        return new String(in.readNBytes(length), StandardCharsets.ISO_8859_1);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The emulators' endpoints with the given relays in front of them (null: straight to the emulator). */
    private static AwsEndpoints through(AwsEndpoints aws, RecordingRelay dynamo, RecordingRelay sqs,
                                        RecordingRelay s3) {
        return new AwsEndpoints(dynamo == null ? aws.dynamo() : dynamo.endpoint(),
                sqs == null ? aws.sqs() : sqs.endpoint(), s3 == null ? aws.s3() : s3.endpoint(),
                aws.accessKey(), aws.secretKey(), aws.region());
    }

    private static Map<String, AttributeValue> key(String pk, String sk) {
        return Map.of("pk", AttributeValue.fromS(pk), "sk", AttributeValue.fromS(sk));
    }

    private static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static Set<String> lines(CallLog log) {
        return log.calls().stream().map(AwsCall::toString).collect(Collectors.toCollection(TreeSet::new));
    }
}
