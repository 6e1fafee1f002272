package dev.roster.shared.job;

import dev.roster.shared.log.Log;
import dev.roster.shared.error.ApiException;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * Runs one delivery of a job: claims it for the delivery's receive count (so a stale delivery can never write over a
 * newer one), hands it to the work for its type, and on the last delivery turns a failure into a FAILED job with
 * the reason instead of letting it die in the dead-letter queue.
 * <p>The segment protocol is the runner's alone: the work says what it achieved ({@link WorkResult}), and the runner
 * completes the job, or saves its checkpoint (fenced by the attempt: a newer delivery's takeover stops this one) and
 * enqueues the next segment.
 * <p>Whenever a delivery ends a job, or finds it ended, the job's input file goes (an import's file may hold
 * plain-text passwords): the outcome is recorded first and the file deleted after, so a crash in between leaves a
 * file that the next delivery deletes, never a job whose outcome depends on the file.
 */
public final class JobRunner {

    public enum Outcome { DONE, RETRY }

    /**
     * What a job type does once its job is claimed, within the time its invocation has left. Throws to fail the
     * delivery (it is retried).
     */
    public interface Work {
        WorkResult perform(Job job, int attempt, java.util.function.LongSupplier remainingMillis);
    }

    /** A failure no retry can mend (a missing input file, say): the job fails at once with this message. */
    public static final class PermanentFailure extends RuntimeException {
        public PermanentFailure(String reason) {
            super(reason, null, false, false);
        }
    }

    /** A newer delivery of the same job took over: this one stops quietly. */
    public static final class SupersededException extends RuntimeException {
        public SupersededException() {
            super("superseded by a newer delivery", null, false, false);
        }
    }

    /** Time left to a Lambda invocation below which a worker checkpoints rather than risk its timeout. */
    public static final java.time.Duration SAFETY_MARGIN = java.time.Duration.ofMinutes(2);

    /**
     * When a segment of a job should stop and checkpoint: after its budget, or {@link #SAFETY_MARGIN} before the
     * invocation's timeout, whichever comes first.
     */
    public static long segmentDeadline(Clock clock, java.time.Duration budget,
                                       java.util.function.LongSupplier remainingMillis) {
        return clock.millis() + Math.min(budget.toMillis(),
                Math.max(0, remainingMillis.getAsLong() - SAFETY_MARGIN.toMillis()));
    }

    /** The first retry's delay; each further one doubles it, up to {@link #MAX_RETRY_DELAY}. */
    static final java.time.Duration FIRST_RETRY_DELAY = java.time.Duration.ofSeconds(5);
    static final java.time.Duration MAX_RETRY_DELAY = java.time.Duration.ofSeconds(60);

    /** How long a delivery that failed (its {@code receiveCount}th) waits before the next: 5 s, 10 s, 20 s, ... 60 s. */
    public static java.time.Duration retryDelay(int receiveCount) {
        int doublings = Math.min(Math.max(receiveCount, 1) - 1, 10);
        java.time.Duration delay = FIRST_RETRY_DELAY.multipliedBy(1L << doublings);
        return delay.compareTo(MAX_RETRY_DELAY) > 0 ? MAX_RETRY_DELAY : delay;
    }

    private final JobStore jobs;
    private final JobQueue queue;
    private final Clock clock;
    private final int maxAttempts;
    private final Map<String, Work> work;
    private final java.util.function.Consumer<Job> deleteInputFile;
    private final FailurePoint failurePoint;

    /** {@code deleteInputFile} deletes an ended job's input file, if it has one; it is repeated safely, never throws. */
    public JobRunner(JobStore jobs, JobQueue queue, Clock clock, int maxAttempts, Map<String, Work> workByType,
                     java.util.function.Consumer<Job> deleteInputFile) {
        this(jobs, queue, clock, maxAttempts, workByType, deleteInputFile, FailurePoint.NONE);
    }

    /** As above, with the tests' crash point between a checkpoint's save and its continuation ("checkpoint"). */
    public JobRunner(JobStore jobs, JobQueue queue, Clock clock, int maxAttempts, Map<String, Work> workByType,
                     java.util.function.Consumer<Job> deleteInputFile, FailurePoint failurePoint) {
        this.jobs = jobs;
        this.queue = queue;
        this.deleteInputFile = deleteInputFile;
        this.clock = clock;
        this.maxAttempts = maxAttempts;
        this.work = Map.copyOf(workByType);
        this.failurePoint = failurePoint;
    }

    /** A notified import that has a password-hash file too and has not been started. */
    private boolean waitsForBothFiles(JobMessage message) {
        return jobs.find(message.userStoreId(), message.jobId()).filter(job -> Job.PENDING.equals(job.status())
                && !job.started() && job.importOptions().passwordHashes()).isPresent();
    }

    public Outcome run(JobMessage message, int attempt) {
        return run(message, attempt, () -> Long.MAX_VALUE);
    }

    public Outcome run(JobMessage message, int attempt, java.util.function.LongSupplier remainingMillis) {
        try (Log.Scope scope = Log.with(Log.USER_STORE_ID, message.userStoreId(), Log.JOB_ID, message.jobId())) {
            return runDelivery(message, attempt, remainingMillis);
        }
    }

    private Outcome runDelivery(JobMessage message, int attempt, java.util.function.LongSupplier remainingMillis) {
        long now = clock.millis();
        if (message.inputETag() != null && waitsForBothFiles(message)) {
            // S3's notification of its users file alone: an import with a second file starts only by POST .../start,
            // which checks that both are there.
            return Outcome.DONE;
        }
        Optional<Job> claimed = jobs.claim(message.userStoreId(), message.jobId(), message.segment(), attempt, now,
                message.inputETag());
        if (claimed.isEmpty()) {
            Optional<Job> job = jobs.find(message.userStoreId(), message.jobId());
            if (job.isPresent() && !job.get().isActive()) {
                // Ended: a redelivery after a crash that came before its file was deleted, a file uploaded after
                // its job ended (S3's notification), or a sweep's request to delete it. Nothing more to run.
                deleteInputFile.accept(job.get());
                return Outcome.DONE;
            }
            if (job.isPresent() && job.get().segment() != message.segment()) {
                if (job.get().segment() > message.segment() && job.get().attempt() == 0) {
                    // The segment checkpointed but its continuation was never sent (a crash in between):
                    // send it again. A duplicate continuation is harmless; claims are fenced.
                    sendContinuation(job.get(), job.get().segment());
                }
                // A delivery of a segment the job has moved past: nothing more for it to do.
                return Outcome.DONE;
            }
            if (job.isPresent() && job.get().isExpired(now)) {
                jobs.fail(message.userStoreId(), message.jobId(), "The job expired before it ran.", now);
                deleteInputFile.accept(job.get());
                return Outcome.DONE;
            }
            // Unknown (TTL deleted it): nothing to do. Active: another delivery holds it; try again later.
            return job.isPresent() ? Outcome.RETRY : Outcome.DONE;
        }
        Job job = claimed.get();
        Work handler = work.get(job.type());
        try {
            if (handler == null) {
                throw new PermanentFailure("No worker handles jobs of type " + job.type() + ".");
            }
            WorkResult result = handler.perform(job, attempt, remainingMillis);
            if (result instanceof WorkResult.Stopped stopped) {
                continueAfter(job, attempt, stopped);
            } else {
                complete(job, attempt, (WorkResult.Completed) result);
            }
            return Outcome.DONE;
        } catch (SupersededException e) {
            return Outcome.DONE;
        } catch (PermanentFailure e) {
            jobs.fail(job.userStoreId(), job.jobId(), e.getMessage(), clock.millis());
            deleteInputFile.accept(job);
            return Outcome.DONE;
        } catch (RuntimeException e) {
            if (attempt >= maxAttempts) {
                jobs.fail(job.userStoreId(), job.jobId(), "The job failed on its last attempt: " + reason(e),
                        clock.millis());
                deleteInputFile.accept(job);
                return Outcome.DONE;
            }
            throw e;
        }
    }

    /**
     * Ends a segment that stopped before the job did: saves its checkpoint, then enqueues the next segment. A crash
     * in between is mended by the next delivery of this segment, which finds the job moved on and resends.
     */
    private void continueAfter(Job job, int attempt, WorkResult.Stopped stopped) {
        int nextSegment = jobs.checkpoint(job, attempt, stopped.checkpoint(), stopped.progress());
        if (nextSegment < 0) {
            throw new SupersededException();
        }
        failurePoint.reached(job, "checkpoint", stopped.progress());
        sendContinuation(job, nextSegment);
        stopped.afterSave().run();
    }

    private void sendContinuation(Job job, int segment) {
        queue.send(new JobMessage(job.userStoreId(), job.jobId(), segment));
    }

    /**
     * Records the job's outcome, then deletes its input file. A completion refused because a newer delivery took the
     * job leaves the file to whichever delivery ends it, unless the job has ended already.
     */
    private void complete(Job job, int attempt, WorkResult.Completed completed) {
        boolean recorded = jobs.complete(job, attempt, completed.objectKey(), completed.progress(), completed.counts(),
                clock.millis());
        completed.afterSave().run();
        if (job.inputKey() == null) {
            return;
        }
        if (recorded) {
            deleteInputFile.accept(job);
        } else {
            jobs.find(job.userStoreId(), job.jobId()).filter(stored -> !stored.isActive()).ifPresent(deleteInputFile);
        }
    }

    /**
     * Brings a failed delivery back after {@link #retryDelay} instead of the queue's visibility timeout. Best effort:
     * if this call fails too, the message still comes back when its visibility timeout ends.
     */
    public void retryLater(String receiptHandle, int receiveCount) {
        try {
            queue.retryAfter(receiptHandle, retryDelay(receiveCount));
        } catch (RuntimeException e) {
            Log.warn("Could not shorten a failed delivery's wait; it comes back after the visibility timeout.", e);
        }
    }

    /** What a client may read about a failure: our own messages, otherwise only the kind of failure. */
    private static String reason(RuntimeException e) {
        return e instanceof ApiException ? e.getMessage() : "internal error (" + e.getClass().getSimpleName() + ")";
    }
}
