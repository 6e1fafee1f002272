package dev.roster.functions;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import dev.roster.shared.fakes.InMemoryJobStore;
import dev.roster.shared.job.Job;
import dev.roster.shared.job.JobMessage;
import dev.roster.shared.job.JobQueue;
import dev.roster.shared.job.JobRunner;
import dev.roster.shared.job.JobStore;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The worker's answer to its event source mapping: a delivery that must be retried is reported as a batch item
 * failure and brought back within seconds, not after the queue's 90-minute visibility timeout.
 */
class JobWorkerHandlerTest {

    private static final String STORE = "d733b65803284091a998ab707d820726";
    private static final String JOB = "019ab5e2f3c07a1b2c3d4e5f60718293";

    private final List<String> retries = new ArrayList<>();
    private final JobQueue queue = new JobQueue() {
        @Override
        public void send(JobMessage message) {
        }

        @Override
        public void retryAfter(String receiptHandle, Duration delay) {
            retries.add(receiptHandle + " after " + delay.toSeconds() + " s");
        }
    };

    /** A job store where the job is held by another delivery: every claim fails while the job stays active. */
    private static JobStore heldJob() {
        InMemoryJobStore jobs = new InMemoryJobStore();
        jobs.put(new Job(STORE, JOB, Job.EXPORT_USER, Job.PROCESSING, "NDJSON", 0, Long.MAX_VALUE, 0, null, "{}", 99,
                null, List.of(), List.of(), null, null, 0, null, null, false, null, null));
        return jobs;
    }

    @Test
    void aDeliveryToRetryIsReportedAndComesBackWithinSeconds() {
        // given the sample SQS event, delivered for the second time
        SQSEvent event = EventLoader.loadSQSEvent("events/sqs-job-message.json");
        event.getRecords().get(0).setAttributes(Map.of("ApproximateReceiveCount", "2"));
        JobWorkerHandler handler = new JobWorkerHandler(new JobRunner(heldJob(), queue, Clock.systemUTC(), 3, Map.of(),
                job -> { }));

        // when
        SQSBatchResponse response = handler.handleRequest(event, null);

        // then
        assertEquals(1, response.getBatchItemFailures().size());
        assertEquals("059f36b4-87a3-44ab-83d2-661975830a7d", response.getBatchItemFailures().get(0).getItemIdentifier());
        assertEquals(List.of("AQEBwJnKyrHigUMZj6rYigCgxlaS3SLy0a after 10 s"), retries);
    }

    @Test
    void aMalformedMessageIsDroppedNotRetried() {
        // given
        SQSEvent event = EventLoader.loadSQSEvent("events/sqs-job-message.json");
        event.getRecords().get(0).setBody("not a job");
        JobWorkerHandler handler = new JobWorkerHandler(new JobRunner(heldJob(), queue, Clock.systemUTC(), 3, Map.of(),
                job -> { }));

        // when
        SQSBatchResponse response = handler.handleRequest(event, null);

        // then
        assertTrue(response.getBatchItemFailures().isEmpty());
        assertTrue(retries.isEmpty());
    }
}
