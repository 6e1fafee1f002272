package dev.roster.shared.user;

/**
 * Key layout of the one table. A store's users are spread over {@link #SHARDS} partitions so that listing and
 * exporting can read them in parallel and no store is a single hot partition; the shard is a pure function of the
 * user id, so a get needs no lookup. Guard items ({@code US#<store>#EMAIL#<email>}) make email, phone and user
 * name unique and double as the exact-match index.
 * <p>Changing SHARDS changes where existing users live: it is a data migration, not a setting.
 */
public final class UserKeys {

    public static final String PK = "pk";
    public static final String SK = "sk";
    public static final int SHARDS = 16;
    static final String USER_SK_PREFIX = "U#";
    static final String GUARD_SK = "GUARD";
    /** The table's TTL attribute, in epoch seconds: job records, their failures and tombstones expire by it. */
    public static final String TTL_ATTRIBUTE = "ExpiresAt";

    private UserKeys() {
    }

    public static int shardOf(String userId) {
        return Math.floorMod(userId.hashCode(), SHARDS);
    }

    public static String shardPk(String userStoreId, int shard) {
        return "US#" + userStoreId + "#" + shard;
    }

    static String userPk(String userStoreId, String userId) {
        return shardPk(userStoreId, shardOf(userId));
    }

    static String userSk(String userId) {
        return USER_SK_PREFIX + userId;
    }

    /**
     * A deleted imported user's tombstone, beside where the user was: it keeps a retried import from inserting the
     * user again (sort keys outside {@code U#}, so no listing sees it).
     */
    static String tombstoneSk(String userId) {
        return "D#" + userId;
    }

    /**
     * The partition of a store's user counter: {@link #COUNTER_SLOTS} slot items whose sum, plus the base item's,
     * is the number of users. Every transaction that adds or removes users ADDs its net change to one slot, so
     * concurrent writers rarely touch the same item; one consistent Query reads them all.
     */
    public static String counterPk(String userStoreId) {
        return "US#" + userStoreId + "#COUNT";
    }

    public static final int COUNTER_SLOTS = SHARDS;

    public static String counterSlotSk(int slot) {
        return "SLOT#" + slot;
    }

    /**
     * The counter's base: the users a store held before it was counted (written once, by the first count of a store
     * that has no base; see DynamoUserStore#count). A store without it has never been counted.
     */
    public static final String COUNTER_BASE_SK = "BASE";
    /** The number attribute of slot and base items. */
    public static final String COUNTER_USERS = "Users";
    /** How many writes changed a slot: a recount checks that none did while it counted. */
    public static final String COUNTER_WRITES = "Writes";

    static String guardPk(String userStoreId, UniqueKey kind, String normalizedValue) {
        return "US#" + userStoreId + "#" + kind.name() + "#" + normalizedValue;
    }
}
