package dev.roster.local;

import dev.roster.shared.log.Log;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * What Lambda's SQS event source mapping does, on one machine: long-polls a queue, hands batches to the handler as
 * an SQSEvent, deletes what succeeded and leaves reported failures to come back (after {@code retryDelay}, or the
 * queue's visibility timeout when it is null). The queue's redrive policy moves repeated failures to the DLQ.
 * Like Lambda, it outlives whatever a handler throws, Errors included: that invocation fails, and the poller goes on
 * serving every other message (one bad job must not stop the jobs of every store).
 */
public final class SqsPoller implements AutoCloseable {

    private final SqsClient sqs;
    private final Provisioner.Queue queue;
    private final RequestHandler<SQSEvent, SQSBatchResponse> handler;
    private final int batchSize;
    private final Duration retryDelay;
    private final Thread thread;
    private volatile boolean running = true;

    public SqsPoller(SqsClient sqs, Provisioner.Queue queue, RequestHandler<SQSEvent, SQSBatchResponse> handler,
                     int batchSize, Duration retryDelay, String name) {
        this.sqs = sqs;
        this.queue = queue;
        this.handler = handler;
        this.batchSize = batchSize;
        this.retryDelay = retryDelay;
        this.thread = new Thread(this::loop, name);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    private void loop() {
        while (running) {
            try {
                pollOnce();
            } catch (Throwable e) {
                if (running) {
                    Log.warn(thread.getName() + ": polling failed; polling again", e);
                    sleep(Duration.ofMillis(500));
                }
            }
        }
    }

    private void pollOnce() {
        List<Message> messages = sqs.receiveMessage(b -> b.queueUrl(queue.url()).maxNumberOfMessages(batchSize)
                .waitTimeSeconds(1).messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages();
        if (messages.isEmpty() || !running) {
            return;
        }
        SQSEvent event = new SQSEvent();
        List<SQSEvent.SQSMessage> records = new ArrayList<>();
        for (Message message : messages) {
            SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
            record.setMessageId(message.messageId());
            record.setReceiptHandle(message.receiptHandle());
            record.setBody(message.body());
            record.setMd5OfBody(message.md5OfBody());
            Map<String, String> attributes = new HashMap<>();
            message.attributes().forEach((name, value) -> attributes.put(name.toString(), value));
            record.setAttributes(attributes);
            record.setEventSource("aws:sqs");
            record.setEventSourceArn(queue.arn());
            record.setAwsRegion("us-east-1");
            records.add(record);
        }
        event.setRecords(records);

        Set<String> failed = new HashSet<>();
        try {
            SQSBatchResponse response = handler.handleRequest(event,
                    LocalContext.startingNow(UUID.randomUUID().toString(), thread.getName(), Duration.ofMinutes(15).toMillis()));
            if (response != null && response.getBatchItemFailures() != null) {
                response.getBatchItemFailures().forEach(f -> failed.add(f.getItemIdentifier()));
            }
        } catch (Throwable e) {
            // A function error (an OutOfMemoryError too: Lambda would restart the runtime) fails the whole batch.
            Log.error(thread.getName() + ": the function failed; its batch comes back", e);
            messages.forEach(m -> failed.add(m.messageId()));
        }
        List<DeleteMessageBatchRequestEntry> done = new ArrayList<>();
        for (Message message : messages) {
            if (failed.contains(message.messageId())) {
                if (retryDelay != null) {
                    sqs.changeMessageVisibility(b -> b.queueUrl(queue.url()).receiptHandle(message.receiptHandle())
                            .visibilityTimeout((int) retryDelay.toSeconds()));
                }
            } else {
                done.add(DeleteMessageBatchRequestEntry.builder().id(Integer.toString(done.size()))
                        .receiptHandle(message.receiptHandle()).build());
            }
        }
        if (!done.isEmpty()) {
            sqs.deleteMessageBatch(b -> b.queueUrl(queue.url()).entries(done));
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
