package dev.roster.shared.fakes;

import dev.roster.shared.job.ImportFiles;
import dev.roster.shared.job.Job;
import dev.roster.shared.job.JobMessage;

/** What a job needs around it, all in memory: users, jobs, one S3 bucket, the queue, and a clock that stands still. */
public final class JobFakes {

    public static final String STORE = "store-1";
    public static final String BUCKET = "data-flow";

    public final TestClock clock = new TestClock();
    public final InMemoryUserStore users = new InMemoryUserStore();
    public final InMemoryJobStore jobs = new InMemoryJobStore();
    public final InMemoryS3 s3 = new InMemoryS3();
    public final RecordingJobQueue queue = new RecordingJobQueue();
    public final ImportFiles files = new ImportFiles(s3, null, BUCKET);

    /** A job id as JobService makes them (creation time first), without the randomness. */
    public static String jobId(long createdMillis) {
        return String.format("%012x", createdMillis) + "0".repeat(20);
    }

    /** Stores a pending job in one of its store's slots and sends its first message, as JobService starts one. */
    public Job enqueued(Job job) {
        if (!jobs.create(job, 2)) {
            throw new IllegalStateException("no free slot for " + job.jobId());
        }
        queue.send(new JobMessage(job.userStoreId(), job.jobId()));
        return job;
    }

    /** The job as stored now. */
    public Job stored(Job job) {
        return jobs.find(job.userStoreId(), job.jobId()).orElseThrow();
    }
}
