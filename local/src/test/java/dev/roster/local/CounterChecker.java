package dev.roster.local;

import dev.roster.shared.storage.TableLayout;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.Select;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Recounts a user store's user items in DynamoDB and compares it with the store's user counter (its base item, absent
 * until the store is first counted, plus its slots), read straight from the table: any drift of the counter from the
 * users it counts fails the test that calls it.
 */
final class CounterChecker {

    /** What the table holds for the store: its user items, and what its counter says. */
    record Counts(long users, long counter, boolean based) {
    }

    private CounterChecker() {
    }

    /** Reads the store straight from the table: a count query per key shard (fast on a large table too). */
    static Counts counts(DynamoDbClient dynamo, String table, String userStoreId) {
        long users = 0;
        for (int shard = 0; shard < TableLayout.SHARDS; shard++) {
            String pk = TableLayout.userShardPk(userStoreId, shard);
            for (QueryResponse page : dynamo.queryPaginator(b -> b.tableName(table).consistentRead(true)
                    .select(Select.COUNT)
                    .keyConditionExpression("pk = :pk AND begins_with(sk, :u)")
                    .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(pk), ":u", AttributeValue.fromS("U#"))))) {
                users += page.count();
            }
        }
        long counter = 0;
        boolean based = false;
        for (Map<String, AttributeValue> item : dynamo.queryPaginator(b -> b.tableName(table).consistentRead(true)
                .keyConditionExpression("pk = :pk")
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(TableLayout.counterPk(userStoreId)))))
                .items()) {
            counter += Long.parseLong(item.get(TableLayout.COUNTER_USERS).n());
            based |= item.get(TableLayout.SK).s().equals(TableLayout.COUNTER_BASE_SK);
        }
        return new Counts(users, counter, based);
    }

    /** Fails unless the counter equals the number of user items; returns that number. */
    static long assertExact(DynamoDbClient dynamo, String table, String userStoreId) {
        Counts counts = counts(dynamo, table, userStoreId);
        assertEquals(counts.users(), counts.counter(), "the user counter of " + userStoreId + " drifted from the "
                + counts.users() + " users stored");
        return counts.users();
    }
}
