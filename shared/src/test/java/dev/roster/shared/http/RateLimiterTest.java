package dev.roster.shared.http;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RateLimiterTest {

    private static final String KEY = "POST /userstores/{UserStoreId}/users|store-a";

    /** Takes {@code count} tokens and answers whether every one was granted. */
    private static boolean acquireAll(RateLimiter limiter, String key, int count) {
        boolean all = true;
        for (int i = 0; i < count; i++) {
            all &= limiter.tryAcquire(key);
        }
        return all;
    }

    @Test
    void grantsABurstOfTheRateAndRefusesTheNext() {
        // given
        RateLimiter limiter = new RateLimiter(20);

        // when
        boolean burst = acquireAll(limiter, KEY, 20);
        boolean twentyFirst = limiter.tryAcquire(KEY);

        // then
        assertTrue(burst, "the first 20 requests must pass");
        assertFalse(twentyFirst, "the 21st immediate request must be refused");
    }

    @Test
    void anotherKeyHasItsOwnBucket() {
        // given
        RateLimiter limiter = new RateLimiter(20);
        acquireAll(limiter, KEY, 20);

        // when
        boolean otherKey = acquireAll(limiter, "POST /userstores/{UserStoreId}/users|store-b", 20);

        // then
        assertTrue(otherKey);
        assertFalse(limiter.tryAcquire(KEY));
    }

    @Test
    void anExhaustedKeyStaysRefused() {
        // given
        RateLimiter limiter = new RateLimiter(1);
        limiter.tryAcquire(KEY);

        // when
        boolean second = limiter.tryAcquire(KEY);
        boolean third = limiter.tryAcquire(KEY);

        // then
        assertFalse(second);
        assertFalse(third);
    }

    @ParameterizedTest
    @ValueSource(doubles = {0, -1, -0.5})
    void aLimitOfZeroOrLessNeverRefuses(double perSecond) {
        // given
        RateLimiter limiter = new RateLimiter(perSecond);

        // when
        boolean all = acquireAll(limiter, KEY, 10_000);

        // then
        assertTrue(all);
    }

    @Test
    void unlimitedNeverRefuses() {
        // given
        RateLimiter limiter = RateLimiter.unlimited();

        // when
        boolean all = acquireAll(limiter, KEY, 10_000);

        // then
        assertTrue(all);
    }

    @Test
    void aFloodOfNewKeysKeepsAtMostTheLimitAndDropsTheLeastRecentlyUsed() {
        // given a limiter for 100 keys whose busy key is spent
        RateLimiter limiter = new RateLimiter(1, 60, 100);
        limiter.tryAcquire(KEY);

        // when 10,000 other keys arrive, the busy key asked for again in between
        boolean busyKeyPassed = false;
        for (int i = 0; i < 10_000; i++) {
            limiter.tryAcquire("POST /|flood-" + i);
            if (i % 50 == 0) {
                busyKeyPassed |= limiter.tryAcquire(KEY);
            }
        }

        // then
        assertTrue(limiter.keys() <= 100, "keys held: " + limiter.keys());
        assertFalse(busyKeyPassed, "a recently used key must not be evicted and refilled by a flood");
    }

    @Test
    void hasTokenLooksWithoutTaking() {
        // given
        RateLimiter limiter = new RateLimiter(2, 60, 10);

        // when
        boolean looked = limiter.hasToken(KEY) && limiter.hasToken(KEY) && limiter.hasToken(KEY);
        boolean first = limiter.tryAcquire(KEY);
        boolean second = limiter.tryAcquire(KEY);

        // then
        assertTrue(looked && first && second);
        assertFalse(limiter.hasToken(KEY), "two taken of two a minute");
    }
}
