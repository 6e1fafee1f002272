package dev.roster.shared.user;

import dev.roster.shared.error.ConflictException;
import dev.roster.shared.storage.Backoff;
import dev.roster.shared.storage.TableLayout;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * An import's batch of new users in as few transactions as it can: a user whose condition fails leaves the batch with
 * its outcome and the rest are tried again. With tombstones checked, a retried import does not bring back a user that
 * was deleted since an earlier attempt inserted it.
 */
final class ImportBatchWriter {

    private final DynamoDbClient dynamo;
    private final String table;

    ImportBatchWriter(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    /** See {@link UserStore#insertAll}. */
    List<ConflictException> insertAll(List<User> users, boolean unlessDeleted) {
        ConflictException[] outcome = new ConflictException[users.size()];
        List<Integer> remaining = new ArrayList<>();
        for (int i = 0; i < users.size(); i++) {
            remaining.add(i);
        }
        for (int round = 0; !remaining.isEmpty(); round++) {
            UserTransaction tx = new UserTransaction(dynamo, table);
            for (int index : remaining) {
                User user = users.get(index);
                tx.owner = index;
                tx.insert(user);
                if (unlessDeleted) {
                    // Only this import line's own tombstone stops it: a kept id may have been another user's.
                    // (A tombstone with no marker predates markers: its id was derived from this job.)
                    tx.add(TransactWriteItem.builder().conditionCheck(ConditionCheck.builder().tableName(table)
                            .key(TableLayout.tombstoneKey(user.userStoreId(), user.userId()))
                            .conditionExpression("attribute_not_exists(pk) OR (attribute_exists(#m) AND #m <> :m)")
                            .expressionAttributeNames(Map.of("#m", UserItemMapper.IMPORT_MARKER))
                            .expressionAttributeValues(Map.of(":m", TableLayout.s(marker(user)))).build()).build(),
                            UserTransaction.Role.TOMBSTONE, null);
                }
            }
            // Only this attempt's users are counted: one already stored (or deleted since) failed its condition in
            // an earlier attempt and left the batch then. A random slot keeps the import's threads off each other's
            // counter item.
            Map<String, Long> added = new TreeMap<>();
            for (int index : remaining) {
                added.merge(users.get(index).userStoreId(), 1L, Long::sum);
            }
            tx.owner = -1;
            added.forEach((store, count) -> tx.count(store,
                    ThreadLocalRandom.current().nextInt(TableLayout.COUNTER_SLOTS), count));
            try {
                dynamo.transactWriteItems(b -> b.transactItems(tx.items));
                return Arrays.asList(outcome);
            } catch (TransactionCanceledException e) {
                List<CancellationReason> reasons = e.cancellationReasons();
                Set<Integer> settled = new HashSet<>();
                Set<Integer> vanished = new HashSet<>();
                boolean conflict = false;
                for (int i = 0; i < reasons.size() && i < tx.roles.size(); i++) {
                    String code = reasons.get(i).code();
                    int index = tx.owners.get(i);
                    if ("ConditionalCheckFailed".equals(code) && !vanished.contains(index) && settled.add(index)) {
                        // The user item exists: if this import line inserted it (its marker says so) in an
                        // earlier delivery, it counts as inserted, else its id is taken; so does one this line
                        // inserted and someone deleted since (its tombstone). A guard: the identifier is taken.
                        UserTransaction.Role role = tx.roles.get(i);
                        Boolean ours = role == UserTransaction.Role.USER ? insertedBy(users.get(index)) : null;
                        if (role == UserTransaction.Role.USER && ours == null) {
                            // Deleted since its condition failed: the next round meets its tombstone, or inserts.
                            settled.remove(index);
                            vanished.add(index);
                            continue;
                        }
                        outcome[index] = switch (role) {
                            case USER -> ours ? null : userIdTaken();
                            case TOMBSTONE -> null;
                            default -> tx.keys.get(i).taken();
                        };
                    }
                    conflict |= "TransactionConflict".equals(code);
                }
                if (settled.isEmpty()) {
                    if (!(conflict || !vanished.isEmpty()) || round >= UserTransaction.MAX_CONFLICT_RETRIES) {
                        throw e;
                    }
                    Backoff.pause(round);
                }
                remaining.removeAll(settled);
            }
        }
        return Arrays.asList(outcome);
    }

    /**
     * Whether the stored user with this user's id was inserted by the same import line (a consistent read); null when
     * no user has that id any more.
     */
    private Boolean insertedBy(User user) {
        Map<String, AttributeValue> stored = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                .key(TableLayout.userKey(user.userStoreId(), user.userId()))
                .projectionExpression("#m").expressionAttributeNames(Map.of("#m", UserItemMapper.IMPORT_MARKER)))
                .item();
        AttributeValue marker = stored == null ? null : stored.get(UserItemMapper.IMPORT_MARKER);
        if (stored == null || stored.isEmpty()) {
            return null;
        }
        return marker != null && marker(user).equals(marker.s());
    }

    private static String marker(User user) {
        if (user.importMarker() == null) {
            throw new IllegalArgumentException("an imported user needs its import marker: " + user);
        }
        return user.importMarker();
    }

    static ConflictException userIdTaken() {
        return new ConflictException(ConflictException.USER_ID_ALREADY_EXISTS,
                "The user id is already another user's.", "UserId");
    }
}
