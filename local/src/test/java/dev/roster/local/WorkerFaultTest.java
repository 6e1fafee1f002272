package dev.roster.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roster.local.ApiClient.Reply;
import dev.roster.shared.imports.ImportWorker;
import dev.roster.shared.job.DynamoJobStore;
import dev.roster.shared.json.Json;
import dev.roster.shared.user.DynamoUserStore;
import dev.roster.shared.user.UniqueKey;
import dev.roster.shared.user.User;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Workers killed at random points: each round arms a rule that throws at one stage of the worker ("users" after
 * 1,000 or 2,000 records, "before-complete", for exports "after-upload", for imports "batch": inside a writer thread)
 * on a random subset of the job's three deliveries, on a fresh store of about 2,500 users. Whatever the rule, the job
 * must end COMPLETED with exactly the right content, or (only when all three deliveries were made to fail) FAILED with
 * a reason; its slot is freed and no multipart upload is left open. The rounds are drawn from a fixed seed
 * ({@code -Droster.faults.seed=N}).
 */
class WorkerFaultTest {

    private static final long SEED = Long.getLong("roster.faults.seed", 7_919L);
    private static final int ROUNDS = 6;
    private static final int USERS = 2_500;
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /**
     * Where the worker dies: at {@code stage} (at record {@code count} for "users", in the batch holding the record
     * after it for "batch"), on these deliveries.
     */
    record Fault(String stage, long count, Set<Integer> deliveries) {
        boolean everyDelivery() {
            return deliveries.containsAll(Set.of(1, 2, 3));
        }

        /** Deliveries 1, 2, ... die until the first one the rule spares: the most deliveries it can kill. */
        int expectedCrashes() {
            int crashes = 0;
            while (crashes < 3 && deliveries.contains(crashes + 1)) {
                crashes++;
            }
            return crashes;
        }

        @Override
        public String toString() {
            String at = stage.equals("users") || stage.equals("batch") ? "@" + count : "";
            return stage + at + " on deliveries " + new TreeSet<>(deliveries);
        }
    }

    /** The armed rule: throws where the fault says, and remembers which deliveries ran and which it killed. */
    private static final class Injector implements TestFailures.Rule {
        final Fault fault;
        final Set<Integer> delivered = Collections.synchronizedSet(new TreeSet<>());
        final List<Integer> killed = Collections.synchronizedList(new ArrayList<>());

        Injector(Fault fault) {
            this.fault = fault;
        }

        @Override
        public void apply(dev.roster.shared.job.Job job, String stage, long count) {
            delivered.add(job.attempt());
            if (stage.equals(fault.stage()) && fault.deliveries().contains(job.attempt()) && switch (stage) {
                case "users" -> count == fault.count();
                // A writer thread, in the batch that holds the record right after that one (batches run in
                // parallel; count is the batch's first line, and a retry's batches are smaller).
                case "batch" -> count <= fault.count() + 1 && fault.count() + 1 < count + (job.attempt() > 1
                        ? ImportWorker.USERS_PER_RETRY_TRANSACTION : ImportWorker.USERS_PER_TRANSACTION);
                default -> true;
            }) {
                killed.add(job.attempt());
                throw new TestFailures.InjectedFailure(stage + " on delivery " + job.attempt());
            }
        }
    }

    static Stream<Arguments> exportFaults() {
        return faults(new Random(SEED), List.of("users", "before-complete", "after-upload"));
    }

    static Stream<Arguments> importFaults() {
        return faults(new Random(SEED + 1), List.of("users", "batch", "before-complete"));
    }

    /** Random faults; at least one round kills every delivery and at least one kills the first and then spares. */
    private static Stream<Arguments> faults(Random random, List<String> stages) {
        List<Fault> faults = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            Set<Integer> deliveries = new TreeSet<>();
            while (deliveries.isEmpty()) {
                for (int delivery = 1; delivery <= 3; delivery++) {
                    if (random.nextInt(10) < (delivery == 1 ? 8 : 6)) {
                        deliveries.add(delivery);
                    }
                }
            }
            faults.add(new Fault(stages.get(random.nextInt(stages.size())), 1_000L * (1 + random.nextInt(2)),
                    deliveries));
        }
        if (faults.stream().noneMatch(Fault::everyDelivery)) {
            Fault f = faults.get(random.nextInt(ROUNDS));
            faults.set(faults.indexOf(f), new Fault(f.stage(), f.count(), Set.of(1, 2, 3)));
        }
        if (faults.stream().noneMatch(f -> f.expectedCrashes() > 0 && !f.everyDelivery())) {
            int i = faults.indexOf(faults.stream().filter(f -> !f.everyDelivery()).findFirst().orElseThrow());
            Fault f = faults.get(i);
            faults.set(i, new Fault(f.stage(), f.count(), Set.of(1)));
        }
        return IntStream.range(0, ROUNDS).mapToObj(i -> Arguments.of(i + 1, faults.get(i)));
    }

    private ApiClient api;
    private String store;

    @BeforeEach
    void setUp() {
        api = new ApiClient(TestAws.deployment().port());
    }

    @AfterEach
    void tearDown() {
        if (store != null) {
            TestFailures.INSTANCE.clear(store);
        }
    }

    private String jobs() {
        return "/userstores/" + store + "/jobs";
    }

    private Injector arm(Fault fault) {
        Injector injector = new Injector(fault);
        TestFailures.INSTANCE.on(store, injector);
        return injector;
    }

    private JsonNode awaitEnd(String jobId) {
        return Await.until(() -> api.get(jobs() + "/" + jobId).body().get("Job"),
                job -> job.get("Status").asText().equals("COMPLETED") || job.get("Status").asText().equals("FAILED"),
                WAIT, "job " + jobId + " to end");
    }

    /**
     * Common to both job types: deliveries were killed in order, each at most once and only where armed; the job
     * FAILED (with a reason) exactly when all three were killed, and COMPLETED otherwise; its slot is free and no
     * multipart upload is left open. (A delivery that resumes past the armed point is not killed: that is allowed.)
     */
    private void assertEnded(JsonNode job, Injector injector, String round) {
        Fault fault = injector.fault;
        List<Integer> killed = List.copyOf(injector.killed);
        assertEquals(IntStream.rangeClosed(1, killed.size()).boxed().toList(), killed,
                round + ": deliveries killed, in order");
        assertTrue(fault.deliveries().containsAll(killed), round + ": killed unarmed deliveries " + killed);
        if (fault.deliveries().contains(1)) {
            assertTrue(!killed.isEmpty(), round + ": the first delivery never reached " + fault.stage());
        }
        assertTrue(killed.size() <= fault.expectedCrashes(), round + ": deliveries killed " + killed);
        int last = killed.size() == 3 ? 3 : killed.size() + 1;
        assertEquals(new TreeSet<>(IntStream.rangeClosed(1, last).boxed().toList()), new TreeSet<>(injector.delivered),
                round + ": deliveries made");
        if (killed.size() == 3) {
            assertEquals("FAILED", job.get("Status").asText(), round + ": " + job);
            JsonNode details = job.get("ErrorDetails");
            assertTrue(details.isArray() && details.size() >= 1, round + ": " + job);
            assertFalse(details.get(0).get("Error").asText().isBlank(), round + ": " + job);
            assertTrue(job.get("Location").isNull(), round + ": " + job);
        } else {
            assertEquals("COMPLETED", job.get("Status").asText(), round + ": " + job);
        }
        assertEquals(List.of(), new DynamoJobStore(TestAws.deployment().dynamo(), TestAws.CONFIG.tableName())
                .activeJobIds(store), round + ": the job still holds a slot");
        assertEquals(0, openUploads(), round + ": multipart uploads left open");
    }

    private int openUploads() {
        S3Client s3 = TestAws.deployment().endpoints().s3Client();
        return (int) s3.listMultipartUploads(b -> b.bucket(LocalDeployment.BUCKET)).uploads().stream()
                .filter(u -> u.key().startsWith("exports/" + store + "/")).count();
    }

    @ParameterizedTest(name = "export round {0}: die at {1}")
    @MethodSource("exportFaults")
    void anExportKilledAtRandomPointsEndsCompleteOrFailedWithAReason(int round, Fault fault) {
        // GIVEN a store of 2,500 users and a worker that dies where the fault says
        store = "wf-exp-" + UUID.randomUUID().toString().substring(0, 8);
        Set<String> ids = UserSeeder.seed(TestAws.deployment().dynamo(), TestAws.CONFIG.tableName(), store, USERS);
        Injector injector = arm(fault);
        String where = "export round " + round + " (seed " + SEED + ", " + fault + ", store " + store + ")";

        // WHEN an export runs
        Reply started = api.post(jobs() + "/users-exports", "{}");
        assertEquals(202, started.status(), started.raw().body());
        String jobId = started.body().get("Job").get("Id").asText();
        JsonNode job = awaitEnd(jobId);

        // THEN it completed with every user exactly once in one file, or failed with a reason
        assertEnded(job, injector, where);
        if (job.get("Status").asText().equals("COMPLETED")) {
            assertEquals(USERS, job.get("Progress").asLong(), where);
            List<String> exported = new ArrayList<>();
            download(job.get("Location").asText()).forEach(line -> exported.add(Json.parseObject(line)
                    .get("UserId").asText()));
            assertEquals(USERS, exported.size(), where + ": lines in the file");
            assertEquals(ids, new HashSet<>(exported), where + ": users in the file");
            List<S3Object> files = TestAws.deployment().endpoints().s3Client().listObjectsV2(b -> b
                    .bucket(LocalDeployment.BUCKET).prefix("exports/" + store + "/")).contents();
            assertEquals(List.of("exports/" + store + "/" + jobId + "/" + store + ".ndjson.gz"),
                    files.stream().map(S3Object::key).toList(), where);
        }
    }

    @ParameterizedTest(name = "import round {0}: die at {1}")
    @MethodSource("importFaults")
    void anImportKilledAtRandomPointsInsertsEveryValidUserOnceOrFailsWithAReason(int round, Fault fault) {
        // GIVEN 2,500 records, some reusing another record's user name, some invalid, and a dying worker
        store = "wf-imp-" + UUID.randomUUID().toString().substring(0, 8);
        Random random = new Random(SEED * 31 + round);
        ImportFile file = ImportFile.generate(random, round);
        Injector injector = arm(fault);
        String where = "import round " + round + " (seed " + SEED + ", " + fault + ", store " + store + ")";

        // WHEN the import runs
        ObjectNode body = Json.MAPPER.createObjectNode();
        ArrayNode list = body.putArray("DataFlowUserCreateList");
        file.records().forEach(list::add);
        Reply started = api.post(jobs() + "/users-imports", body.toString());
        assertEquals(202, started.status(), started.raw().body());
        String jobId = started.body().get("Job").get("Id").asText();
        JsonNode job = awaitEnd(jobId);

        // THEN it ended as the fault allows
        assertEnded(job, injector, where);
        List<User> stored = settledUsers();

        // THEN whatever happened, nobody is stored twice and everyone stored comes from a valid line of this file
        Map<String, Integer> lineOfUserId = new HashMap<>();
        for (int line : file.validLines()) {
            lineOfUserId.put(ImportWorker.userId(jobId, line), line);
        }
        Set<String> names = new HashSet<>();
        for (User user : stored) {
            Integer line = lineOfUserId.get(user.userId());
            assertNotNull(line, where + ": user " + user.userId() + " is from no valid line");
            JsonNode record = file.records().get(line - 1);
            assertEquals(record.get("UserName").asText(), user.userName(), where);
            assertEquals(record.get("Email").asText(), user.email(), where);
            assertEquals(record.get("PhoneNumber").asText(), user.phoneNumber(), where);
            assertTrue(names.add(user.userName().toLowerCase(java.util.Locale.ROOT)),
                    where + ": user name " + user.userName() + " stored twice");
        }
        GuardChecker.assertConsistent(TestAws.deployment().dynamo(), TestAws.CONFIG.tableName(), store,
                file.identifiers());
        assertEquals(stored.size(), CounterChecker.assertExact(TestAws.deployment().dynamo(),
                TestAws.CONFIG.tableName(), store), where + ": users counted");
        if (job.get("Status").asText().equals("FAILED")) {
            return;
        }

        // THEN the counts are exact: every distinct valid user inserted once, every other record failed once
        assertEquals(file.records().size(), job.get("Total").asLong(), where + ": " + job);
        assertEquals(file.expectedInserted(), job.get("Inserted").asLong(), where + ": " + job);
        assertEquals(file.expectedFailures().values().stream().mapToInt(Integer::intValue).sum(),
                job.get("Failed").asLong(), where + ": " + job);
        assertEquals(file.expectedInserted(), stored.size(), where + ": users stored");
        assertEquals(file.distinctNames(), names, where + ": user names stored");
        Map<String, Integer> reported = new TreeMap<>();
        for (JsonNode failure : allErrors(jobId, 1 + random.nextInt(40))) {
            String reason = failure.get("FailedReason").asText();
            reported.merge(failure.get("FailedUserIdentification").asText() + " | "
                    + reason.substring(0, Math.max(0, reason.indexOf(':'))), 1, Integer::sum);
        }
        assertEquals(file.expectedFailures(), reported, where + ": failures reported by the errors endpoint");
    }

    /**
     * An import file: unique valid records, records reusing one of their user names (with their own email and phone:
     * exactly one of each pair may win, the other fails with UserNameAlreadyExists), and invalid records, shuffled
     * together so that the pairs race on different threads. {@code expectedFailures}: "identification | code" counts.
     */
    private record ImportFile(List<ObjectNode> records, List<Integer> validLines, Set<String> distinctNames,
                              int expectedInserted, Map<String, Integer> expectedFailures) {

        static final int DUPLICATES = 20;
        static final int INVALID = 12;

        static ImportFile generate(Random random, int round) {
            List<ObjectNode> records = new ArrayList<>();
            int unique = USERS - DUPLICATES - INVALID;
            for (int i = 0; i < unique; i++) {
                records.add(record("r" + round + "u" + i, "u" + i + "@example.com", "+1-555-" + (1_000_000 + i)));
            }
            Map<String, Integer> failures = new TreeMap<>();
            for (int i = 0; i < DUPLICATES; i++) {
                String name = records.get(random.nextInt(unique)).get("UserName").asText();
                while (failures.containsKey(name + " | FailedOperation.UserNameAlreadyExists")) {
                    name = records.get(random.nextInt(unique)).get("UserName").asText();
                }
                records.add(record(name, "dup" + i + "@example.com", "+1-556-" + (1_000_000 + i)));
                failures.put(name + " | FailedOperation.UserNameAlreadyExists", 1);
            }
            List<ObjectNode> invalid = new ArrayList<>();
            for (int i = 0; i < INVALID; i++) {
                ObjectNode bad = Json.MAPPER.createObjectNode();
                switch (i % 3) {
                    case 0 -> {
                        bad.put("UserName", "bademail" + i);
                        bad.put("Email", "not-an-email");
                    }
                    case 1 -> {
                        bad.put("UserName", "badphone" + i);
                        bad.put("PhoneNumber", "call me");
                    }
                    default -> bad.put("Nickname", "nobody" + i);
                }
                invalid.add(bad);
            }
            records.addAll(invalid);
            Collections.shuffle(records, random);
            List<Integer> validLines = new ArrayList<>();
            Set<String> names = new HashSet<>();
            for (int line = 1; line <= records.size(); line++) {
                ObjectNode record = records.get(line - 1);
                if (invalid.contains(record)) {
                    String name = record.has("UserName") ? record.get("UserName").asText() : "line " + line;
                    String code = record.has("UserName") ? "InvalidParameterValue" : "MissingParameter";
                    failures.merge(name + " | " + code, 1, Integer::sum);
                } else {
                    validLines.add(line);
                    names.add(record.get("UserName").asText().toLowerCase(java.util.Locale.ROOT));
                }
            }
            return new ImportFile(records, validLines, names, unique, failures);
        }

        /** Every identifier value in the file, valid or not: the only ones the import can have written. */
        Map<UniqueKey, List<String>> identifiers() {
            Map<UniqueKey, List<String>> values = new java.util.EnumMap<>(UniqueKey.class);
            Map<UniqueKey, String> fields = Map.of(UniqueKey.USERNAME, "UserName", UniqueKey.EMAIL, "Email",
                    UniqueKey.PHONE, "PhoneNumber");
            fields.forEach((kind, field) -> values.put(kind, records.stream().filter(r -> r.has(field))
                    .map(r -> r.get(field).asText()).toList()));
            return values;
        }

        private static ObjectNode record(String name, String email, String phone) {
            ObjectNode user = Json.MAPPER.createObjectNode();
            user.put("UserName", name);
            user.put("Email", email);
            user.put("PhoneNumber", phone);
            return user;
        }
    }

    /**
     * The store's users once no insert is landing any more. A delivery killed at "users" leaves its in-flight batches
     * to finish on their own (the worker does not wait for them), so right after a FAILED the last few transactions
     * may still be committing; each is atomic, but reading users and guards in between would see a torn snapshot.
     */
    private List<User> settledUsers() {
        DynamoUserStore users = new DynamoUserStore(TestAws.deployment().dynamo(), TestAws.CONFIG.tableName());
        List<User> previous = null;
        for (int probe = 0; probe < 40; probe++) {
            List<User> now = new ArrayList<>();
            users.forEach(store, now::add);
            if (previous != null && previous.size() == now.size()) {
                return now;
            }
            previous = now;
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("the users of " + store + " kept changing after the job ended");
    }

    private List<JsonNode> allErrors(String jobId, int pageSize) {
        List<JsonNode> failed = new ArrayList<>();
        String token = null;
        for (int page = 0; page < 1_000; page++) {
            Reply reply = api.get(jobs() + "/" + jobId + "/errors?PageSize=" + pageSize
                    + (token == null ? "" : "&NextToken=" + URLEncoder.encode(token, StandardCharsets.UTF_8)));
            assertEquals(200, reply.status(), reply.raw().body());
            reply.body().get("FailedUsers").forEach(failed::add);
            token = reply.body().get("NextToken").isNull() ? null : reply.body().get("NextToken").asText();
            if (token == null) {
                return failed;
            }
        }
        throw new AssertionError("the errors of job " + jobId + " did not end within 1,000 pages");
    }

    /** The gunzipped lines of an export, fetched through its presigned Location. */
    private static List<String> download(String url) {
        try {
            HttpResponse<byte[]> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, response.statusCode());
            List<String> lines = new ArrayList<>();
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(
                    new GZIPInputStream(new ByteArrayInputStream(response.body())), StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    lines.add(line);
                }
            }
            return lines;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
