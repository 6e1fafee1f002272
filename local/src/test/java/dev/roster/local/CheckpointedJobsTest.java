package dev.roster.local;

import com.fasterxml.jackson.databind.JsonNode;
import dev.roster.local.ApiClient.Reply;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roster.shared.job.Job;
import dev.roster.shared.json.Json;
import dev.roster.shared.user.DynamoUserStore;
import dev.roster.shared.user.User;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Jobs that outlast their invocation: with a zero time budget every segment ends at its first check (every 1,000
 * users or records), checkpoints, and the next invocation resumes. An export's file must come out whole and exact;
 * an import must insert every user once and count every record once, through crashes on either side of a checkpoint.
 */
class CheckpointedJobsTest {

    private static LocalDeployment deployment;
    private String store;

    @BeforeAll
    static void deploy() throws Exception {
        deployment = new LocalDeployment(TestAws.aws().endpoints(), TestAws.CONFIG.withJobSegmentSeconds(0),
                "127.0.0.1", 0, new LocalDeployment.Options(60, Duration.ZERO, true, Clock.systemUTC(),
                TestFailures.INSTANCE).withQueue("roster-jobs-segmented").recordingCallsTo(TestAws.CALLS));
    }

    @AfterAll
    static void undeploy() {
        deployment.close();
    }

    @AfterEach
    void tearDown() {
        TestFailures.INSTANCE.clear(store);
    }

    private JsonNode export(String body) {
        ApiClient api = new ApiClient(deployment.port());
        Reply reply = api.post("/userstores/" + store + "/jobs/users-exports", body);
        assertEquals(202, reply.status(), reply.raw().body());
        String id = reply.body().get("Job").get("Id").asText();
        JsonNode job = Await.until(() -> api.get("/userstores/" + store + "/jobs/" + id).body().get("Job"),
                j -> !j.get("Status").asText().equals("PENDING") && !j.get("Status").asText().equals("PROCESSING"),
                Duration.ofSeconds(90), "the segmented export to end");
        assertEquals("COMPLETED", job.get("Status").asText(), job.toString());
        return job;
    }

    private static String download(JsonNode job) throws Exception {
        HttpResponse<byte[]> file = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(job.get("Location").asText())).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, file.statusCode());
        return new String(new GZIPInputStream(new ByteArrayInputStream(file.body())).readAllBytes(),
                StandardCharsets.UTF_8);
    }

    private Job stored(JsonNode job) {
        return deployment.services().jobs().get(store, job.get("Id").asText());
    }

    @Test
    void anExportOverManyInvocationsIsOneExactFile() throws Exception {
        // given 4,500 users
        store = "seg-" + UUID.randomUUID().toString().substring(0, 8);
        Set<String> ids = UserSeeder.seed(deployment.dynamo(), TestAws.CONFIG.tableName(), store, 4_500);

        // when
        JsonNode job = export("{}");

        // then: several segments, one file, every user once
        assertTrue(stored(job).segment() >= 4, "segments: " + stored(job).segment());
        Set<String> exported = new HashSet<>();
        for (String line : download(job).split("\n")) {
            assertTrue(exported.add(Json.parseObject(line).get("UserId").asText()), "exported twice");
        }
        assertEquals(ids, exported);
        List<S3Object> files = deployment.endpoints().s3Client().listObjectsV2(b -> b.bucket(LocalDeployment.BUCKET)
                .prefix("exports/" + store + "/")).contents();
        assertEquals(1, files.size(), "no pending-bytes object is left behind: " + files);
    }

    @Test
    void aCsvExportKeepsOneHeaderAcrossSegmentsAndSurvivesACrashBetweenCheckpointAndContinuation() throws Exception {
        // given 3,500 users, and a worker that dies right after saving its first checkpoint
        store = "seg-" + UUID.randomUUID().toString().substring(0, 8);
        UserSeeder.seed(deployment.dynamo(), TestAws.CONFIG.tableName(), store, 3_500);
        AtomicInteger crashes = new AtomicInteger();
        TestFailures.INSTANCE.on(store, (job, stage, count) -> {
            if (stage.equals("checkpoint") && job.segment() == 0 && crashes.getAndIncrement() == 0) {
                throw new TestFailures.InjectedFailure(stage);
            }
        });

        // when
        JsonNode job = export("{\"Format\":\"CSV\",\"ExportPropertyMaps\":[{\"UserPropertyCode\":\"UserName\"}]}");

        // then
        assertEquals(1, crashes.get());
        String[] rows = download(job).split("\r\n");
        assertEquals("UserName", rows[0]);
        assertEquals(3_501, rows.length);
        assertEquals(3_500, new HashSet<>(List.of(rows).subList(1, rows.length)).size());
    }

    // ---- imports ------------------------------------------------------------------------------------------

    private static ObjectNode record(String name) {
        ObjectNode user = Json.MAPPER.createObjectNode();
        user.put("UserName", name);
        user.put("Email", name + "@example.com");
        user.put("Password", "correct horse battery staple");
        return user;
    }

    /** 3,500 records: 5 invalid ones and 5 that repeat an earlier segment's user name, spread over the segments. */
    private static List<JsonNode> recordsWithTenFailures() {
        List<JsonNode> records = new ArrayList<>();
        for (int i = 0; i < 3_500; i++) {
            ObjectNode record = record("c" + i);
            if (i % 700 == 350) {
                record.put("Email", "not an email");
            } else if (i % 700 == 699) {
                record.put("UserName", "c" + (i - 1_000 < 0 ? i - 600 : i - 1_000));
            }
            records.add(record);
        }
        return records;
    }

    private JsonNode runImport(List<JsonNode> records) {
        return runImport(records, "{}");
    }

    /** An API import of {@code records} with these options ({@code {"Mode": ...}}), run to its end. */
    private JsonNode runImport(List<JsonNode> records, String options) {
        ApiClient api = new ApiClient(deployment.port());
        ObjectNode body = (ObjectNode) Json.parseObject(options);
        ArrayNode list = body.putArray("DataFlowUserCreateList");
        records.forEach(list::add);
        Reply reply = api.post("/userstores/" + store + "/jobs/users-imports", body.toString());
        assertEquals(202, reply.status(), reply.raw().body());
        String id = reply.body().get("Job").get("Id").asText();
        JsonNode job = Await.until(() -> api.get("/userstores/" + store + "/jobs/" + id).body().get("Job"),
                j -> !j.get("Status").asText().equals("PENDING") && !j.get("Status").asText().equals("PROCESSING"),
                Duration.ofSeconds(120), "the segmented import to end");
        assertEquals("COMPLETED", job.get("Status").asText(), job.toString());
        return job;
    }

    private void assertEveryRecordCountedOnce(JsonNode job) {
        assertEquals(3_500, job.get("Total").asLong(), job.toString());
        assertEquals(3_490, job.get("Inserted").asLong(), job.toString());
        assertEquals(10, job.get("Failed").asLong(), job.toString());
        List<User> stored = new ArrayList<>();
        new DynamoUserStore(deployment.dynamo(), TestAws.CONFIG.tableName()).forEach(store, stored::add);
        assertEquals(3_490, stored.size());
        assertEquals(3_490, stored.stream().map(User::userName).distinct().count());
        List<Job.FailedUser> failures = deployment.services().jobs().failures(store, job.get("Id").asText(),
                1000, null).failedUsers();
        assertEquals(10, failures.size(), failures.toString());
        assertEquals(10, failures.stream().map(Job.FailedUser::failedUserIdentification).distinct().count());
    }

    @Test
    void anImportOverManyInvocationsInsertsEveryUserOnceAndCountsEveryRecordOnce() {
        // given 3,500 records, 10 of which fail, in segments of 1,000
        store = "segi-" + UUID.randomUUID().toString().substring(0, 8);

        // when
        JsonNode job = runImport(recordsWithTenFailures());

        // then
        assertTrue(stored(job).segment() >= 3, "segments: " + stored(job).segment());
        assertEveryRecordCountedOnce(job);
    }

    @Test
    void aSkipExistingImportOverManyInvocationsAndCrashesCountsEverySkipOnce() {
        // given the 3,500 records imported once, and a worker that dies once after its first checkpoint and once
        // in the middle of a segment of the second import
        store = "segs-" + UUID.randomUUID().toString().substring(0, 8);
        runImport(recordsWithTenFailures());
        AtomicInteger crashes = new AtomicInteger();
        TestFailures.INSTANCE.on(store, (job, stage, count) -> {
            boolean crash = job.importOptions().mode() == dev.roster.shared.job.ImportOptions.Mode.SKIP_EXISTING
                    && (stage.equals("checkpoint") && job.segment() == 0 && crashes.get() == 0
                    || stage.equals("users") && count == 2_000 && crashes.get() == 1);
            if (crash) {
                crashes.incrementAndGet();
                throw new TestFailures.InjectedFailure(stage);
            }
        });

        // when the same records are imported again, skipping the users that exist
        JsonNode job = runImport(recordsWithTenFailures(), "{\"Mode\":\"SKIP_EXISTING\"}");

        // then the 3,490 users and the 5 records naming one of them by user name are skipped, once each
        assertEquals(2, crashes.get());
        assertEquals(List.of(0L, 3_495L, 5L, 3_500L), List.of(job.get("Inserted").asLong(),
                job.get("Skipped").asLong(), job.get("Failed").asLong(), job.get("Total").asLong()), job.toString());
        assertTrue(stored(job).segment() >= 3, "segments: " + stored(job).segment());
    }

    @Test
    void anImportSurvivesCrashesAfterACheckpointAndInTheMiddleOfASegment() {
        // given a worker that dies once right after its first checkpoint, and once at the end of the second segment before its checkpoint
        store = "segi-" + UUID.randomUUID().toString().substring(0, 8);
        AtomicInteger crashes = new AtomicInteger();
        AtomicInteger afterCheckpoint = new AtomicInteger();
        AtomicInteger midSegment = new AtomicInteger();
        TestFailures.INSTANCE.on(store, (job, stage, count) -> {
            boolean crash = stage.equals("checkpoint") && job.segment() == 0 && afterCheckpoint.getAndIncrement() == 0
                    || stage.equals("users") && count == 2_000 && midSegment.getAndIncrement() == 0;
            if (crash) {
                crashes.incrementAndGet();
                throw new TestFailures.InjectedFailure(stage);
            }
        });

        // when
        JsonNode job = runImport(recordsWithTenFailures());

        // then
        assertEquals(2, crashes.get());
        assertEveryRecordCountedOnce(job);
    }
}
