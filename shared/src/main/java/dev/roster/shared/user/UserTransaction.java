package dev.roster.shared.user;

import dev.roster.shared.error.ConflictException;
import dev.roster.shared.storage.Backoff;
import dev.roster.shared.storage.TableLayout;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One user-write transaction being built, with what each item is for, so that a cancellation can be explained: a
 * failed user condition is a stale user, a failed claim is a taken identifier. Guard items are claimed by a
 * conditional put of the normalized identifier and released by a delete conditioned on their holder, so uniqueness is
 * enforced by DynamoDB itself, never by a read followed by a write.
 */
final class UserTransaction {

    /** Transient transaction conflicts retried before the caller is told to retry. */
    static final int MAX_CONFLICT_RETRIES = 8;

    enum Role { USER, CLAIM_EMAIL, CLAIM_PHONE, CLAIM_USERNAME, RELEASE, TOMBSTONE, COUNTER }

    private final DynamoDbClient dynamo;
    private final String table;
    final List<TransactWriteItem> items = new ArrayList<>();
    final List<Role> roles = new ArrayList<>();
    final List<UniqueKey> keys = new ArrayList<>();
    /** Which of a batch's users each item belongs to. */
    final List<Integer> owners = new ArrayList<>();
    /** The batch position of the user the next items belong to (-1: none). */
    int owner;

    UserTransaction(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    void add(TransactWriteItem item, Role role, UniqueKey key) {
        items.add(item);
        roles.add(role);
        keys.add(key);
        owners.add(owner);
    }

    /** Puts a new user, on condition that its item does not exist, and claims each of its identifiers. */
    void insert(User user) {
        add(TransactWriteItem.builder().put(Put.builder().tableName(table).item(UserItemMapper.toItem(user))
                .conditionExpression("attribute_not_exists(pk)").build()).build(), Role.USER, null);
        for (UniqueKey key : UniqueKey.values()) {
            claim(user, key);
        }
    }

    void claim(User user, UniqueKey key) {
        Map<String, AttributeValue> guard = UserItemMapper.guardItem(user, key);
        if (guard == null) {
            return;
        }
        add(TransactWriteItem.builder().put(Put.builder().tableName(table).item(guard)
                .conditionExpression("attribute_not_exists(pk)").build()).build(), roleOf(key), key);
    }

    void release(User user, UniqueKey key) {
        String value = key.keyOf(user);
        if (value == null) {
            return;
        }
        add(TransactWriteItem.builder().delete(Delete.builder().tableName(table)
                .key(TableLayout.guardKey(user.userStoreId(), key.name(), value))
                .conditionExpression("UserId = :uid")
                .expressionAttributeValues(Map.of(":uid", TableLayout.s(user.userId())))
                .build()).build(), Role.RELEASE, key);
    }

    /**
     * Adds {@code delta} users to one slot of the store's counter, in this transaction: the count changes exactly
     * when the users do. Every transaction that counts also holds a conditional write of each user it counts, so
     * a repeat of an applied transaction fails instead of counting twice.
     */
    void count(String userStoreId, int slot, long delta) {
        add(UserCounter.slotAdd(table, userStoreId, slot, delta), Role.COUNTER, null);
    }

    /** Runs the transaction; retries DynamoDB's transient conflicts, explains condition failures. */
    void commit() {
        for (int attempt = 0; ; attempt++) {
            try {
                dynamo.transactWriteItems(b -> b.transactItems(items));
                return;
            } catch (TransactionCanceledException e) {
                List<CancellationReason> reasons = e.cancellationReasons();
                boolean conflict = false;
                for (int i = 0; i < reasons.size() && i < roles.size(); i++) {
                    String code = reasons.get(i).code();
                    if ("ConditionalCheckFailed".equals(code)) {
                        throw explain(roles.get(i), keys.get(i));
                    }
                    conflict |= "TransactionConflict".equals(code);
                }
                if (!conflict || attempt >= MAX_CONFLICT_RETRIES) {
                    throw new ConflictException(ConflictException.RESOURCE_IN_USE,
                            "The user or one of its identifiers is being changed by another request; retry.");
                }
                Backoff.pause(attempt);
            }
        }
    }

    private static RuntimeException explain(Role role, UniqueKey key) {
        return switch (role) {
            case USER -> new StaleUserException();
            case CLAIM_EMAIL, CLAIM_PHONE, CLAIM_USERNAME -> key.taken();
            case RELEASE -> new IllegalStateException("a uniqueness guard is not held by its user");
            case TOMBSTONE -> new IllegalStateException("a tombstone check failed outside an import");
            case COUNTER -> new IllegalStateException("an unconditional counter update failed its condition");
        };
    }

    private static Role roleOf(UniqueKey key) {
        return switch (key) {
            case EMAIL -> Role.CLAIM_EMAIL;
            case PHONE -> Role.CLAIM_PHONE;
            case USERNAME -> Role.CLAIM_USERNAME;
        };
    }
}
