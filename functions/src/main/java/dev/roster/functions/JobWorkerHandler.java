package dev.roster.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.roster.shared.config.Services;
import dev.roster.shared.log.Log;
import dev.roster.shared.job.JobRunner;
import dev.roster.shared.job.JobMessage;

/**
 * The jobs queue's consumer. Each message is one delivery of a job; a failed one is reported back
 * (ReportBatchItemFailures) so only it is retried, within a minute (not after the queue's visibility timeout), and
 * after the queue's maxReceiveCount it goes to the DLQ.
 */
public final class JobWorkerHandler extends JobMessageHandler {

    private final JobRunner jobs;

    public JobWorkerHandler() {
        this(Services.fromEnvironment().jobRunner());
    }

    public JobWorkerHandler(JobRunner jobs) {
        super("job message");
        this.jobs = jobs;
    }

    @Override
    protected boolean process(JobMessage job, SQSEvent.SQSMessage message, Context context) {
        int receiveCount = receiveCount(message);
        try {
            // Long exports checkpoint before Lambda's timeout: the worker sees the time its invocation has left.
            java.util.function.LongSupplier remaining = context == null ? () -> Long.MAX_VALUE
                    : () -> context.getRemainingTimeInMillis();
            if (jobs.run(job, receiveCount, remaining) == JobRunner.Outcome.DONE) {
                return true;
            }
        } catch (RuntimeException e) {
            try (Log.Scope scope = Log.with(Log.USER_STORE_ID, job.userStoreId(), Log.JOB_ID, job.jobId())) {
                Log.error("Job delivery " + receiveCount + " failed; it is retried.", e);
            }
        }
        jobs.retryLater(message.getReceiptHandle(), receiveCount);
        return false;
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
