package dev.roster.local;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The local event source mapping against ElasticMQ: it survives whatever its handler throws, as Lambda does. */
class SqsPollerTest {

    @Test
    void anErrorThrownByTheHandlerFailsThatInvocationOnlyAndTheMessageComesBack() {
        // given a queue, and a handler that dies with an Error on its first invocation, then handles what comes
        SqsClient sqs = TestAws.aws().endpoints().sqsClient();
        Provisioner.Queues queues = Provisioner.createQueues(sqs, "poller-" + UUID.randomUUID().toString()
                .substring(0, 8), 60, 3);
        AtomicInteger invocations = new AtomicInteger();
        List<String> handled = new CopyOnWriteArrayList<>();
        try (SqsPoller poller = new SqsPoller(sqs, queues.jobs(), (SQSEvent event, com.amazonaws.services.lambda.runtime.Context context) -> {
            if (invocations.incrementAndGet() == 1) {
                throw new OutOfMemoryError("injected: Java heap space");
            }
            event.getRecords().forEach(record -> handled.add(record.getBody()));
            return new SQSBatchResponse(List.of());
        }, 1, Duration.ZERO, "test-poller")) {

            // when one message arrives, then (after the failed invocation) another
            sqs.sendMessage(b -> b.queueUrl(queues.jobs().url()).messageBody("first"));
            Await.until(invocations::get, n -> n >= 1, Duration.ofSeconds(30), "the first invocation");
            sqs.sendMessage(b -> b.queueUrl(queues.jobs().url()).messageBody("second"));

            // then both are handled: the first on its redelivery, and the queue drains
            Await.until(() -> List.copyOf(handled), h -> h.containsAll(List.of("first", "second")),
                    Duration.ofSeconds(30), "both messages to be handled");
            Await.until(() -> sqs.getQueueAttributes(b -> b.queueUrl(queues.jobs().url())
                            .attributeNamesWithStrings("All")).attributesAsStrings(),
                    a -> a.get("ApproximateNumberOfMessages").equals("0")
                            && a.get("ApproximateNumberOfMessagesNotVisible").equals("0"),
                    Duration.ofSeconds(30), "the queue to drain");
            assertEquals(2, handled.size(), handled.toString());
            assertTrue(invocations.get() >= 3, "invocations: " + invocations.get());
        }
    }
}
