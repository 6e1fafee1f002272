package dev.roster.local;

import at.favre.lib.crypto.bcrypt.BCrypt;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roster.local.ApiClient.Reply;
import dev.roster.shared.imports.ImportWorker;
import dev.roster.shared.job.JobMessage;
import dev.roster.shared.json.Json;
import dev.roster.shared.security.PasswordVerifier;
import dev.roster.shared.user.DynamoUserStore;
import dev.roster.shared.user.User;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Import jobs through HTTP, the queue and the worker against real DynamoDB, SQS and S3: pre-hashed passwords,
 * per-user failures, uniqueness against the store and within the file, uploads, crashes and redelivery, and the
 * round trip through an export.
 */
abstract class ImportJobsContract {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    protected abstract LocalDeployment deployment();

    private ApiClient api;
    private String store;

    @BeforeEach
    void setUp() {
        api = new ApiClient(deployment().port());
        store = "imp-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @AfterEach
    void tearDown() {
        TestFailures.INSTANCE.clear(store);
        // Whatever the test did (crashes, redeliveries, deletes), the store's user counter must not have drifted.
        CounterChecker.assertExact(deployment().dynamo(), deployment().services().config().tableName(), store);
    }

    private String jobs() {
        return "/userstores/" + store + "/jobs";
    }

    private static ObjectNode record(String name) {
        ObjectNode user = Json.MAPPER.createObjectNode();
        user.put("UserName", name);
        user.put("Email", name + "@example.com");
        user.put("PhoneNumber", "+1-555-" + (1_000_000 + Math.abs(name.hashCode() % 8_000_000)));
        return user;
    }

    private String startImport(List<? extends JsonNode> records) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        ArrayNode list = body.putArray("DataFlowUserCreateList");
        records.forEach(list::add);
        Reply reply = api.post(jobs() + "/users-imports", body.toString());
        assertEquals(202, reply.status(), reply.raw().body());
        assertEquals("IMPORT_USER", reply.body().get("Job").get("Type").asText());
        assertEquals("PENDING", reply.body().get("Job").get("Status").asText());
        return reply.body().get("Job").get("Id").asText();
    }

    private JsonNode awaitCompleted(String jobId) {
        JsonNode job = Await.until(() -> api.get(jobs() + "/" + jobId).body().get("Job"),
                j -> j.get("Status").asText().equals("COMPLETED") || j.get("Status").asText().equals("FAILED"),
                WAIT, "job " + jobId + " to end");
        assertEquals("COMPLETED", job.get("Status").asText(), job.toString());
        return job;
    }

    private List<User> storedUsers() {
        List<User> users = new ArrayList<>();
        new DynamoUserStore(deployment().dynamo(), deployment().services().config().tableName())
                .forEach(store, users::add);
        return users;
    }

    private List<JsonNode> allErrors(String jobId, int pageSize) {
        List<JsonNode> failed = new ArrayList<>();
        String token = null;
        do {
            Reply page = api.get(jobs() + "/" + jobId + "/errors?PageSize=" + pageSize
                    + (token == null ? "" : "&NextToken=" + java.net.URLEncoder.encode(token, StandardCharsets.UTF_8)));
            assertEquals(200, page.status(), page.raw().body());
            page.body().get("FailedUsers").forEach(failed::add);
            token = page.body().get("NextToken").isNull() ? null : page.body().get("NextToken").asText();
        } while (token != null);
        return failed;
    }

    private static String hex(String algorithm, String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void theSeedsExampleBodyIsAcceptedAndItsMaskedRecordIsReported() {
        // given the seed's CreateApiImportUserJob example, verbatim (its phone and hash are placeholders)
        String seed = "{\"UserStoreId\":\"" + store + "\",\"DataFlowUserCreateList\":[{\"UserName\":\"zhangsan\","
                + "\"PhoneNumber\":\"132****0000\",\"Email\":\"132****@qq.com\",\"ResidentIdentityCard\":"
                + "\"123456789012345678\",\"Nickname\":\"nick name\",\"Address\":\"address\",\"UserGroup\":"
                + "[\"6cd22e51****************f6f7cb81\"],\"QqOpenId\":\"qqopenid\",\"QqUnionId\":\"qqunionid\","
                + "\"WechatOpenId\":\"wechatopenid\",\"WechatUnionId\":\"wechatunionid\",\"AlipayUserId\":"
                + "\"alipayuserid\",\"WeComUserId\":\"wecomuserid\",\"Description\":\"user1\",\"Birthdate\":"
                + "\"2022-10-20\",\"Name\":\"name\",\"Locale\":\"locale\",\"Gender\":\"male\","
                + "\"IdentityVerificationMethod\":\"PASSWORD\",\"IdentityVerified\":true,\"Job\":\"employee\","
                + "\"Nationality\":\"nationality\",\"Zone\":\"zone\",\"Password\":\"password\","
                + "\"CustomizationAttributes\":[{\"Name\":\"nickname\",\"Value\":\"nike name\",\"Type\":\"STRING\"}],"
                + "\"Salt\":{\"SaltValue\":\"salt***\",\"SaltLocation\":{\"SaltLocationTypeEnum\":\"HEAD\","
                + "\"SaltLocationRule\":{\"Regex\":\"passwordabc123\"}}},\"PasswordEncryptTypeEnum\":\"SHA1\","
                + "\"IndexedAttribute1\":\"value1\",\"IndexedAttribute2\":\"value2\",\"IndexedAttribute3\":\"value3\","
                + "\"IndexedAttribute4\":\"value4\",\"IndexedAttribute5\":\"value5\"}]}";

        // when
        Reply reply = api.post(jobs() + "/users-imports", seed);

        // then
        assertEquals(202, reply.status(), reply.raw().body());
        JsonNode job = awaitCompleted(reply.body().get("Job").get("Id").asText());
        assertEquals(1, job.get("Total").asLong());
        assertEquals(1, job.get("Failed").asLong());
        assertEquals("zhangsan", job.get("FailedUsers").get(0).get("FailedUserIdentification").asText());
        assertTrue(job.get("FailedUsers").get(0).get("FailedReason").asText().startsWith("InvalidParameterValue"));
    }

    @Test
    void importedHashesAreKeptAsTheyAreAndVerifyForEveryAlgorithmAndSaltPosition() throws Exception {
        // given one user per algorithm and salt position, with the password "pw-<name>"
        List<ObjectNode> records = new ArrayList<>();
        Map<String, String> hashes = new HashMap<>();
        String[][] cases = {{"MD5", "MD5", null}, {"SHA1", "SHA-1", "HEAD"}, {"SHA256", "SHA-256", "TAIL"},
                {"MD5", "MD5", "TAIL"}, {"SHA256", "SHA-256", "HEAD"}, {"SHA1", "SHA-1", "OTHER"}};
        for (int i = 0; i < cases.length; i++) {
            String name = "h" + i;
            String salt = "s@lt" + i;
            String salted = cases[i][2] == null ? "pw-" + name : switch (cases[i][2]) {
                case "HEAD" -> salt + "pw-" + name;
                case "TAIL" -> "pw-" + name + salt;
                default -> salt + "::" + "pw-" + name;
            };
            ObjectNode user = record(name);
            user.put("Password", hex(cases[i][1], salted));
            user.put("PasswordEncryptTypeEnum", cases[i][0]);
            if (cases[i][2] != null) {
                ObjectNode saltNode = user.putObject("Salt");
                saltNode.put("SaltValue", salt);
                ObjectNode location = saltNode.putObject("SaltLocation");
                location.put("SaltLocationTypeEnum", cases[i][2]);
                location.putObject("SaltLocationRule").put("Regex", "{salt}::{password}");
            }
            hashes.put(name, user.get("Password").asText());
            records.add(user);
        }
        ObjectNode bcrypt = record("hb");
        bcrypt.put("Password", BCrypt.withDefaults().hashToString(4, "pw-hb".toCharArray()));
        bcrypt.put("PasswordEncryptTypeEnum", "BCRYPT");
        hashes.put("hb", bcrypt.get("Password").asText());
        records.add(bcrypt);
        ObjectNode plain = record("hp");
        plain.put("Password", "pw-hp-plain");
        records.add(plain);

        // when
        JsonNode job = awaitCompleted(startImport(records));

        // then
        assertEquals(records.size(), job.get("Inserted").asLong(), job.toString());
        for (User user : storedUsers()) {
            String password = user.userName().equals("hp") ? "pw-hp-plain" : "pw-" + user.userName();
            assertTrue(PasswordVerifier.matches(user, password), user.userName());
            assertFalse(PasswordVerifier.matches(user, password + "x"), user.userName());
            if (!user.userName().equals("hp")) {
                assertEquals(hashes.get(user.userName()), user.password().hash(), "kept as imported");
            } else {
                assertFalse(user.password().hash().contains("pw-hp-plain"), "plain text is hashed on import");
            }
        }
        assertEquals(records.size(), storedUsers().size());
    }

    @Test
    void duplicatesAgainstTheStoreAndWithinTheFileFailAloneWithOneWinner() {
        // given a user already in the store
        Reply existing = api.post("/userstores/" + store + "/users",
                "{\"UserName\":\"taken\",\"Email\":\"taken@example.com\",\"PhoneNumber\":\"+1-555-7000000\","
                        + "\"Password\":\"password123\"}");
        assertEquals(201, existing.status());
        List<JsonNode> records = new ArrayList<>();
        ObjectNode clash = record("clash");
        clash.put("Email", "TAKEN@example.com");
        records.add(clash);
        ObjectNode twinA = record("twin");
        ObjectNode twinB = record("twin");
        twinB.put("Email", "twin-b@example.com");
        twinB.put("PhoneNumber", "+1-555-7000001");
        records.add(twinA);
        records.add(twinB);
        ObjectNode badEmail = record("bademail");
        badEmail.put("Email", "not-an-email");
        records.add(badEmail);
        ObjectNode anonymous = Json.MAPPER.createObjectNode();
        anonymous.put("Nickname", "nobody");
        records.add(anonymous);
        for (int i = 0; i < 30; i++) {
            records.add(record("fine" + i));
        }

        // when
        JsonNode job = awaitCompleted(startImport(records));

        // then
        assertEquals(35, job.get("Total").asLong());
        assertEquals(31, job.get("Inserted").asLong());
        assertEquals(4, job.get("Failed").asLong());
        List<JsonNode> errors = allErrors(job.get("Id").asText(), 2);
        assertEquals(4, errors.size());
        Set<String> reasons = new HashSet<>();
        errors.forEach(e -> reasons.add(e.get("FailedReason").asText().split(":")[0]));
        assertEquals(Set.of("FailedOperation.EmailAlreadyExists", "FailedOperation.UserNameAlreadyExists",
                "InvalidParameterValue", "MissingParameter"), reasons);
        List<User> stored = storedUsers();
        assertEquals(32, stored.size());
        assertEquals(1, stored.stream().filter(u -> u.userName().equals("twin")).count());
        assertEquals(1, stored.stream().filter(u -> u.email().equalsIgnoreCase("taken@example.com")).count());
    }

    @Test
    void anUploadedGzipFileImportsWhenStartedAndStartingTwiceChangesNothing() throws Exception {
        // given an upload slot
        Reply slot = api.post(jobs() + "/users-imports/uploads", null);
        assertEquals(201, slot.status(), slot.raw().body());
        String jobId = slot.body().get("Job").get("Id").asText();
        String uploadUrl = slot.body().get("UploadUrl").asText();
        assertTrue(uploadUrl.contains("X-Amz-Expires=900"), uploadUrl);
        assertEquals("ResourceUnavailable", api.post(jobs() + "/" + jobId + "/start", null).errorCode());

        // when 3,000 records (and one malformed line) are uploaded gzip'd, then the job is started twice
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            for (int i = 0; i < 3_000; i++) {
                gzip.write((record("up" + i).toString() + "\n").getBytes(StandardCharsets.UTF_8));
            }
            gzip.write("{not json\n".getBytes(StandardCharsets.UTF_8));
        }
        HttpResponse<String> put = HTTP.send(HttpRequest.newBuilder(URI.create(uploadUrl))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes.toByteArray())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, put.statusCode(), put.body());
        assertEquals(202, api.post(jobs() + "/" + jobId + "/start", null).status());
        assertEquals(202, api.post(jobs() + "/" + jobId + "/start", null).status());

        // then
        JsonNode job = awaitCompleted(jobId);
        assertEquals(3_001, job.get("Total").asLong());
        assertEquals(3_000, job.get("Inserted").asLong());
        assertEquals(1, job.get("Failed").asLong());
        assertEquals("line 3001", job.get("FailedUsers").get(0).get("FailedUserIdentification").asText());
        assertEquals(3_000, storedUsers().size());
    }

    @Test
    void aWorkerKilledHalfwayIsRetriedWithoutDuplicatesAndARedeliveryChangesNothing() {
        // given 2,500 records, 10 of them duplicates of earlier ones, and a worker that dies after 2,000
        List<JsonNode> records = new ArrayList<>();
        for (int i = 0; i < 2_490; i++) {
            records.add(record("k" + i));
        }
        for (int i = 0; i < 10; i++) {
            ObjectNode again = record("k" + i);
            again.put("Email", "other" + i + "@example.com");
            again.put("PhoneNumber", "+1-555-9" + (100_000 + i));
            records.add(again);
        }
        AtomicInteger crashes = new AtomicInteger();
        TestFailures.INSTANCE.on(store, (job, where, count) -> {
            if (job.attempt() == 1 && where.equals("users") && count == 2_000) {
                crashes.incrementAndGet();
                throw new TestFailures.InjectedFailure(where);
            }
        });

        // when
        JsonNode job = awaitCompleted(startImport(records));

        // then: every user once, every failure once
        assertEquals(1, crashes.get());
        assertEquals(2_500, job.get("Total").asLong());
        assertEquals(2_490, job.get("Inserted").asLong());
        assertEquals(10, job.get("Failed").asLong());
        assertEquals(10, allErrors(job.get("Id").asText(), 1000).size());
        List<User> stored = storedUsers();
        assertEquals(2_490, stored.size());
        assertEquals(2_490, stored.stream().map(User::userName).distinct().count());

        // when the same job is delivered again after it completed
        deployment().endpoints().sqsClient().sendMessage(b -> b.queueUrl(deployment().queues().jobsUrl())
                .messageBody(new JobMessage(store, job.get("Id").asText()).toJson()));
        Await.until(() -> deployment().endpoints().sqsClient().getQueueAttributes(b -> b
                        .queueUrl(deployment().queues().jobsUrl()).attributeNamesWithStrings("All")).attributesAsStrings(),
                a -> a.get("ApproximateNumberOfMessages").equals("0")
                        && a.get("ApproximateNumberOfMessagesNotVisible").equals("0"), WAIT, "the queue to drain");

        // then
        assertEquals(2_490, storedUsers().size());
        assertEquals(job, api.get(jobs() + "/" + job.get("Id").asText()).body().get("Job"));
    }

    @Test
    void aBatchThatFailsEarlyInALongImportFailsTheDeliveryInsteadOfVanishing() {
        // given 6,000 records (past the first progress mark at 5,000) and a batch that fails on the first delivery
        List<JsonNode> records = new ArrayList<>();
        for (int i = 0; i < 6_000; i++) {
            records.add(record("b" + i));
        }
        AtomicInteger crashes = new AtomicInteger();
        TestFailures.INSTANCE.on(store, (job, where, line) -> {
            // the fifth batch of the first delivery
            if (job.attempt() == 1 && where.equals("batch") && line == 1 + 4 * ImportWorker.USERS_PER_TRANSACTION) {
                crashes.incrementAndGet();
                throw new TestFailures.InjectedFailure(where);
            }
        });

        // when
        JsonNode job = awaitCompleted(startImport(records));

        // then: the delivery was retried, and the failed batch's users are there and counted
        assertEquals(1, crashes.get());
        assertEquals(6_000, job.get("Inserted").asLong(), job.toString());
        assertEquals(0, job.get("Failed").asLong());
        assertEquals(6_000, storedUsers().size());
    }

    @Test
    void aUserDeletedBeforeItsImportIsRetriedStaysDeleted() {
        // given 300 records, and a first delivery that dies at the end, after someone deleted the user of line 5
        List<JsonNode> records = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            records.add(record("t" + i));
        }
        AtomicInteger crashes = new AtomicInteger();
        TestFailures.INSTANCE.on(store, (job, where, count) -> {
            if (job.attempt() == 1 && where.equals("before-complete")) {
                deployment().services().users().delete(store, ImportWorker.userId(job.jobId(), 5), null);
                crashes.incrementAndGet();
                throw new TestFailures.InjectedFailure(where);
            }
        });

        // when the retry imports the whole file again
        JsonNode job = awaitCompleted(startImport(records));

        // then the deleted user was not brought back, and every record still counts once
        assertEquals(1, crashes.get());
        assertEquals(300, job.get("Inserted").asLong(), job.toString());
        assertEquals(0, job.get("Failed").asLong());
        List<User> stored = storedUsers();
        assertEquals(299, stored.size());
        assertTrue(stored.stream().noneMatch(u -> u.userName().equals("t4")), "t4 is back");
        assertEquals(404, api.get("/userstores/" + store + "/users/" + ImportWorker.userId(job.get("Id").asText(), 5))
                .status());
    }

    @Test
    void importThenExportGivesBackTheSameProfiles() throws IOException {
        // given varied profiles
        List<ObjectNode> records = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            ObjectNode user = record("rt" + i);
            user.put("Nickname", "Nick " + i);
            user.put("Address", "Street " + i + ", Town");
            user.put("Birthdate", "1990-01-" + String.format("%02d", 1 + i % 28));
            user.put("WechatOpenId", "wx-" + i);
            user.put("IndexedAttribute3", "idx-" + i);
            user.put("IdentityVerified", i % 2 == 0);
            user.putArray("UserGroup").add("group-" + (i % 3));
            ObjectNode attribute = user.putArray("CustomizationAttributes").addObject();
            attribute.put("Name", "tier");
            attribute.put("Value", Integer.toString(i));
            attribute.put("Type", "NUMBER");
            records.add(user);
        }
        assertEquals(40, awaitCompleted(startImport(records)).get("Inserted").asLong());

        // when
        Reply export = api.post(jobs() + "/users-exports", "{}");
        assertEquals(202, export.status(), export.raw().body());
        JsonNode exported = awaitCompleted(export.body().get("Job").get("Id").asText());
        HttpResponse<byte[]> file;
        try {
            file = HTTP.send(HttpRequest.newBuilder(URI.create(exported.get("Location").asText())).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
        String text = new String(new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(file.body()))
                .readAllBytes(), StandardCharsets.UTF_8);

        // then
        Map<String, JsonNode> byName = new HashMap<>();
        for (String line : text.split("\n")) {
            JsonNode user = Json.parseObject(line);
            byName.put(user.get("UserName").asText(), user);
        }
        assertEquals(40, byName.size());
        for (ObjectNode record : records) {
            JsonNode user = byName.get(record.get("UserName").asText());
            for (String field : List.of("Email", "PhoneNumber", "Nickname", "Address", "WechatOpenId",
                    "IndexedAttribute3")) {
                assertEquals(record.get(field).asText(), user.get(field).asText(), field);
            }
            assertEquals(record.get("IdentityVerified").asBoolean(), user.get("IdentityVerified").asBoolean());
            assertEquals(java.time.LocalDate.parse(record.get("Birthdate").asText())
                    .atStartOfDay(java.time.ZoneOffset.UTC).toInstant().toEpochMilli(), user.get("Birthdate").asLong());
            assertEquals(record.get("UserGroup"), user.get("UserGroups"));
            assertEquals(record.get("CustomizationAttributes"), user.get("CustomAttributes"));
            assertFalse(user.has("Password"));
        }
    }

    @Test
    void badImportRequestsCreateNoJob() {
        // when / then
        assertEquals("FailedOperation.ImportUserIsEmpty",
                api.post(jobs() + "/users-imports", "{\"DataFlowUserCreateList\":[]}").errorCode());
        assertEquals("FailedOperation.ImportUserIsEmpty", api.post(jobs() + "/users-imports", "{}").errorCode());
        assertEquals("InvalidParameterValue",
                api.post(jobs() + "/users-imports", "{\"DataFlowUserCreateList\":{}}").errorCode());
        assertEquals("UnknownParameter",
                api.post(jobs() + "/users-imports", "{\"DataFlowUserCreateList\":[{}],\"Mode\":\"x\"}").errorCode());
        assertEquals("InvalidParameter", api.post(jobs() + "/users-imports", "[").errorCode());
        assertEquals(400, api.post(jobs() + "/users-imports", "{\"DataFlowUserCreateList\":[]}").status());
        assertEquals(0, api.get(jobs()).body().get("Jobs").size());
    }
}
