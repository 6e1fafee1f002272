package dev.roster.local.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roster.local.EmbeddedAws;
import dev.roster.local.LocalDeployment;
import dev.roster.shared.config.RosterConfig;
import dev.roster.shared.job.ExportSpec;
import dev.roster.shared.job.ImportFiles;
import dev.roster.shared.job.Job;
import dev.roster.shared.job.JobService;
import dev.roster.shared.json.Json;
import dev.roster.shared.security.PasswordHasher;
import dev.roster.shared.storage.TableLayout;
import dev.roster.shared.user.CustomAttribute;
import dev.roster.shared.user.NewUser;
import dev.roster.shared.user.User;
import dev.roster.shared.user.UniqueKey;
import dev.roster.shared.user.UserItemMapper;
import dev.roster.shared.user.UserQuery;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code java -cp local/target/roster-local.jar dev.roster.local.bench.Bench [--users N]
 * [--only export|import|formats-import|api|list|cold|create|kdf|formats] [--import-format F] [--format-users N]}: Roster's figures on this machine's
 * embedded stack, each printed as one line
 * with its baseline measured in the same run.
 */
public final class Bench {

    private static final int THREADS = 4;

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        int users = 100_000;
        int formatUsers = 1_000_000;
        String only = null;
        String importFormat = "";
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--users") && i + 1 < args.length) {
                users = Integer.parseInt(args[++i]);
            } else if (args[i].equals("--only") && i + 1 < args.length) {
                only = args[++i];
            } else if (args[i].equals("--format-users") && i + 1 < args.length) {
                formatUsers = Integer.parseInt(args[++i]);
            } else if (args[i].equals("--import-format") && i + 1 < args.length) {
                importFormat = args[++i];
            }
        }
        System.out.printf("# Roster bench: %d users, %d cores, max heap %d MB, %s %s%n", users,
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20,
                System.getProperty("java.vm.name"), System.getProperty("java.version"));
        if (only == null || only.equals("kdf")) {
            KdfBench.run();
        }
        if ("kdf".equals(only)) {
            return;
        }
        if (only == null || only.equals("formats")) {
            // Readers alone, before the embedded stack starts: its threads would blur the heap figure.
            FormatBench.run(formatUsers, System.out);
            if (only != null) {
                System.exit(0);
            }
        }
        try (EmbeddedAws aws = EmbeddedAws.start(null)) {
            RosterConfig config = RosterConfig.from(Map.of(RosterConfig.TABLE_NAME, LocalDeployment.TABLE,
                    RosterConfig.RATE_LIMIT_PER_SECOND, "0"));
            try (LocalDeployment deployment = new LocalDeployment(aws.endpoints(), config, "127.0.0.1", 0,
                    new LocalDeployment.Options(900, Duration.ofSeconds(5), true, java.time.Clock.systemUTC(),
                            dev.roster.shared.job.FailurePoint.NONE))) {
                if (only == null || only.equals("export")) {
                    export(deployment, users);
                }
                if (only == null || only.equals("import")) {
                    importUsers(deployment, users);
                }
                if (only == null || only.equals("formats-import")) {
                    importFormats(deployment, users, importFormat);
                }
                if (only == null || only.equals("api")) {
                    api(deployment);
                    storeLimitCost(deployment, aws, config);
                }
                if (only == null || only.equals("list")) {
                    listCost(deployment);
                }
                if (only == null || only.equals("cold")) {
                    coldStarts(aws);
                }
                if (only == null || only.equals("create")) {
                    createLatency(deployment, aws);
                }
            }
        }
        // DynamoDB Local leaves non-daemon scheduler threads sleeping for minutes after it stops.
        System.exit(0);
    }

    // ---- export -------------------------------------------------------------------------------------------

    private static void export(LocalDeployment deployment, int count) throws Exception {
        DynamoDbClient dynamo = deployment.dynamo();
        String store = "bench-export";
        long seeded = timed(() -> seed(dynamo, store, count, THREADS));
        System.out.printf("seed:   %,d users with BatchWriteItem (%d threads) in %.1f s%n", count, THREADS, seeded / 1e9);

        long bare = timed(() -> bareRead(dynamo, store));
        System.out.printf("export: bare parallel read (16 shards, %d threads) %,.0f users/s  [baseline]%n", THREADS,
                count / (bare / 1e9));
        for (String format : List.of("NDJSON", "CSV")) {
            HeapWatch heap = HeapWatch.start();
            long took = timed(() -> runJob(deployment, deployment.services().jobs().createExport(store,
                    new ExportSpec(format, List.of(), List.of(), null))));
            long peak = heap.stop();
            System.out.printf("export: %s gzip to S3 %,.0f users/s = %.2fx the bare read time; live heap +%d MB%n",
                    format, count / (took / 1e9), (double) took / bare, peak >> 20);
        }
    }

    private static void bareRead(DynamoDbClient dynamo, String store) {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        List<Future<Long>> reads = new ArrayList<>();
        for (int shard = 0; shard < TableLayout.SHARDS; shard++) {
            String pk = TableLayout.userShardPk(store, shard);
            reads.add(pool.submit(() -> {
                long n = 0;
                Map<String, AttributeValue> start = null;
                do {
                    Map<String, AttributeValue> from = start;
                    QueryResponse page = dynamo.query(b -> b.tableName(LocalDeployment.TABLE)
                            .keyConditionExpression("pk = :pk")
                            .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(pk))).exclusiveStartKey(from));
                    n += page.count();
                    start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
                } while (start != null);
                return n;
            }));
        }
        try {
            for (Future<Long> read : reads) {
                read.get();
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            pool.shutdown();
        }
    }

    // ---- import -------------------------------------------------------------------------------------------

    private static void importUsers(LocalDeployment deployment, int count) throws Exception {
        DynamoDbClient dynamo = deployment.dynamo();
        long bareUsers = timed(() -> seed(dynamo, "bench-bare-users", count, THREADS, false));
        System.out.printf("import: bare BatchWriteItem of the user items alone (%d threads) %,.0f users/s%n", THREADS,
                count / (bareUsers / 1e9));
        long bare = timed(() -> seed(dynamo, "bench-bare-import", count, THREADS, true));
        System.out.printf("import: bare BatchWriteItem of the same items, each user and its 3 guard items (%d threads)"
                + " %,.0f users/s  [baseline]%n", THREADS, count / (bare / 1e9));
        long floor = timed(() -> transact(dynamo, "bench-transact-import", count, THREADS));
        System.out.printf("import: bare TransactWriteItems of the same items, conditional puts, 25 users a call"
                + " (%d threads) %,.0f users/s = %.2fx the bare write time%n", THREADS, count / (floor / 1e9),
                (double) floor / bare);
        String store = "bench-import";
        StringBuilder file = new StringBuilder(count * 160);
        MessageDigest md5 = MessageDigest.getInstance("MD5");
        for (int i = 0; i < count; i++) {
            ObjectNode record = Json.MAPPER.createObjectNode();
            record.put("UserName", "imp" + i);
            record.put("Email", "imp" + i + "@example.com");
            record.put("PhoneNumber", "+1-555-" + (1_000_000 + i));
            record.put("Password", HexFormat.of().formatHex(md5.digest(("pw" + i).getBytes(StandardCharsets.UTF_8))));
            record.put("PasswordEncryptTypeEnum", "MD5");
            file.append(record).append('\n');
        }
        JobService jobs = deployment.services().jobs();
        Job job = jobs.createImportUpload(store);
        deployment.endpoints().s3Client().putObject(b -> b.bucket(LocalDeployment.BUCKET).key(job.inputKey()),
                software.amazon.awssdk.core.sync.RequestBody.fromString(file.toString()));
        HeapWatch heap = HeapWatch.start();
        long took = timed(() -> runJob(deployment, jobs.startImport(store, job.jobId())));
        long peak = heap.stop();
        Job done = jobs.get(store, job.jobId());
        System.out.printf("import: %,d users (MD5 hashes, uniqueness guards) %,.0f users/s = %.2fx the bare write time"
                        + " (%.2fx the user items alone, %.2fx the bare transactions); inserted %,d failed %,d; live heap +%d MB%n", count,
                count / (took / 1e9), (double) took / bare, (double) took / bareUsers, (double) took / floor, done.counts().inserted(),
                done.counts().failed(), peak >> 20);
    }

    /**
     * The same N generated users in each format (FormatBench's files) through the whole import: upload, worker,
     * validation, transactions. ROSTER is the baseline: a format's ratio is what reading it as it is costs on top.
     * {@code --import-format KEYCLOAK} (a label's start) imports that format alone, for a long run at a large N.
     */
    private static void importFormats(LocalDeployment deployment, int count, String only) throws Exception {
        JobService jobs = deployment.services().jobs();
        double baseline = 0;
        for (FormatBench.Case c : FormatBench.CASES) {
            if (!c.label().startsWith(only)) {
                continue;
            }
            java.nio.file.Path file = java.nio.file.Files.createTempFile("roster-bench-import", "." + c.extension());
            try {
                try (java.io.BufferedWriter writer = java.nio.file.Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                    FormatBench.write(c, count, writer);
                }
                String store = "bench-fmt-" + c.label().replaceAll("[^A-Za-z0-9]", "").toLowerCase(java.util.Locale.ROOT);
                Job job = jobs.createImportUpload(store, dev.roster.shared.job.ImportOptions.DEFAULTS.withSourceFormat(
                        c.format()));
                deployment.endpoints().s3Client().putObject(b -> b.bucket(LocalDeployment.BUCKET).key(job.inputKey()),
                        file);
                HeapWatch heap = HeapWatch.start();
                long took = timed(() -> runJob(deployment, jobs.startImport(store, job.jobId())));
                long peak = heap.stop();
                Job done = jobs.get(store, job.jobId());
                double rate = count / (took / 1e9);
                boolean roster = c.format() == dev.roster.shared.imports.source.SourceFormat.ROSTER;
                baseline = roster ? rate : baseline;
                String ratio = roster ? " = 1.00x ROSTER's time  [baseline]"
                        : baseline == 0 ? "" : String.format(" = %.2fx ROSTER's time", baseline / rate);
                System.out.printf("formats-import: %-26s %,d users %,.0f users/s%s; inserted %,d failed %,d; %d"
                                + " segments; live heap +%d MB%n", c.label(), count, rate, ratio,
                        done.counts().inserted(), done.counts().failed(), done.segment() + 1, peak >> 20);
            } finally {
                java.nio.file.Files.deleteIfExists(file);
            }
        }
    }

    // ---- API latency --------------------------------------------------------------------------------------

    private static void api(LocalDeployment deployment) throws Exception {
        int concurrency = 8;
        int perThread = 50;
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String base = "http://127.0.0.1:" + deployment.port() + "/userstores/bench-api/users";
        List<String> ids = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicLong sequence = new AtomicLong();
        long[] create = load(concurrency, perThread, () -> {
            long n = sequence.incrementAndGet();
            HttpResponse<String> r = send(http, HttpRequest.newBuilder(URI.create(base)).POST(HttpRequest.BodyPublishers
                    .ofString("{\"UserName\":\"api" + n + "\",\"Email\":\"api" + n + "@example.com\",\"PhoneNumber\":"
                            + "\"+1-555-" + (2_000_000 + n) + "\",\"Password\":\"correct horse battery\"}")).build());
            ids.add(Json.parseObject(r.body()).get("User").get("UserId").asText());
        });
        long[] get = load(concurrency, perThread, () -> send(http, HttpRequest.newBuilder(URI.create(base + "/"
                + ids.get((int) (Math.random() * ids.size())))).GET().build()));
        long[] update = load(concurrency, perThread, () -> send(http, HttpRequest.newBuilder(URI.create(base + "/"
                        + ids.get((int) (Math.random() * ids.size()))))
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"Nickname\":\"n" + Math.random() + "\"}")).build()));
        DynamoDbClient dynamo = deployment.dynamo();
        long[] direct = load(concurrency, perThread, () -> {
            String id = ids.get((int) (Math.random() * ids.size()));
            dynamo.getItem(b -> b.tableName(LocalDeployment.TABLE).key(TableLayout.userKey("bench-api", id)));
        });
        System.out.printf("api:    direct DynamoDB GetItem p50 %.1f ms p99 %.1f ms (%d concurrent)  [baseline]%n",
                ms(direct, 50), ms(direct, 99), concurrency);
        print("get", get, direct);
        print("update", update, direct);
        print("create", create, direct);
        System.out.printf("api:    (create includes argon2id m=%d KiB, t=%d: the deliberate cost of a password)%n",
                PasswordHasher.DEFAULT_MEMORY_KIB, PasswordHasher.DEFAULT_ITERATIONS);
    }

    /**
     * What the exact per-store limit (STORE_REQUESTS_PER_SECOND: one conditional UpdateItem per request) adds to a
     * request: the same GET through a second deployment with the limit on (set high, so nothing is refused) against
     * this one without it, measured alternately in the same run.
     */
    private static void storeLimitCost(LocalDeployment deployment, EmbeddedAws aws, RosterConfig config)
            throws Exception {
        try (LocalDeployment limited = new LocalDeployment(aws.endpoints(),
                config.withStoreRequestsPerSecond(1_000_000), "127.0.0.1", 0,
                LocalDeployment.Options.defaults().withoutWorkers())) {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            HttpResponse<String> created = send(http, HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + deployment.port() + "/userstores/bench-limit/users")).POST(HttpRequest.BodyPublishers.ofString(
                    "{\"UserName\":\"limit\",\"Email\":\"limit@example.com\",\"PhoneNumber\":\"+1-555-0199\","
                            + "\"Password\":\"correct horse battery\"}")).build());
            String path = "/userstores/bench-limit/users/"
                    + Json.parseObject(created.body()).get("User").get("UserId").asText();
            URI without = URI.create("http://127.0.0.1:" + deployment.port() + path);
            URI with = URI.create("http://127.0.0.1:" + limited.port() + path);
            load(1, 50, () -> send(http, HttpRequest.newBuilder(with).GET().build()));
            long[] off = load(4, 100, () -> send(http, HttpRequest.newBuilder(without).GET().build()));
            long[] on = load(4, 100, () -> send(http, HttpRequest.newBuilder(with).GET().build()));
            System.out.printf("api:    a GET without the exact per-store limit p50 %.1f ms  [baseline]%n", ms(off, 50));
            System.out.printf("api:    the same GET with it (one conditional UpdateItem) p50 %.1f ms = %.2fx, p99 %.1f ms"
                    + " = %.2fx%n", ms(on, 50), ms(on, 50) / ms(off, 50), ms(on, 99), ms(on, 99) / ms(off, 99));
        }
    }

    // ---- numbered listing cost -----------------------------------------------------------------------------

    /**
     * Tencent's ListUser and Auth0's user list (a numbered page and the store's total) on a small and a large store:
     * the total comes from the store's counter and the page reads only up to its end, so the two should cost alike.
     */
    private static void listCost(LocalDeployment deployment) throws Exception {
        DynamoDbClient dynamo = deployment.dynamo();
        dev.roster.shared.user.UserService users = deployment.services().users();
        int small = 100;
        int large = 5_000;
        seed(dynamo, "bench-list-small", small, THREADS, false);
        seed(dynamo, "bench-list-large", large, THREADS, false);
        // Stores seeded straight into the table have no counter yet: their first listing counts them, once.
        long firstCount = timed(() -> users.page("bench-list-large", List.of(), 1, 1));
        users.page("bench-list-small", List.of(), 1, 1);
        long[] smallFirst = load(1, 200, () -> users.page("bench-list-small", List.of(), 1, 1));
        long[] largeFirst = load(1, 200, () -> users.page("bench-list-large", List.of(), 1, 1));
        long[] largeDeep = load(1, 100, () -> users.page("bench-list-large", List.of(), 100, 10));
        long[] rest = load(1, 200, () -> users.list("bench-list-large", new UserQuery(1, null, null, null, null, null)));
        System.out.printf("list:   REST ListUsers PageSize 1 on %,d users p50 %.1f ms  [baseline]%n", large, ms(rest, 50));
        System.out.printf("list:   numbered page 1 of size 1 with Total: %,d users p50 %.1f ms, %,d users p50 %.1f ms"
                + " = %.2fx (the store is %dx larger)%n", small, ms(smallFirst, 50), large, ms(largeFirst, 50),
                ms(largeFirst, 50) / ms(smallFirst, 50), large / small);
        System.out.printf("list:   numbered page 100 of size 10 (offset 990) on %,d users p50 %.1f ms = %.1fx page 1;"
                + " the one-time count of a store without a counter took %.0f ms%n", large, ms(largeDeep, 50),
                ms(largeDeep, 50) / ms(largeFirst, 50), firstCount / 1e6);
    }

    private static void print(String name, long[] latencies, long[] baseline) {
        System.out.printf("api:    %-6s through HTTP p50 %.1f ms (%.1fx) p99 %.1f ms (%.1fx)%n", name, ms(latencies, 50),
                ms(latencies, 50) / ms(baseline, 50), ms(latencies, 99), ms(latencies, 99) / ms(baseline, 99));
    }

    // ---- cold start and CreateUser in a fresh JVM ----------------------------------------------------------

    /** A JIT configuration of the child JVMs. */
    private record Jit(String label, List<String> flags) {
    }

    /** template.yaml's JAVA_TOOL_OPTIONS (tiered compilation stopped at C1), then the JVM's own default. */
    private static final List<Jit> JITS = List.of(
            new Jit("C1-only", List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1")),
            new Jit("default JIT", List.of()));
    /** Fresh JVMs per handler and JIT; the run with the median first answer is printed. */
    private static final int COLD_RUNS = 3;

    /**
     * What {@link ColdStart} printed: ms from JVM start to the first answer, heap, classes, status, CPU ms of the whole
     * process, and ms of the first request alone (after the constructor: what SnapStart does not take away).
     */
    private record Cold(long millis, long heap, int classes, int status, long cpuMillis, long requestMillis) {
    }

    private static void coldStarts(EmbeddedAws aws) throws Exception {
        String classpath = System.getProperty("java.class.path");
        String events = eventsDirectory();
        String constant = ColdStart.ConstantHandler.class.getName();
        // {class, event file}. The Tencent and Auth0 doors get an unsigned API Gateway event and refuse it (Tencent's
        // errors come with status 200): their init and the refusal are measured. The SQS message names a job that
        // does not exist: the worker drops it (DONE), the dead-letter handler finds nothing to fail.
        String[][] probes = {{constant, null}, {"UsersHandler", "get-user.json"}, {"JobsHandler", "list-jobs.json"},
                {"TencentApiHandler", "list-users.json"}, {"Auth0ApiHandler", "list-users.json"},
                {"JobWorkerHandler", "sqs-job-message.json"}, {"JobDeadLetterHandler", "sqs-job-message.json"}};
        List<List<List<Cold>>> runs = new ArrayList<>();
        for (String[] ignored : probes) {
            runs.add(List.of(new ArrayList<>(), new ArrayList<>()));
        }
        // Interleaved, and each round in the other JIT order, so the machine's drift falls on both alike.
        for (int round = 0; round < COLD_RUNS; round++) {
            for (int p = 0; p < probes.length; p++) {
                for (int k = 0; k < JITS.size(); k++) {
                    int j = round % 2 == 0 ? k : JITS.size() - 1 - k;
                    String handler = probes[p][0].equals(constant) ? constant : "dev.roster.functions." + probes[p][0];
                    runs.get(p).get(j).add(coldStart(aws, classpath, JITS.get(j), handler,
                            probes[p][1] == null ? null : events + probes[p][1]));
                }
            }
        }
        Cold[] baseline = {median(runs.get(0).get(0)), median(runs.get(0).get(1))};
        System.out.printf("cold:   constant handler:  %s first answer %d ms after JVM start (median of %d JVMs)"
                        + " | %s %d ms, heap %d MB, %d classes  [baseline]%n", JITS.get(0).label(), baseline[0].millis(),
                COLD_RUNS, JITS.get(1).label(), baseline[1].millis(), baseline[0].heap() >> 20, baseline[0].classes());
        for (int p = 1; p < probes.length; p++) {
            Cold c1 = median(runs.get(p).get(0));
            Cold standard = median(runs.get(p).get(1));
            System.out.printf("cold:   %-20s %s first answer %s (%.1fx) request %d ms cpu %d ms | %s %s (%.1fx) request"
                            + " %d ms cpu %d ms, heap %d MB, %d classes%s%n", probes[p][0], JITS.get(0).label(),
                    millis(c1), (double) c1.millis() / baseline[0].millis(), c1.requestMillis(), c1.cpuMillis(),
                    JITS.get(1).label(), millis(standard), (double) standard.millis() / baseline[1].millis(),
                    standard.requestMillis(), standard.cpuMillis(), c1.heap() >> 20, c1.classes(),
                    answered(c1, standard));
        }
    }

    /** Nothing when both JVMs answered 2xx, else the statuses (a 404 for a user that does not exist is expected). */
    private static String answered(Cold c1, Cold standard) {
        if (c1.status() / 100 == 2 && standard.status() / 100 == 2) {
            return "";
        }
        return ", answered " + c1.status() + (c1.status() == standard.status() ? "" : " | " + standard.status());
    }

    private static String millis(Cold cold) {
        return cold.millis() < 0 ? "FAILED" : cold.millis() + " ms";
    }

    /** The run with the median first answer; a failed run if any failed, so that no failure hides in a median. */
    private static Cold median(List<Cold> runs) {
        for (Cold run : runs) {
            if (run.millis() < 0) {
                return run;
            }
        }
        List<Cold> sorted = new ArrayList<>(runs);
        sorted.sort(java.util.Comparator.comparingLong(Cold::millis));
        return sorted.get(sorted.size() / 2);
    }

    private static Cold coldStart(EmbeddedAws aws, String classpath, Jit jit, String handler, String event)
            throws Exception {
        List<String> command = new ArrayList<>(List.of(handler));
        if (event != null) {
            command.add(event);
        }
        String[] parts = runChild(aws, classpath, jit, ColdStart.class, command).trim().split(" ");
        if (parts.length != 6 || !parts[0].chars().allMatch(Character::isDigit)) {
            return new Cold(-1, 0, 0, 0, 0, 0);
        }
        return new Cold(Long.parseLong(parts[0]), Long.parseLong(parts[1]), Integer.parseInt(parts[2]),
                Integer.parseInt(parts[3]), Long.parseLong(parts[4]), Long.parseLong(parts[5]));
    }

    /**
     * CreateUser through UsersHandler in a fresh JVM per JIT ({@link CreateUserLatency}): the first request, then the
     * p50 and max of 10 more, each a new user with argon2id at the production cost; the median of 3 bare
     * hashes in the same JVM after them; and the CPU time the whole JVM used (JIT threads included).
     */
    private static void createLatency(LocalDeployment deployment, EmbeddedAws aws) throws Exception {
        int measured = 10;
        // DynamoDB Local's own JIT warms up on its first transactions: let that happen before either JVM is timed.
        for (int i = 0; i < 3; i++) {
            deployment.services().users().create("bench-create-warmup", new NewUser("w" + i, "w" + i + "@example.com",
                    "+1-555-" + (3_000_000 + i), "correct horse battery", Map.of(), null, List.of(), List.of(),
                    List.of()));
        }
        String classpath = System.getProperty("java.class.path");
        String[][] results = new String[JITS.size()][];
        for (int j = 0; j < JITS.size(); j++) {
            String last = runChild(aws, classpath, JITS.get(j), CreateUserLatency.class,
                    List.of(eventsDirectory() + "create-user.json", Integer.toString(measured)));
            results[j] = last.trim().split(" ");
            if (results[j].length != 6 || !results[j][0].chars().allMatch(Character::isDigit)) {
                System.out.printf("create: UsersHandler CreateUser with %s FAILED: %s%n", JITS.get(j).label(), last);
                return;
            }
            if (Integer.parseInt(results[j][0]) != PasswordHasher.DEFAULT_ITERATIONS) {
                throw new IllegalStateException("the child hashed with " + results[j][0] + " iterations");
            }
        }
        StringBuilder line = new StringBuilder(String.format("create: UsersHandler CreateUser, fresh JVM, 1 + %d"
                + " requests, argon2id m=%d KiB, t=%d:", measured, PasswordHasher.DEFAULT_MEMORY_KIB,
                PasswordHasher.DEFAULT_ITERATIONS));
        for (int j = 0; j < JITS.size(); j++) {
            String[] r = results[j];
            line.append(j == 0 ? " " : " | ").append(String.format("%s first %.0f ms p50 %.0f ms max %.0f ms"
                    + " (argon2id alone %.0f ms) cpu %s ms", JITS.get(j).label(), Double.parseDouble(r[1]),
                    Double.parseDouble(r[2]), Double.parseDouble(r[3]), Double.parseDouble(r[4]), r[5]));
        }
        double ratio = Double.parseDouble(results[0][2]) / Double.parseDouble(results[1][2]);
        line.append(String.format(" = p50 %.1fx %s with the %s", ratio >= 1 ? ratio : 1 / ratio,
                ratio >= 1 ? "faster" : "slower", JITS.get(1).label()));
        System.out.println(line);
    }

    private static String eventsDirectory() {
        return new File("events").isDirectory() ? "events/" : "../events/";
    }

    /**
     * Runs {@code main} in a child JVM with the given JIT and the environment Lambda would give a function of the
     * local stack (endpoints, keys, table, the production argon2id cost); returns the last line it printed.
     */
    private static String runChild(EmbeddedAws aws, String classpath, Jit jit, Class<?> main, List<String> args)
            throws Exception {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(jit.flags());
        command.addAll(List.of("-cp", classpath, main.getName()));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        // Only the JIT flags above count: nothing from this shell's JVM options may reach the child.
        env.remove("JAVA_TOOL_OPTIONS");
        env.remove("JDK_JAVA_OPTIONS");
        env.remove("_JAVA_OPTIONS");
        env.put("AWS_REGION", EmbeddedAws.REGION);
        env.put("AWS_ACCESS_KEY_ID", EmbeddedAws.ACCESS_KEY);
        env.put("AWS_SECRET_ACCESS_KEY", EmbeddedAws.SECRET_KEY);
        env.put("AWS_ENDPOINT_URL_DYNAMODB", aws.endpoints().dynamo().toString());
        env.put("AWS_ENDPOINT_URL_SQS", aws.endpoints().sqs().toString());
        env.put("AWS_ENDPOINT_URL_S3", aws.endpoints().s3().toString());
        env.put(RosterConfig.TABLE_NAME, LocalDeployment.TABLE);
        env.put(RosterConfig.JOBS_QUEUE_URL, "http://unused");
        env.put(RosterConfig.EXPORT_BUCKET, LocalDeployment.BUCKET);
        env.put(RosterConfig.PASSWORD_HASH_ITERATIONS, Integer.toString(PasswordHasher.DEFAULT_ITERATIONS));
        env.put(RosterConfig.PASSWORD_HASH_MEMORY_KIB, Integer.toString(PasswordHasher.DEFAULT_MEMORY_KIB));
        env.put(RosterConfig.TENCENT_CREDENTIALS, "AKIDbench:bench");
        env.put(RosterConfig.AUTH0_TOKENS, "{}");
        Process process = builder.start();
        String last = "";
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                last = line;
            }
        }
        process.waitFor();
        return last;
    }

    // ---- helpers ------------------------------------------------------------------------------------------

    static void seed(DynamoDbClient dynamo, String store, int count, int threads) {
        seed(dynamo, store, count, threads, false);
    }

    /**
     * Writes each user with its 3 guard items as the import does, 25 users to a TransactWriteItems call, every put
     * conditional on the item being new, but without reading, validating or counting anything: the floor, on this
     * DynamoDB, of any import that keeps identifiers unique atomically.
     */
    static void transact(DynamoDbClient dynamo, String store, int count, int threads) {
        inParallel(count, threads, (from, to) -> {
            List<TransactWriteItem> items = new ArrayList<>(100);
            for (int i = from; i < to; i++) {
                User user = benchUser(store, i);
                items.add(conditionalPut(UserItemMapper.toItem(user)));
                for (UniqueKey key : UniqueKey.values()) {
                    items.add(conditionalPut(UserItemMapper.guardItem(user, key)));
                }
                if (items.size() == 100 || i == to - 1) {
                    List<TransactWriteItem> request = items;
                    dynamo.transactWriteItems(b -> b.transactItems(request));
                    items = new ArrayList<>(100);
                }
            }
        });
    }

    /** Runs {@code range} over {@code count} users split into one contiguous range per thread, and waits. */
    private static void inParallel(int count, int threads, java.util.function.BiConsumer<Integer, Integer> range) {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> ranges = new ArrayList<>();
        int chunk = (count + threads - 1) / threads;
        for (int t = 0; t < threads; t++) {
            int from = t * chunk;
            int to = Math.min(count, from + chunk);
            ranges.add(pool.submit(() -> range.accept(from, to)));
        }
        try {
            for (Future<?> done : ranges) {
                done.get();
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            pool.shutdown();
        }
    }

    private static TransactWriteItem conditionalPut(Map<String, AttributeValue> item) {
        return TransactWriteItem.builder().put(Put.builder().tableName(LocalDeployment.TABLE).item(item)
                .conditionExpression("attribute_not_exists(pk)").build()).build();
    }

    private static User benchUser(String store, int i) {
        return User.builder(store, UUID.randomUUID().toString().replace("-", "")).userName("user" + i)
                .email("user" + i + "@example.com").phoneNumber("+1-555-" + (1_000_000 + i))
                .profile(Map.of("Nickname", "nick " + i)).birthdate(631152000000L)
                .customAttributes(List.of(new CustomAttribute("plan", "gold", "STRING")))
                .dataSource(User.SOURCE_ADMIN).createdAt(1_700_000_000_000L).build();
    }

    /** Writes {@code count} users with BatchWriteItem, 25 items a request; with their guard items when asked. */
    static void seed(DynamoDbClient dynamo, String store, int count, int threads, boolean withGuards) {
        inParallel(count, threads, (from, to) -> {
            List<WriteRequest> batch = new ArrayList<>(25);
            for (int i = from; i < to; i++) {
                User user = benchUser(store, i);
                List<Map<String, AttributeValue>> items = new ArrayList<>(4);
                items.add(UserItemMapper.toItem(user));
                if (withGuards) {
                    for (UniqueKey key : UniqueKey.values()) {
                        items.add(UserItemMapper.guardItem(user, key));
                    }
                }
                for (int k = 0; k < items.size(); k++) {
                    batch.add(WriteRequest.builder().putRequest(PutRequest.builder().item(items.get(k)).build())
                            .build());
                    if (batch.size() == 25 || (i == to - 1 && k == items.size() - 1)) {
                        write(dynamo, batch);
                        batch = new ArrayList<>(25);
                    }
                }
            }
        });
    }

    private static void write(DynamoDbClient dynamo, List<WriteRequest> batch) {
        Map<String, List<WriteRequest>> pending = Map.of(LocalDeployment.TABLE, batch);
        while (!pending.isEmpty()) {
            Map<String, List<WriteRequest>> request = pending;
            BatchWriteItemResponse response = dynamo.batchWriteItem(b -> b.requestItems(request));
            pending = response.hasUnprocessedItems() ? response.unprocessedItems() : Map.of();
        }
    }

    private static void runJob(LocalDeployment deployment, Job job) {
        JobService jobs = deployment.services().jobs();
        while (true) {
            Job now = jobs.get(job.userStoreId(), job.jobId());
            if (!now.isActive()) {
                if (!Job.COMPLETED.equals(now.status())) {
                    throw new IllegalStateException("bench job failed: " + now.errorDetails());
                }
                return;
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private interface Step {
        void run() throws Exception;
    }

    private static long timed(Step step) throws Exception {
        long start = System.nanoTime();
        step.run();
        return System.nanoTime() - start;
    }

    private static long[] load(int threads, int perThread, Step request) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Callable<long[]>> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            workers.add(() -> {
                long[] latencies = new long[perThread];
                for (int i = 0; i < perThread; i++) {
                    long start = System.nanoTime();
                    request.run();
                    latencies[i] = System.nanoTime() - start;
                }
                return latencies;
            });
        }
        long[] all = new long[threads * perThread];
        int k = 0;
        for (Future<long[]> f : pool.invokeAll(workers)) {
            for (long l : f.get()) {
                all[k++] = l;
            }
        }
        pool.shutdown();
        Arrays.sort(all);
        return all;
    }

    private static double ms(long[] sorted, int percentile) {
        return sorted[Math.min(sorted.length - 1, sorted.length * percentile / 100)] / 1e6;
    }

    private static HttpResponse<String> send(HttpClient http, HttpRequest request) throws Exception {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(response.statusCode() + " " + response.body());
        }
        return response;
    }

    /**
     * The live heap while a step runs: the most memory in use right after any garbage collection (what a worker
     * really holds), above what was live when it started. Raw "used heap" would count garbage not yet collected.
     */
    static final class HeapWatch {
        private final Thread thread;
        private final long base;
        private volatile long peak;
        private volatile boolean running = true;

        private HeapWatch() {
            System.gc();
            base = liveAfterGc();
            thread = new Thread(() -> {
                while (running) {
                    peak = Math.max(peak, liveAfterGc());
                    try {
                        Thread.sleep(5);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "heap-watch");
            thread.setDaemon(true);
            thread.start();
        }

        static HeapWatch start() {
            return new HeapWatch();
        }

        long stop() throws InterruptedException {
            running = false;
            thread.join();
            return Math.max(0, peak - base);
        }

        private static long liveAfterGc() {
            long used = 0;
            for (java.lang.management.MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                java.lang.management.MemoryUsage afterGc = pool.getCollectionUsage();
                if (pool.getType() == java.lang.management.MemoryType.HEAP && afterGc != null) {
                    used += afterGc.getUsed();
                }
            }
            return used;
        }
    }
}
