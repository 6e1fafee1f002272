package dev.roster.shared.user;

import dev.roster.shared.error.ConflictException;
import dev.roster.shared.storage.Backoff;
import dev.roster.shared.storage.TableLayout;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.roster.shared.storage.TableLayout.n;
import static dev.roster.shared.storage.TableLayout.s;

/**
 * A store's number of users, from its counter items ({@link TableLayout#counterPk}): slots that every user write ADDs
 * its change to in its own transaction ({@link #slotAdd}), and a base for the users a store held before it was first
 * counted.
 */
record UserCounter(DynamoDbClient dynamo, String table, ShardReader shards) {

    /** The transaction item that adds {@code delta} users to one slot of the store's counter. */
    static TransactWriteItem slotAdd(String table, String userStoreId, int slot, long delta) {
        return TransactWriteItem.builder().update(Update.builder().tableName(table)
                .key(TableLayout.counterSlotKey(userStoreId, slot))
                .updateExpression("ADD #users :delta, #writes :one")
                .expressionAttributeNames(Map.of("#users", TableLayout.COUNTER_USERS,
                        "#writes", TableLayout.COUNTER_WRITES))
                .expressionAttributeValues(Map.of(":delta", n(delta), ":one", n(1)))
                .build()).build();
    }

    /**
     * The store's users, from its counter: one consistent Query of its slot and base items, whatever the store's
     * size. A store that has never been counted (it predates the counter) is counted once here, by reading its user
     * keys, and the difference to its slots is kept as the base; the base is written only if no slot changed while
     * the store was counted, so the recount is exact under concurrent writes too.
     */
    long count(String userStoreId) {
        for (int attempt = 0; ; attempt++) {
            Counter counter = read(userStoreId);
            if (counter.base() != null) {
                return counter.base() + counter.slotSum();
            }
            long users = shards.countUsers(userStoreId);
            if (recordBase(userStoreId, counter, users - counter.slotSum())) {
                return users;
            }
            if (attempt >= UserTransaction.MAX_CONFLICT_RETRIES) {
                throw new ConflictException(ConflictException.RESOURCE_IN_USE,
                        "The user store is being counted while it changes; retry.");
            }
            Backoff.pause(attempt);
        }
    }

    /** The counter's items as read: each present slot's write count, the slots' sum, and the base if written. */
    private record Counter(Map<Integer, Long> slotWrites, long slotSum, Long base) {
    }

    private Counter read(String userStoreId) {
        Map<Integer, Long> writes = new HashMap<>();
        long sum = 0;
        Long base = null;
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            QueryResponse response = dynamo.query(b -> b.tableName(table).consistentRead(true)
                    .keyConditionExpression("pk = :pk")
                    .expressionAttributeValues(Map.of(":pk", s(TableLayout.counterPk(userStoreId))))
                    .exclusiveStartKey(from));
            for (Map<String, AttributeValue> item : response.items()) {
                String sk = TableLayout.sortKey(item);
                long users = Long.parseLong(item.get(TableLayout.COUNTER_USERS).n());
                if (sk.equals(TableLayout.COUNTER_BASE_SK)) {
                    base = users;
                } else {
                    for (int slot = 0; slot < TableLayout.COUNTER_SLOTS; slot++) {
                        if (sk.equals(TableLayout.counterSlotSk(slot))) {
                            writes.put(slot, Long.parseLong(item.get(TableLayout.COUNTER_WRITES).n()));
                            sum += users;
                        }
                    }
                }
            }
            start = ShardReader.nextStart(response);
        } while (start != null);
        return new Counter(writes, sum, base);
    }

    /**
     * Writes the base, on condition that no slot changed since {@code seen} was read (so no counted write happened
     * while the users were counted) and no other count wrote one first. False if either happened.
     */
    private boolean recordBase(String userStoreId, Counter seen, long base) {
        List<TransactWriteItem> items = new ArrayList<>();
        for (int slot = 0; slot < TableLayout.COUNTER_SLOTS; slot++) {
            Long writes = seen.slotWrites().get(slot);
            ConditionCheck.Builder check = ConditionCheck.builder().tableName(table)
                    .key(TableLayout.counterSlotKey(userStoreId, slot));
            if (writes == null) {
                check.conditionExpression("attribute_not_exists(pk)");
            } else {
                check.conditionExpression("#writes = :writes")
                        .expressionAttributeNames(Map.of("#writes", TableLayout.COUNTER_WRITES))
                        .expressionAttributeValues(Map.of(":writes", n(writes)));
            }
            items.add(TransactWriteItem.builder().conditionCheck(check.build()).build());
        }
        Map<String, AttributeValue> baseItem = new HashMap<>(TableLayout.counterBaseKey(userStoreId));
        baseItem.put(TableLayout.COUNTER_USERS, n(base));
        items.add(TransactWriteItem.builder().put(Put.builder().tableName(table).item(baseItem)
                .conditionExpression("attribute_not_exists(pk)").build()).build());
        try {
            dynamo.transactWriteItems(b -> b.transactItems(items));
            return true;
        } catch (TransactionCanceledException e) {
            return false;
        }
    }
}
