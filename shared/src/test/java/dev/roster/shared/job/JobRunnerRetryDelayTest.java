package dev.roster.shared.job;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** How long a failed job delivery waits: seconds, doubling, never past a minute (not the queue's 90 minutes). */
class JobRunnerRetryDelayTest {

    @Test
    void theDelayDoublesFromFiveSecondsAndStopsAtAMinute() {
        assertEquals(Duration.ofSeconds(5), JobRunner.retryDelay(1));
        assertEquals(Duration.ofSeconds(10), JobRunner.retryDelay(2));
        assertEquals(Duration.ofSeconds(20), JobRunner.retryDelay(3));
        assertEquals(Duration.ofSeconds(40), JobRunner.retryDelay(4));
        assertEquals(Duration.ofSeconds(60), JobRunner.retryDelay(5));
        assertEquals(Duration.ofSeconds(60), JobRunner.retryDelay(1_000));
    }

    @Test
    void aMissingOrOddReceiveCountCountsAsTheFirst() {
        assertEquals(Duration.ofSeconds(5), JobRunner.retryDelay(0));
        assertEquals(Duration.ofSeconds(5), JobRunner.retryDelay(-3));
    }
}
