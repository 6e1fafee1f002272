package dev.roster.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.roster.shared.job.JobMessage;
import dev.roster.shared.log.Log;

import java.util.ArrayList;
import java.util.List;

/**
 * Every queue consumer is the same batch loop: each message names one job; a malformed one is dropped (retrying
 * cannot help), and a job the subclass could not process is reported back (ReportBatchItemFailures) so only its
 * message is retried.
 */
public abstract class JobMessageHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {

    /** What the queue carries, for the log line of a message that is dropped. */
    private final String messageKind;

    protected JobMessageHandler(String messageKind) {
        this.messageKind = messageKind;
    }

    @Override
    public final SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        for (SQSEvent.SQSMessage message : event.getRecords()) {
            JobMessage job;
            try {
                job = JobMessage.fromJson(message.getBody());
            } catch (IllegalArgumentException e) {
                Log.warn("Dropping malformed " + messageKind + " " + message.getMessageId(), e);
                continue;
            }
            if (!process(job, message, context)) {
                failures.add(new SQSBatchResponse.BatchItemFailure(message.getMessageId()));
            }
        }
        return new SQSBatchResponse(failures);
    }

    /** Processes one delivery of a job; false to have this message retried. */
    protected abstract boolean process(JobMessage job, SQSEvent.SQSMessage message, Context context);
}
