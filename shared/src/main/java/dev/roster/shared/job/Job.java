package dev.roster.shared.job;

import java.util.List;

/**
 * A data-flow job (an export or an import) as stored. {@code spec} is the validated request, kept as JSON so the
 * worker needs nothing but the job id; {@code attempt} fences workers: only the newest delivery may write.
 * {@code inputETag} is the import file's ETag (unquoted) as it was when the job started: every read of the file
 * must find that same object, however long the job runs and however often it is retried.
 * {@code started}: an import was handed to the workers (an uploaded one waits for its file until then).
 * {@code externalId}: the caller's own id for an import (Auth0's {@code external_id}), kept as given;
 * {@code inputRecords}: how many records an import's input holds, when that is known as it starts (an API import);
 * {@code hashesETag}: the ETag (unquoted) of an AUTH0 import's password-hash file as it was when the job started.
 */
public record Job(
        String userStoreId,
        String jobId,
        String type,
        String status,
        String format,
        long createdDate,
        long expiresAtMillis,
        long progress,
        String objectKey,
        String spec,
        int attempt,
        String uploadId,
        List<ErrorDetail> errorDetails,
        List<FailedUser> failedUsers,
        String inputKey,
        Counts counts,
        int segment,
        String checkpoint,
        String inputETag,
        boolean started,
        String externalId,
        Long inputRecords,
        String hashesETag) {

    /** A job without a second import file (all but an AUTH0 import with Auth0's password-hash export). */
    public Job(String userStoreId, String jobId, String type, String status, String format, long createdDate,
               long expiresAtMillis, long progress, String objectKey, String spec, int attempt, String uploadId,
               List<ErrorDetail> errorDetails, List<FailedUser> failedUsers, String inputKey, Counts counts,
               int segment, String checkpoint, String inputETag, boolean started, String externalId,
               Long inputRecords) {
        this(userStoreId, jobId, type, status, format, createdDate, expiresAtMillis, progress, objectKey, spec,
                attempt, uploadId, errorDetails, failedUsers, inputKey, counts, segment, checkpoint, inputETag, started,
                externalId, inputRecords, null);
    }

    /**
     * An import's tally: users inserted, records that failed, records read, existing users updated (upsert), records
     * skipped because they match an existing user (SKIP_EXISTING). A dry run counts what would have happened.
     */
    public record Counts(long inserted, long failed, long total, long updated, long skipped) {

        public Counts(long inserted, long failed, long total) {
            this(inserted, failed, total, 0, 0);
        }

        public Counts(long inserted, long failed, long total, long updated) {
            this(inserted, failed, total, updated, 0);
        }
    }

    /** An import's options (its spec); the defaults for any other job. */
    public ImportOptions importOptions() {
        return IMPORT_USER.equals(type) ? ImportOptions.fromStored(spec) : ImportOptions.DEFAULTS;
    }

    public static final String EXPORT_USER = "EXPORT_USER";
    public static final String IMPORT_USER = "IMPORT_USER";
    public static final String PENDING = "PENDING";
    public static final String PROCESSING = "PROCESSING";
    public static final String COMPLETED = "COMPLETED";
    public static final String FAILED = "FAILED";

    /** The seeds' ErrorDetails entry. */
    public record ErrorDetail(String userId, String error) {
    }

    /**
     * The seeds' FailedUsers entry: who failed, and why as the API's errors say it (a code such as
     * {@code FailedOperation.EmailAlreadyExists} and a message). Each door renders the two its own way.
     * {@code path}: the record's field the error is about, when known; {@code record}: the failed record as JSON
     * text, secrets removed and capped in size (null when the line was no JSON object).
     */
    public record FailedUser(String failedUserIdentification, String code, String message, String path,
                             String record) {

        public FailedUser(String failedUserIdentification, String code, String message) {
            this(failedUserIdentification, code, message, null, null);
        }
    }

    /** A new PENDING job. */
    public static Job pending(String userStoreId, String jobId, String type, String format, long createdDate,
                              long expiresAtMillis, String spec, String inputKey) {
        return new Job(userStoreId, jobId, type, PENDING, format, createdDate, expiresAtMillis, 0, null, spec, 0, null,
                List.of(), List.of(), inputKey, null, 0, null, null, false, null, null);
    }

    /** The same job, pinned to this version of its password-hash file. */
    public Job withHashesETag(String eTag) {
        return new Job(userStoreId, jobId, type, status, format, createdDate, expiresAtMillis, progress, objectKey,
                spec, attempt, uploadId, errorDetails, failedUsers, inputKey, counts, segment, checkpoint, inputETag,
                started, externalId, inputRecords, eTag);
    }

    /** The same job, pinned to this version of its import file. */
    public Job withInputETag(String eTag) {
        return new Job(userStoreId, jobId, type, status, format, createdDate, expiresAtMillis, progress, objectKey,
                spec, attempt, uploadId, errorDetails, failedUsers, inputKey, counts, segment, checkpoint, eTag,
                started, externalId, inputRecords, hashesETag);
    }

    /** This job, already handed to the workers when it is stored (an API import, enqueued as it is created). */
    public Job asStarted() {
        return new Job(userStoreId, jobId, type, status, format, createdDate, expiresAtMillis, progress, objectKey,
                spec, attempt, uploadId, errorDetails, failedUsers, inputKey, counts, segment, checkpoint, inputETag,
                true, externalId, inputRecords, hashesETag);
    }

    /** This import, with what its request said of it: the caller's id for it and how many records it holds. */
    public Job withImportSource(String callerId, Long records) {
        return new Job(userStoreId, jobId, type, status, format, createdDate, expiresAtMillis, progress, objectKey,
                spec, attempt, uploadId, errorDetails, failedUsers, inputKey, counts, segment, checkpoint, inputETag,
                started, callerId, records, hashesETag);
    }

    public Job withFailedUsers(List<FailedUser> failed) {
        return new Job(userStoreId, jobId, type, status, format, createdDate, expiresAtMillis, progress, objectKey,
                spec, attempt, uploadId, errorDetails, failed, inputKey, counts, segment, checkpoint, inputETag,
                started, externalId, inputRecords, hashesETag);
    }

    public boolean isActive() {
        return PENDING.equals(status) || PROCESSING.equals(status);
    }

    public boolean isExpired(long nowMillis) {
        return nowMillis >= expiresAtMillis;
    }
}
