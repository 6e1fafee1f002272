package dev.roster.local;

import com.auth0.client.mgmt.ManagementAPI;
import com.auth0.client.mgmt.filter.UserFilter;
import com.fasterxml.jackson.databind.JsonNode;
import com.tencentcloudapi.ciam.v20220331.CiamClient;
import com.tencentcloudapi.ciam.v20220331.models.CreateUserRequest;
import com.tencentcloudapi.ciam.v20220331.models.CreateUserResponse;
import com.tencentcloudapi.common.Credential;
import com.tencentcloudapi.common.profile.ClientProfile;
import com.tencentcloudapi.common.profile.HttpProfile;
import dev.roster.local.ApiClient.Reply;
import dev.roster.local.twin.ProductionTwin;
import dev.roster.shared.job.DynamoJobStore;
import dev.roster.shared.job.Job;
import dev.roster.shared.job.JobMessage;
import dev.roster.shared.json.Json;
import dev.roster.shared.security.PasswordHasher;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Roster as AWS runs it ({@link ProductionTwin}): every function of template.yaml in its own JVM, started from the
 * deployment package by Lambda's runtime interface client, with the template's environment and Lambda's way of
 * handing out credentials; the API through API Gateway events, the workers through SQS event source mappings. The
 * same journeys run once with SnapStart (credentials only from the container endpoint) and once without (keys in
 * the environment).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ProductionTwinContract {

    static final String TENCENT_ID = "AKIDtwin";
    static final String TENCENT_KEY = "twin-secret-key";
    static final String AUTH0_TOKEN = "twin-token";
    static final String AUTH0_STORE = "twin-auth0";
    static final Duration WAIT = Duration.ofSeconds(90);

    /** Every function's output, kept for the assertion messages (a failing function says why in its log). */
    final ConcurrentLinkedQueue<String> log = new ConcurrentLinkedQueue<>();
    ProductionTwin twin;
    ApiClient api;
    DynamoDbClient dynamo;
    String table;

    /** How this pass deploys: with the template's SnapStart, or as Lambda runs functions without it. */
    abstract ProductionTwin.Options deployment(ProductionTwin.Options options);

    @BeforeAll
    void deploy() throws Exception {
        AwsEndpoints emulators = TestAws.aws().endpoints();
        ProductionTwin.Options options = ProductionTwin.Options.defaults(ProductionTwin.projectRoot())
                .recordingCallsTo(TestAws.CALLS)
                .withParameters(Map.of(
                        "PasswordHashIterations", Integer.toString(PasswordHasher.MIN_ITERATIONS),
                        "PasswordHashMemoryKiB", Integer.toString(PasswordHasher.MIN_MEMORY_KIB),
                        "TencentCredentials", TENCENT_ID + ":" + TENCENT_KEY,
                        "Auth0Tokens", "{\"" + AUTH0_TOKEN + "\":{\"store\":\"" + AUTH0_STORE + "\",\"scopes\":"
                                + "[\"read:users\",\"create:users\",\"update:users\",\"delete:users\"]}}"))
                // Every job segment ends at its first checkpoint, so jobs run over several invocations.
                .withEnvironment(Map.of("JOB_SEGMENT_SECONDS", "0"))
                .withLog(log::add);
        twin = ProductionTwin.start(emulators, deployment(options));
        api = new ApiClient(twin.port());
        dynamo = emulators.dynamoClient();
        table = twin.stack().physicalId("RosterTable");
    }

    @AfterAll
    void undeploy() {
        if (twin != null) {
            twin.close();
        }
    }

    String functionLogs() {
        return String.join("\n", log);
    }

    static String newStore() {
        return "twin-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void userCrudThroughApiGatewayEvents() {
        // given
        String store = newStore();
        String users = "/userstores/" + store + "/users";

        // when
        Reply created = api.post(users, "{\"UserName\":\"ada\",\"Email\":\"ada@example.com\","
                + "\"PhoneNumber\":\"+1-555-0100\",\"Password\":\"correct horse battery\"}");

        // then
        assertEquals(201, created.status(), created.raw().body() + "\n" + functionLogs());
        String userId = created.user().get("UserId").asText();
        assertEquals("ada", api.get(users + "/" + userId).user().get("UserName").asText());
        Reply updated = api.patch(users + "/" + userId, "{\"Nickname\":\"Countess\"}", "If-Match", "\"1\"");
        assertEquals(200, updated.status(), updated.raw().body());
        assertEquals("\"2\"", updated.raw().headers().firstValue("ETag").orElse(null));
        assertEquals(userId, api.get(users + "?Email=ada@example.com").body().get("Users").get(0).get("UserId")
                .asText());
        assertEquals(409, api.post(users, "{\"UserName\":\"ada2\",\"Email\":\"ADA@example.com\","
                + "\"PhoneNumber\":\"+1-555-0101\",\"Password\":\"correct horse battery\"}").status());
        assertEquals(204, api.delete(users + "/" + userId).status());
        assertEquals(404, api.get(users + "/" + userId).status());
    }

    @Test
    void anExportRunsOverSeveralSegmentsAndItsLinkDownloadsTheFile() throws Exception {
        // given 2,500 users: with a zero budget the worker checkpoints every 1,000 users
        String store = newStore();
        Set<String> ids = UserSeeder.seed(dynamo, table, store, 2_500);

        // when
        Reply accepted = api.post("/userstores/" + store + "/jobs/users-exports", "{\"Format\":\"NDJSON\"}");
        assertEquals(202, accepted.status(), accepted.raw().body() + "\n" + functionLogs());
        JsonNode job = awaitJob(store, accepted.body().get("Job").get("Id").asText());

        // then: one file with every user once, behind a presigned link the jobs function signed
        assertEquals("COMPLETED", job.get("Status").asText(), job + "\n" + functionLogs());
        Set<String> exported = new HashSet<>();
        for (String line : download(job.get("Location").asText()).split("\n")) {
            assertTrue(exported.add(Json.parseObject(line).get("UserId").asText()), "exported twice");
        }
        assertEquals(ids, exported);
        assertTrue(segments(store, job) >= 2, "segments: " + segments(store, job));
    }

    @Test
    void anUploadedImportRunsOverSeveralSegments() throws Exception {
        // given an upload link and 2,300 records (MD5 hashes) in a gzip'd NDJSON file
        String store = newStore();
        Reply upload = api.post("/userstores/" + store + "/jobs/users-imports/uploads", null);
        assertEquals(201, upload.status(), upload.raw().body() + "\n" + functionLogs());
        String jobId = upload.body().get("Job").get("Id").asText();
        assertEquals(409, api.post("/userstores/" + store + "/jobs/" + jobId + "/start", null).status(),
                "starting before the upload is ResourceUnavailable, not a 500\n" + functionLogs());
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(file)) {
            for (int i = 0; i < 2_300; i++) {
                gzip.write(("{\"UserName\":\"imp" + i + "\",\"Email\":\"imp" + i + "@example.com\",\"Password\":"
                        + "\"5f4dcc3b5aa765d61d8327deb882cf99\",\"PasswordEncryptTypeEnum\":\"MD5\"}\n")
                        .getBytes(StandardCharsets.UTF_8));
            }
        }
        HttpResponse<String> put = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(upload.body().get("UploadUrl").asText())).PUT(HttpRequest.BodyPublishers.ofByteArray(
                file.toByteArray())).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, put.statusCode(), put.body());

        // when
        assertEquals(202, api.post("/userstores/" + store + "/jobs/" + jobId + "/start", null).status());
        JsonNode job = awaitJob(store, jobId);

        // then
        assertEquals("COMPLETED", job.get("Status").asText(), job + "\n" + functionLogs());
        assertEquals(2_300, job.get("Inserted").asLong(), job.toString());
        assertEquals(0, job.get("Failed").asLong(), job.toString());
        assertTrue(segments(store, job) >= 2, "segments: " + segments(store, job));
        assertEquals("imp2299", api.get("/userstores/" + store + "/users?UserName=imp2299").body().get("Users").get(0)
                .get("UserName").asText());
    }

    @Test
    void aDeliveryThatKeepsFailingIsRetriedSoonThenDeadLetteredAndItsJobFailed() {
        // given a job that a vanished delivery holds (claimed with a receive count no real delivery reaches), so
        // every delivery of its message fails
        String store = newStore();
        DynamoJobStore jobs = new DynamoJobStore(dynamo, table);
        long now = System.currentTimeMillis();
        String jobId = Long.toHexString(now) + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        assertTrue(jobs.create(Job.pending(store, jobId, Job.EXPORT_USER, "NDJSON", now,
                now + Duration.ofHours(24).toMillis(), "{\"Format\":\"NDJSON\"}", null), 2));
        assertTrue(jobs.claim(store, jobId, 0, 99, now, null).isPresent());

        // when its message arrives on the template's queue (visibility timeout 5,400 s, maxReceiveCount 3)
        String queueUrl = twin.stack().ref("JobsQueue");
        TestAws.aws().endpoints().sqsClient().sendMessage(b -> b.queueUrl(queueUrl)
                .messageBody(new JobMessage(store, jobId).toJson()));

        // then: three deliveries within a minute, not 90 minutes apart; the dead-letter handler fails the job
        Job failed = Await.until(() -> jobs.find(store, jobId).orElseThrow(), j -> !j.isActive(),
                Duration.ofSeconds(100), "the dead-letter handler to fail the job\n" + functionLogs());
        assertEquals(Job.FAILED, failed.status());
        assertTrue(failed.errorDetails().toString().contains("abandoned"), failed.errorDetails().toString());
    }

    @Test
    void theTencentAndAuth0DoorsAnswerTheirOfficialSdks() throws Exception {
        // given the official SDKs pointed at the twin's API
        HttpProfile http = new HttpProfile();
        http.setEndpoint("127.0.0.1:" + twin.port());
        http.setProtocol("http://");
        ClientProfile profile = new ClientProfile();
        profile.setHttpProfile(http);
        CiamClient tencent = new CiamClient(new Credential(TENCENT_ID, TENCENT_KEY), "ap-singapore", profile);
        ManagementAPI auth0 = ManagementAPI.newBuilder("http://127.0.0.1:" + twin.port(), AUTH0_TOKEN).build();

        // when
        CreateUserRequest request = new CreateUserRequest();
        request.setUserStoreId(AUTH0_STORE);
        request.setUserName("grace");
        request.setEmail("grace@example.com");
        request.setPhoneNumber("+1-555-0199");
        request.setPassword("correct horse battery");
        CreateUserResponse created = tencent.CreateUser(request);

        // then the Auth0 door sees the user the Tencent door created
        assertNotNull(created.getUser().getUserId(), functionLogs());
        com.auth0.json.mgmt.users.User seen = auth0.users().get("auth0|" + created.getUser().getUserId(),
                new UserFilter()).execute().getBody();
        assertEquals("grace@example.com", seen.getEmail());
    }

    JsonNode awaitJob(String store, String jobId) {
        return Await.until(() -> api.get("/userstores/" + store + "/jobs/" + jobId).body().get("Job"),
                j -> !List.of("PENDING", "PROCESSING").contains(j.get("Status").asText()), WAIT,
                "job " + jobId + " to end\n" + functionLogs());
    }

    int segments(String store, JsonNode job) {
        return new DynamoJobStore(dynamo, table).find(store, job.get("Id").asText()).orElseThrow().segment();
    }

    static String download(String url) throws Exception {
        HttpResponse<byte[]> file = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, file.statusCode());
        return new String(new GZIPInputStream(new ByteArrayInputStream(file.body())).readAllBytes(),
                StandardCharsets.UTF_8);
    }
}
