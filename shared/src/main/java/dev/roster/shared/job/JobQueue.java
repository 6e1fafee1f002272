package dev.roster.shared.job;

import software.amazon.awssdk.services.sqs.SqsClient;

import java.time.Duration;

/** Hands a job to the workers. */
public interface JobQueue {

    void send(JobMessage message);

    /**
     * Lets a failed delivery come back after {@code delay} rather than after the queue's visibility timeout, which
     * has to outlast the worker's longest invocation (an hour and a half) and would hold up a retry as long.
     */
    void retryAfter(String receiptHandle, Duration delay);

    /** The SQS queue the worker function consumes. */
    static JobQueue sqs(SqsClient sqs, String queueUrl) {
        return new JobQueue() {
            @Override
            public void send(JobMessage message) {
                sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody(message.toJson()));
            }

            @Override
            public void retryAfter(String receiptHandle, Duration delay) {
                sqs.changeMessageVisibility(b -> b.queueUrl(queueUrl).receiptHandle(receiptHandle)
                        .visibilityTimeout((int) delay.toSeconds()));
            }
        };
    }
}
