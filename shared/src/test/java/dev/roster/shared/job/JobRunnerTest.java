package dev.roster.shared.job;

import dev.roster.shared.fakes.InMemoryJobStore;
import dev.roster.shared.fakes.RecordingJobQueue;
import dev.roster.shared.fakes.TestClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The segment protocol and the failure rules of one delivery, against an in-memory job store and queue. */
class JobRunnerTest {

    private static final String STORE = "store-1";
    private static final int MAX_ATTEMPTS = 3;

    private final TestClock clock = new TestClock();
    private final InMemoryJobStore jobs = new InMemoryJobStore();
    private final RecordingJobQueue queue = new RecordingJobQueue();
    /** The status each deleted input file's job had when its file was deleted. */
    private final List<String> inputDeletedWhen = new ArrayList<>();
    private final AtomicInteger performed = new AtomicInteger();
    private JobRunner.Work work;
    private FailurePoint failurePoint = FailurePoint.NONE;
    private Job job;

    @BeforeEach
    void setUp() {
        long now = clock.millis();
        job = Job.pending(STORE, JobService.newJobId(now), Job.IMPORT_USER, "NDJSON", now,
                JobService.expiresAt(now), null, ImportFiles.keyFor(STORE, "input"));
        jobs.create(job, JobService.MAX_ACTIVE_JOBS);
    }

    private JobRunner runner() {
        Map<String, JobRunner.Work> byType = work == null ? Map.of() : Map.of(Job.IMPORT_USER, (j, attempt, left) -> {
            performed.incrementAndGet();
            return work.perform(j, attempt, left);
        });
        return new JobRunner(jobs, queue, clock, MAX_ATTEMPTS, byType,
                ended -> inputDeletedWhen.add(jobs.find(ended.userStoreId(), ended.jobId()).orElseThrow().status()),
                failurePoint);
    }

    private JobRunner.Outcome deliver(int segment, int attempt) {
        return runner().run(new JobMessage(STORE, job.jobId(), segment), attempt);
    }

    private Job stored() {
        return jobs.find(STORE, job.jobId()).orElseThrow();
    }

    private String errorOf(Job failed) {
        return failed.errorDetails().get(0).error();
    }

    @Test
    void aCompletedJobIsRecordedItsSlotFreedAndItsInputDeletedAfter() {
        // GIVEN work that completes the job, with a cleanup to run once that is recorded
        List<String> cleanedUpWhen = new ArrayList<>();
        work = (j, attempt, left) -> new WorkResult.Completed(null, 7, new Job.Counts(5, 2, 7),
                () -> cleanedUpWhen.add(stored().status()));

        // WHEN
        JobRunner.Outcome outcome = deliver(0, 1);

        // THEN
        assertEquals(JobRunner.Outcome.DONE, outcome);
        Job done = stored();
        assertEquals(Job.COMPLETED, done.status());
        assertEquals(new Job.Counts(5, 2, 7), done.counts());
        assertEquals(7, done.progress());
        assertEquals(List.of(), jobs.activeJobIds(STORE));
        assertEquals(List.of(Job.COMPLETED), cleanedUpWhen);
        assertEquals(List.of(Job.COMPLETED), inputDeletedWhen);
        assertEquals(List.of(), queue.sent());
    }

    @Test
    void aStoppedSegmentIsCheckpointedAndItsContinuationEnqueuedOnce() {
        // GIVEN work that stops at a checkpoint; its cleanup notes how many messages were sent by then
        List<Integer> sentBeforeCleanup = new ArrayList<>();
        work = (j, attempt, left) -> new WorkResult.Stopped("{\"AfterLine\":3}", 3,
                () -> sentBeforeCleanup.add(queue.sent().size()));

        // WHEN
        JobRunner.Outcome outcome = deliver(0, 1);

        // THEN the checkpoint is saved, the next segment enqueued once, and the cleanup ran after both
        assertEquals(JobRunner.Outcome.DONE, outcome);
        Job stopped = stored();
        assertEquals(Job.PROCESSING, stopped.status());
        assertEquals(1, stopped.segment());
        assertEquals(0, stopped.attempt());
        assertEquals("{\"AfterLine\":3}", stopped.checkpoint());
        assertEquals(3, stopped.progress());
        assertEquals(List.of(new JobMessage(STORE, job.jobId(), 1)), queue.sent());
        assertEquals(List.of(1), sentBeforeCleanup);
        assertEquals(List.of(), inputDeletedWhen);
    }

    @Test
    void theContinuationRunsTheNextSegmentFromItsCheckpoint() {
        // GIVEN a job stopped at a checkpoint
        work = (j, attempt, left) -> j.checkpoint() == null ? new WorkResult.Stopped("half", 1, WorkResult.NOTHING)
                : WorkResult.Completed.importOf(new Job.Counts(2, 0, 2));
        deliver(0, 1);

        // WHEN its continuation is delivered
        JobMessage next = queue.take().get(0);
        JobRunner.Outcome outcome = runner().run(next, 1);

        // THEN
        assertEquals(JobRunner.Outcome.DONE, outcome);
        assertEquals(Job.COMPLETED, stored().status());
        assertEquals(2, performed.get());
        assertEquals(List.of(), queue.sent());
    }

    @Test
    void aDeliveryOvertakenByANewerOneSavesNoCheckpointAndEnqueuesNothing() {
        // GIVEN work during which a newer delivery claims the job
        List<String> cleanedUp = new ArrayList<>();
        work = (j, attempt, left) -> {
            jobs.claim(STORE, j.jobId(), 0, attempt + 1, clock.millis(), null);
            return new WorkResult.Stopped("stale", 9, () -> cleanedUp.add("ran"));
        };

        // WHEN
        JobRunner.Outcome outcome = deliver(0, 1);

        // THEN the stale delivery ends quietly, without a trace in the job or the queue
        assertEquals(JobRunner.Outcome.DONE, outcome);
        Job current = stored();
        assertEquals(2, current.attempt());
        assertEquals(0, current.segment());
        assertNull(current.checkpoint());
        assertEquals(List.of(), queue.sent());
        assertEquals(List.of(), cleanedUp);
    }

    @Test
    void aCompletionOvertakenByANewerDeliveryLeavesTheJobToIt() {
        // GIVEN work during which a newer delivery claims the job
        work = (j, attempt, left) -> {
            jobs.claim(STORE, j.jobId(), 0, attempt + 1, clock.millis(), null);
            return WorkResult.Completed.importOf(new Job.Counts(1, 0, 1));
        };

        // WHEN
        deliver(0, 1);

        // THEN the job is still the newer delivery's, and its input is kept for it
        assertEquals(Job.PROCESSING, stored().status());
        assertEquals(List.of(), inputDeletedWhen);
    }

    @Test
    void anOlderDeliveryOfAJobANewerOneHoldsIsRetriedLater() {
        // GIVEN the job held by delivery 2
        jobs.claim(STORE, job.jobId(), 0, 2, clock.millis(), null);
        work = (j, attempt, left) -> WorkResult.Completed.importOf(new Job.Counts(0, 0, 0));

        // WHEN delivery 1 arrives late
        JobRunner.Outcome outcome = deliver(0, 1);

        // THEN it does no work and comes back later
        assertEquals(JobRunner.Outcome.RETRY, outcome);
        assertEquals(0, performed.get());
    }

    @Test
    void aSegmentCheckpointedWithoutItsContinuationHasItResentByItsNextDelivery() {
        // GIVEN a crash between the checkpoint's save and the continuation's send
        failurePoint = (j, stage, count) -> {
            if (stage.equals("checkpoint")) {
                throw new IllegalStateException("crash");
            }
        };
        work = (j, attempt, left) -> new WorkResult.Stopped("half", 1, WorkResult.NOTHING);
        assertThrows(IllegalStateException.class, () -> deliver(0, 1));
        assertEquals(1, stored().segment());
        assertEquals(List.of(), queue.sent());

        // WHEN the old segment's message is delivered again
        failurePoint = FailurePoint.NONE;
        JobRunner.Outcome outcome = deliver(0, 2);

        // THEN the continuation is sent, and the old segment's work is not done again
        assertEquals(JobRunner.Outcome.DONE, outcome);
        assertEquals(List.of(new JobMessage(STORE, job.jobId(), 1)), queue.sent());
        assertEquals(1, performed.get());
    }

    @Test
    void aStaleSegmentsDeliveryResendsNothingOnceTheNextSegmentRuns() {
        // GIVEN segment 1 already running
        work = (j, attempt, left) -> new WorkResult.Stopped("half", 1, WorkResult.NOTHING);
        deliver(0, 1);
        queue.take();
        jobs.claim(STORE, job.jobId(), 1, 1, clock.millis(), null);

        // WHEN segment 0's message comes again
        JobRunner.Outcome outcome = deliver(0, 2);

        // THEN
        assertEquals(JobRunner.Outcome.DONE, outcome);
        assertEquals(List.of(), queue.sent());
    }

    @Test
    void aJobThatExpiredBeforeItRanIsFailedAndItsInputDeleted() {
        // GIVEN a pending job, delivered 25 hours later
        work = (j, attempt, left) -> WorkResult.Completed.importOf(new Job.Counts(0, 0, 0));
        clock.advance(Duration.ofHours(25));

        // WHEN
        JobRunner.Outcome outcome = deliver(0, 1);

        // THEN
        assertEquals(JobRunner.Outcome.DONE, outcome);
        assertEquals(Job.FAILED, stored().status());
        assertEquals("The job expired before it ran.", errorOf(stored()));
        assertEquals(List.of(Job.FAILED), inputDeletedWhen);
        assertEquals(0, performed.get());
    }

    @Test
    void aPermanentFailureFailsTheJobAtOnce() {
        // GIVEN
        work = (j, attempt, left) -> {
            throw new JobRunner.PermanentFailure("The import file is not valid gzip.");
        };

        // WHEN the first delivery fails so
        JobRunner.Outcome outcome = deliver(0, 1);

        // THEN
        assertEquals(JobRunner.Outcome.DONE, outcome);
        assertEquals(Job.FAILED, stored().status());
        assertEquals("The import file is not valid gzip.", errorOf(stored()));
        assertEquals(List.of(), jobs.activeJobIds(STORE));
        assertEquals(List.of(Job.FAILED), inputDeletedWhen);
    }

    @Test
    void aFailureIsRetriedUntilTheLastAttemptWhichFailsTheJob() {
        // GIVEN work that always fails
        work = (j, attempt, left) -> {
            throw new IllegalStateException("table arn:aws:dynamodb:secret is on fire");
        };

        // WHEN every delivery fails
        assertThrows(IllegalStateException.class, () -> deliver(0, 1));
        assertEquals(Job.PROCESSING, stored().status());
        assertThrows(IllegalStateException.class, () -> deliver(0, 2));
        JobRunner.Outcome last = deliver(0, MAX_ATTEMPTS);

        // THEN the last one fails the job, saying only what kind of failure it was
        assertEquals(JobRunner.Outcome.DONE, last);
        assertEquals(Job.FAILED, stored().status());
        assertEquals("The job failed on its last attempt: internal error (IllegalStateException)", errorOf(stored()));
        assertEquals(List.of(Job.FAILED), inputDeletedWhen);
    }

    @Test
    void aJobOfATypeNoWorkerHandlesFails() {
        // GIVEN no work at all

        // WHEN
        deliver(0, 1);

        // THEN
        assertEquals(Job.FAILED, stored().status());
        assertEquals("No worker handles jobs of type IMPORT_USER.", errorOf(stored()));
    }

    @Test
    void aDeliveryOfAnEndedJobOnlyDeletesItsInput() {
        // GIVEN a failed job (its input possibly left by a crash)
        work = (j, attempt, left) -> WorkResult.Completed.importOf(new Job.Counts(0, 0, 0));
        jobs.fail(STORE, job.jobId(), "swept", clock.millis());

        // WHEN
        JobRunner.Outcome outcome = deliver(0, 1);

        // THEN
        assertEquals(JobRunner.Outcome.DONE, outcome);
        assertEquals(0, performed.get());
        assertEquals(List.of(Job.FAILED), inputDeletedWhen);
    }

    @Test
    void aDeliveryOfAJobThatNoLongerExistsIsDone() {
        // GIVEN
        work = (j, attempt, left) -> WorkResult.Completed.importOf(new Job.Counts(0, 0, 0));

        // WHEN
        JobRunner.Outcome outcome = runner().run(new JobMessage(STORE, JobService.newJobId(clock.millis())), 1);

        // THEN
        assertEquals(JobRunner.Outcome.DONE, outcome);
        assertEquals(0, performed.get());
        assertTrue(inputDeletedWhen.isEmpty());
    }
}
