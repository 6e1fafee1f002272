package dev.roster.local;

import com.fasterxml.jackson.databind.JsonNode;
import dev.roster.local.ApiClient.Reply;
import dev.roster.shared.job.JobMessage;
import dev.roster.shared.job.JobService;
import dev.roster.shared.job.PresignedLocation;
import dev.roster.shared.json.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Export jobs through HTTP, the queue and the worker, against real DynamoDB, SQS and S3: contents, filters, CSV
 * safety, the two-job limit, redelivery, crashes and retries, expiry of links and jobs.
 */
abstract class ExportJobsContract {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Duration WAIT = Duration.ofSeconds(60);

    protected abstract LocalDeployment deployment();

    private ApiClient api;
    private String store;

    @BeforeEach
    void setUp() {
        api = new ApiClient(deployment().port());
        store = "exp-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @AfterEach
    void tearDown() {
        TestFailures.INSTANCE.clear(store);
    }

    private String jobs() {
        return "/userstores/" + store + "/jobs";
    }

    private String createUser(String name, String extra) {
        Reply reply = api.post("/userstores/" + store + "/users", "{\"UserName\":\"" + name + "\",\"Email\":\"" + name
                + "@example.com\",\"PhoneNumber\":\"+1-555-" + Math.abs(name.hashCode() % 9_000_000 + 1_000_000)
                + "\",\"Password\":\"secret-" + name + "\"" + extra + "}");
        assertEquals(201, reply.status(), reply.raw().body());
        return reply.user().get("UserId").asText();
    }

    private String startExport(String body) {
        Reply reply = api.post(jobs() + "/users-exports", body);
        assertEquals(202, reply.status(), reply.raw().body());
        JsonNode job = reply.body().get("Job");
        assertEquals("PENDING", job.get("Status").asText());
        assertEquals("EXPORT_USER", job.get("Type").asText());
        assertTrue(job.get("Location").isNull());
        return job.get("Id").asText();
    }

    private JsonNode awaitEnd(String jobId) {
        return Await.until(() -> api.get(jobs() + "/" + jobId).body().get("Job"),
                job -> job.get("Status").asText().equals("COMPLETED") || job.get("Status").asText().equals("FAILED"),
                WAIT, "job " + jobId + " to end");
    }

    private JsonNode awaitCompleted(String jobId) {
        JsonNode job = awaitEnd(jobId);
        assertEquals("COMPLETED", job.get("Status").asText(), job.toString());
        return job;
    }

    private static HttpResponse<byte[]> fetch(String url) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The gunzipped lines of a completed job's file, fetched through its presigned Location. */
    private static List<String> download(JsonNode job) {
        HttpResponse<byte[]> response = fetch(job.get("Location").asText());
        assertEquals(200, response.statusCode());
        List<String> lines = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(new ByteArrayInputStream(response.body())), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lines.add(line);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return lines;
    }

    private List<S3Object> storedFiles() {
        S3Client s3 = deployment().endpoints().s3Client();
        return s3.listObjectsV2(b -> b.bucket(LocalDeployment.BUCKET).prefix("exports/" + store + "/")).contents();
    }

    private int openUploads() {
        S3Client s3 = deployment().endpoints().s3Client();
        return (int) s3.listMultipartUploads(b -> b.bucket(LocalDeployment.BUCKET)).uploads().stream()
                .filter(u -> u.key().startsWith("exports/" + store + "/")).count();
    }

    @Test
    void ndjsonExportHoldsExactlyTheStoresUsersOnceAndNoSecrets() {
        // given 12 users here and 3 in another store
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 12; i++) {
            ids.add(createUser("nd" + i, ""));
        }
        String mine = store;
        store = "other-" + mine;
        for (int i = 0; i < 3; i++) {
            createUser("nd" + i, "");
        }
        store = mine;

        // when
        JsonNode job = awaitCompleted(startExport("{}"));

        // then
        assertTrue(job.get("Location").asText().contains("X-Amz-Expires=60"), job.toString());
        assertEquals(12, job.get("Progress").asLong());
        List<String> lines = download(job);
        Set<String> seen = new HashSet<>();
        for (String line : lines) {
            JsonNode user = Json.parseObject(line);
            assertEquals(store, user.get("UserStoreId").asText());
            assertTrue(seen.add(user.get("UserId").asText()), "exported twice");
            assertFalse(line.contains("secret-"), "a password leaked");
            assertFalse(line.contains("PBKDF2") || line.contains("Password"), "a credential leaked");
        }
        assertEquals(ids, seen);
        List<S3Object> files = storedFiles();
        assertEquals(1, files.size());
        assertTrue(files.get(0).key().endsWith("/" + store + ".ndjson.gz"), files.get(0).key());
    }

    @Test
    void csvExportWritesChosenColumnsQuotedAndDefusesFormulas() {
        // given users whose values would run as spreadsheet formulas, or break naive CSV
        String[] nicknames = {"=HYPERLINK(\"http://evil\")", "+SUM(A1)", "-2", "@cmd", "\ttab", "a,b \"c\"", "plain"};
        for (int i = 0; i < nicknames.length; i++) {
            createUser("csv" + i, ",\"Nickname\":" + quote(nicknames[i]) + ",\"UserGroup\":[\"g\"],"
                    + "\"CustomizationAttributes\":[{\"Name\":\"plan\",\"Value\":\"p" + i + "\",\"Type\":\"STRING\"}]");
        }
        createUser("outsider", "");

        // when
        JsonNode job = awaitCompleted(startExport("{\"Format\":\"CSV\",\"Filters\":[{\"Key\":\"userGroupId\","
                + "\"Values\":[\"g\"],\"Logic\":true}],\"ExportPropertyMaps\":[{\"UserPropertyCode\":\"userName\","
                + "\"ColumnName\":\"name\"},{\"UserPropertyCode\":\"Nickname\"},{\"UserPropertyCode\":"
                + "\"CustomAttributes.plan\",\"ColumnName\":\"plan\"}]}"));

        // then
        String text = String.join("\r\n", download(job));
        List<List<String>> rows = Csv.parse(text);
        assertEquals(List.of("name", "Nickname", "plan"), rows.get(0));
        assertEquals(nicknames.length + 1, rows.size());
        Set<String> cells = new HashSet<>();
        for (List<String> row : rows.subList(1, rows.size())) {
            assertEquals(3, row.size(), row.toString());
            cells.add(row.get(1));
            assertTrue(row.get(2).startsWith("p"));
            assertNotEquals("outsider", row.get(0));
        }
        assertEquals(Set.of("'=HYPERLINK(\"http://evil\")", "'+SUM(A1)", "'-2", "'@cmd", "'\ttab", "a,b \"c\"",
                "plain"), cells);
        assertTrue(storedFiles().get(0).key().endsWith("/" + store + ".csv.gz"));
    }

    private static String quote(String s) {
        return Json.write(g -> g.writeString(s));
    }

    @Test
    void conditionFiltersMatchAnyIdentifierAndLimitCaps() {
        // given
        String a = createUser("alpha", "");
        createUser("beta", "");
        String c = createUser("gamma", "");
        createUser("delta", "");

        // when: by id, by email (another case), by user name; then the complement; then a limit
        JsonNode only = awaitCompleted(startExport("{\"Filters\":[{\"Key\":\"condition\",\"Values\":[\"" + a
                + "\",\"GAMMA@example.com\",\"beta\"]}],\"ExportPropertyMaps\":[{\"UserPropertyCode\":\"UserName\"}]}"));
        JsonNode others = awaitCompleted(startExport("{\"Filters\":[{\"Key\":\"condition\",\"Values\":[\"" + c
                + "\"],\"Logic\":false}],\"ExportPropertyMaps\":[{\"UserPropertyCode\":\"UserName\"}]}"));
        JsonNode two = awaitCompleted(startExport("{\"Limit\":2}"));

        // then
        assertEquals(Set.of("{\"UserName\":\"alpha\"}", "{\"UserName\":\"beta\"}", "{\"UserName\":\"gamma\"}"),
                new HashSet<>(download(only)));
        assertEquals(Set.of("{\"UserName\":\"alpha\"}", "{\"UserName\":\"beta\"}", "{\"UserName\":\"delta\"}"),
                new HashSet<>(download(others)));
        assertEquals(2, download(two).size());
        List<JsonNode> listed = new ArrayList<>();
        api.get(jobs()).body().get("Jobs").forEach(listed::add);
        assertEquals(List.of(two.get("Id"), others.get("Id"), only.get("Id")),
                listed.stream().map(j -> j.get("Id")).toList(), "newest first");
    }

    @Test
    void aThirdActiveJobIsRefusedAndNothingIsEnqueued() throws Exception {
        // given two exports held in their worker
        createUser("busy", "");
        CountDownLatch release = new CountDownLatch(1);
        TestFailures.INSTANCE.on(store, (job, stage, count) -> {
            if (stage.equals("before-complete")) {
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        String first = startExport("{}");
        String second = startExport("{}");

        // when
        Reply third = api.post(jobs() + "/users-exports", "{}");

        // then
        assertEquals(429, third.status(), third.raw().body());
        assertEquals("FailedOperation.DataFlowTooManyRequests", third.errorCode());
        assertEquals(2, api.get(jobs()).body().get("Jobs").size());
        release.countDown();
        awaitCompleted(first);
        awaitCompleted(second);
        awaitCompleted(startExport("{}"));
        assertEquals(3, api.get(jobs()).body().get("Jobs").size());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"Format\":\"XML\"}",
            "{\"Format\":42}",
            "{\"ExportPropertyMaps\":[{\"UserPropertyCode\":\"FavouriteColour\"}]}",
            "{\"ExportPropertyMaps\":[{\"UserPropertyCode\":\"Password\"}]}",
            "{\"Filters\":[{\"Key\":\"local\",\"Values\":[\"beijing\"],\"Logic\":true}]}",
            "{\"Filters\":[{\"Key\":\"condition\",\"Values\":[]}]}",
            "{\"Limit\":0}",
            "{\"Limit\":\"ten\"}",
            "{\"Colour\":\"red\"}",
            "not json"})
    void badExportRequestsCreateNoJob(String body) {
        // given
        createUser("victim", "");

        // when
        Reply reply = api.post(jobs() + "/users-exports", body);

        // then
        assertEquals(400, reply.status(), reply.raw().body());
        assertNotNull(reply.errorCode());
        assertEquals(0, api.get(jobs()).body().get("Jobs").size());
    }

    @Test
    void moreThanThirtyColumnsAreRefused() {
        // given
        createUser("wide", "");
        StringBuilder maps = new StringBuilder("[");
        for (int i = 0; i < 31; i++) {
            maps.append(i == 0 ? "" : ",").append("{\"UserPropertyCode\":\"UserName\",\"ColumnName\":\"c").append(i)
                    .append("\"}");
        }

        // when
        Reply reply = api.post(jobs() + "/users-exports", "{\"ExportPropertyMaps\":" + maps + "]}");

        // then
        assertEquals(400, reply.status());
        assertEquals("InvalidParameterValue", reply.errorCode());
        assertEquals(0, api.get(jobs()).body().get("Jobs").size());
    }

    @Test
    void unknownJobsAreNotFound() {
        // when / then
        assertEquals("ResourceNotFound", api.get(jobs() + "/0123456789abcdef0123456789abcdef").errorCode());
        assertEquals(404, api.get(jobs() + "/not-a-job").status());
        assertEquals(0, api.get(jobs()).body().get("Jobs").size());
    }

    @Test
    void aStoreWithNoUsersExportsAnEmptyFile() {
        // GIVEN a store nobody has written to
        // WHEN it is exported as NDJSON and as CSV with two columns
        JsonNode ndjson = awaitCompleted(startExport("{}"));
        JsonNode csv = awaitCompleted(startExport("{\"Format\":\"CSV\",\"ExportPropertyMaps\":["
                + "{\"UserPropertyCode\":\"UserName\",\"ColumnName\":\"name\"},{\"UserPropertyCode\":\"Email\"}]}"));

        // THEN both complete: the NDJSON file is the gzip of nothing, the CSV file its header row alone
        assertEquals(List.of(), download(ndjson));
        assertEquals(0, ndjson.get("Progress").asLong());
        assertEquals(List.of("name,Email"), download(csv));
    }

    @Test
    void aRedeliveredMessageProducesNoSecondFile() {
        // given a completed export
        createUser("once", "");
        JsonNode job = awaitCompleted(startExport("{}"));
        S3Object file = storedFiles().get(0);

        // when SQS delivers the same job again
        deployment().endpoints().sqsClient().sendMessage(b -> b.queueUrl(deployment().queues().jobs().url())
                .messageBody(new JobMessage(store, job.get("Id").asText()).toJson()));
        Await.until(() -> deployment().endpoints().sqsClient().getQueueAttributes(b -> b
                        .queueUrl(deployment().queues().jobs().url()).attributeNamesWithStrings("All")).attributesAsStrings(),
                a -> a.get("ApproximateNumberOfMessages").equals("0")
                        && a.get("ApproximateNumberOfMessagesNotVisible").equals("0"), WAIT, "the queue to drain");

        // then the one file is untouched and the job is as it was
        List<S3Object> files = storedFiles();
        assertEquals(1, files.size());
        assertEquals(file.eTag(), files.get(0).eTag());
        assertEquals(file.lastModified(), files.get(0).lastModified());
        assertEquals("COMPLETED", api.get(jobs() + "/" + job.get("Id").asText()).body().get("Job").get("Status").asText());
    }

    @ParameterizedTest
    @ValueSource(strings = {"users", "before-complete", "after-upload"})
    void aWorkerDyingMidExportIsRetriedAndTheJobStillCompletes(String stage) {
        // given 2,500 users and a worker that dies at the stage on its first delivery
        Set<String> ids = UserSeeder.seed(deployment().dynamo(), TestAws.CONFIG.tableName(), store, 2_500);
        AtomicInteger crashes = new AtomicInteger();
        TestFailures.INSTANCE.on(store, (job, where, count) -> {
            if (where.equals(stage) && job.attempt() == 1 && (!where.equals("users") || count == 2_000)) {
                crashes.incrementAndGet();
                throw new TestFailures.InjectedFailure(where);
            }
        });

        // when
        JsonNode job = awaitCompleted(startExport("{}"));

        // then: complete contents, one file, no upload left open
        assertEquals(1, crashes.get());
        Set<String> exported = new HashSet<>();
        download(job).forEach(line -> assertTrue(exported.add(Json.parseObject(line).get("UserId").asText())));
        assertEquals(ids, exported);
        assertEquals(1, storedFiles().size());
        assertEquals(0, openUploads());
    }

    @Test
    void aJobThatFailsEveryDeliveryEndsFailedWithAReasonAndFreesItsSlot() {
        // given a worker that always dies
        createUser("doomed", "");
        TestFailures.INSTANCE.on(store, (job, where, count) -> {
            throw new TestFailures.InjectedFailure(where);
        });

        // when
        JsonNode job = awaitEnd(startExport("{}"));

        // then
        assertEquals("FAILED", job.get("Status").asText());
        assertTrue(job.get("Location").isNull());
        assertTrue(job.get("ErrorDetails").get(0).get("Error").asText().contains("last attempt"), job.toString());
        assertEquals(0, openUploads());
        assertEquals(0, storedFiles().size());
        TestFailures.INSTANCE.clear(store);
        awaitCompleted(startExport("{}"));
        awaitCompleted(startExport("{}"));
    }

    @Test
    void aJobWhoseDeliveriesAllDiedIsFailedFromTheDeadLetterQueue() throws Exception {
        // given a job left PROCESSING by a worker that hangs (as one killed by its timeout would leave it)
        createUser("stuck", "");
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
        String jobId = startExport("{}");
        Await.until(() -> api.get(jobs() + "/" + jobId).body().get("Job").get("Status").asText(),
                "PROCESSING"::equals, WAIT, "the worker to take the job");

        // when SQS moves its message to the dead-letter queue
        deployment().endpoints().sqsClient().sendMessage(b -> b.queueUrl(deployment().queues().deadLetter().url())
                .messageBody(new JobMessage(store, jobId).toJson()));

        // then it ends FAILED with a reason, and stays so when the hung worker wakes up
        JsonNode job = awaitEnd(jobId);
        assertEquals("FAILED", job.get("Status").asText());
        assertTrue(job.get("ErrorDetails").get(0).get("Error").asText().contains("abandoned"), job.toString());
        release.countDown();
        awaitCompleted(startExport("{}"));
        assertEquals("FAILED", api.get(jobs() + "/" + jobId).body().get("Job").get("Status").asText());
    }

    @Test
    void twentyThousandUsersStreamIntoOneFile() {
        // given
        Set<String> ids = UserSeeder.seed(deployment().dynamo(), TestAws.CONFIG.tableName(), store, 20_000);

        // when
        JsonNode job = awaitCompleted(startExport("{\"Format\":\"NDJSON\"}"));

        // then
        List<String> lines = download(job);
        assertEquals(20_000, lines.size());
        Set<String> exported = new HashSet<>();
        for (String line : lines) {
            JsonNode user = Json.parseObject(line);
            assertTrue(exported.add(user.get("UserId").asText()));
            assertEquals("nick " + user.get("UserName").asText().substring(4), user.get("Nickname").asText());
        }
        assertEquals(ids, exported);
        assertEquals(20_000, job.get("Progress").asLong());
    }

    @Test
    void downloadLinksLastSixtySecondsAndReallyExpire() throws Exception {
        // given
        createUser("linked", "");
        JsonNode job = awaitCompleted(startExport("{}"));
        String key = storedFiles().get(0).key();

        // when / then: a fresh link works; each read mints its own
        assertEquals(200, fetch(job.get("Location").asText()).statusCode());
        Thread.sleep(1_100);
        String again = api.get(jobs() + "/" + job.get("Id").asText()).body().get("Job").get("Location").asText();
        assertNotEquals(job.get("Location").asText(), again);

        // when a link's validity has passed, S3 refuses it
        PresignedLocation shortLived = new PresignedLocation(deployment().endpoints().presigner(),
                LocalDeployment.BUCKET, Duration.ofSeconds(1));
        String url = shortLived.urlFor(key);
        Thread.sleep(2_500);
        assertEquals(403, fetch(url).statusCode());
    }

    @Test
    void aJobOlderThanTwentyFourHoursIsGoneEvenBeforeTtlDeletesIt() {
        // given a completed job, and the service as it will be 24 hours and a second from now
        createUser("aging", "");
        String jobId = awaitCompleted(startExport("{}")).get("Id").asText();
        Clock tomorrow = Clock.offset(Clock.systemUTC(), JobService.RETENTION.plusSeconds(1));
        JobService later = new JobService(new dev.roster.shared.job.DynamoJobStore(deployment().dynamo(),
                TestAws.CONFIG.tableName()), null, null, null, null, tomorrow);

        // then: still stored (TTL has not run), but no longer there for clients
        assertEquals(200, api.get(jobs() + "/" + jobId).status());
        assertEquals("ResourceNotFound", assertThrowsNotFound(() -> later.get(store, jobId)));
        assertTrue(later.list(store).isEmpty());
    }

    private static String assertThrowsNotFound(Runnable call) {
        try {
            call.run();
        } catch (dev.roster.shared.error.NotFoundException e) {
            return e.code();
        }
        throw new AssertionError("expected ResourceNotFound");
    }

    /** A strict RFC 4180 reader for checking what the export wrote. */
    static final class Csv {
        static List<List<String>> parse(String text) {
            List<List<String>> rows = new ArrayList<>();
            List<String> row = new ArrayList<>();
            StringBuilder cell = new StringBuilder();
            boolean quoted = false;
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (quoted) {
                    if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        cell.append('"');
                        i++;
                    } else if (c == '"') {
                        quoted = false;
                    } else {
                        cell.append(c);
                    }
                } else if (c == '"') {
                    quoted = true;
                } else if (c == ',') {
                    row.add(cell.toString());
                    cell.setLength(0);
                } else if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    row.add(cell.toString());
                    cell.setLength(0);
                    rows.add(row);
                    row = new ArrayList<>();
                    i++;
                } else {
                    cell.append(c);
                }
            }
            row.add(cell.toString());
            rows.add(row);
            assertNull(quoted ? "unterminated quote" : null);
            return rows;
        }
    }
}
