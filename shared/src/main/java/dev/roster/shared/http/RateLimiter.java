package dev.roster.shared.http;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Token buckets per key: {@code rate} tokens per {@code period} with a burst of the same size. Used for requests
 * (per second, keyed by route and user store) and for failed authentications (per minute, keyed by source IP).
 * In AWS this holds per container; see README's Security section for what that guarantees.
 * <p>At most {@code maxKeys} buckets are kept; past that the least recently used one is dropped. A dropped bucket
 * comes back full, so a flood of new keys can only make the limiter forget the quietest keys, never grow memory.
 */
public final class RateLimiter {

    public static final int DEFAULT_MAX_KEYS = 10_000;

    private final double rate;
    private final double periodNanos;
    private final int maxKeys;
    /** Access-ordered: iteration starts at the least recently used key. Guarded by itself. */
    private final LinkedHashMap<String, Bucket> buckets;

    /** {@code perSecond <= 0} turns limiting off. */
    public RateLimiter(double perSecond) {
        this(perSecond, 1, DEFAULT_MAX_KEYS);
    }

    /** {@code rate} tokens every {@code periodSeconds}; {@code rate <= 0} turns limiting off. */
    public RateLimiter(double rate, double periodSeconds, int maxKeys) {
        if (maxKeys < 1 || periodSeconds <= 0) {
            throw new IllegalArgumentException("a limiter needs a positive period and room for one key");
        }
        this.rate = rate;
        this.periodNanos = periodSeconds * 1e9;
        this.maxKeys = maxKeys;
        this.buckets = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
                return size() > RateLimiter.this.maxKeys;
            }
        };
    }

    public static RateLimiter unlimited() {
        return new RateLimiter(0);
    }

    /** Takes a token for {@code key}; false when its bucket is empty. */
    public boolean tryAcquire(String key) {
        return rate <= 0 || bucket(key).take();
    }

    /** Whether {@code key} has a token left, without taking it (failures are counted after the fact). */
    public boolean hasToken(String key) {
        if (rate <= 0) {
            return true;
        }
        synchronized (buckets) {
            Bucket bucket = buckets.get(key);
            return bucket == null || bucket.available();
        }
    }

    /** How many keys are held now (at most the limit given at construction). */
    public int keys() {
        synchronized (buckets) {
            return buckets.size();
        }
    }

    private Bucket bucket(String key) {
        synchronized (buckets) {
            return buckets.computeIfAbsent(key, k -> new Bucket());
        }
    }

    private final class Bucket {
        private double tokens = rate;
        private long refilledAt = System.nanoTime();

        synchronized boolean take() {
            refill();
            if (tokens >= 1) {
                tokens -= 1;
                return true;
            }
            return false;
        }

        synchronized boolean available() {
            refill();
            return tokens >= 1;
        }

        private void refill() {
            long now = System.nanoTime();
            tokens = Math.min(rate, tokens + (now - refilledAt) / periodNanos * rate);
            refilledAt = now;
        }
    }
}
