package dev.roster.shared.http;

import dev.roster.shared.storage.TableLayout;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

import java.time.Clock;
import java.util.Map;
import java.util.function.Supplier;

import static dev.roster.shared.storage.TableLayout.n;

/**
 * An exact limit on a user store's requests per second, whichever door and container serve them: the per-container
 * {@link RateLimiter} lets N warm containers admit N times its limit, this does not. Each request is one conditional
 * UpdateItem on the store's item for the current second ({@code US#<store>#RATE}, sort key the epoch second):
 * {@code ADD} one unless the count has reached the limit. A refused request costs its write too, so this bounds
 * the work a store's callers cause, not the writes spent refusing them. Off (no call at all) when the limit is 0.
 * <p>Why a fixed one-second window: one item a second holds the whole state, needs no read, and expires by TTL a
 * minute later; the price is that a burst straddling two seconds can reach twice the limit within one second.
 */
public final class StoreRequestLimit {

    static final String COUNT = "Requests";
    static final long LIFETIME_SECONDS = 60;

    private final Supplier<DynamoDbClient> dynamo;
    private final String table;
    private final int perSecond;
    private final Clock clock;

    /** {@code perSecond <= 0} turns the limit off. */
    public StoreRequestLimit(Supplier<DynamoDbClient> dynamo, String table, int perSecond, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.perSecond = perSecond;
        this.clock = clock;
    }

    public static StoreRequestLimit off() {
        return new StoreRequestLimit(() -> {
            throw new IllegalStateException("no table behind a limit that is off");
        }, null, 0, Clock.systemUTC());
    }

    /** Counts one request of the store in this second; false when the second's limit is already reached. */
    public boolean tryAcquire(String userStoreId) {
        if (perSecond <= 0) {
            return true;
        }
        long second = clock.instant().getEpochSecond();
        try {
            dynamo.get().updateItem(b -> b.tableName(table)
                    .key(TableLayout.requestRateKey(userStoreId, second))
                    .updateExpression("ADD #count :one SET #ttl = if_not_exists(#ttl, :ttl)")
                    .conditionExpression("attribute_not_exists(#count) OR #count < :limit")
                    .expressionAttributeNames(Map.of("#count", COUNT, "#ttl", TableLayout.TTL_ATTRIBUTE))
                    .expressionAttributeValues(Map.of(":one", n(1), ":limit", n(perSecond),
                            ":ttl", n(second + LIFETIME_SECONDS))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }
}
