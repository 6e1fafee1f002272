package dev.roster.shared.job;

/**
 * Named points in a worker's run where tests inject a crash (by throwing). Production code passes {@link #NONE}.
 */
@FunctionalInterface
public interface FailurePoint {

    FailurePoint NONE = (job, stage, count) -> { };

    /**
     * Called at {@code stage} with the users written (or records read) so far and the job (its store, id, segment and
     * delivery attempt): "users" every 1,000 users, "batch" as an import's writer thread takes a batch (the count is
     * its first line), "before-complete", "after-upload" (an export's file is complete, its job not yet), and
     * "checkpoint" (by {@link JobRunner}: a segment's checkpoint is saved, its continuation not yet sent).
     */
    void reached(Job job, String stage, long count);
}
