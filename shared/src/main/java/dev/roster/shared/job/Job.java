package dev.roster.shared.job;

import java.util.List;

/**
 * A data-flow job (an export or an import) as stored. {@code spec} is the validated request, kept as JSON so the
 * worker needs nothing but the job id; {@code attempt} fences workers: only the newest delivery may write.
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
        List<FailedUser> failedUsers) {

    public static final String EXPORT_USER = "EXPORT_USER";
    public static final String IMPORT_USER = "IMPORT_USER";
    public static final String PENDING = "PENDING";
    public static final String PROCESSING = "PROCESSING";
    public static final String COMPLETED = "COMPLETED";
    public static final String FAILED = "FAILED";

    /** The seeds' ErrorDetails entry. */
    public record ErrorDetail(String userId, String error) {
    }

    /** The seeds' FailedUsers entry. */
    public record FailedUser(String failedUserIdentification, String failedReason) {
    }

    public boolean isActive() {
        return PENDING.equals(status) || PROCESSING.equals(status);
    }

    public boolean isExpired(long nowMillis) {
        return nowMillis >= expiresAtMillis;
    }
}
