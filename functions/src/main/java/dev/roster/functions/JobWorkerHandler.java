package dev.roster.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.roster.shared.config.Services;
import dev.roster.shared.log.Log;
import dev.roster.shared.job.JobRunner;
import dev.roster.shared.job.JobMessage;

import java.util.ArrayList;
import java.util.List;

/**
 * The jobs queue's consumer. Each message is one delivery of a job; a failed one is reported back
 * (ReportBatchItemFailures) so only it is retried, within a minute (not after the queue's visibility timeout), and
 * after the queue's maxReceiveCount it goes to the DLQ.
 */
public final class JobWorkerHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {

    private final JobRunner jobs;

    public JobWorkerHandler() {
        this(Services.fromEnvironment().jobRunner());
    }

    public JobWorkerHandler(JobRunner jobs) {
        this.jobs = jobs;
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        for (SQSEvent.SQSMessage message : event.getRecords()) {
            JobMessage job;
            try {
                job = JobMessage.fromJson(message.getBody());
            } catch (IllegalArgumentException e) {
                // Not ours and never will be: retrying cannot help, so it is dropped (and logged).
                Log.warn("Dropping malformed job message " + message.getMessageId(), e);
                continue;
            }
            int receiveCount = receiveCount(message);
            try {
                // Long exports checkpoint before Lambda's timeout: the worker sees the time its invocation has left.
                java.util.function.LongSupplier remaining = context == null ? () -> Long.MAX_VALUE
                        : () -> context.getRemainingTimeInMillis();
                if (jobs.run(job, receiveCount, remaining) == JobRunner.Outcome.DONE) {
                    continue;
                }
            } catch (RuntimeException e) {
                try (Log.Scope scope = Log.with(Log.USER_STORE_ID, job.userStoreId(), Log.JOB_ID, job.jobId())) {
                    Log.error("Job delivery " + receiveCount + " failed; it is retried.", e);
                }
            }
            failures.add(new SQSBatchResponse.BatchItemFailure(message.getMessageId()));
            jobs.retryLater(message.getReceiptHandle(), receiveCount);
        }
        return new SQSBatchResponse(failures);
    }

    static int receiveCount(SQSEvent.SQSMessage message) {
        String count = message.getAttributes() == null ? null : message.getAttributes().get("ApproximateReceiveCount");
        try {
            return count == null ? 1 : Integer.parseInt(count);
        } catch (NumberFormatException e) {
            return 1;
        }
    }
}
