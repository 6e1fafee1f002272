package dev.roster.shared.user;

import dev.roster.shared.storage.TableLayout;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.Select;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

import static dev.roster.shared.storage.TableLayout.s;

/**
 * Reads a store's users across its {@link TableLayout#SHARDS} partitions, always in shard order (the store's listing
 * order): streamed with shards read ahead in parallel, by page with a {@link PageToken}, by position, or only
 * counted. Every read is a Query of a shard's {@code U#} sort keys, so tombstones beside the users are never read.
 */
final class ShardReader {

    /** Shards read ahead at once while the caller consumes one; each holds at most two pages (~2 MB). */
    static final int READ_AHEAD = 4;
    /** A listing reads at most this many DynamoDB pages per request, so a sparse group filter cannot run long. */
    private static final int MAX_QUERIES_PER_PAGE = 32;
    /** Users one counting Query skips at most (DynamoDB also stops each at 1 MB read). */
    private static final int MAX_SKIP_PER_QUERY = 10_000;
    private static final List<User> END_OF_SHARD = List.of();

    private final DynamoDbClient dynamo;
    private final String table;

    ShardReader(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    /** The key to continue a Query from, or null when the response was its last page. */
    static Map<String, AttributeValue> nextStart(QueryResponse response) {
        return response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
                ? response.lastEvaluatedKey() : null;
    }

    /** A Query of one shard's user items, only those in {@code userGroup} unless it is null. */
    private QueryRequest.Builder usersOf(String userStoreId, int shard, String userGroup) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":pk", s(TableLayout.userShardPk(userStoreId, shard)));
        values.put(":u", s(TableLayout.USER_SK_PREFIX));
        QueryRequest.Builder query = QueryRequest.builder().tableName(table)
                .keyConditionExpression("pk = :pk AND begins_with(sk, :u)");
        if (userGroup != null) {
            query.filterExpression("contains(UserGroups, :g)");
            values.put(":g", s(userGroup));
        }
        return query.expressionAttributeValues(values);
    }

    /**
     * Streams the store's users in shard order, starting right after {@code afterUserId} (null: from the start),
     * while up to {@link #READ_AHEAD} shards are read in parallel ahead of the consumer: the parallelism of a scan
     * with the order (and flat memory) of a single reader.
     */
    void forEachAfter(String userStoreId, String afterUserId, Predicate<User> visitor) {
        int firstShard = afterUserId == null ? 0 : TableLayout.shardOf(afterUserId);
        Map<String, AttributeValue> resumeKey = afterUserId == null ? null
                : TableLayout.userKey(userStoreId, afterUserId);
        List<BlockingQueue<List<User>>> queues = new ArrayList<>();
        for (int shard = 0; shard < TableLayout.SHARDS; shard++) {
            queues.add(new ArrayBlockingQueue<>(2));
        }
        AtomicBoolean stopped = new AtomicBoolean();
        ExecutorService readers = Executors.newFixedThreadPool(READ_AHEAD, r -> {
            Thread t = new Thread(r, "roster-shard-reader");
            t.setDaemon(true);
            return t;
        });
        List<Future<?>> reads = new ArrayList<>();
        try {
            for (int shard = firstShard; shard < TableLayout.SHARDS; shard++) {
                int s = shard;
                Map<String, AttributeValue> start = shard == firstShard ? resumeKey : null;
                reads.add(readers.submit(() -> {
                    readShard(userStoreId, s, start, queues.get(s), stopped);
                    return null;
                }));
            }
            for (int shard = firstShard; shard < TableLayout.SHARDS; shard++) {
                Future<?> read = reads.get(shard - firstShard);
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
                           BlockingQueue<List<User>> out, AtomicBoolean stopped) throws InterruptedException {
        Map<String, AttributeValue> start = resumeKey;
        do {
            QueryResponse page = dynamo.query(usersOf(userStoreId, shard, null).exclusiveStartKey(start).build());
            List<User> users = new ArrayList<>(page.items().size());
            for (Map<String, AttributeValue> item : page.items()) {
                users.add(UserItemMapper.fromItem(item));
            }
            if (!users.isEmpty()) {
                out.put(users);
            }
            start = nextStart(page);
        } while (start != null && !stopped.get());
        out.put(END_OF_SHARD);
    }

    /** The next page of a shard; a reader's failure surfaces here, in the consumer's thread. */
    private static List<User> take(BlockingQueue<List<User>> queue, Future<?> read) {
        try {
            while (true) {
                List<User> page = queue.poll(100, TimeUnit.MILLISECONDS);
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
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        }
    }

    /** A page of the store's users from where {@code nextToken} left off (null: the start). */
    UserPage list(String userStoreId, String userGroup, int pageSize, String nextToken) {
        int shard = 0;
        Map<String, AttributeValue> startKey = null;
        if (nextToken != null) {
            PageToken cursor = PageToken.parse(nextToken);
            shard = cursor.shard();
            startKey = cursor.startKey(userStoreId);
        }
        List<User> users = new ArrayList<>(pageSize);
        for (int queries = 0; shard < TableLayout.SHARDS && users.size() < pageSize; queries++) {
            if (queries == MAX_QUERIES_PER_PAGE) {
                return new UserPage(List.copyOf(users), PageToken.encode(shard, startKey));
            }
            QueryResponse response = dynamo.query(usersOf(userStoreId, shard, userGroup)
                    .limit(pageSize - users.size())
                    .exclusiveStartKey(startKey).build());
            for (Map<String, AttributeValue> item : response.items()) {
                users.add(UserItemMapper.fromItem(item));
            }
            startKey = nextStart(response);
            if (startKey == null) {
                shard++;
            }
        }
        String token = shard < TableLayout.SHARDS ? PageToken.encode(shard, startKey) : null;
        return new UserPage(List.copyOf(users), token);
    }

    /**
     * Reads only as far as needed: the first {@code offset} users are counted, not fetched (a Query that returns
     * just a count), then {@code limit} users are read; the cost is bounded by offset + limit, not the store.
     */
    List<User> range(String userStoreId, long offset, int limit) {
        List<User> users = new ArrayList<>(limit);
        long skip = offset;
        for (int shard = 0; shard < TableLayout.SHARDS && users.size() < limit; shard++) {
            Map<String, AttributeValue> start = null;
            do {
                QueryRequest.Builder query = usersOf(userStoreId, shard, null).exclusiveStartKey(start);
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
                start = nextStart(response);
            } while (start != null && users.size() < limit);
        }
        return List.copyOf(users);
    }

    /** Counts the store's user items with consistent, keys-only count Queries (the once a store is first counted). */
    long countUsers(String userStoreId) {
        long users = 0;
        for (int shard = 0; shard < TableLayout.SHARDS; shard++) {
            Map<String, AttributeValue> start = null;
            do {
                QueryResponse response = dynamo.query(usersOf(userStoreId, shard, null).consistentRead(true)
                        .select(Select.COUNT).exclusiveStartKey(start).build());
                users += response.count();
                start = nextStart(response);
            } while (start != null);
        }
        return users;
    }
}
