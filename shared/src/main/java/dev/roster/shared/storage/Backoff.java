package dev.roster.shared.storage;

import java.util.concurrent.ThreadLocalRandom;

/** The pause before retrying a DynamoDB transaction that hit a transient conflict: jittered, growing, capped. */
public final class Backoff {

    private Backoff() {
    }

    public static void pause(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(5, 20L << Math.min(attempt, 4)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
