package dev.roster.shared.http;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Token buckets per key (route and user store): {@code perSecond} requests a second with a burst of the same size.
 * In AWS this holds per container; API Gateway's route throttling in template.yaml bounds the total.
 */
public final class RateLimiter {

    private static final int MAX_KEYS = 100_000;

    private final double perSecond;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    /** {@code perSecond <= 0} turns limiting off. */
    public RateLimiter(double perSecond) {
        this.perSecond = perSecond;
    }

    public static RateLimiter unlimited() {
        return new RateLimiter(0);
    }

    public boolean tryAcquire(String key) {
        if (perSecond <= 0) {
            return true;
        }
        if (buckets.size() > MAX_KEYS) {
            // Idle buckets are full again; dropping them forgets nothing that matters.
            buckets.values().removeIf(Bucket::isFull);
        }
        return buckets.computeIfAbsent(key, k -> new Bucket()).take();
    }

    private final class Bucket {
        private double tokens = perSecond;
        private long refilledAt = System.nanoTime();

        synchronized boolean take() {
            refill();
            if (tokens >= 1) {
                tokens -= 1;
                return true;
            }
            return false;
        }

        synchronized boolean isFull() {
            refill();
            return tokens >= perSecond;
        }

        private void refill() {
            long now = System.nanoTime();
            tokens = Math.min(perSecond, tokens + (now - refilledAt) / 1e9 * perSecond);
            refilledAt = now;
        }
    }
}
