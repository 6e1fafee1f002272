package dev.roster.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.roster.shared.config.Services;
import dev.roster.shared.log.Log;
import dev.roster.shared.job.JobMessage;
import dev.roster.shared.job.JobService;

import java.util.ArrayList;
import java.util.List;

/**
 * The dead-letter queue's consumer: a job whose every delivery died (timeouts, crashes) is marked FAILED with a
 * reason and frees its slot, so no job is ever left PROCESSING.
 */
public final class JobDeadLetterHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {

    static final String REASON = "The worker failed on every delivery of this job; it was abandoned.";

    private final JobService jobs;

    public JobDeadLetterHandler() {
        this(Services.fromEnvironment().jobs());
    }

    public JobDeadLetterHandler(JobService jobs) {
        this.jobs = jobs;
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        for (SQSEvent.SQSMessage message : event.getRecords()) {
            try {
                JobMessage job = JobMessage.fromJson(message.getBody());
                jobs.abandon(job.userStoreId(), job.jobId(), REASON);
            } catch (IllegalArgumentException e) {
                Log.warn("Dropping malformed dead letter " + message.getMessageId(), e);
            } catch (RuntimeException e) {
                Log.error("Dead letter " + message.getMessageId() + " not processed; it is retried.", e);
                failures.add(new SQSBatchResponse.BatchItemFailure(message.getMessageId()));
            }
        }
        return new SQSBatchResponse(failures);
    }
}
