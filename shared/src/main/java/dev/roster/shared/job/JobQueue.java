package dev.roster.shared.job;

import software.amazon.awssdk.services.sqs.SqsClient;

/** Hands a job to the workers. */
public interface JobQueue {

    void send(JobMessage message);

    /** The SQS queue the worker function consumes. */
    static JobQueue sqs(SqsClient sqs, String queueUrl) {
        return message -> sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody(message.toJson()));
    }
}
