package dev.roster.shared.job;

/**
 * Named points in a worker's run where tests inject a crash (by throwing). Production code passes {@link #NONE}.
 */
@FunctionalInterface
public interface FailurePoint {

    FailurePoint NONE = (job, stage, count) -> { };

    /**
     * Called at {@code stage} ("users" every 1,000 users, "before-complete", "after-upload") with the users written
     * so far and the job (its store, id and delivery attempt).
     */
    void reached(Job job, String stage, long count);
}
