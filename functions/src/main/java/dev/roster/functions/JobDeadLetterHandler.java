package dev.roster.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.roster.shared.config.Services;
import dev.roster.shared.log.Log;
import dev.roster.shared.job.JobMessage;
import dev.roster.shared.job.JobService;

/**
 * The dead-letter queue's consumer: a job whose every delivery died (timeouts, crashes) is marked FAILED with a
 * reason and frees its slot, so no job is ever left PROCESSING.
 */
public final class JobDeadLetterHandler extends JobMessageHandler {

    static final String REASON = "The worker failed on every delivery of this job; it was abandoned.";

    private final JobService jobs;

    public JobDeadLetterHandler() {
        this(Services.fromEnvironment().jobs());
    }

    public JobDeadLetterHandler(JobService jobs) {
        super("dead letter");
        this.jobs = jobs;
    }

    @Override
    protected boolean process(JobMessage job, SQSEvent.SQSMessage message, Context context) {
        try {
            jobs.abandon(job.userStoreId(), job.jobId(), REASON);
            return true;
        } catch (RuntimeException e) {
            Log.error("Dead letter " + message.getMessageId() + " not processed; it is retried.", e);
            return false;
        }
    }
}
