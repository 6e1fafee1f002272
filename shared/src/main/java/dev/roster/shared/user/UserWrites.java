package dev.roster.shared.user;

import dev.roster.shared.storage.TableLayout;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Insert, replace and delete of one user: each is one transaction of the user item, the guard items of the
 * identifiers it claims or releases, and (when the number of users changes) the store's counter.
 */
final class UserWrites {

    /** Outlives any retry of the import that inserted a deleted user (jobs end within a day). */
    private static final Duration TOMBSTONE_LIFETIME = Duration.ofDays(2);

    private final DynamoDbClient dynamo;
    private final String table;

    UserWrites(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    void insert(User user) {
        UserTransaction tx = new UserTransaction(dynamo, table);
        tx.insert(user);
        tx.count(user.userStoreId(), TableLayout.shardOf(user.userId()), 1);
        tx.commit();
    }

    void replace(User current, User updated) {
        UserTransaction tx = new UserTransaction(dynamo, table);
        tx.add(TransactWriteItem.builder().put(Put.builder().tableName(table).item(UserItemMapper.toItem(updated))
                .conditionExpression("Version = :v")
                .expressionAttributeValues(Map.of(":v", TableLayout.n(current.version())))
                .build()).build(), UserTransaction.Role.USER, null);
        for (UniqueKey key : UniqueKey.values()) {
            if (!Objects.equals(key.keyOf(current), key.keyOf(updated))) {
                tx.release(current, key);
                tx.claim(updated, key);
            }
        }
        tx.commit();
    }

    void delete(User current) {
        UserTransaction tx = new UserTransaction(dynamo, table);
        tx.add(TransactWriteItem.builder().delete(Delete.builder().tableName(table)
                .key(TableLayout.userKey(current.userStoreId(), current.userId()))
                .conditionExpression("Version = :v")
                .expressionAttributeValues(Map.of(":v", TableLayout.n(current.version())))
                .build()).build(), UserTransaction.Role.USER, null);
        if (ImportUserInput.SOURCE_IMPORT.equals(current.dataSource())) {
            // A retry of the import that inserted the user would insert it again (it recognises its line's id).
            // The tombstone outlives any retry; only the TTL reads its clock, so wall time is enough.
            Map<String, AttributeValue> tombstone = new HashMap<>(TableLayout.tombstoneKey(current.userStoreId(),
                    current.userId()));
            tombstone.put(TableLayout.TTL_ATTRIBUTE, TableLayout.n(Instant.now().plus(TOMBSTONE_LIFETIME)
                    .getEpochSecond()));
            if (current.importMarker() != null) {
                // Stops only the import line that inserted the user: a kept id may come back in another import.
                tombstone.put(UserItemMapper.IMPORT_MARKER, TableLayout.s(current.importMarker()));
            }
            tx.add(TransactWriteItem.builder().put(Put.builder().tableName(table).item(tombstone).build()).build(),
                    UserTransaction.Role.TOMBSTONE, null);
        }
        for (UniqueKey key : UniqueKey.values()) {
            tx.release(current, key);
        }
        tx.count(current.userStoreId(), TableLayout.shardOf(current.userId()), -1);
        tx.commit();
    }
}
