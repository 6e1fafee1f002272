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
import dev.roster.shared.json.JsonFields;
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

import dev.roster.shared.imports.source.RecordReader;
import dev.roster.shared.imports.source.SourceRecord;
import dev.roster.shared.job.ImportOptions;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
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
import java.util.function.Supplier;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Performs one delivery of an import job: streams the input (gzip'd or not) record by record through the job's
 * {@link dev.roster.shared.imports.source.SourceFormat}, validates and hashes each record, settles those that match an
 * existing user as the job's {@link ImportOptions.Mode} says (update, skip, or fail), and inserts the rest 24 to a
 * transaction on a few threads; a dry run writes no user and reports per record what the import would do. Every record's user id is derived from
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

    /** Where a segment resumes: after a record, with the counts of everything up to it. */
    record Checkpoint(long afterLine, long inserted, long failed, long total, long updated, long skipped) {

        static final Checkpoint START = new Checkpoint(0, 0, 0, 0, 0, 0);

        String toJson() {
            ObjectNode node = Json.MAPPER.createObjectNode();
            node.put("AfterLine", afterLine);
            node.put("Inserted", inserted);
            node.put("Failed", failed);
            node.put("Total", total);
            node.put("Updated", updated);
            node.put("Skipped", skipped);
            return node.toString();
        }

        /** A job's checkpoint; one saved before a count existed reads it as 0. */
        static Checkpoint of(Job job) {
            if (job.checkpoint() == null) {
                return START;
            }
            JsonNode node = Json.parseObject(job.checkpoint());
            return new Checkpoint(node.get("AfterLine").asLong(), node.get("Inserted").asLong(),
                    node.get("Failed").asLong(), node.get("Total").asLong(), node.path("Updated").asLong(0),
                    node.path("Skipped").asLong(0));
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

    /** What one delivery has counted so far, shared by its threads. */
    private final class Tally {
        final AtomicLong inserted;
        final AtomicLong failed;
        final AtomicLong updated;
        final AtomicLong skipped;
        final List<JobStore.LineFailure> pending = new ArrayList<>();
        final List<JobStore.ReportLine> pendingReport = new ArrayList<>();
        final Job job;
        final boolean dryRun;

        Tally(Job job, Checkpoint from) {
            this.job = job;
            this.dryRun = job.importOptions().dryRun();
            this.inserted = new AtomicLong(from.inserted());
            this.failed = new AtomicLong(from.failed());
            this.updated = new AtomicLong(from.updated());
            this.skipped = new AtomicLong(from.skipped());
        }

        /** A failed line: who, the error's code and message, the field at fault if known, the record if one. */
        void fail(long line, String identification, String code, String message, String path, JsonNode record) {
            failed.incrementAndGet();
            String who = identification == null ? job.importOptions().sourceFormat().recordName() + " " + line
                    : identification;
            report(line, DryRun.FAIL, null, who, code, message, path);
            List<JobStore.LineFailure> flush = null;
            synchronized (pending) {
                pending.add(new JobStore.LineFailure(line, who, code, message, path, FailedRecord.of(record)));
                if (pending.size() >= FAILURE_FLUSH) {
                    flush = new ArrayList<>(pending);
                    pending.clear();
                }
            }
            if (flush != null) {
                jobs.putFailures(job, flush);
            }
        }

        /** A dry run's finding for a record (a real import reports nothing but its failures). */
        void report(long line, String action, String userId, String identification, String code, String message,
                    String path) {
            if (!dryRun) {
                return;
            }
            List<JobStore.ReportLine> flush = null;
            synchronized (pendingReport) {
                pendingReport.add(new JobStore.ReportLine(line, action, userId, identification, code, message, path));
                if (pendingReport.size() >= FAILURE_FLUSH) {
                    flush = new ArrayList<>(pendingReport);
                    pendingReport.clear();
                }
            }
            if (flush != null) {
                jobs.putReport(job, flush);
            }
        }

        void flush() {
            List<JobStore.LineFailure> rest;
            List<JobStore.ReportLine> restReport;
            synchronized (pending) {
                rest = new ArrayList<>(pending);
                pending.clear();
            }
            synchronized (pendingReport) {
                restReport = new ArrayList<>(pendingReport);
                pendingReport.clear();
            }
            if (!rest.isEmpty()) {
                jobs.putFailures(job, rest);
            }
            if (!restReport.isEmpty()) {
                jobs.putReport(job, restReport);
            }
        }

        Job.Counts counts(long total) {
            return new Job.Counts(inserted.get(), failed.get(), total, updated.get(), skipped.get());
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
        try (RecordReader reader = open(job, attempt)) {
            List<SourceRecord> batch = new ArrayList<>(perTransaction);
            long read = 0;
            long nextBudgetCheck = BUDGET_CHECK_EVERY;
            for (SourceRecord record = reader.next(); record != null; record = reader.next()) {
                long number = record.number();
                if (number <= from.afterLine()) {
                    // Earlier segments handled these records (S3 cannot seek inside gzip; skipping them is cheap).
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
                batch.add(record);
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
        } catch (InvalidRequestException e) {
            // The file as a whole is not of its format (a reader says so as it opens it): every retry would find it so.
            throw new JobRunner.PermanentFailure(e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            pool.shutdownNow();
        }
        tally.flush();
        if (stoppedAfter >= 0) {
            // Every record up to here is handled and counted: the rest is for a new invocation.
            Checkpoint reached = new Checkpoint(stoppedAfter, tally.inserted.get(), tally.failed.get(), total,
                    tally.updated.get(), tally.skipped.get());
            return new WorkResult.Stopped(reached.toJson(), total, WorkResult.NOTHING);
        }
        failurePoint.reached(job, "before-complete", total);
        return WorkResult.Completed.importOf(tally.counts(total));
    }

    static final String FILE_CHANGED = "The import file changed after the job started.";

    /**
     * The job's file, as records of its source format within the caps: the version the job was pinned to when it
     * started (If-Match, and checked again against the ETag S3 returns); a job started before any pin is pinned to what
     * this read finds. An AUTH0 import with a password-hash file opens that file, pinned the same way, when its reader
     * asks for it.
     */
    private RecordReader open(Job job, int attempt) throws IOException {
        ImportOptions options = job.importOptions();
        ResponseInputStream<GetObjectResponse> raw = download(job.inputKey(), job.inputETag());
        String read = ImportFiles.unquoted(raw.response().eTag());
        if (job.inputETag() == null && !jobs.pinInput(job, attempt, read)) {
            raw.abort();
            // Only a newer claim can pin a claimed job (markStarted needs it PENDING): this delivery is stale.
            throw new JobRunner.SupersededException();
        }
        Supplier<InputStream> passwordHashes = !options.passwordHashes() ? null : () -> {
            try {
                return inflated(download(ImportFiles.passwordHashesKeyFor(job.inputKey()), job.hashesETag()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
        InputStream data = inflated(raw);
        try {
            return options.sourceFormat().open(data, limits, passwordHashes);
        } catch (IOException | RuntimeException e) {
            data.close();
            throw e;
        }
    }

    /** An import file as S3 has it, checked against its pin (when it has one). */
    private ResponseInputStream<GetObjectResponse> download(String key, String pinned) {
        ResponseInputStream<GetObjectResponse> raw;
        try {
            raw = s3.getObject(b -> b.bucket(bucket).key(key)
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
        if (pinned != null && !pinned.equals(ImportFiles.unquoted(raw.response().eTag()))) {
            raw.abort();
            throw new JobRunner.PermanentFailure(FILE_CHANGED);
        }
        return raw;
    }

    /**
     * A download as its bytes, inflated when it is gzip'd; closed before its end (a cap broken, a segment's time up),
     * it aborts the download first, so that closing does not read the rest of a large file just to reuse its
     * connection.
     */
    private static InputStream inflated(ResponseInputStream<GetObjectResponse> raw) throws IOException {
        try {
            InputStream whole = new FilterInputStream(raw) {
                private boolean ended;

                @Override
                public int read() throws IOException {
                    int b = super.read();
                    ended |= b < 0;
                    return b;
                }

                @Override
                public int read(byte[] buffer, int offset, int length) throws IOException {
                    int n = super.read(buffer, offset, length);
                    ended |= n < 0;
                    return n;
                }

                @Override
                public void close() throws IOException {
                    if (!ended) {
                        raw.abort();
                    }
                    super.close();
                }
            };
            BufferedInputStream in = new BufferedInputStream(whole, 64 * 1024);
            in.mark(2);
            int first = in.read();
            int second = in.read();
            in.reset();
            return first == 0x1f && second == 0x8b ? new GZIPInputStream(in, 64 * 1024) : in;
        } catch (IOException | RuntimeException e) {
            // A gzip header cut short, say: the download is not handed on, so close it here.
            raw.abort();
            raw.close();
            throw e;
        }
    }

    private Future<?> submit(ExecutorService pool, Semaphore inFlight, Job job, List<SourceRecord> batch, Tally tally,
                             boolean retry) {
        try {
            inFlight.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return pool.submit(() -> {
            try {
                process(job, batch, tally, retry);
            } finally {
                inFlight.release();
            }
        });
    }

    /** A valid record's user, waiting for its insert. */
    private record Parsed(User user, SourceRecord source) {
    }

    /**
     * Validates a batch's records, settles those that match an existing user as the job's mode says, and inserts the
     * rest (a dry run only checks that it could).
     */
    private void process(Job job, List<SourceRecord> batch, Tally tally, boolean retry) {
        failurePoint.reached(job, "batch", batch.get(0).number());
        ImportOptions options = job.importOptions();
        long now = clock.millis();
        List<Parsed> parsed = new ArrayList<>();
        for (SourceRecord source : batch) {
            if (source.error() != null) {
                InvalidRequestException e = source.error();
                tally.fail(source.number(), who(source), e.code(), e.getMessage(), e.field(), kept(source));
                continue;
            }
            try {
                User user = ImportUserInput.parse(job.userStoreId(), userId(job.jobId(), source.number()),
                        source.record(), now, hasher).toBuilder().importMarker(job.jobId() + "#" + source.number())
                        .build();
                if (!settledAsExisting(job, options, user, source, now, tally)) {
                    parsed.add(new Parsed(user, source));
                }
            } catch (InvalidRequestException | ConflictException e) {
                tally.fail(source.number(), who(source), e.code(), e.getMessage(), e.field(), kept(source));
            } catch (RuntimeException e) {
                // Validation is pure: anything it throws is about this record, which fails alone.
                tally.fail(source.number(), who(source), InvalidRequestException.INVALID_PARAMETER,
                        "the record could not be read.", null, kept(source));
            }
        }
        if (options.dryRun()) {
            parsed.forEach(p -> dryInsert(job, p, tally));
        } else {
            insert(parsed, tally, retry);
        }
    }

    /** Inserts valid records' users, in layers in which no id or identifier repeats. */
    private void insert(List<Parsed> parsed, Tally tally, boolean retry) {
        List<Parsed> layer = new ArrayList<>();
        Set<String> keys = new HashSet<>();
        while (!parsed.isEmpty()) {
            List<Parsed> next = new ArrayList<>();
            for (Parsed candidate : parsed) {
                // Kept ids may repeat too: a transaction cannot hold one item twice.
                List<String> userKeys = claimKeys(candidate.user());
                if (userKeys.stream().anyMatch(keys::contains)) {
                    next.add(candidate);
                } else {
                    keys.addAll(userKeys);
                    layer.add(candidate);
                }
            }
            List<ConflictException> outcome = users.insertAll(layer.stream().map(Parsed::user).toList(), retry);
            for (int i = 0; i < outcome.size(); i++) {
                ConflictException conflict = outcome.get(i);
                if (conflict == null) {
                    tally.inserted.incrementAndGet();
                } else {
                    Parsed failed = layer.get(i);
                    tally.fail(failed.source().number(), identification(failed.user()), conflict.code(),
                            conflict.getMessage(), conflict.field(), kept(failed.source()));
                }
            }
            layer.clear();
            keys.clear();
            parsed = next;
        }
    }

    /** A user's id and unique identifiers, as keys no two users of a transaction (or of a dry run's file) share. */
    private static List<String> claimKeys(User user) {
        List<String> userKeys = new ArrayList<>(List.of("ID#" + user.userId()));
        for (UniqueKey key : UniqueKey.values()) {
            String value = key.keyOf(user);
            if (value != null) {
                userKeys.add(key + "#" + value);
            }
        }
        return userKeys;
    }

    /** A failed record as the job keeps it: what the file gave when its reader kept that, else the record. */
    private static JsonNode kept(SourceRecord source) {
        return source.original() != null ? source.original() : source.record();
    }

    /** Who a record is, for its report and failure: its first identifier, else null (its line then). */
    private static String who(SourceRecord source) {
        String named = ImportUserInput.identification(source.record());
        return named != null ? named : ImportUserInput.identification(source.original());
    }

    /** The code of a record whose id and identifiers belong to different users: which one it means is unclear. */
    public static final String MATCHES_SEVERAL_USERS = "FailedOperation.ImportUserMatchesSeveralUsers";
    /** Dry-run report actions. */
    static final class DryRun {
        static final String INSERT = "INSERT";
        static final String UPDATE = "UPDATE";
        static final String SKIP = "SKIP";
        static final String FAIL = "FAIL";

        private DryRun() {
        }
    }

    /**
     * Settles a record that matches an existing user, as the job's mode says: an update or a skip (a dry run only
     * reports it). A user this very record inserted in an earlier delivery is left to the insert, which counts it as
     * inserted; a redelivery updating the same user again writes the same values, and the segment's counts start
     * again from its checkpoint, so each update (and skip) is counted once. False when the record matches no one and
     * is to be inserted.
     */
    private boolean settledAsExisting(Job job, ImportOptions options, User user, SourceRecord source, long now,
                                      Tally tally) {
        Optional<User> match = switch (options.mode()) {
            case INSERT -> Optional.empty();
            case AUTH0_UPSERT -> user.email() == null ? Optional.<User>empty()
                    : users.findUserId(user.userStoreId(), UniqueKey.EMAIL, user.email())
                    .flatMap(id -> users.find(user.userStoreId(), id));
            case UPSERT, SKIP_EXISTING -> match(user);
        };
        if (match.isEmpty() || Objects.equals(match.get().importMarker(), user.importMarker())) {
            return false;
        }
        User current = match.get();
        long line = source.number();
        if (options.mode() == ImportOptions.Mode.SKIP_EXISTING) {
            tally.skipped.incrementAndGet();
            tally.report(line, DryRun.SKIP, current.userId(), identification(user), null, null, null);
            return true;
        }
        User updated = options.mode() == ImportOptions.Mode.AUTH0_UPSERT
                ? ImportUserInput.upserted(current, user, source.record(), now)
                : ImportUserInput.updated(current, user, source.record(), now, options.replacePasswords());
        if (options.dryRun()) {
            dryUpdate(job, current, updated, source, tally);
            return true;
        }
        try {
            users.replace(current, updated);
            tally.updated.incrementAndGet();
        } catch (StaleUserException e) {
            tally.fail(line, identification(user), ConflictException.VERSION_CONFLICT,
                    "The user changed while the import updated it.",
                    options.mode() == ImportOptions.Mode.AUTH0_UPSERT ? "Email" : null, kept(source));
        } catch (ConflictException e) {
            tally.fail(line, identification(user), e.code(), e.getMessage(), e.field(), kept(source));
        }
        return true;
    }

    /**
     * The existing user a record means: the one with its id, else the one holding its user name, email or phone. A
     * record whose id and identifiers belong to different users fails ({@link #MATCHES_SEVERAL_USERS}).
     */
    private Optional<User> match(User user) {
        Optional<User> byId = users.find(user.userStoreId(), user.userId());
        Set<String> ids = new java.util.LinkedHashSet<>();
        byId.ifPresent(found -> ids.add(found.userId()));
        for (UniqueKey key : UniqueKey.values()) {
            String value = key.keyOf(user);
            if (value != null) {
                users.findUserId(user.userStoreId(), key, value).ifPresent(ids::add);
            }
        }
        if (ids.size() > 1) {
            throw new ConflictException(MATCHES_SEVERAL_USERS, "The record's id and identifiers belong to "
                    + ids.size() + " different users: " + String.join(", ", ids) + ".");
        }
        if (ids.isEmpty()) {
            return Optional.empty();
        }
        return byId.isPresent() ? byId : users.find(user.userStoreId(), ids.iterator().next());
    }

    /**
     * A dry run's insert: what the real one would meet, short of writing. Its id or an identifier already taken in the
     * store fails it, and so does one an earlier record of the file claims (the claims are stored with the job, so
     * they hold across segments and redeliveries).
     */
    private void dryInsert(Job job, Parsed parsed, Tally tally) {
        User user = parsed.user();
        ConflictException conflict = users.find(user.userStoreId(), user.userId()).isPresent() ? userIdTaken() : null;
        for (UniqueKey key : UniqueKey.values()) {
            String value = key.keyOf(user);
            if (conflict == null && value != null && users.findUserId(user.userStoreId(), key, value).isPresent()) {
                conflict = key.taken();
            }
        }
        long line = parsed.source().number();
        if (conflict == null) {
            conflict = claimAll(job, claimKeys(user), "L" + line);
        }
        if (conflict != null) {
            tally.fail(line, identification(user), conflict.code(), conflict.getMessage(), conflict.field(),
                    kept(parsed.source()));
            return;
        }
        tally.inserted.incrementAndGet();
        boolean keptId = JsonFields.presentAndNotNull(parsed.source().record(), "UserId");
        tally.report(line, DryRun.INSERT, keptId ? user.userId() : null, identification(user), null, null, null);
    }

    /** A dry run's update: its new identifiers must be free in the store and unclaimed by another record's user. */
    private void dryUpdate(Job job, User current, User updated, SourceRecord source, Tally tally) {
        ConflictException conflict = null;
        for (UniqueKey key : UniqueKey.values()) {
            String value = key.keyOf(updated);
            if (conflict == null && value != null && !value.equals(key.keyOf(current))
                    && users.findUserId(current.userStoreId(), key, value).filter(id -> !id.equals(current.userId()))
                    .isPresent()) {
                conflict = key.taken();
            }
        }
        if (conflict == null) {
            List<String> keys = claimKeys(updated);
            conflict = claimAll(job, keys.subList(1, keys.size()), "U" + current.userId());
        }
        if (conflict != null) {
            tally.fail(source.number(), identification(updated), conflict.code(), conflict.getMessage(),
                    conflict.field(), kept(source));
            return;
        }
        tally.updated.incrementAndGet();
        tally.report(source.number(), DryRun.UPDATE, current.userId(), identification(updated), null, null, null);
    }

    /**
     * Claims each key for {@code holder}; on the first another holder has, gives back the ones it took and returns the
     * conflict the real import would meet. Null when all are the holder's.
     */
    private ConflictException claimAll(Job job, List<String> keys, String holder) {
        List<String> taken = new ArrayList<>();
        for (String key : keys) {
            if (!holder.equals(jobs.claim(job, key, holder))) {
                taken.forEach(mine -> jobs.releaseClaim(job, mine, holder));
                String kind = key.substring(0, key.indexOf('#'));
                return "ID".equals(kind) ? userIdTaken() : UniqueKey.valueOf(kind).taken();
            }
            taken.add(key);
        }
        return null;
    }

    private static ConflictException userIdTaken() {
        return new ConflictException(ConflictException.USER_ID_ALREADY_EXISTS, "The user id is already another user's.",
                "UserId");
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
