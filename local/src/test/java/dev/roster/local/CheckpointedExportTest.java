package dev.roster.local;

import com.fasterxml.jackson.databind.JsonNode;
import dev.roster.local.ApiClient.Reply;
import dev.roster.shared.job.Job;
import dev.roster.shared.json.Json;
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
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Exports that outlast their invocation: with a zero time budget every segment ends at its first check (every 1,000
 * users), checkpoints, and the next invocation resumes the same upload. The file must come out whole and exact.
 */
class CheckpointedExportTest {

    private static LocalDeployment deployment;
    private String store;

    @BeforeAll
    static void deploy() throws Exception {
        deployment = new LocalDeployment(TestAws.aws().endpoints(), TestAws.CONFIG.withExportSegmentSeconds(0),
                "127.0.0.1", 0, new LocalDeployment.Options(60, Duration.ZERO, true, Clock.systemUTC(),
                TestFailures.INSTANCE).withQueue("roster-jobs-segmented"));
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
}
