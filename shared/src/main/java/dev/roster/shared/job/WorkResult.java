package dev.roster.shared.job;

/**
 * What one delivery of a job's work achieved, for {@link JobRunner} to record: the job is done, or its segment
 * stopped at a checkpoint. The worker writes its data; the job record and the queue are the runner's.
 * <p>{@code afterSave} is the worker's cleanup that must wait until the outcome is recorded (an export deletes the
 * previous segment's pending bytes only once a newer checkpoint or the completed file holds them). It is best effort
 * and never throws.
 */
public sealed interface WorkResult {

    Runnable NOTHING = () -> { };

    /** The job is done: the export's object key, or the import's counts, and the progress to show. */
    record Completed(String objectKey, long progress, Job.Counts counts, Runnable afterSave) implements WorkResult {

        /** An export's file, complete at {@code objectKey}. */
        public static Completed export(String objectKey, long written, Runnable afterSave) {
            return new Completed(objectKey, written, null, afterSave);
        }

        /** An import's tally: every record read is inserted or failed. */
        public static Completed importOf(Job.Counts counts) {
            return new Completed(null, counts.total(), counts, NOTHING);
        }
    }

    /**
     * The segment ended before the job did: the next one resumes from {@code checkpoint} (the worker's own format),
     * with {@code progress} done so far.
     */
    record Stopped(String checkpoint, long progress, Runnable afterSave) implements WorkResult {
    }
}
