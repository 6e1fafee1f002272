package dev.roster.shared.job;

import dev.roster.shared.log.Log;
import com.fasterxml.jackson.databind.JsonNode;
import dev.roster.shared.error.ConflictException;
import dev.roster.shared.error.InvalidRequestException;
import dev.roster.shared.error.LimitExceededException;
import dev.roster.shared.error.NotFoundException;
import dev.roster.shared.user.UserService;
import dev.roster.shared.user.UserStore;

import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.security.SecureRandom;
import java.util.regex.Pattern;

/**
 * The rules of jobs: at most two active per user store, 24 hours of life (whatever DynamoDB's lazy TTL has or has
 * not deleted yet), a fresh 60-second download link at every read of a completed export.
 */
public final class JobService {

    public static final int MAX_ACTIVE_JOBS = 2;
    public static final String IMPORT_USER_IS_EMPTY = "FailedOperation.ImportUserIsEmpty";
    public static final Duration RETENTION = Duration.ofHours(24);
    /** A job still PENDING this long after creation was never handed to a worker (its enqueue was lost). */
    static final Duration STALE_PENDING = Duration.ofHours(1);
    /**
     * An uploaded import not started this long after its creation never will be: its upload URL has expired (an
     * upload begun just before may take a few minutes more to arrive), so it stops holding one of the store's slots.
     */
    static final Duration UPLOAD_WAIT = ImportFiles.UPLOAD_VALIDITY.plus(Duration.ofMinutes(5));
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern JOB_ID = Pattern.compile("^[0-9a-f]{32}$");

    /** Records one API import request may carry; larger imports upload a file. */
    public static final int MAX_API_IMPORT_USERS = 10_000;
    /** The most failed users one page of an import's errors holds. */
    public static final int MAX_FAILURES_PAGE = 1000;

    private final JobStore jobs;
    private final UserStore users;
    private final JobQueue queue;
    private final PresignedLocation locations;
    private final ImportFiles importFiles;
    private final Clock clock;

    public JobService(JobStore jobs, UserStore users, JobQueue queue, PresignedLocation locations,
                      ImportFiles importFiles, Clock clock) {
        this.jobs = jobs;
        this.users = users;
        this.queue = queue;
        this.locations = locations;
        this.importFiles = importFiles;
        this.clock = clock;
    }

    /**
     * An import of users a request carries, in Roster's ImportUser form: checked for shape by the door and one by one
     * by the worker, where a bad record fails alone. They are kept as the job's input file (NDJSON), so API and
     * uploaded imports run the same way. {@code externalId} is the caller's own id for the job (Auth0's
     * {@code external_id}), kept as given; null for none.
     */
    public Job createImport(String userStoreId, List<? extends JsonNode> records, String externalId) {
        return createImport(userStoreId, records, externalId, ImportOptions.DEFAULTS);
    }

    /** As above; with {@code upsert}, a record whose email is an existing user's updates that user (Auth0's upsert). */
    public Job createImport(String userStoreId, List<? extends JsonNode> records, String externalId, boolean upsert) {
        return createImport(userStoreId, records, externalId,
                upsert ? ImportOptions.AUTH0_UPSERT : ImportOptions.DEFAULTS);
    }

    /** As above, with the import's options (the records a request carries are always ROSTER). */
    public Job createImport(String userStoreId, List<? extends JsonNode> records, String externalId,
                            ImportOptions options) {
        UserService.checkStoreId(userStoreId);
        if (options.sourceFormat() != dev.roster.shared.imports.source.SourceFormat.ROSTER
                || options.passwordHashes()) {
            throw InvalidRequestException.invalidValue("SourceFormat", "records a request carries are ROSTER");
        }
        if (records.isEmpty()) {
            throw new InvalidRequestException(IMPORT_USER_IS_EMPTY, "DataFlowUserCreateList holds no user.");
        }
        if (records.size() > MAX_API_IMPORT_USERS) {
            throw InvalidRequestException.invalidValue("DataFlowUserCreateList", "more than " + MAX_API_IMPORT_USERS
                    + " users; upload a file through POST .../jobs/users-imports/uploads instead");
        }
        StringBuilder ndjson = new StringBuilder(records.size() * 256);
        for (JsonNode record : records) {
            ndjson.append(record.toString()).append('\n');
        }
        long now = clock.millis();
        String jobId = newJobId(now);
        String key = ImportFiles.keyFor(userStoreId, jobId);
        String eTag = importFiles.put(key, ndjson.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        // Stored as started (handed to the workers): a later POST .../start must not enqueue it again.
        return start(Job.pending(userStoreId, jobId, Job.IMPORT_USER, "NDJSON", now, expiresAt(now),
                options.toStored(), key)
                .withInputETag(eTag).withImportSource(externalId, (long) records.size()).asStarted());
    }

    /** A large import: the job, waiting for its file at a presigned PUT URL valid 15 minutes. */
    public Job createImportUpload(String userStoreId) {
        return createImportUpload(userStoreId, ImportOptions.DEFAULTS);
    }

    /**
     * As above, with the import's options; an AUTH0 import with {@code passwordHashes} also waits for Auth0's
     * password-hash export at a second URL ({@link #passwordHashesUploadUrl}).
     */
    public Job createImportUpload(String userStoreId, ImportOptions options) {
        UserService.checkStoreId(userStoreId);
        long now = clock.millis();
        String jobId = newJobId(now);
        Job job = Job.pending(userStoreId, jobId, Job.IMPORT_USER, "NDJSON", now, expiresAt(now), options.toStored(),
                ImportFiles.keyFor(userStoreId, jobId));
        takeSlot(job);
        return job;
    }

    public String uploadUrl(Job job) {
        return importFiles.uploadUrl(job.inputKey());
    }

    /** The presigned PUT URL of an uploaded import's password-hash file; null when it takes none. */
    public String passwordHashesUploadUrl(Job job) {
        return job.importOptions().passwordHashes()
                ? importFiles.uploadUrl(ImportFiles.passwordHashesKeyFor(job.inputKey())) : null;
    }

    /** Starts an uploaded import once its file is there; starting it again changes nothing. */
    public Job startImport(String userStoreId, String jobId) {
        Job job = get(userStoreId, jobId);
        if (!Job.IMPORT_USER.equals(job.type()) || job.inputKey() == null) {
            throw InvalidRequestException.invalidValue("JobId", "is not an import waiting for its file");
        }
        if (!Job.PENDING.equals(job.status())) {
            return job;
        }
        // The upload link stays writable after this: the job is pinned to the file that is there now, and fails
        // if it finds another.
        Optional<String> eTag = importFiles.eTag(job.inputKey());
        if (eTag.isEmpty()) {
            throw new ConflictException(ConflictException.RESOURCE_UNAVAILABLE,
                    "The import file has not been uploaded yet.");
        }
        String hashesETag = null;
        if (job.importOptions().passwordHashes()) {
            hashesETag = importFiles.eTag(ImportFiles.passwordHashesKeyFor(job.inputKey())).orElseThrow(() ->
                    new ConflictException(ConflictException.RESOURCE_UNAVAILABLE,
                            "The password-hash file has not been uploaded yet."));
        }
        if (jobs.markStarted(userStoreId, jobId, eTag.get(), hashesETag)) {
            enqueue(job);
        }
        return job;
    }

    /** An import's failed users, in input order, {@code pageSize} (1 to 1000) at a time. */
    public JobStore.FailurePage failures(String userStoreId, String jobId, int pageSize, String nextToken) {
        get(userStoreId, jobId);
        checkPage(pageSize, nextToken, "F#");
        return jobs.failures(userStoreId, jobId, pageSize, nextToken);
    }

    /** A dry run's report: what it would do with each record, in input order, {@code pageSize} (1 to 1000) at a time. */
    public JobStore.ReportPage report(String userStoreId, String jobId, int pageSize, String nextToken) {
        Job job = get(userStoreId, jobId);
        if (!job.importOptions().dryRun()) {
            throw InvalidRequestException.invalidValue("JobId", "is not a dry run (DryRun: true) import");
        }
        checkPage(pageSize, nextToken, "R#");
        return jobs.report(userStoreId, jobId, pageSize, nextToken);
    }

    private static void checkPage(int pageSize, String nextToken, String tokenPrefix) {
        if (pageSize < 1 || pageSize > MAX_FAILURES_PAGE) {
            throw InvalidRequestException.invalidValue("PageSize", "must be an integer from 1 to " + MAX_FAILURES_PAGE);
        }
        if (nextToken != null && !nextToken.matches("^" + tokenPrefix + "\\d{12}$")) {
            throw InvalidRequestException.invalidValue("NextToken", "not a token this listing returned");
        }
    }

    /** Stores the job in one of the store's slots, sweeping slots held by dead jobs once if all are taken. */
    private void takeSlot(Job job) {
        if (!jobs.create(job, MAX_ACTIVE_JOBS) && !(freeDeadSlots(job.userStoreId()) && jobs.create(job, MAX_ACTIVE_JOBS))) {
            throw new LimitExceededException(LimitExceededException.DATA_FLOW_TOO_MANY_REQUESTS,
                    "There are already " + MAX_ACTIVE_JOBS + " active jobs; wait for one of them to end.");
        }
    }

    public Job createExport(String userStoreId, ExportSpec spec) {
        // A store with no users (or none yet) exports an empty file, as Auth0 completes such a job.
        UserService.checkStoreId(userStoreId);
        long now = clock.millis();
        Job job = Job.pending(userStoreId, newJobId(now), Job.EXPORT_USER, spec.format(), now, expiresAt(now),
                spec.toStored(), null);
        return start(job);
    }

    /** Takes a slot, stores the job and enqueues it; a lost enqueue fails the job so it frees its slot. */
    Job start(Job job) {
        takeSlot(job);
        try {
            enqueue(job);
        } catch (RuntimeException e) {
            jobs.fail(job.userStoreId(), job.jobId(), "The job could not be queued.", clock.millis());
            throw e;
        }
        return job;
    }

    /** A live job of the store; an expired one is gone even while DynamoDB's TTL has not yet deleted it. */
    public Job get(String userStoreId, String jobId) {
        UserService.checkStoreId(userStoreId);
        return find(userStoreId, jobId).orElseThrow(() ->
                new NotFoundException(NotFoundException.RESOURCE_NOT_FOUND, "The job does not exist."));
    }

    /** A job as GET shows it: an import also carries its first failed users (all of them through /errors). */
    public Job describe(String userStoreId, String jobId) {
        Job job = get(userStoreId, jobId);
        if (Job.IMPORT_USER.equals(job.type()) && job.counts() != null && job.counts().failed() > 0) {
            return job.withFailedUsers(jobs.failures(userStoreId, jobId, 100, null).failedUsers());
        }
        return job;
    }

    public List<Job> list(String userStoreId) {
        UserService.checkStoreId(userStoreId);
        long now = clock.millis();
        return jobs.list(userStoreId).stream().filter(job -> !job.isExpired(now)).toList();
    }

    /**
     * How far a PROCESSING job has come and how long it may still take, estimated from its progress and the time
     * since it was created: against the users an export will write at most (the store's count, within its limit),
     * or an import's records when they are known (an API import). Null for a job not processing, or of unknown size.
     */
    public Progress progress(Job job) {
        if (!Job.PROCESSING.equals(job.status())) {
            return null;
        }
        long total;
        if (Job.EXPORT_USER.equals(job.type())) {
            Long limit = job.spec() == null ? null : ExportSpec.fromStored(job.spec()).limit();
            total = users.count(job.userStoreId());
            total = limit == null ? total : Math.min(total, limit);
        } else if (job.inputRecords() != null) {
            total = job.inputRecords();
        } else {
            return null;
        }
        return Progress.of(job.progress(), total, clock.millis() - job.createdDate());
    }

    /** A running job's estimated completion: a percentage (below 100 until it ends) and seconds left when known. */
    public record Progress(int percentageDone, Long timeLeftSeconds) {

        /** {@code done} of {@code total} after {@code elapsedMillis}; the rest is assumed to go at the same pace. */
        static Progress of(long done, long total, long elapsedMillis) {
            if (done <= 0 || total <= 0) {
                return new Progress(0, null);
            }
            long reached = Math.min(done, total);
            int percentage = (int) Math.min(99, reached * 100 / total);
            long secondsLeft = Math.max(0, elapsedMillis) * (total - reached) / reached / 1000;
            return new Progress(percentage, secondsLeft);
        }
    }

    /** A fresh download link for a completed export; null for any other job. */
    public String location(Job job) {
        if (!Job.COMPLETED.equals(job.status()) || job.objectKey() == null) {
            return null;
        }
        return locations.urlFor(job.objectKey());
    }

    /**
     * A job whose every delivery failed: FAILED with the reason, its slot freed, then its input file deleted. Safe
     * to repeat: a redelivered dead letter finds the job ended and deletes the file again.
     */
    public void abandon(String userStoreId, String jobId, String reason) {
        jobs.fail(userStoreId, jobId, reason, clock.millis());
        jobs.find(userStoreId, jobId).ifPresent(importFiles::deleteInputOf);
    }

    private Optional<Job> find(String userStoreId, String jobId) {
        if (jobId == null || !JOB_ID.matcher(jobId).matches()) {
            return Optional.empty();
        }
        long now = clock.millis();
        return jobs.find(userStoreId, jobId).filter(job -> !job.isExpired(now));
    }

    /** Frees slots held by jobs that ended, expired or were never started; true if one was freed. */
    private boolean freeDeadSlots(String userStoreId) {
        long now = clock.millis();
        boolean freed = false;
        for (String jobId : jobs.activeJobIds(userStoreId)) {
            Optional<Job> job = jobs.find(userStoreId, jobId);
            if (job.isEmpty() || !job.get().isActive()) {
                jobs.releaseSlot(userStoreId, jobId);
                freed = true;
            } else if (job.get().isExpired(now)) {
                sweep(job.get(), "The job expired before it ended.", now);
                freed = true;
            } else if (waitsForUploadPastItsUrl(job.get(), now)) {
                sweep(job.get(), "No import file was uploaded and started while the upload URL was valid.", now);
                freed = true;
            } else if (Job.PENDING.equals(job.get().status())
                    && job.get().createdDate() + STALE_PENDING.toMillis() < now) {
                sweep(job.get(), "The job was never started.", now);
                freed = true;
            }
        }
        return freed;
    }

    /** An uploaded import still waiting for its file (or its start) after its upload URL and some grace expired. */
    private static boolean waitsForUploadPastItsUrl(Job job, long now) {
        return Job.PENDING.equals(job.status()) && job.inputKey() != null && !job.started()
                && job.createdDate() + UPLOAD_WAIT.toMillis() < now;
    }

    /**
     * Fails a dead job, then has the workers delete its input file: a job's delivery that finds it ended deletes the
     * file. (The front doors that sweep may write import files but not delete them.) If that message is lost, the
     * bucket's lifecycle rule deletes the file.
     */
    private void sweep(Job job, String reason, long now) {
        try (Log.Scope scope = Log.with(Log.USER_STORE_ID, job.userStoreId(), Log.JOB_ID, job.jobId())) {
            sweepJob(job, reason, now);
        }
    }

    private void sweepJob(Job job, String reason, long now) {
        jobs.fail(job.userStoreId(), job.jobId(), reason, now);
        if (job.inputKey() != null) {
            try {
                enqueue(job);
            } catch (RuntimeException e) {
                Log.warn("Could not ask the workers to delete the swept job's import file; S3's lifecycle rule will.", e);
            }
        }
    }

    /** Hands a job's first segment to the workers (or, for an ended job, the deletion of its input file). */
    private void enqueue(Job job) {
        queue.send(new JobMessage(job.userStoreId(), job.jobId()));
    }

    /** Created + 24 h, rounded up to the second that DynamoDB's TTL attribute holds. */
    static long expiresAt(long now) {
        long end = now + RETENTION.toMillis();
        return (end + 999) / 1000 * 1000;
    }

    /** 12 hex digits of creation time then 20 random: ids sort by creation, so listings need no index. */
    static String newJobId(long now) {
        byte[] random = new byte[10];
        RANDOM.nextBytes(random);
        return String.format("%012x", now) + HexFormat.of().formatHex(random);
    }
}
