package dev.roster.shared.user;

import dev.roster.shared.error.ConflictException;
import dev.roster.shared.error.InvalidRequestException;
import dev.roster.shared.storage.Backoff;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.Select;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Users in DynamoDB. Uniqueness is enforced by DynamoDB itself: every write that claims or releases an email, phone
 * number or user name is one transaction with conditional guard items, never a read followed by a write.
 */
public final class DynamoUserStore implements UserStore {

    private static final int MAX_CONFLICT_RETRIES = 8;
    private static final java.time.Duration TOMBSTONE_LIFETIME = java.time.Duration.ofDays(2);
    /** A listing reads at most this many DynamoDB pages per request, so a sparse group filter cannot run long. */
    private static final int MAX_QUERIES_PER_PAGE = 32;
    /** Users one counting Query skips at most (DynamoDB also stops each at 1 MB read). */
    private static final int MAX_SKIP_PER_QUERY = 10_000;
    private static final Pattern TOKEN = Pattern.compile("^(\\d{1,3}):(U#[0-9a-f]{32})?$");

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoUserStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    private enum Role { USER, CLAIM_EMAIL, CLAIM_PHONE, CLAIM_USERNAME, RELEASE, TOMBSTONE, COUNTER }

    /** One transaction being built, with what each item is for, to explain a cancellation. */
    private final class Transaction {
        final List<TransactWriteItem> items = new ArrayList<>();
        final List<Role> roles = new ArrayList<>();
        final List<UniqueKey> keys = new ArrayList<>();
        /** Which of a batch's users each item belongs to. */
        final List<Integer> owners = new ArrayList<>();
        int owner;

        void add(TransactWriteItem item, Role role, UniqueKey key) {
            items.add(item);
            roles.add(role);
            keys.add(key);
            owners.add(owner);
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
                    .key(guardKey(user.userStoreId(), key, value))
                    .conditionExpression("UserId = :uid")
                    .expressionAttributeValues(Map.of(":uid", UserItemMapper.s(user.userId())))
                    .build()).build(), Role.RELEASE, key);
        }

        /**
         * Adds {@code delta} users to one slot of the store's counter, in this transaction: the count changes exactly
         * when the users do. Every transaction that counts also holds a conditional write of each user it counts, so
         * a repeat of an applied transaction fails instead of counting twice.
         */
        void count(String userStoreId, int slot, long delta) {
            add(TransactWriteItem.builder().update(Update.builder().tableName(table)
                    .key(counterSlotKey(userStoreId, slot))
                    .updateExpression("ADD #users :delta, #writes :one")
                    .expressionAttributeNames(Map.of("#users", UserKeys.COUNTER_USERS,
                            "#writes", UserKeys.COUNTER_WRITES))
                    .expressionAttributeValues(Map.of(":delta", UserItemMapper.n(delta), ":one", UserItemMapper.n(1)))
                    .build()).build(), Role.COUNTER, null);
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

        private RuntimeException explain(Role role, UniqueKey key) {
            return switch (role) {
                case USER -> new StaleUserException();
                case CLAIM_EMAIL, CLAIM_PHONE, CLAIM_USERNAME -> key.taken();
                case RELEASE -> new IllegalStateException("a uniqueness guard is not held by its user");
                case TOMBSTONE -> new IllegalStateException("a tombstone check failed outside an import");
                case COUNTER -> new IllegalStateException("an unconditional counter update failed its condition");
            };
        }
    }

    private static Role roleOf(UniqueKey key) {
        return switch (key) {
            case EMAIL -> Role.CLAIM_EMAIL;
            case PHONE -> Role.CLAIM_PHONE;
            case USERNAME -> Role.CLAIM_USERNAME;
        };
    }

    @Override
    public void insert(User user) {
        Transaction tx = new Transaction();
        tx.add(TransactWriteItem.builder().put(Put.builder().tableName(table).item(UserItemMapper.toItem(user))
                .conditionExpression("attribute_not_exists(pk)").build()).build(), Role.USER, null);
        for (UniqueKey key : UniqueKey.values()) {
            tx.claim(user, key);
        }
        tx.count(user.userStoreId(), UserKeys.shardOf(user.userId()), 1);
        tx.commit();
    }

    @Override
    public List<ConflictException> insertAll(List<User> users, boolean unlessDeleted) {
        ConflictException[] outcome = new ConflictException[users.size()];
        List<Integer> remaining = new ArrayList<>();
        for (int i = 0; i < users.size(); i++) {
            remaining.add(i);
        }
        for (int round = 0; !remaining.isEmpty(); round++) {
            Transaction tx = new Transaction();
            for (int index : remaining) {
                User user = users.get(index);
                tx.owner = index;
                tx.add(TransactWriteItem.builder().put(Put.builder().tableName(table).item(UserItemMapper.toItem(user))
                        .conditionExpression("attribute_not_exists(pk)").build()).build(), Role.USER, null);
                for (UniqueKey key : UniqueKey.values()) {
                    tx.claim(user, key);
                }
                if (unlessDeleted) {
                    tx.add(TransactWriteItem.builder().conditionCheck(ConditionCheck.builder().tableName(table)
                            .key(tombstoneKey(user.userStoreId(), user.userId()))
                            .conditionExpression("attribute_not_exists(pk)").build()).build(), Role.TOMBSTONE, null);
                }
            }
            // Only this attempt's users are counted: one already stored (or deleted since) failed its condition in
            // an earlier attempt and left the batch then. A random slot keeps the import's threads off each other's
            // counter item.
            Map<String, Long> added = new java.util.TreeMap<>();
            for (int index : remaining) {
                added.merge(users.get(index).userStoreId(), 1L, Long::sum);
            }
            tx.owner = -1;
            added.forEach((store, count) -> tx.count(store,
                    java.util.concurrent.ThreadLocalRandom.current().nextInt(UserKeys.COUNTER_SLOTS), count));
            try {
                dynamo.transactWriteItems(b -> b.transactItems(tx.items));
                return java.util.Arrays.asList(outcome);
            } catch (TransactionCanceledException e) {
                List<CancellationReason> reasons = e.cancellationReasons();
                java.util.Set<Integer> settled = new java.util.HashSet<>();
                boolean conflict = false;
                for (int i = 0; i < reasons.size() && i < tx.roles.size(); i++) {
                    String code = reasons.get(i).code();
                    int index = tx.owners.get(i);
                    if ("ConditionalCheckFailed".equals(code) && settled.add(index)) {
                        // The user item itself exists: an earlier delivery of this import inserted it (its id is
                        // derived from the job and line), so it counts as inserted; so does one inserted and deleted
                        // since (its tombstone). A guard: the identifier is taken.
                        Role role = tx.roles.get(i);
                        outcome[index] = role == Role.USER || role == Role.TOMBSTONE ? null : tx.keys.get(i).taken();
                    }
                    conflict |= "TransactionConflict".equals(code);
                }
                if (settled.isEmpty()) {
                    if (!conflict || round >= MAX_CONFLICT_RETRIES) {
                        throw e;
                    }
                    Backoff.pause(round);
                }
                remaining.removeAll(settled);
            }
        }
        return java.util.Arrays.asList(outcome);
    }

    @Override
    public Optional<User> find(String userStoreId, String userId) {
        GetItemResponse response = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                .key(userKey(userStoreId, userId)));
        return response.hasItem() && !response.item().isEmpty()
                ? Optional.of(UserItemMapper.fromItem(response.item())) : Optional.empty();
    }

    @Override
    public void replace(User current, User updated) {
        Transaction tx = new Transaction();
        tx.add(TransactWriteItem.builder().put(Put.builder().tableName(table).item(UserItemMapper.toItem(updated))
                .conditionExpression("Version = :v")
                .expressionAttributeValues(Map.of(":v", UserItemMapper.n(current.version())))
                .build()).build(), Role.USER, null);
        for (UniqueKey key : UniqueKey.values()) {
            if (!Objects.equals(key.keyOf(current), key.keyOf(updated))) {
                tx.release(current, key);
                tx.claim(updated, key);
            }
        }
        tx.commit();
    }

    @Override
    public void delete(User current) {
        Transaction tx = new Transaction();
        tx.add(TransactWriteItem.builder().delete(Delete.builder().tableName(table)
                .key(userKey(current.userStoreId(), current.userId()))
                .conditionExpression("Version = :v")
                .expressionAttributeValues(Map.of(":v", UserItemMapper.n(current.version())))
                .build()).build(), Role.USER, null);
        if (ImportUserInput.SOURCE_IMPORT.equals(current.dataSource())) {
            // An imported user's id is derived from its job and line: a retry of that import would insert it again.
            // The tombstone outlives any retry (jobs end within a day); only the TTL reads its clock, so wall time
            // is enough.
            Map<String, AttributeValue> tombstone = new java.util.HashMap<>(tombstoneKey(current.userStoreId(),
                    current.userId()));
            tombstone.put(UserKeys.TTL_ATTRIBUTE, UserItemMapper.n(java.time.Instant.now().plus(TOMBSTONE_LIFETIME)
                    .getEpochSecond()));
            tx.add(TransactWriteItem.builder().put(Put.builder().tableName(table).item(tombstone).build()).build(),
                    Role.TOMBSTONE, null);
        }
        for (UniqueKey key : UniqueKey.values()) {
            tx.release(current, key);
        }
        tx.count(current.userStoreId(), UserKeys.shardOf(current.userId()), -1);
        tx.commit();
    }

    @Override
    public Optional<String> findUserId(String userStoreId, UniqueKey key, String value) {
        GetItemResponse response = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                .key(guardKey(userStoreId, key, key.normalize(value))));
        if (!response.hasItem() || response.item().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(response.item().get(UserItemMapper.USER_ID).s());
    }

    @Override
    public boolean hasUsers(String userStoreId) {
        for (int shard = 0; shard < UserKeys.SHARDS; shard++) {
            String pk = UserKeys.shardPk(userStoreId, shard);
            QueryResponse response = dynamo.query(b -> b.tableName(table).limit(1)
                    .keyConditionExpression("pk = :pk AND begins_with(sk, :u)")
                    .projectionExpression("pk")
                    .expressionAttributeValues(Map.of(":pk", UserItemMapper.s(pk),
                            ":u", UserItemMapper.s(UserKeys.USER_SK_PREFIX))));
            if (response.count() > 0) {
                return true;
            }
        }
        return false;
    }

    /** Shards read ahead at once while the caller consumes one; each holds at most two pages (~2 MB). */
    static final int READ_AHEAD = 4;
    private static final List<User> END_OF_SHARD = List.of();

    /**
     * Streams the store's users in shard order while up to {@link #READ_AHEAD} shards are read in parallel ahead of
     * the consumer: the parallelism of a scan with the order (and flat memory) of a single reader.
     */
    @Override
    public void forEach(String userStoreId, java.util.function.Predicate<User> visitor) {
        forEachAfter(userStoreId, null, visitor);
    }

    @Override
    public void forEachAfter(String userStoreId, String afterUserId, java.util.function.Predicate<User> visitor) {
        int firstShard = afterUserId == null ? 0 : UserKeys.shardOf(afterUserId);
        Map<String, AttributeValue> resumeKey = afterUserId == null ? null
                : Map.of(UserKeys.PK, UserItemMapper.s(UserKeys.shardPk(userStoreId, firstShard)),
                        UserKeys.SK, UserItemMapper.s(UserKeys.userSk(afterUserId)));
        List<java.util.concurrent.BlockingQueue<List<User>>> queues = new ArrayList<>();
        for (int shard = 0; shard < UserKeys.SHARDS; shard++) {
            queues.add(new java.util.concurrent.ArrayBlockingQueue<>(2));
        }
        java.util.concurrent.atomic.AtomicBoolean stopped = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.ExecutorService readers = java.util.concurrent.Executors.newFixedThreadPool(READ_AHEAD,
                r -> {
                    Thread t = new Thread(r, "roster-shard-reader");
                    t.setDaemon(true);
                    return t;
                });
        List<java.util.concurrent.Future<?>> reads = new ArrayList<>();
        try {
            for (int shard = firstShard; shard < UserKeys.SHARDS; shard++) {
                int s = shard;
                Map<String, AttributeValue> start = shard == firstShard ? resumeKey : null;
                reads.add(readers.submit(() -> {
                    readShard(userStoreId, s, start, queues.get(s), stopped);
                    return null;
                }));
            }
            for (int shard = firstShard; shard < UserKeys.SHARDS; shard++) {
                java.util.concurrent.Future<?> read = reads.get(shard - firstShard);
                for (List<User> page = take(queues.get(shard), read); page != END_OF_SHARD;
                     page = take(queues.get(shard), read)) {
                    for (User user : page) {
                        if (!visitor.test(user)) {
                            return;
                        }
                    }
                }
            }
        } finally {
            stopped.set(true);
            readers.shutdownNow();
        }
    }

    private void readShard(String userStoreId, int shard, Map<String, AttributeValue> resumeKey,
                           java.util.concurrent.BlockingQueue<List<User>> out,
                           java.util.concurrent.atomic.AtomicBoolean stopped) throws InterruptedException {
        Map<String, AttributeValue> start = resumeKey;
        String pk = UserKeys.shardPk(userStoreId, shard);
        do {
            Map<String, AttributeValue> from = start;
            QueryResponse page = dynamo.query(b -> b.tableName(table)
                    .keyConditionExpression("pk = :pk AND begins_with(sk, :u)")
                    .expressionAttributeValues(Map.of(":pk", UserItemMapper.s(pk),
                            ":u", UserItemMapper.s(UserKeys.USER_SK_PREFIX)))
                    .exclusiveStartKey(from));
            List<User> users = new ArrayList<>(page.items().size());
            for (Map<String, AttributeValue> item : page.items()) {
                users.add(UserItemMapper.fromItem(item));
            }
            if (!users.isEmpty()) {
                out.put(users);
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null && !stopped.get());
        out.put(END_OF_SHARD);
    }

    /** The next page of a shard; a reader's failure surfaces here, in the consumer's thread. */
    private static List<User> take(java.util.concurrent.BlockingQueue<List<User>> queue,
                                   java.util.concurrent.Future<?> read) {
        try {
            while (true) {
                List<User> page = queue.poll(100, java.util.concurrent.TimeUnit.MILLISECONDS);
                if (page != null) {
                    return page;
                }
                if (read.isDone()) {
                    read.get();
                    page = queue.poll();
                    if (page != null) {
                        return page;
                    }
                    throw new IllegalStateException("a shard reader ended without finishing its shard");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        }
    }

    @Override
    public UserPage list(String userStoreId, String userGroup, int pageSize, String nextToken) {
        int shard = 0;
        Map<String, AttributeValue> startKey = null;
        if (nextToken != null) {
            Matcher cursor = TOKEN.matcher(decode(nextToken));
            if (!cursor.matches() || Integer.parseInt(cursor.group(1)) >= UserKeys.SHARDS) {
                throw InvalidRequestException.invalidValue("NextToken", "not a token this listing returned");
            }
            shard = Integer.parseInt(cursor.group(1));
            if (cursor.group(2) != null) {
                startKey = Map.of(UserKeys.PK, UserItemMapper.s(UserKeys.shardPk(userStoreId, shard)),
                        UserKeys.SK, UserItemMapper.s(cursor.group(2)));
            }
        }
        List<User> users = new ArrayList<>(pageSize);
        for (int queries = 0; shard < UserKeys.SHARDS && users.size() < pageSize; queries++) {
            if (queries == MAX_QUERIES_PER_PAGE) {
                return new UserPage(List.copyOf(users), encode(shard, startKey));
            }
            QueryRequest.Builder query = QueryRequest.builder().tableName(table)
                    .keyConditionExpression("pk = :pk AND begins_with(sk, :u)")
                    .limit(pageSize - users.size())
                    .exclusiveStartKey(startKey);
            Map<String, AttributeValue> values = new java.util.HashMap<>();
            values.put(":pk", UserItemMapper.s(UserKeys.shardPk(userStoreId, shard)));
            values.put(":u", UserItemMapper.s(UserKeys.USER_SK_PREFIX));
            if (userGroup != null) {
                query.filterExpression("contains(UserGroups, :g)");
                values.put(":g", UserItemMapper.s(userGroup));
            }
            QueryResponse response = dynamo.query(query.expressionAttributeValues(values).build());
            for (Map<String, AttributeValue> item : response.items()) {
                users.add(UserItemMapper.fromItem(item));
            }
            if (response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()) {
                startKey = response.lastEvaluatedKey();
            } else {
                shard++;
                startKey = null;
            }
        }
        String token = shard < UserKeys.SHARDS ? encode(shard, startKey) : null;
        return new UserPage(List.copyOf(users), token);
    }

    /**
     * The store's users, from its counter: one consistent Query of its slot and base items, whatever the store's
     * size. A store that has never been counted (it predates the counter) is counted once here, by reading its user
     * keys, and the difference to its slots is kept as the base; the base is written only if no slot changed while
     * the store was counted, so the recount is exact under concurrent writes too.
     */
    @Override
    public long count(String userStoreId) {
        for (int attempt = 0; ; attempt++) {
            Counter counter = readCounter(userStoreId);
            if (counter.base() != null) {
                return counter.base() + counter.slotSum();
            }
            long users = countUserItems(userStoreId);
            if (recordBase(userStoreId, counter, users - counter.slotSum())) {
                return users;
            }
            if (attempt >= MAX_CONFLICT_RETRIES) {
                throw new ConflictException(ConflictException.RESOURCE_IN_USE,
                        "The user store is being counted while it changes; retry.");
            }
            Backoff.pause(attempt);
        }
    }

    /** The counter's items as read: each present slot's write count, the slots' sum, and the base if written. */
    private record Counter(Map<Integer, Long> slotWrites, long slotSum, Long base) {
    }

    private Counter readCounter(String userStoreId) {
        Map<Integer, Long> writes = new java.util.HashMap<>();
        long sum = 0;
        Long base = null;
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            QueryResponse response = dynamo.query(b -> b.tableName(table).consistentRead(true)
                    .keyConditionExpression("pk = :pk")
                    .expressionAttributeValues(Map.of(":pk", UserItemMapper.s(UserKeys.counterPk(userStoreId))))
                    .exclusiveStartKey(from));
            for (Map<String, AttributeValue> item : response.items()) {
                String sk = item.get(UserKeys.SK).s();
                long users = Long.parseLong(item.get(UserKeys.COUNTER_USERS).n());
                if (sk.equals(UserKeys.COUNTER_BASE_SK)) {
                    base = users;
                } else {
                    for (int slot = 0; slot < UserKeys.COUNTER_SLOTS; slot++) {
                        if (sk.equals(UserKeys.counterSlotSk(slot))) {
                            writes.put(slot, Long.parseLong(item.get(UserKeys.COUNTER_WRITES).n()));
                            sum += users;
                        }
                    }
                }
            }
            start = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
                    ? response.lastEvaluatedKey() : null;
        } while (start != null);
        return new Counter(writes, sum, base);
    }

    /** Counts the store's user items (keys only, the once a store is first counted). */
    private long countUserItems(String userStoreId) {
        long users = 0;
        for (int shard = 0; shard < UserKeys.SHARDS; shard++) {
            String pk = UserKeys.shardPk(userStoreId, shard);
            Map<String, AttributeValue> start = null;
            do {
                Map<String, AttributeValue> from = start;
                QueryResponse response = dynamo.query(b -> b.tableName(table).consistentRead(true)
                        .keyConditionExpression("pk = :pk AND begins_with(sk, :u)")
                        .expressionAttributeValues(Map.of(":pk", UserItemMapper.s(pk),
                                ":u", UserItemMapper.s(UserKeys.USER_SK_PREFIX)))
                        .select(Select.COUNT)
                        .exclusiveStartKey(from));
                users += response.count();
                start = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
                        ? response.lastEvaluatedKey() : null;
            } while (start != null);
        }
        return users;
    }

    /**
     * Writes the base, on condition that no slot changed since {@code seen} was read (so no counted write happened
     * while the users were counted) and no other count wrote one first. False if either happened.
     */
    private boolean recordBase(String userStoreId, Counter seen, long base) {
        List<TransactWriteItem> items = new ArrayList<>();
        for (int slot = 0; slot < UserKeys.COUNTER_SLOTS; slot++) {
            Long writes = seen.slotWrites().get(slot);
            ConditionCheck.Builder check = ConditionCheck.builder().tableName(table)
                    .key(counterSlotKey(userStoreId, slot));
            if (writes == null) {
                check.conditionExpression("attribute_not_exists(pk)");
            } else {
                check.conditionExpression("#writes = :writes")
                        .expressionAttributeNames(Map.of("#writes", UserKeys.COUNTER_WRITES))
                        .expressionAttributeValues(Map.of(":writes", UserItemMapper.n(writes)));
            }
            items.add(TransactWriteItem.builder().conditionCheck(check.build()).build());
        }
        items.add(TransactWriteItem.builder().put(Put.builder().tableName(table)
                .item(Map.of(UserKeys.PK, UserItemMapper.s(UserKeys.counterPk(userStoreId)),
                        UserKeys.SK, UserItemMapper.s(UserKeys.COUNTER_BASE_SK),
                        UserKeys.COUNTER_USERS, UserItemMapper.n(base)))
                .conditionExpression("attribute_not_exists(pk)").build()).build());
        try {
            dynamo.transactWriteItems(b -> b.transactItems(items));
            return true;
        } catch (TransactionCanceledException e) {
            return false;
        }
    }

    /**
     * Reads only as far as needed: the first {@code offset} users are counted, not fetched (a Query that returns
     * just a count), then {@code limit} users are read; the cost is bounded by offset + limit, not the store.
     */
    @Override
    public List<User> range(String userStoreId, long offset, int limit) {
        List<User> users = new ArrayList<>(limit);
        long skip = offset;
        for (int shard = 0; shard < UserKeys.SHARDS && users.size() < limit; shard++) {
            String pk = UserKeys.shardPk(userStoreId, shard);
            Map<String, AttributeValue> start = null;
            do {
                QueryRequest.Builder query = QueryRequest.builder().tableName(table)
                        .keyConditionExpression("pk = :pk AND begins_with(sk, :u)")
                        .expressionAttributeValues(Map.of(":pk", UserItemMapper.s(pk),
                                ":u", UserItemMapper.s(UserKeys.USER_SK_PREFIX)))
                        .exclusiveStartKey(start);
                QueryResponse response;
                if (skip > 0) {
                    response = dynamo.query(query.select(Select.COUNT).limit((int) Math.min(skip, MAX_SKIP_PER_QUERY))
                            .build());
                    skip -= response.count();
                } else {
                    response = dynamo.query(query.limit(limit - users.size()).build());
                    for (Map<String, AttributeValue> item : response.items()) {
                        users.add(UserItemMapper.fromItem(item));
                    }
                }
                start = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
                        ? response.lastEvaluatedKey() : null;
            } while (start != null && users.size() < limit);
        }
        return List.copyOf(users);
    }

    private static String encode(int shard, Map<String, AttributeValue> startKey) {
        String raw = shard + ":" + (startKey == null ? "" : startKey.get(UserKeys.SK).s());
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String token) {
        try {
            return new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    private static Map<String, AttributeValue> userKey(String userStoreId, String userId) {
        return Map.of(UserKeys.PK, UserItemMapper.s(UserKeys.userPk(userStoreId, userId)),
                UserKeys.SK, UserItemMapper.s(UserKeys.userSk(userId)));
    }

    private static Map<String, AttributeValue> tombstoneKey(String userStoreId, String userId) {
        return Map.of(UserKeys.PK, UserItemMapper.s(UserKeys.userPk(userStoreId, userId)),
                UserKeys.SK, UserItemMapper.s(UserKeys.tombstoneSk(userId)));
    }

    private static Map<String, AttributeValue> counterSlotKey(String userStoreId, int slot) {
        return Map.of(UserKeys.PK, UserItemMapper.s(UserKeys.counterPk(userStoreId)),
                UserKeys.SK, UserItemMapper.s(UserKeys.counterSlotSk(slot)));
    }

    private static Map<String, AttributeValue> guardKey(String userStoreId, UniqueKey key, String value) {
        return Map.of(UserKeys.PK, UserItemMapper.s(UserKeys.guardPk(userStoreId, key, value)),
                UserKeys.SK, UserItemMapper.s(UserKeys.GUARD_SK));
    }

}
