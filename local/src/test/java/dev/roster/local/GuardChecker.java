package dev.roster.local;

import dev.roster.shared.storage.TableLayout;
import dev.roster.shared.user.UniqueKey;
import dev.roster.shared.user.User;
import dev.roster.shared.user.UserItemMapper;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Checks, straight from DynamoDB, that a user store's uniqueness guards and its users agree exactly: every guard
 * ({@code pk = US#<store>#EMAIL|PHONE|USERNAME#<value>}, {@code sk = GUARD}) names a live user whose normalised
 * identifier of that kind is the guard's value, and every identifier of every live user has exactly that guard.
 * Items that are neither users nor guards (jobs, job failures) are ignored.
 */
final class GuardChecker {

    /** What the table holds for the store, and every disagreement found (empty when consistent). */
    record Result(Map<String, User> users, int guards, List<String> problems) {
        boolean consistent() {
            return problems.isEmpty();
        }
    }

    private record Guard(String pk, UniqueKey kind, String value, String userId, String kindAttribute) {
    }

    private GuardChecker() {
    }

    /** Scans the table for the store's items: complete, but slow on a large table. */
    static Result check(DynamoDbClient dynamo, String table, String userStoreId) {
        String prefix = "US#" + userStoreId + "#";
        ScanRequest scan = ScanRequest.builder().tableName(table).consistentRead(true)
                .filterExpression("begins_with(pk, :p)")
                .expressionAttributeValues(Map.of(":p", AttributeValue.fromS(prefix)))
                .build();
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        dynamo.scanPaginator(scan).items().forEach(items::add);
        return verify(userStoreId, items);
    }

    /**
     * Reads the store's users (a query per shard) and the guards of the given identifier values (batched gets) instead
     * of scanning: as complete as {@link #check} when every identifier ever written in the store is among
     * {@code possibleValues} (raw values; they are normalised here), and fast on a large table.
     */
    static Result check(DynamoDbClient dynamo, String table, String userStoreId,
                        Map<UniqueKey, ? extends java.util.Collection<String>> possibleValues) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        for (int shard = 0; shard < TableLayout.SHARDS; shard++) {
            String pk = TableLayout.userShardPk(userStoreId, shard);
            dynamo.queryPaginator(b -> b.tableName(table).consistentRead(true)
                    .keyConditionExpression("pk = :pk AND begins_with(sk, :u)")
                    .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(pk), ":u", AttributeValue.fromS("U#"))))
                    .items().forEach(items::add);
        }
        java.util.Set<String> guardPks = new java.util.TreeSet<>();
        possibleValues.forEach((kind, values) -> values.forEach(value ->
                guardPks.add("US#" + userStoreId + "#" + kind.name() + "#" + kind.normalize(value))));
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        for (String pk : guardPks) {
            keys.add(Map.of("pk", AttributeValue.fromS(pk), "sk", AttributeValue.fromS("GUARD")));
            if (keys.size() == 100) {
                items.addAll(batchGet(dynamo, table, keys));
                keys = new ArrayList<>();
            }
        }
        if (!keys.isEmpty()) {
            items.addAll(batchGet(dynamo, table, keys));
        }
        return verify(userStoreId, items);
    }

    private static List<Map<String, AttributeValue>> batchGet(DynamoDbClient dynamo, String table,
                                                              List<Map<String, AttributeValue>> keys) {
        List<Map<String, AttributeValue>> found = new ArrayList<>();
        Map<String, software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes> pending =
                Map.of(table, software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes.builder()
                        .keys(keys).consistentRead(true).build());
        for (int round = 0; !pending.isEmpty(); round++) {
            if (round == 100) {
                throw new IllegalStateException("DynamoDB kept keys unprocessed");
            }
            var request = pending;
            var response = dynamo.batchGetItem(b -> b.requestItems(request));
            found.addAll(response.responses().getOrDefault(table, List.of()));
            pending = response.hasUnprocessedKeys() ? response.unprocessedKeys() : Map.of();
        }
        return found;
    }

    private static Result verify(String userStoreId, List<Map<String, AttributeValue>> items) {
        String prefix = "US#" + userStoreId + "#";
        List<String> problems = new ArrayList<>();
        Map<String, User> users = new HashMap<>();
        List<Guard> guards = new ArrayList<>();
        for (Map<String, AttributeValue> item : items) {
            String pk = item.get("pk").s();
            String sk = item.get("sk").s();
            if (sk.startsWith("U#")) {
                User user = UserItemMapper.fromItem(item);
                String userId = sk.substring(2);
                if (!userId.equals(user.userId())) {
                    problems.add("user item " + pk + "/" + sk + " holds UserId " + user.userId());
                }
                if (!userStoreId.equals(user.userStoreId())) {
                    problems.add("user " + userId + " holds UserStoreId " + user.userStoreId());
                }
                if (!pk.equals(TableLayout.userShardPk(userStoreId, TableLayout.shardOf(userId)))) {
                    problems.add("user " + userId + " is stored under " + pk + ", not its shard");
                }
                if (users.put(userId, user) != null) {
                    problems.add("user " + userId + " is stored twice");
                }
            } else if (sk.equals("GUARD")) {
                String rest = pk.substring(prefix.length());
                int hash = rest.indexOf('#');
                UniqueKey kind = null;
                if (hash > 0) {
                    try {
                        kind = UniqueKey.valueOf(rest.substring(0, hash));
                    } catch (IllegalArgumentException e) {
                        // reported below
                    }
                }
                if (kind == null) {
                    problems.add("guard " + pk + " is of no known kind");
                    continue;
                }
                AttributeValue owner = item.get("UserId");
                AttributeValue kindAttribute = item.get("Kind");
                guards.add(new Guard(pk, kind, rest.substring(hash + 1), owner == null ? null : owner.s(),
                        kindAttribute == null ? null : kindAttribute.s()));
            }
        }

        // Every guard: a live owner whose identifier of this kind is the guard's value.
        Map<String, Guard> guardByKey = new HashMap<>();
        for (Guard guard : guards) {
            guardByKey.put(guard.kind() + "#" + guard.value(), guard);
            if (!guard.kind().name().equals(guard.kindAttribute())) {
                problems.add("guard " + guard.pk() + " says its Kind is " + guard.kindAttribute());
            }
            if (guard.userId() == null) {
                problems.add("guard " + guard.pk() + " names no user");
                continue;
            }
            User owner = users.get(guard.userId());
            if (owner == null) {
                problems.add("guard " + guard.pk() + " points to user " + guard.userId() + ", who does not exist");
            } else if (!guard.value().equals(guard.kind().keyOf(owner))) {
                problems.add("guard " + guard.pk() + " points to user " + guard.userId() + ", whose " + guard.kind()
                        + " is " + guard.kind().keyOf(owner));
            }
        }

        // Every identifier of every live user: exactly its guard, held by that user.
        int identifiers = 0;
        for (User user : users.values()) {
            for (UniqueKey kind : UniqueKey.values()) {
                String value = kind.keyOf(user);
                if (value == null) {
                    continue;
                }
                identifiers++;
                Guard guard = guardByKey.get(kind + "#" + value);
                if (guard == null) {
                    problems.add("user " + user.userId() + " has " + kind + " " + value + " but no guard for it");
                } else if (!user.userId().equals(guard.userId())) {
                    problems.add("user " + user.userId() + " has " + kind + " " + value + ", whose guard is held by "
                            + guard.userId());
                }
            }
        }
        if (identifiers != guards.size()) {
            problems.add(users.size() + " users have " + identifiers + " identifiers, but there are " + guards.size()
                    + " guards");
        }
        return new Result(Map.copyOf(users), guards.size(), List.copyOf(problems));
    }

    /** Checks by scanning and fails with every problem found; returns the result when consistent. */
    static Result assertConsistent(DynamoDbClient dynamo, String table, String userStoreId) {
        return assertConsistent(check(dynamo, table, userStoreId), userStoreId);
    }

    /** Checks without scanning (see {@link #check(DynamoDbClient, String, String, Map)}) and fails likewise. */
    static Result assertConsistent(DynamoDbClient dynamo, String table, String userStoreId,
                                   Map<UniqueKey, ? extends java.util.Collection<String>> possibleValues) {
        return assertConsistent(check(dynamo, table, userStoreId, possibleValues), userStoreId);
    }

    private static Result assertConsistent(Result result, String userStoreId) {
        if (!result.consistent()) {
            fail("users and uniqueness guards of " + userStoreId + " disagree (" + result.problems().size()
                    + " problems):\n  " + String.join("\n  ",
                    result.problems().subList(0, Math.min(30, result.problems().size()))));
        }
        return result;
    }
}
