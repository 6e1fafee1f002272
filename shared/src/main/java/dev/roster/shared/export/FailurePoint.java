package dev.roster.shared.export;

/**
 * Named points in a worker's run where tests inject a crash (by throwing). Production code passes {@link #NONE}.
 */
@FunctionalInterface
public interface FailurePoint {

    FailurePoint NONE = (jobId, stage, count) -> { };

    /** Called at {@code stage} ("users" every 1,000 users, "before-complete", "after-upload") with users written. */
    void reached(String jobId, String stage, long count);
}
