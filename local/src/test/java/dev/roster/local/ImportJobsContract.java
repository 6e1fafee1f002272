package dev.roster.local;

import at.favre.lib.crypto.bcrypt.BCrypt;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roster.local.ApiClient.Reply;
import dev.roster.shared.error.LimitExceededException;
import dev.roster.shared.imports.ImportWorker;
import dev.roster.shared.job.DynamoJobStore;
import dev.roster.shared.job.ImportFiles;
import dev.roster.shared.job.Job;
import dev.roster.shared.job.JobMessage;
import dev.roster.shared.job.JobQueue;
import dev.roster.shared.job.JobRunner;
import dev.roster.shared.job.JobService;
import dev.roster.shared.json.Json;
import dev.roster.shared.security.PasswordVerifier;
import dev.roster.shared.user.DynamoUserStore;
import dev.roster.shared.user.User;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
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

    private JsonNode awaitEnd(String jobId) {
        return Await.until(() -> api.get(jobs() + "/" + jobId).body().get("Job"),
                j -> j.get("Status").asText().equals("COMPLETED") || j.get("Status").asText().equals("FAILED"),
                WAIT, "job " + jobId + " to end");
    }

    /** The keys of the store's import input files still in the bucket. */
    private List<String> importFiles() {
        return deployment().endpoints().s3Client().listObjectsV2(b -> b.bucket(LocalDeployment.BUCKET)
                .prefix("imports/" + store + "/")).contents().stream().map(S3Object::key).toList();
    }

    private void awaitNoImportFiles() {
        Await.until(this::importFiles, List::isEmpty, WAIT, "the store's import files to be deleted");
    }

    /** An upload job as the API creates it, its file (3 records) uploaded through its URL but not started. */
    private String uploadedButNotStarted() throws Exception {
        Reply slot = api.post(jobs() + "/users-imports/uploads", null);
        assertEquals(201, slot.status(), slot.raw().body());
        byte[] file = (record("w1") + "\n" + record("w2") + "\n" + record("w3") + "\n").getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> put = HTTP.send(HttpRequest.newBuilder(URI.create(slot.body().get("UploadUrl").asText()))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(file)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, put.statusCode(), put.body());
        return slot.body().get("Job").get("Id").asText();
    }

    /** The job service of the deployment as it will be {@code ahead} from now. */
    private JobService serviceAhead(Duration ahead) {
        return new JobService(jobStore(), null,
                JobQueue.sqs(deployment().endpoints().sqsClient(), deployment().queues().jobs().url()), null,
                new ImportFiles(deployment().endpoints().s3Client(), deployment().endpoints().presigner(),
                        LocalDeployment.BUCKET), Clock.offset(Clock.systemUTC(), ahead));
    }

    private DynamoJobStore jobStore() {
        return new DynamoJobStore(deployment().dynamo(), deployment().services().config().tableName());
    }

    private List<User> storedUsers() {
        List<User> users = new ArrayList<>();
        new DynamoUserStore(deployment().dynamo(), deployment().services().config().tableName())
                .forEach(store, users::add);
        return users;
    }

    private List<JsonNode> allErrors(String jobId, int pageSize) {
        return allPages(jobId, "errors", "FailedUsers", pageSize);
    }

    /** Every item of a paged job route ({@code errors}, {@code report}), {@code pageSize} at a time. */
    private List<JsonNode> allPages(String jobId, String route, String items, int pageSize) {
        List<JsonNode> all = new ArrayList<>();
        String token = null;
        do {
            Reply page = api.get(jobs() + "/" + jobId + "/" + route + "?PageSize=" + pageSize
                    + (token == null ? "" : "&NextToken=" + java.net.URLEncoder.encode(token, StandardCharsets.UTF_8)));
            assertEquals(200, page.status(), page.raw().body());
            page.body().get(items).forEach(all::add);
            token = page.body().get("NextToken").isNull() ? null : page.body().get("NextToken").asText();
        } while (token != null);
        return all;
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
            assertTrue(PasswordVerifier.matches(user.password(), password), user.userName());
            assertFalse(PasswordVerifier.matches(user.password(), password + "x"), user.userName());
            if (!user.userName().equals("hp")) {
                assertEquals(hashes.get(user.userName()), user.password().hash(), "kept as imported");
            } else {
                assertFalse(user.password().hash().contains("pw-hp-plain"), "plain text is hashed on import");
            }
        }
        assertEquals(records.size(), storedUsers().size());
    }

    /** A record with the hash's fields, and the password it was made from. */
    private static ObjectNode hashed(String name, String algorithm, String hash) {
        ObjectNode user = record(name);
        user.put("PasswordEncryptTypeEnum", algorithm);
        user.put("Password", hash);
        return user;
    }

    @Test
    void everyNewHashFormImportsOneUserWhoseStoredCredentialVerifies() {
        // given one user per new form: published vectors (RFC 1320, 4231, 7914) and hashes made by the tools
        Map<String, String> passwords = new HashMap<>();
        List<ObjectNode> records = new ArrayList<>();
        records.add(hashed("n-md4", "MD4", "a448017aaf21d8525fc10ae87aa6729d"));
        passwords.put("n-md4", "abc");
        records.add(hashed("n-sha512", "SHA512", "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
                + "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f"));
        passwords.put("n-sha512", "abc");
        ObjectNode hmac256 = hashed("n-hmac256", "HMAC_SHA256",
                "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
        hmac256.putObject("HmacKey").put("KeyValue", "Jefe");
        records.add(hmac256);
        passwords.put("n-hmac256", "what do ya want for nothing?");
        ObjectNode hmac512 = hashed("n-hmac512", "HMAC_SHA512", "87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cde"
                + "daa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854");
        hmac512.putObject("HmacKey").put("KeyValue", "0b".repeat(20)).put("KeyEncoding", "HEX");
        records.add(hmac512);
        passwords.put("n-hmac512", "Hi There");
        // python3 -c 'import hashlib,base64; ...pbkdf2_hmac("sha512", b"pw-hk", b"saltsalt", 1000)' as a PHC string
        records.add(hashed("n-pbkdf2", "PBKDF2", "$pbkdf2-sha512$i=1000$c2FsdHNhbHQ=$UKbgSeAfRiYECcRflYR2Kq9Imsgo+qFnoXD"
                + "Y7DNSwBQh9qvkMWTMqh4D2lr2lSsnXEuLoIkag/9xUxKieKKbqQ=="));
        passwords.put("n-pbkdf2", "pw-hk");
        // printf %s pw-ha | argon2 somesaltsomesalt -id -t 1 -k 64 -p 1 -e
        records.add(hashed("n-argon2", "ARGON2",
                "$argon2id$v=19$m=64,t=1,p=1$c29tZXNhbHRzb21lc2FsdA$6plo0Y7o54nMzMC1no3AoIlNuexpBNXNoGrFgyL5SEY"));
        passwords.put("n-argon2", "pw-ha");
        // python3 -c '... hashlib.scrypt(b"pw-hs", salt=b"saltsalt", n=16, r=1, p=1, dklen=32)' as passlib writes it
        records.add(hashed("n-scrypt", "SCRYPT",
                "$scrypt$ln=4,r=1,p=1$c2FsdHNhbHQ$GGlwCmXaSpnEkG0d+EgtaINfXuh11Jq+AVBwBpq75RE"));
        passwords.put("n-scrypt", "pw-hs");
        // slappasswd -h '{SSHA}' -s 'Pässwörd-密码-123'
        records.add(hashed("n-ldap", "LDAP", "{SSHA}hRjlmD1te9w/hM35Lj/s841OtqFW+e2s"));
        passwords.put("n-ldap", "Pässwörd-密码-123");
        ObjectNode overCap = hashed("n-overcap", "ARGON2", "$argon2id$v=19$m=2097152,t=1,p=4$c29tZXNhbHRzb21lc2FsdA$"
                + "6plo0Y7o54nMzMC1no3AoIlNuexpBNXNoGrFgyL5SEY");

        ObjectNode badHmac = hashed("n-badhmac", "HMAC_SHA256", "not a digest");
        badHmac.putObject("HmacKey").put("KeyValue", "S3cretPepper");

        // when
        List<ObjectNode> all = new ArrayList<>(records);
        all.add(overCap);
        all.add(badHmac);
        JsonNode job = awaitCompleted(startImport(all));

        // then every user's stored credential (read back from the table) verifies its password only
        assertEquals(records.size(), job.get("Inserted").asLong(), job.toString());
        assertEquals(2, job.get("Failed").asLong(), job.toString());
        List<User> stored = storedUsers();
        assertEquals(records.size(), stored.size());
        for (User user : stored) {
            String password = passwords.get(user.userName());
            assertTrue(PasswordVerifier.matches(user.password(), password), user.userName());
            assertFalse(PasswordVerifier.matches(user.password(), password + "x"), user.userName());
        }
        String errors = api.get(jobs() + "/" + job.get("Id").asText() + "/errors").raw().body();
        assertTrue(errors.contains("262144"), errors);
        assertTrue(errors.contains("n-badhmac"), errors);
        assertFalse(errors.contains("S3cretPepper"), "an HMAC key is never rendered: " + errors);
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
    void unicodeThatIdentitySystemsRefuseFailsItsLineAloneAndLookAlikesCollide() throws Exception {
        // GIVEN a user "Taken" already in the store, and an upload slot
        Reply existing = api.post("/userstores/" + store + "/users",
                "{\"UserName\":\"Taken\",\"Email\":\"taken@example.com\",\"PhoneNumber\":\"+1-555-7000000\","
                        + "\"Password\":\"password123\"}");
        assertEquals(201, existing.status(), existing.raw().body());
        Reply slot = api.post(jobs() + "/users-imports/uploads", null);
        assertEquals(201, slot.status(), slot.raw().body());
        String jobId = slot.body().get("Job").get("Id").asText();

        // WHEN a file is imported whose lines hold, between valid ones: a full-width spelling of "taken", a
        // zero-width space, a password of ten NULs, a lone surrogate, a byte that is not UTF-8, a bidi override in
        // an email, a byte that is not UTF-8 in a free-text field, and a new full-width user name
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        java.util.function.Consumer<String> line = text -> file.writeBytes((text + "\n")
                .getBytes(StandardCharsets.UTF_8));
        line.accept(record("fine0").toString());
        line.accept("{\"UserName\":\"\uff54\uff41\uff4b\uff45\uff4e\"}");
        line.accept("{\"UserName\":\"zero\\u200bwidth\"}");
        line.accept("{\"UserName\":\"nul\",\"Password\":\"" + "\\u0000".repeat(10) + "\"}");
        line.accept("{\"UserName\":\"lone\\ud800\"}");
        file.writeBytes("{\"UserName\":\"bad".getBytes(StandardCharsets.UTF_8));
        file.write(0xFF);
        line.accept("byte\"}");
        line.accept("{\"Email\":\"\u202eevil@example.com\"}");
        file.writeBytes("{\"UserName\":\"freetext\",\"Nickname\":\"bad".getBytes(StandardCharsets.UTF_8));
        file.write(0xC3);
        line.accept("\"}");
        line.accept("{\"UserName\":\"\uff2e\uff45\uff57\"}");
        line.accept(record("fine1").toString());
        HttpResponse<String> put = HTTP.send(HttpRequest.newBuilder(URI.create(slot.body().get("UploadUrl").asText()))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(file.toByteArray())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, put.statusCode(), put.body());
        assertEquals(202, api.post(jobs() + "/" + jobId + "/start", null).status());

        // THEN the job completes; each refused line fails alone with its reason, and the rest are inserted
        JsonNode job = awaitCompleted(jobId);
        assertEquals(10, job.get("Total").asLong());
        assertEquals(3, job.get("Inserted").asLong());
        assertEquals(7, job.get("Failed").asLong());
        List<String> reasons = new ArrayList<>();
        allErrors(jobId, 10).forEach(e -> reasons.add(e.get("FailedReason").asText().split(":")[0]));
        reasons.sort(null);
        assertEquals(List.of("FailedOperation.UserNameAlreadyExists", "InvalidParameterValue",
                "InvalidParameterValue", "InvalidParameterValue", "InvalidParameterValue", "InvalidParameterValue",
                "InvalidParameterValue"),
                reasons);
        Set<String> names = new HashSet<>();
        storedUsers().forEach(u -> names.add(u.userName()));
        assertEquals(Set.of("Taken", "fine0", "fine1", "New"), names);
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
        deployment().endpoints().sqsClient().sendMessage(b -> b.queueUrl(deployment().queues().jobs().url())
                .messageBody(new JobMessage(store, job.get("Id").asText()).toJson()));
        Await.until(() -> deployment().endpoints().sqsClient().getQueueAttributes(b -> b
                        .queueUrl(deployment().queues().jobs().url()).attributeNamesWithStrings("All")).attributesAsStrings(),
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

    /** An upload slot with {@code file} uploaded to it (not started): the job's id. */
    private String uploaded(byte[] file) throws Exception {
        Reply slot = api.post(jobs() + "/users-imports/uploads", null);
        assertEquals(201, slot.status(), slot.raw().body());
        HttpResponse<String> put = HTTP.send(HttpRequest.newBuilder(URI.create(slot.body().get("UploadUrl").asText()))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(file)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, put.statusCode(), put.body());
        return slot.body().get("Job").get("Id").asText();
    }

    private JsonNode awaitEnded(String jobsPath, String jobId) {
        return Await.until(() -> api.get(jobsPath + "/" + jobId).body().get("Job"),
                j -> j.get("Status").asText().equals("COMPLETED") || j.get("Status").asText().equals("FAILED"),
                WAIT, "job " + jobId + " to end");
    }

    private static void assertFailedWith(String reason, JsonNode job) {
        assertEquals("FAILED", job.get("Status").asText(), job.toString());
        assertEquals(1, job.get("ErrorDetails").size(), job.toString());
        assertEquals(reason, job.get("ErrorDetails").get(0).get("Error").asText());
    }

    /** {@code count} records named prefix0, prefix1, ..., one a line. */
    private static byte[] ndjson(String prefix, int count) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < count; i++) {
            text.append(record(prefix + i)).append('\n');
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** {@code bytes} bytes of {@code value}, gzip'd as they are made (a bomb needs no memory to build). */
    private static byte[] gzipOf(long bytes, byte value) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] chunk = new byte[1 << 20];
        java.util.Arrays.fill(chunk, value);
        try (GZIPOutputStream gzip = new GZIPOutputStream(out, 1 << 16)) {
            for (long left = bytes; left > 0; left -= chunk.length) {
                gzip.write(chunk, 0, (int) Math.min(chunk.length, left));
            }
        }
        return out.toByteArray();
    }

    @Test
    void aGzipBombOfOneEndlessLineFailsItsJobAndTheNextJobOfAnotherStoreStillRuns() throws Exception {
        // given 512 MiB of zeros, gzip'd to about half a megabyte: one line far longer than the line cap
        byte[] bomb = gzipOf(512L << 20, (byte) 0);
        assertTrue(bomb.length < 1 << 20, "bomb of " + bomb.length + " bytes");
        String jobId = uploaded(bomb);

        // when
        assertEquals(202, api.post(jobs() + "/" + jobId + "/start", null).status());

        // then the job fails with the reason, having written nothing
        assertFailedWith("Line 1 of the import file is longer than " + describe(TestAws.IMPORT_MAX_LINE_BYTES) + ".",
                awaitEnded(jobs(), jobId));
        assertEquals(0, storedUsers().size());

        // and when another store imports afterwards, its job runs to the end
        String otherStore = "imp-" + UUID.randomUUID().toString().substring(0, 8);
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.putArray("DataFlowUserCreateList").add(record("after-bomb"));
        Reply other = api.post("/userstores/" + otherStore + "/jobs/users-imports", body.toString());
        assertEquals(202, other.status(), other.raw().body());
        JsonNode otherJob = awaitEnded("/userstores/" + otherStore + "/jobs", other.body().get("Job").get("Id").asText());
        assertEquals("COMPLETED", otherJob.get("Status").asText(), otherJob.toString());
        assertEquals(1, otherJob.get("Inserted").asLong());
    }

    @Test
    void aFileLargerThanTheCapOnceDecompressedFailsItsJobWhateverItsLines() throws Exception {
        // given blank lines, 8 MiB more than the cap on a decompressed file, gzip'd
        String jobId = uploaded(gzipOf(TestAws.IMPORT_MAX_DECOMPRESSED_BYTES + (8 << 20), (byte) '\n'));

        // when
        assertEquals(202, api.post(jobs() + "/" + jobId + "/start", null).status());

        // then
        assertFailedWith("The import file is larger than " + describe(TestAws.IMPORT_MAX_DECOMPRESSED_BYTES)
                + " once decompressed.", awaitEnded(jobs(), jobId));
    }

    @Test
    void aCorruptGzipFileFailsItsJobAtOnceWithTheReason() throws Exception {
        // given a file that starts as gzip does and then holds no valid deflate stream
        byte[] corrupt = gzipOf(1 << 20, (byte) 'x');
        java.util.Arrays.fill(corrupt, 10, corrupt.length - 8, (byte) 0xff);
        String jobId = uploaded(corrupt);

        // when
        assertEquals(202, api.post(jobs() + "/" + jobId + "/start", null).status());

        // then: no retry could mend it, so the job fails with this reason (not as its last attempt's failure)
        assertFailedWith("The import file is not valid gzip.", awaitEnded(jobs(), jobId));
        assertEquals(0, storedUsers().size());
    }

    /** Arms a first delivery that, 1,000 records into file A, sees it replaced by file B and dies. */
    private AtomicInteger swapFileAfter1000Records(String jobId) {
        String key = "imports/" + store + "/" + jobId + "/users.ndjson";
        AtomicInteger swaps = new AtomicInteger();
        TestFailures.INSTANCE.on(store, (job, where, count) -> {
            if (job.attempt() == 1 && where.equals("users") && count == 1_000) {
                deployment().endpoints().s3Client().putObject(b -> b.bucket(LocalDeployment.BUCKET).key(key),
                        software.amazon.awssdk.core.sync.RequestBody.fromBytes(ndjson("b", 3_000)));
                swaps.incrementAndGet();
                throw new TestFailures.InjectedFailure(where);
            }
        });
        return swaps;
    }

    @Test
    void aFileOverwrittenWhileItsJobRunsFailsTheJobAndNothingOfTheNewFileIsImported() throws Exception {
        // given file A uploaded and a first delivery that sees it replaced by file B and dies
        String jobId = uploaded(ndjson("a", 3_000));
        AtomicInteger swaps = swapFileAfter1000Records(jobId);

        // when the job is started and its retry reads the file again
        assertEquals(202, api.post(jobs() + "/" + jobId + "/start", null).status());

        // then
        JsonNode job = awaitEnded(jobs(), jobId);
        assertEquals(1, swaps.get());
        assertFailedWith("The import file changed after the job started.", job);
        assertTrue(storedUsers().stream().noneMatch(u -> u.userName().startsWith("b")), "users of file B stored");
    }

    @Test
    void aJobThatReachesTheWorkerUnpinnedIsPinnedToTheFileItsFirstReadFinds() throws Exception {
        // given file A uploaded, a first delivery that sees it replaced by file B and dies, and a job message that
        // pins nothing (as one queued before jobs were pinned at start)
        String jobId = uploaded(ndjson("a", 3_000));
        AtomicInteger swaps = swapFileAfter1000Records(jobId);

        // when
        enqueue(new JobMessage(store, jobId).toJson());

        // then
        JsonNode job = awaitEnded(jobs(), jobId);
        assertEquals(1, swaps.get());
        assertFailedWith("The import file changed after the job started.", job);
        assertTrue(storedUsers().stream().noneMatch(u -> u.userName().startsWith("b")), "users of file B stored");
    }

    /** The body S3 sends the jobs queue when an import file is written. */
    private String notification(String jobId, String eTag) {
        return "{\"Records\":[{\"eventVersion\":\"2.1\",\"eventSource\":\"aws:s3\",\"eventName\":"
                + "\"ObjectCreated:Put\",\"s3\":{\"bucket\":{\"name\":\"" + LocalDeployment.BUCKET + "\"},"
                + "\"object\":{\"key\":\"imports/" + store + "/" + jobId + "/users.ndjson\",\"size\":10,"
                + "\"eTag\":\"" + eTag + "\",\"sequencer\":\"0055AED6DCD90281E5\"}}}]}";
    }

    private void enqueue(String body) {
        deployment().endpoints().sqsClient().sendMessage(b -> b.queueUrl(deployment().queues().jobs().url())
                .messageBody(body));
    }

    @Test
    void aJobStartedByANotificationReadsTheFileTheNotificationNamedOrFails() throws Exception {
        // given an uploaded file, and S3's notification of an earlier upload to the same key (another ETag)
        String jobId = uploaded(ndjson("n", 50));

        // when the notification starts the job
        enqueue(notification(jobId, "0123456789abcdef0123456789abcdef"));

        // then the file the job reads is not the one the notification announced
        assertFailedWith("The import file changed after the job started.", awaitEnded(jobs(), jobId));
        assertEquals(0, storedUsers().size());
    }

    @Test
    void aNotificationOfAFileThatIsGoneFailsTheJobWithItsReasonAtOnce() throws Exception {
        // given an upload job whose file was never uploaded (or was deleted again before the worker came)
        Reply slot = api.post(jobs() + "/users-imports/uploads", null);
        assertEquals(201, slot.status(), slot.raw().body());
        String jobId = slot.body().get("Job").get("Id").asText();

        // when S3's notification of an upload to its key reaches the worker
        enqueue(notification(jobId, "0123456789abcdef0123456789abcdef"));

        // then the job fails at once with the reason, not after its retries as an internal error
        // (on AWS the worker can tell a missing object from a forbidden one only with s3:ListBucket)
        JsonNode job = awaitEnded(jobs(), jobId);
        assertFailedWith("The import file was removed after the job started.", job);
        assertEquals(0, storedUsers().size());
    }

    @Test
    void aNotificationAfterStartCannotRepinTheFile() throws Exception {
        // given an uploaded file, started
        String jobId = uploaded(ndjson("p", 50));
        assertEquals(202, api.post(jobs() + "/" + jobId + "/start", null).status());

        // when a notification of another version of the file arrives too
        enqueue(notification(jobId, "0123456789abcdef0123456789abcdef"));

        // then the job reads the file it was started with
        JsonNode job = awaitEnded(jobs(), jobId);
        assertEquals("COMPLETED", job.get("Status").asText(), job.toString());
        assertEquals(50, job.get("Inserted").asLong());
    }

    private static String describe(long bytes) {
        return bytes % (1 << 20) == 0 ? (bytes >> 20) + " MiB" : (bytes >> 10) + " KiB";
    }

    @Test
    void aCompletedImportsInputFileIsDeleted() {
        // given an API import, whose records (plain-text passwords possibly) are kept as its input file
        String jobId = startImport(List.of(record("c1"), record("c2")));

        // when it completes
        JsonNode job = awaitCompleted(jobId);

        // then its file is gone
        assertEquals(2, job.get("Inserted").asLong());
        awaitNoImportFiles(); // deleted right after the outcome is recorded: the worker may still be at it
    }

    @Test
    void aPermanentlyFailedImportsInputFileIsDeleted() {
        // given an import that fails in a way no retry can mend
        TestFailures.INSTANCE.on(store, (job, where, count) -> {
            if (where.equals("before-complete")) {
                throw new JobRunner.PermanentFailure("The import file cannot be read.");
            }
        });

        // when
        JsonNode job = awaitEnd(startImport(List.of(record("p1"))));

        // then
        assertEquals("FAILED", job.get("Status").asText());
        assertEquals("The import file cannot be read.", job.get("ErrorDetails").get(0).get("Error").asText());
        awaitNoImportFiles(); // deleted right after the outcome is recorded: the worker may still be at it
    }

    @Test
    void anImportThatFailsOnItsLastAttemptHasItsInputFileDeleted() {
        // given an import whose every delivery fails
        TestFailures.INSTANCE.on(store, (job, where, count) -> {
            if (where.equals("before-complete")) {
                throw new TestFailures.InjectedFailure(where);
            }
        });

        // when
        JsonNode job = awaitEnd(startImport(List.of(record("l1"))));

        // then
        assertEquals("FAILED", job.get("Status").asText());
        assertTrue(job.get("ErrorDetails").get(0).get("Error").asText().contains("last attempt"), job.toString());
        awaitNoImportFiles(); // deleted right after the outcome is recorded: the worker may still be at it
    }

    @Test
    void aDeadLetteredImportIsFailedAndItsInputFileDeleted() {
        // given an import left PROCESSING by a worker that hangs (as one killed by its timeout would leave it)
        CountDownLatch release = new CountDownLatch(1);
        TestFailures.INSTANCE.on(store, (job, where, count) -> {
            if (where.equals("before-complete")) {
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        String jobId = startImport(List.of(record("d1")));
        Await.until(() -> api.get(jobs() + "/" + jobId).body().get("Job").get("Status").asText(),
                "PROCESSING"::equals, WAIT, "the worker to take the job");

        // when SQS moves its message to the dead-letter queue
        deployment().endpoints().sqsClient().sendMessage(b -> b.queueUrl(deployment().queues().deadLetter().url())
                .messageBody(new JobMessage(store, jobId).toJson()));

        // then it ends FAILED, its file is deleted, and both stay so when the hung worker wakes up
        JsonNode job = awaitEnd(jobId);
        assertEquals("FAILED", job.get("Status").asText());
        awaitNoImportFiles();
        release.countDown();
        awaitCompleted(startImport(List.of(record("d2"))));
        assertEquals("FAILED", api.get(jobs() + "/" + jobId).body().get("Job").get("Status").asText());
        awaitNoImportFiles();
    }

    @Test
    void anImportThatExpiredBeforeItRanIsFailedByItsDeliveryAndItsInputFileDeleted() throws Exception {
        // given an uploaded file whose job has not run, and a delivery of it 25 hours later
        String jobId = uploadedButNotStarted();
        JobRunner tomorrow = new JobRunner(jobStore(),
                JobQueue.sqs(deployment().endpoints().sqsClient(), deployment().queues().jobs().url()),
                Clock.offset(Clock.systemUTC(), Duration.ofHours(25)), 3, Map.of(),
                new ImportFiles(deployment().endpoints().s3Client(), deployment().endpoints().presigner(),
                        LocalDeployment.BUCKET)::deleteInputOf);

        // when
        assertEquals(JobRunner.Outcome.DONE, tomorrow.run(new JobMessage(store, jobId), 1));

        // then
        Job job = jobStore().find(store, jobId).orElseThrow();
        assertEquals(Job.FAILED, job.status());
        assertTrue(job.errorDetails().toString().contains("expired"), job.errorDetails().toString());
        assertEquals(List.of(), importFiles());
    }

    @Test
    void anImportSweptAsExpiredWhenItsSlotIsNeededLeavesNoFileBehind() throws Exception {
        // given an uploaded file whose job never ran
        String jobId = uploadedButNotStarted();

        // when the store asks for a job 25 hours later, with the other slot taken
        JobService tomorrow = serviceAhead(Duration.ofHours(25));
        tomorrow.createImportUpload(store);
        tomorrow.createImportUpload(store);

        // then the expired job was failed to free its slot, and its file is deleted
        Job swept = jobStore().find(store, jobId).orElseThrow();
        assertEquals(Job.FAILED, swept.status());
        assertTrue(swept.errorDetails().toString().contains("expired"), swept.errorDetails().toString());
        awaitNoImportFiles();
    }

    @Test
    void uploadsThatNeverCameFreeTheStoresSlotsOnceTheirUrlsHaveExpiredAndLeaveNoFileBehind() throws Exception {
        // given both of the store's slots held by upload jobs: one whose file came but was never started, one
        // whose file never came
        String uploaded = uploadedButNotStarted();
        Reply waiting = api.post(jobs() + "/users-imports/uploads", null);
        assertEquals(201, waiting.status(), waiting.raw().body());
        assertEquals("FailedOperation.DataFlowTooManyRequests",
                api.post(jobs() + "/users-imports/uploads", null).errorCode());

        // when a job is asked for once their upload URLs have expired (and a few minutes' grace for an upload
        // begun just before)
        JobService later = serviceAhead(ImportFiles.UPLOAD_VALIDITY.plusMinutes(5).plusSeconds(1));
        Job next = later.createImportUpload(store);

        // then both ended FAILED with the reason, freeing their slots, and the file that came is deleted
        assertEquals(Job.PENDING, next.status());
        for (String jobId : List.of(uploaded, waiting.body().get("Job").get("Id").asText())) {
            Job ended = jobStore().find(store, jobId).orElseThrow();
            assertEquals(Job.FAILED, ended.status());
            assertTrue(ended.errorDetails().toString().contains("upload URL"), ended.errorDetails().toString());
        }
        awaitNoImportFiles();
    }

    @Test
    void anUploadJobStillWaitsWithinItsUrlsLifeAndAStartedOneKeepsItsSlotAfterIt() throws Exception {
        // given two upload jobs, one of them started (its message still on its way to a worker)
        Reply first = api.post(jobs() + "/users-imports/uploads", null);
        Reply second = api.post(jobs() + "/users-imports/uploads", null);
        String started = first.body().get("Job").get("Id").asText();
        String notStarted = second.body().get("Job").get("Id").asText();
        assertTrue(jobStore().markStarted(store, started, null));

        // when / then: while the upload URLs live, nothing is swept
        assertThrows(LimitExceededException.class, () ->
                serviceAhead(ImportFiles.UPLOAD_VALIDITY).createImportUpload(store));

        // when / then: after them, only the job that was not started is
        serviceAhead(ImportFiles.UPLOAD_VALIDITY.plusMinutes(5).plusSeconds(1)).createImportUpload(store);
        assertEquals(Job.PENDING, jobStore().find(store, started).orElseThrow().status());
        assertEquals(Job.FAILED, jobStore().find(store, notStarted).orElseThrow().status());
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
                api.post(jobs() + "/users-imports", "{\"DataFlowUserCreateList\":[{}],\"Colour\":\"x\"}").errorCode());
        assertEquals("InvalidParameterValue",
                api.post(jobs() + "/users-imports", "{\"DataFlowUserCreateList\":[{}],\"Mode\":\"x\"}").errorCode());
        assertEquals("UnknownParameter", api.post(jobs() + "/users-imports",
                "{\"DataFlowUserCreateList\":[{}],\"SourceFormat\":\"AUTH0\"}").errorCode());
        for (String options : List.of("{\"Mode\":\"AUTH0_UPSERT\"}", "{\"DryRun\":1}", "{\"SourceFormat\":\"CSV\"}",
                "{\"PasswordHashes\":true}", "{\"ReplacePasswords\":\"true\"}")) {
            assertEquals("InvalidParameterValue", api.post(jobs() + "/users-imports/uploads", options).errorCode(),
                    options);
        }
        assertEquals("InvalidParameter", api.post(jobs() + "/users-imports", "[").errorCode());
        assertEquals(400, api.post(jobs() + "/users-imports", "{\"DataFlowUserCreateList\":[]}").status());
        assertEquals(0, api.get(jobs()).body().get("Jobs").size());
    }

    // ----- modes and dry run -----

    private String givenAnn() {
        Reply ann = api.post("/userstores/" + store + "/users", "{\"UserName\":\"ann\",\"Email\":\"ann@example.com\","
                + "\"PhoneNumber\":\"+1-555-7000009\",\"Nickname\":\"annie\",\"Password\":\"password123\"}");
        assertEquals(201, ann.status(), ann.raw().body());
        return ann.body().get("User").get("UserId").asText();
    }

    private String startImport(List<? extends JsonNode> records, String options) {
        ObjectNode body = (ObjectNode) Json.parseObject(options);
        records.forEach(body.putArray("DataFlowUserCreateList")::add);
        Reply reply = api.post(jobs() + "/users-imports", body.toString());
        assertEquals(202, reply.status(), reply.raw().body());
        return reply.body().get("Job").get("Id").asText();
    }

    private User storedUser(String userName) {
        return storedUsers().stream().filter(u -> userName.equals(u.userName())).findFirst().orElseThrow();
    }

    @Test
    void anUpsertUpdatesTheUserARecordMatchesAndSkipExistingLeavesItAlone() {
        // GIVEN ann, with a password
        String annId = givenAnn();
        User before = storedUser("ann");
        ObjectNode annAgain = Json.MAPPER.createObjectNode().put("UserName", "ann").put("Email", "ann@new.example.com")
                .put("Nickname", "Anne").put("Password", "another password");

        // WHEN an UPSERT names her by user name beside a new user
        JsonNode upsert = awaitCompleted(startImport(List.of(annAgain, record("bo")), "{\"Mode\":\"UPSERT\"}"));

        // THEN she is updated (her hash kept), bo inserted, and the job says so
        assertEquals("UPSERT", upsert.get("Mode").asText());
        assertFalse(upsert.get("DryRun").asBoolean());
        assertEquals(List.of(1L, 1L, 0L, 0L, 2L), List.of(upsert.get("Inserted").asLong(),
                upsert.get("Updated").asLong(), upsert.get("Skipped").asLong(), upsert.get("Failed").asLong(),
                upsert.get("Total").asLong()));
        User after = storedUser("ann");
        assertEquals(annId, after.userId());
        assertEquals("ann@new.example.com", after.email());
        assertEquals("Anne", after.profile("Nickname"));
        assertEquals(before.password(), after.password());

        // WHEN a SKIP_EXISTING import names her again, and cy
        annAgain.put("Nickname", "changed");
        JsonNode skip = awaitCompleted(startImport(List.of(annAgain, record("cy")), "{\"Mode\":\"SKIP_EXISTING\"}"));

        // THEN she is left as she was
        assertEquals(1, skip.get("Skipped").asLong());
        assertEquals(1, skip.get("Inserted").asLong());
        assertEquals("Anne", storedUser("ann").profile("Nickname"));
        assertEquals(3, storedUsers().size());
    }

    @Test
    void aDryRunWritesNoUserAndItsReportPagesLikeErrors() throws Exception {
        // GIVEN ann, and a dry-run UPSERT upload of: ann, two new users, a third claiming one's email, a broken line
        String annId = givenAnn();
        Reply slot = api.post(jobs() + "/users-imports/uploads", "{\"Mode\":\"UPSERT\",\"DryRun\":true}");
        assertEquals(201, slot.status(), slot.raw().body());
        String jobId = slot.body().get("Job").get("Id").asText();
        ObjectNode twin = record("twin");
        twin.put("Email", "bo@example.com");
        String file = Json.MAPPER.createObjectNode().put("UserName", "ann").put("Nickname", "dry") + "\n"
                + record("bo") + "\n" + record("cy") + "\n\n" + twin + "\n{broken\n";
        HttpResponse<String> put = HTTP.send(HttpRequest.newBuilder(URI.create(slot.body().get("UploadUrl").asText()))
                .PUT(HttpRequest.BodyPublishers.ofString(file)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, put.statusCode(), put.body());

        // WHEN it runs
        assertEquals(202, api.post(jobs() + "/" + jobId + "/start", null).status());
        JsonNode job = awaitCompleted(jobId);

        // THEN no user is written; the counts and the report say what the import would do, line by line
        assertTrue(job.get("DryRun").asBoolean());
        assertEquals(List.of(2L, 1L, 2L, 5L), List.of(job.get("Inserted").asLong(), job.get("Updated").asLong(),
                job.get("Failed").asLong(), job.get("Total").asLong()));
        assertEquals(1, storedUsers().size());
        assertEquals("annie", storedUser("ann").profile("Nickname"));
        List<JsonNode> lines = allPages(jobId, "report", "Lines", 2);
        assertEquals(List.of("UPDATE", "INSERT", "INSERT", "FAIL", "FAIL"),
                lines.stream().map(l -> l.get("Action").asText()).toList());
        assertEquals(List.of(1, 2, 3, 5, 6), lines.stream().map(l -> l.get("Line").asInt()).toList());
        assertEquals(annId, lines.get(0).get("UserId").asText());
        assertEquals("FailedOperation.EmailAlreadyExists", lines.get(3).get("Code").asText());
        assertEquals("Email", lines.get(3).get("Path").asText());
        assertEquals("InvalidParameter", lines.get(4).get("Code").asText());
        assertEquals(jobId, api.get(jobs() + "/" + jobId + "/report").body().get("Job").get("Id").asText());

        // ... and a real import has no report
        String real = startImport(List.of(record("dd")));
        assertEquals("InvalidParameterValue", api.get(jobs() + "/" + real + "/report").errorCode());
        // (let it end: the store's counter is checked after each test, against the users stored then)
        awaitCompleted(real);
    }

    @Test
    void anAuth0UploadWithAPasswordHashFileGetsTwoUrlsStartsOnlyWithBothAndLeavesNeitherBehind() throws Exception {
        // GIVEN an AUTH0 upload that comes with Auth0's password-hash export
        Reply slot = api.post(jobs() + "/users-imports/uploads", "{\"SourceFormat\":\"AUTH0\",\"PasswordHashes\":true}");
        assertEquals(201, slot.status(), slot.raw().body());
        String jobId = slot.body().get("Job").get("Id").asText();
        assertEquals("AUTH0", slot.body().get("Job").get("SourceFormat").asText());
        String usersUrl = slot.body().get("UploadUrl").asText();
        String hashesUrl = slot.body().get("PasswordHashesUploadUrl").asText();
        assertTrue(hashesUrl.contains("/imports/" + store + "/" + jobId + "/password-hashes.ndjson"), hashesUrl);

        // WHEN only the users file is there, THEN the job does not start
        for (String url : List.of(usersUrl, hashesUrl)) {
            assertEquals("ResourceUnavailable", api.post(jobs() + "/" + jobId + "/start", null).errorCode());
            HttpResponse<String> put = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                    .PUT(HttpRequest.BodyPublishers.ofString("")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, put.statusCode(), put.body());
        }

        // WHEN both are, THEN it starts, and once it ends neither file is left
        assertEquals(202, api.post(jobs() + "/" + jobId + "/start", null).status());
        awaitEnd(jobId);
        awaitNoImportFiles();
    }
}
