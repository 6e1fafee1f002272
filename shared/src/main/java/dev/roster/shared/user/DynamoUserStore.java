package dev.roster.shared.user;

import dev.roster.shared.error.ConflictException;
import dev.roster.shared.storage.TableLayout;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;

import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Users in DynamoDB (the items of {@link TableLayout}). Uniqueness is enforced by DynamoDB itself: every write that
 * claims or releases an email, phone number or user name is one transaction with conditional guard items, never a
 * read followed by a write. The work is split by job: {@link UserWrites} (one user's transactions),
 * {@link ImportBatchWriter} (an import's batches, with tombstones), {@link ShardReader} (reads across the shards,
 * paged by {@link PageToken}), {@link UserCounter} and {@link PasswordCheckWrites}; point reads are here.
 */
public final class DynamoUserStore implements UserStore {

    private final DynamoDbClient dynamo;
    private final String table;
    private final UserWrites writes;
    private final ImportBatchWriter imports;
    private final ShardReader shards;
    private final UserCounter counter;
    private final PasswordCheckWrites passwordChecks;

    public DynamoUserStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
        this.writes = new UserWrites(dynamo, table);
        this.imports = new ImportBatchWriter(dynamo, table);
        this.shards = new ShardReader(dynamo, table);
        this.counter = new UserCounter(dynamo, table, shards);
        this.passwordChecks = new PasswordCheckWrites(dynamo, table);
    }

    @Override
    public void insert(User user) {
        writes.insert(user);
    }

    @Override
    public List<ConflictException> insertAll(List<User> users, boolean unlessDeleted) {
        return imports.insertAll(users, unlessDeleted);
    }

    @Override
    public Optional<User> find(String userStoreId, String userId) {
        GetItemResponse response = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                .key(TableLayout.userKey(userStoreId, userId)));
        return response.hasItem() && !response.item().isEmpty()
                ? Optional.of(UserItemMapper.fromItem(response.item())) : Optional.empty();
    }

    @Override
    public void replace(User current, User updated) {
        writes.replace(current, updated);
    }

    @Override
    public void delete(User current) {
        writes.delete(current);
    }

    @Override
    public java.util.OptionalInt addFailedCheck(String userStoreId, String userId) {
        return passwordChecks.addFailedCheck(userStoreId, userId);
    }

    @Override
    public boolean lockAfterFailedChecks(User seen, int maxFailedChecks, String reason, long now) {
        return passwordChecks.lockAfterFailedChecks(seen, maxFailedChecks, reason, now);
    }

    @Override
    public boolean recordPasswordSuccess(User current, dev.roster.shared.security.PasswordCredential rehashed) {
        return passwordChecks.recordPasswordSuccess(current, rehashed);
    }

    @Override
    public Optional<String> findUserId(String userStoreId, UniqueKey key, String value) {
        GetItemResponse response = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                .key(TableLayout.guardKey(userStoreId, key.name(), key.normalize(value))));
        if (!response.hasItem() || response.item().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(response.item().get(UserItemMapper.USER_ID).s());
    }

    @Override
    public void forEach(String userStoreId, Predicate<User> visitor) {
        shards.forEachAfter(userStoreId, null, visitor);
    }

    @Override
    public void forEachAfter(String userStoreId, String afterUserId, Predicate<User> visitor) {
        shards.forEachAfter(userStoreId, afterUserId, visitor);
    }

    @Override
    public long count(String userStoreId) {
        return counter.count(userStoreId);
    }

    @Override
    public List<User> range(String userStoreId, long offset, int limit) {
        return shards.range(userStoreId, offset, limit);
    }

    @Override
    public UserPage list(String userStoreId, String userGroup, int pageSize, String nextToken) {
        return shards.list(userStoreId, userGroup, pageSize, nextToken);
    }
}
