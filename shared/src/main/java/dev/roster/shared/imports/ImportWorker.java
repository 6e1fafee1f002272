package dev.roster.shared.imports;

import com.fasterxml.jackson.databind.JsonNode;
import dev.roster.shared.error.ConflictException;
import dev.roster.shared.error.InvalidRequestException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roster.shared.job.FailurePoint;
import dev.roster.shared.job.ImportFiles;
import dev.roster.shared.job.Job;
import dev.roster.shared.job.JobRunner;
import dev.roster.shared.job.JobStore;
import dev.roster.shared.job.WorkResult;
import dev.roster.shared.json.Json;
import dev.roster.shared.security.PasswordHasher;
import dev.roster.shared.user.ImportUserInput;
import dev.roster.shared.user.StaleUserException;
import dev.roster.shared.user.UniqueKey;
import dev.roster.shared.user.User;
import dev.roster.shared.user.UserStore;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Performs one delivery of an import job: streams the NDJSON input (gzip'd or not) line by line, validates and
 * hashes each record, and inserts them 24 to a transaction on a few threads. Every record's user id is derived from
 * the job and its line (or kept from the record), and every user is marked with them, so a redelivery recognises what
 * an earlier one inserted: nobody is created twice, and
 * failures are stored per line, so nobody is reported twice either. Memory holds only the batches in flight.
 * <p>An import that would outlast its invocation stops at a checkpoint, as an export does: it lets the batches in
 * flight finish and returns the last line it handled with the counts so far; the runner saves that and enqueues the
 * next segment, which reads on from the line after it. A retried segment starts again from its own checkpoint, so its counts stay exact.
 * <p>The file is untrusted: every read of it (each segment, each retry) asks S3 for the version the job was pinned to
 * when it started, and a file that holds more than {@link ImportLimits} allows fails the job instead of the worker.
 * Memory stays bounded whatever the file holds: one line of at most the line cap being read, and at most
 * {@code 2 * THREADS + 1} batches of 25 lines waiting or being written (with the default 1 MiB cap, about 225 MiB in
 * the worst case; real records of under 2 KB take well under 1 MiB).
 */
public final class ImportWorker implements JobRunner.Work {

    /** 4 items a user (the user and its 3 guards) and the store's counter: a transaction holds 100. */
    public static final int USERS_PER_TRANSACTION = 24;
    /** A retry also checks each user's tombstone: 5 items a user, and the counter. */
    public static final int USERS_PER_RETRY_TRANSACTION = 19;
    static final int THREADS = 4;
    static final int PROGRESS_EVERY = 5_000;
    static final int FAILURE_POINT_EVERY = 1_000;
    /** How often (in records read) the worker asks whether its segment should end: at the first batch boundary after. */
    static final int BUDGET_CHECK_EVERY = 1_000;
    private static final int FAILURE_FLUSH = 100;

    private final JobStore jobs;
    private final UserStore users;
    private final S3Client s3;
    private final String bucket;
    private final PasswordHasher hasher;
    private final Clock clock;
    private final Duration segmentBudget;
    private final FailurePoint failurePoint;
    private final ImportLimits limits;

    public ImportWorker(JobStore jobs, UserStore users, S3Client s3, String bucket, PasswordHasher hasher, Clock clock, Duration segmentBudget, FailurePoint failurePoint,
                        ImportLimits limits) {
        this.jobs = jobs;
        this.users = users;
        this.s3 = s3;
        this.bucket = bucket;
        this.hasher = hasher;
        this.clock = clock;
        this.segmentBudget = segmentBudget;
        this.failurePoint = failurePoint;
        this.limits = limits;
    }

    /** Where a segment resumes: after a line, with the counts of everything up to it. */
    record Checkpoint(long afterLine, long inserted, long failed, long total, long updated) {

        static final Checkpoint START = new Checkpoint(0, 0, 0, 0, 0);

        String toJson() {
            ObjectNode node = Json.MAPPER.createObjectNode();
            node.put("AfterLine", afterLine);
            node.put("Inserted", inserted);
            node.put("Failed", failed);
            node.put("Total", total);
            node.put("Updated", updated);
            return node.toString();
        }

        static Checkpoint of(Job job) {
            if (job.checkpoint() == null) {
                return START;
            }
            JsonNode node = Json.parseObject(job.checkpoint());
            return new Checkpoint(node.get("AfterLine").asLong(), node.get("Inserted").asLong(),
                    node.get("Failed").asLong(), node.get("Total").asLong(), node.path("Updated").asLong(0));
        }
    }

    /** The id an import gives the user on a line: the same on every delivery of the job. */
    public static String userId(String jobId, long line) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((jobId + "#" + line).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private record Line(long number, String text, boolean utf8) {
    }

    /** What one delivery has counted so far, shared by its threads. */
    private final class Tally {
        final AtomicLong inserted;
        final AtomicLong failed;
        final AtomicLong updated;
        final List<JobStore.LineFailure> pending = new ArrayList<>();
        final Job job;

        Tally(Job job, Checkpoint from) {
            this.job = job;
            this.inserted = new AtomicLong(from.inserted());
            this.failed = new AtomicLong(from.failed());
            this.updated = new AtomicLong(from.updated());
        }

        /** A failed line: who, the error's code and message, the field at fault if known, the record if one. */
        void fail(long line, String identification, String code, String message, String path, JsonNode record) {
            failed.incrementAndGet();
            List<JobStore.LineFailure> flush = null;
            synchronized (pending) {
                pending.add(new JobStore.LineFailure(line, identification == null ? "line " + line : identification,
                        code, message, path, FailedRecord.of(record)));
                if (pending.size() >= FAILURE_FLUSH) {
                    flush = new ArrayList<>(pending);
                    pending.clear();
                }
            }
            if (flush != null) {
                jobs.putFailures(job, flush);
            }
        }

        void flush() {
            List<JobStore.LineFailure> rest;
            synchronized (pending) {
                rest = new ArrayList<>(pending);
                pending.clear();
            }
            if (!rest.isEmpty()) {
                jobs.putFailures(job, rest);
            }
        }
    }

    @Override
    public WorkResult perform(Job job, int attempt, LongSupplier remainingMillis) {
        Checkpoint from = Checkpoint.of(job);
        Tally tally = new Tally(job, from);
        long total = from.total();
        long deadline = JobRunner.segmentDeadline(clock, segmentBudget, remainingMillis);
        long stoppedAfter = -1;
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        Semaphore inFlight = new Semaphore(THREADS * 2);
        List<Future<?>> running = new ArrayList<>();
        // A first delivery cannot meet a user it inserted itself and someone deleted; a retry can, and must leave
        // that user deleted.
        boolean retry = attempt > 1;
        int perTransaction = retry ? USERS_PER_RETRY_TRANSACTION : USERS_PER_TRANSACTION;
        try (BoundedLineReader reader = open(job, attempt)) {
            List<Line> batch = new ArrayList<>(perTransaction);
            long number = 0;
            long read = 0;
            long nextBudgetCheck = BUDGET_CHECK_EVERY;
            for (String text = reader.readLine(); text != null; text = reader.readLine()) {
                number++;
                if (number <= from.afterLine() || text.isBlank()) {
                    // Earlier segments handled these lines (S3 cannot seek inside gzip; skipping lines is cheap).
                    continue;
                }
                if (batch.isEmpty() && read >= nextBudgetCheck) {
                    nextBudgetCheck = read + BUDGET_CHECK_EVERY;
                    if (clock.millis() >= deadline) {
                        stoppedAfter = number - 1;
                        break;
                    }
                }
                read++;
                total++;
                batch.add(new Line(number, text, reader.lastLineWasUtf8()));
                if (batch.size() == perTransaction) {
                    running.add(submit(pool, inFlight, job, batch, tally, retry));
                    batch = new ArrayList<>(perTransaction);
                }
                if (total % FAILURE_POINT_EVERY == 0) {
                    failurePoint.reached(job, "users", total);
                }
                if (total % PROGRESS_EVERY == 0) {
                    // Settle finished batches now: a batch that failed must fail the delivery, not vanish.
                    running.removeIf(task -> task.isDone() && await(task));
                    if (!jobs.recordProgress(job, attempt, total)) {
                        throw new JobRunner.SupersededException();
                    }
                }
            }
            if (!batch.isEmpty()) {
                running.add(submit(pool, inFlight, job, batch, tally, retry));
            }
            for (Future<?> task : running) {
                await(task);
            }
        } catch (BoundedLineReader.LimitExceededException e) {
            throw new JobRunner.PermanentFailure(e.getMessage());
        } catch (ZipException e) {
            // The gzip stream itself is corrupt: every retry would find it so.
            throw new JobRunner.PermanentFailure("The import file is not valid gzip.");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            pool.shutdownNow();
        }
        tally.flush();
        if (stoppedAfter >= 0) {
            // Every line up to here is inserted or failed and counted: the rest is for a new invocation.
            Checkpoint reached = new Checkpoint(stoppedAfter, tally.inserted.get(), tally.failed.get(), total,
                    tally.updated.get());
            return new WorkResult.Stopped(reached.toJson(), total, WorkResult.NOTHING);
        }
        failurePoint.reached(job, "before-complete", total);
        return WorkResult.Completed.importOf(new Job.Counts(tally.inserted.get(), tally.failed.get(), total,
                tally.updated.get()));
    }

    static final String FILE_CHANGED = "The import file changed after the job started.";

    /**
     * The job's file, as lines within the caps: the version the job was pinned to when it started (If-Match, and
     * checked again against the ETag S3 returns); a job started before any pin is pinned to what this read finds.
     */
    private BoundedLineReader open(Job job, int attempt) throws IOException {
        String pinned = job.inputETag();
        ResponseInputStream<GetObjectResponse> raw;
        try {
            raw = s3.getObject(b -> b.bucket(bucket).key(job.inputKey())
                    .ifMatch(pinned == null ? null : ImportFiles.quoted(pinned)));
        } catch (NoSuchKeyException e) {
            throw new JobRunner.PermanentFailure(pinned == null ? "The import file was never uploaded."
                    : "The import file was removed after the job started.");
        } catch (S3Exception e) {
            if (e.statusCode() == 412) {
                throw new JobRunner.PermanentFailure(FILE_CHANGED);
            }
            throw e;
        }
        String read = ImportFiles.unquoted(raw.response().eTag());
        if (pinned != null && !pinned.equals(read)) {
            raw.abort();
            throw new JobRunner.PermanentFailure(FILE_CHANGED);
        }
        if (pinned == null && !jobs.pinInput(job, attempt, read)) {
            raw.abort();
            // Only a newer claim can pin a claimed job (markStarted needs it PENDING): this delivery is stale.
            throw new JobRunner.SupersededException();
        }
        try {
            BufferedInputStream in = new BufferedInputStream(raw, 64 * 1024);
            in.mark(2);
            int first = in.read();
            int second = in.read();
            in.reset();
            InputStream data = first == 0x1f && second == 0x8b ? new GZIPInputStream(in, 64 * 1024) : in;
            return new BoundedLineReader(data, limits.maxDecompressedBytes(), limits.maxLineBytes(), raw::abort);
        } catch (IOException | RuntimeException e) {
            // A gzip header cut short, say: the download is not handed on, so close it here.
            raw.abort();
            raw.close();
            throw e;
        }
    }

    private Future<?> submit(ExecutorService pool, Semaphore inFlight, Job job, List<Line> batch, Tally tally,
                             boolean retry) {
        try {
            inFlight.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return pool.submit(() -> {
            try {
                insert(job, batch, tally, retry);
            } finally {
                inFlight.release();
            }
        });
    }

    /** Validates a batch's records and inserts the valid ones, in layers in which no id or identifier repeats. */
    private void insert(Job job, List<Line> batch, Tally tally, boolean retry) {
        failurePoint.reached(job, "batch", batch.get(0).number());
        long now = clock.millis();
        List<User> layer = new ArrayList<>();
        List<Line> layerLines = new ArrayList<>();
        Set<String> keys = new HashSet<>();
        List<User> parsed = new ArrayList<>();
        List<Line> parsedLines = new ArrayList<>();
        for (Line line : batch) {
            JsonNode record = null;
            try {
                if (!line.utf8()) {
                    throw InvalidRequestException.invalidValue("line " + line.number(), "is not valid UTF-8");
                }
                record = Json.parseObject(line.text());
                User user = ImportUserInput.parse(job.userStoreId(), userId(job.jobId(), line.number()), record, now,
                        hasher).toBuilder().importMarker(job.jobId() + "#" + line.number()).build();
                if (job.upsert() && updated(user, record, now, tally, line)) {
                    continue;
                }
                parsed.add(user);
                parsedLines.add(line);
            } catch (InvalidRequestException e) {
                tally.fail(line.number(), ImportUserInput.identification(record), e.code(), e.getMessage(), e.field(),
                        record);
            } catch (RuntimeException e) {
                // Validation is pure: anything it throws is about this record, which fails alone.
                tally.fail(line.number(), ImportUserInput.identification(record),
                        InvalidRequestException.INVALID_PARAMETER, "the record could not be read.", null, record);
            }
        }
        while (!parsed.isEmpty()) {
            List<User> next = new ArrayList<>();
            List<Line> nextLines = new ArrayList<>();
            for (int i = 0; i < parsed.size(); i++) {
                User user = parsed.get(i);
                // Kept ids may repeat too: a transaction cannot hold one item twice.
                List<String> userKeys = new ArrayList<>(List.of("ID#" + user.userId()));
                for (UniqueKey key : UniqueKey.values()) {
                    String value = key.keyOf(user);
                    if (value != null) {
                        userKeys.add(key + "#" + value);
                    }
                }
                if (userKeys.stream().anyMatch(keys::contains)) {
                    next.add(user);
                    nextLines.add(parsedLines.get(i));
                } else {
                    keys.addAll(userKeys);
                    layer.add(user);
                    layerLines.add(parsedLines.get(i));
                }
            }
            List<ConflictException> outcome = users.insertAll(layer, retry);
            for (int i = 0; i < outcome.size(); i++) {
                ConflictException conflict = outcome.get(i);
                if (conflict == null) {
                    tally.inserted.incrementAndGet();
                } else {
                    User user = layer.get(i);
                    Line line = layerLines.get(i);
                    // The line parsed before; parsed again only for a failure's record.
                    tally.fail(line.number(), identification(user), conflict.code(), conflict.getMessage(),
                            conflict.field(), Json.parseObject(line.text()));
                }
            }
            layer.clear();
            layerLines.clear();
            keys.clear();
            parsed = next;
            parsedLines = nextLines;
        }
    }

    /**
     * An upsert's update: when another user has this record's email, its upsertable fields become the record's
     * (never its id nor its password), by a conditional write, so a concurrent change wins and fails this line. A
     * user this very line inserted in an earlier delivery is left to the insert, which counts it as inserted; a
     * redelivery updating the same user again writes the same values, and the segment's counts start again from
     * its checkpoint, so each update is counted once. False when there is no one to update.
     */
    private boolean updated(User user, JsonNode record, long now, Tally tally, Line line) {
        if (user.email() == null) {
            return false;
        }
        Optional<User> existing = users.findUserId(user.userStoreId(), UniqueKey.EMAIL, user.email())
                .flatMap(id -> users.find(user.userStoreId(), id));
        if (existing.isEmpty() || Objects.equals(existing.get().importMarker(), user.importMarker())) {
            return false;
        }
        User current = existing.get();
        try {
            users.replace(current, ImportUserInput.upserted(current, user, record, now));
            tally.updated.incrementAndGet();
        } catch (StaleUserException e) {
            tally.fail(line.number(), user.email(), ConflictException.VERSION_CONFLICT,
                    "The user changed while the import updated it.", "Email", record);
        } catch (ConflictException e) {
            tally.fail(line.number(), user.email(), e.code(), e.getMessage(), e.field(), record);
        }
        return true;
    }

    private static String identification(User user) {
        if (user.userName() != null) {
            return user.userName();
        }
        if (user.email() != null) {
            return user.email();
        }
        return user.phoneNumber();
    }

    /** Waits for a batch; rethrows what failed it. Always true, to serve as a filter. */
    private static boolean await(Future<?> task) {
        try {
            task.get();
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        }
    }
}
