package dev.roster.shared.job;

import java.util.List;
import java.util.Optional;

/** Where jobs live, with the per-store limit on active jobs enforced atomically. */
public interface JobStore {

    /** Stores a new PENDING job if the store has fewer than {@code maxActive} active jobs; false otherwise. */
    boolean create(Job job, int maxActive);

    Optional<Job> find(String userStoreId, String jobId);

    /** The store's jobs, newest first. */
    List<Job> list(String userStoreId);

    /** The ids of the jobs holding one of the store's active slots. */
    List<String> activeJobIds(String userStoreId);

    /**
     * Marks the job PROCESSING for delivery {@code attempt}, if it is active, unexpired and no newer attempt has it;
     * pins the job to {@code inputETag} (a non-null one, from S3's notification) unless it is pinned already.
     */
    Optional<Job> claim(String userStoreId, String jobId, int segment, int attempt, long now, String inputETag);

    /**
     * Pins a job that has no pinned import file yet to the one delivery {@code attempt} is reading; false if the
     * job is pinned already or a newer delivery has taken it.
     */
    boolean pinInput(Job job, int attempt, String inputETag);

    /**
     * Ends a segment of a long job: saves where the next one resumes, moves the job to segment + 1 (whose first
     * delivery is attempt 1) and returns that segment; -1 if a newer delivery has taken the job.
     */
    int checkpoint(Job job, int attempt, String checkpoint, long progress);

    /** Records the multipart upload an attempt is writing, so a later attempt can abort an orphan. */
    boolean recordUpload(Job job, int attempt, String uploadId);

    /** Records progress; false if a newer attempt has taken the job. */
    boolean recordProgress(Job job, int attempt, long progress);

    /**
     * COMPLETED with the export's object key or the import's counts, slot released; false if a newer attempt has
     * taken the job.
     */
    boolean complete(Job job, int attempt, String objectKey, long progress, Job.Counts counts, long now);

    /**
     * Marks a PENDING job as handed to the workers, pinned to the import file {@code inputETag} (if non-null and no
     * file is pinned yet); false if it already was (so it is enqueued once).
     */
    default boolean markStarted(String userStoreId, String jobId, String inputETag) {
        return markStarted(userStoreId, jobId, inputETag, null);
    }

    /** As above, also pinning its password-hash file to {@code hashesETag} when non-null. */
    boolean markStarted(String userStoreId, String jobId, String inputETag, String hashesETag);

    /**
     * Records per-user failures of an import, keyed by their line in the input, so a retried delivery rewrites the
     * same entries instead of adding new ones.
     */
    void putFailures(Job job, List<LineFailure> failures);

    /** A page of an import's failures, in input order. */
    FailurePage failures(String userStoreId, String jobId, int pageSize, String nextToken);

    /**
     * One failed input record: its line, who it was, and why (the error's code and message, as the API's errors);
     * the field at fault when known, and the record itself as JSON text (secrets removed, size capped) when it was one.
     */
    record LineFailure(long line, String identification, String code, String message, String path, String record) {

        public LineFailure(long line, String identification, String code, String message) {
            this(line, identification, code, message, null, null);
        }
    }

    record FailurePage(List<Job.FailedUser> failedUsers, String nextToken) {
    }

    /**
     * Records what a dry run found for input records, keyed by their number like failures, so a retried delivery
     * rewrites the same entries.
     */
    void putReport(Job job, List<ReportLine> lines);

    /** A page of a dry run's report, in input order. */
    ReportPage report(String userStoreId, String jobId, int pageSize, String nextToken);

    /**
     * Claims, for a dry run, one identifier ({@code key}, e.g. {@code EMAIL#ann@example.com}) for {@code holder}
     * unless another holder has it: the holder that has it now. A retried delivery claiming again finds itself.
     */
    String claim(Job job, String key, String holder);

    /** Gives back a dry run's claim that {@code holder} has (its record failed); nothing if another holder has it. */
    void releaseClaim(Job job, String key, String holder);

    /**
     * What a dry run would do with one input record: its number and {@code action} (INSERT, UPDATE, SKIP or FAIL),
     * the user id it would keep or update when known, who the record is, and for FAIL the error's code, message and
     * field at fault.
     */
    record ReportLine(long line, String action, String userId, String identification, String code, String message,
                      String path) {
    }

    record ReportPage(List<ReportLine> lines, String nextToken) {
    }

    /** FAILED with a reason, slot released; a no-op for a job that has already ended. */
    void fail(String userStoreId, String jobId, String reason, long now);

    /** Frees a slot that is held by a job that has ended or no longer exists. */
    void releaseSlot(String userStoreId, String jobId);
}
