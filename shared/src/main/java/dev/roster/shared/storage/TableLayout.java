package dev.roster.shared.storage;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.Map;

/**
 * The layout of the one DynamoDB table: its key attributes, its TTL attribute and the key of every kind of item in it.
 * Every store builds its keys here, so the whole layout reads in one place; the strings are the stored format, and
 * deployed data is read by them: changing one is a data migration.
 * <p>A store's users are spread over {@link #SHARDS} partitions so that listing and exporting can read them in
 * parallel and no store is a single hot partition; the shard is a pure function of the user id, so a get needs no
 * lookup. Guard items make email, phone and user name unique and double as the exact-match index.
 */
public final class TableLayout {

    /** The partition key attribute (a string). */
    public static final String PK = "pk";
    /** The sort key attribute (a string). */
    public static final String SK = "sk";
    /**
     * The table's TTL attribute, in epoch seconds: job records, their failures, tombstones, accepted signatures and
     * request counts expire by it.
     */
    public static final String TTL_ATTRIBUTE = "ExpiresAt";

    /** Partitions a store's users are spread over; changing it moves every user: a migration, not a setting. */
    public static final int SHARDS = 16;
    /** Sort-key prefix of user items: a listing of a shard reads only the sort keys that begin with it. */
    public static final String USER_SK_PREFIX = "U#";
    /** The sort key of every guard item. */
    public static final String GUARD_SK = "GUARD";

    /** Slots of a store's user counter, one per shard so that writers to different shards rarely share one. */
    public static final int COUNTER_SLOTS = SHARDS;
    /**
     * The counter's base: the users a store held before it was counted (written once, by the first count of a store
     * that has no base). A store without it has never been counted.
     */
    public static final String COUNTER_BASE_SK = "BASE";
    /** The number attribute of counter slot and base items: users added (negative: removed). */
    public static final String COUNTER_USERS = "Users";
    /** How many writes changed a counter slot: a recount checks that none did while it counted. */
    public static final String COUNTER_WRITES = "Writes";

    /**
     * The number attribute of a user item counting its consecutive failed password checks: ADDed by each failure (so
     * concurrent failures all count), removed by a success or an unlock. It is not part of the user's Version.
     */
    public static final String FAILED_CHECKS = "FailedChecks";
    /** The string attribute of a user item holding the administrator's reason for its last status change. */
    public static final String STATUS_REASON = "StatusReason";

    /** Sort-key prefix of job records, which share their store's jobs partition with the slots item. */
    public static final String JOB_SK_PREFIX = "J#";
    /** The sort key of a store's job-slots item. */
    public static final String JOB_SLOTS_SK = "ACTIVE";
    /** Sort-key prefix of a job's import-failure items. */
    public static final String FAILURE_SK_PREFIX = "F#";
    /** Sort-key prefix of a dry run's report items, in the job's failures partition. */
    public static final String REPORT_SK_PREFIX = "R#";
    /** Sort-key prefix of a dry run's identifier claims, in the job's failures partition. */
    public static final String CLAIM_SK_PREFIX = "C#";
    /** The sort key of an accepted Tencent signature. */
    public static final String SIGNATURE_SK = "SIGNATURE";

    private TableLayout() {
    }

    /** The shard of a user: a pure function of its id. */
    public static int shardOf(String userId) {
        return Math.floorMod(userId.hashCode(), SHARDS);
    }

    // ---- users, their tombstones and their guards

    /** One of a store's user partitions: its users and its deleted imported users' tombstones. */
    public static String userShardPk(String userStoreId, int shard) {
        return "US#" + userStoreId + "#" + shard;
    }

    /** The partition of a user's item: its id's shard. */
    public static String userPk(String userStoreId, String userId) {
        return userShardPk(userStoreId, shardOf(userId));
    }

    /** The sort key of a user item. */
    public static String userSk(String userId) {
        return USER_SK_PREFIX + userId;
    }

    /** The key of a user item. */
    public static Map<String, AttributeValue> userKey(String userStoreId, String userId) {
        return key(userPk(userStoreId, userId), userSk(userId));
    }

    /**
     * A deleted imported user's tombstone, beside where the user was: it keeps a retried import from inserting the
     * user again (sort keys outside {@code U#}, so no listing sees it).
     */
    public static Map<String, AttributeValue> tombstoneKey(String userStoreId, String userId) {
        return key(userPk(userStoreId, userId), "D#" + userId);
    }

    /**
     * The partition of a guard item, which reserves one normalized identifier of a kind (EMAIL, PHONE, USERNAME) for
     * the user that holds it.
     */
    public static String guardPk(String userStoreId, String kind, String normalizedValue) {
        return "US#" + userStoreId + "#" + kind + "#" + normalizedValue;
    }

    /** The key of a guard item. */
    public static Map<String, AttributeValue> guardKey(String userStoreId, String kind, String normalizedValue) {
        return key(guardPk(userStoreId, kind, normalizedValue), GUARD_SK);
    }

    // ---- the user counter

    /**
     * The partition of a store's user counter: {@link #COUNTER_SLOTS} slot items whose sum, plus the base item's,
     * is the number of users. Every transaction that adds or removes users ADDs its net change to one slot, so
     * concurrent writers rarely touch the same item; one consistent Query reads them all.
     */
    public static String counterPk(String userStoreId) {
        return "US#" + userStoreId + "#COUNT";
    }

    /** The sort key of one counter slot. */
    public static String counterSlotSk(int slot) {
        return "SLOT#" + slot;
    }

    /** The key of one counter slot. */
    public static Map<String, AttributeValue> counterSlotKey(String userStoreId, int slot) {
        return key(counterPk(userStoreId), counterSlotSk(slot));
    }

    /** The key of a store's counter base. */
    public static Map<String, AttributeValue> counterBaseKey(String userStoreId) {
        return key(counterPk(userStoreId), COUNTER_BASE_SK);
    }

    // ---- jobs

    /** A store's jobs partition: its job records and its job-slots item. */
    public static String jobsPk(String userStoreId) {
        return "US#" + userStoreId + "#JOBS";
    }

    /** The key of a job record (job ids start with their creation time, so they sort by it). */
    public static Map<String, AttributeValue> jobKey(String userStoreId, String jobId) {
        return key(jobsPk(userStoreId), JOB_SK_PREFIX + jobId);
    }

    /** The key of a store's job-slots item, whose string set holds the store's active job ids. */
    public static Map<String, AttributeValue> jobSlotsKey(String userStoreId) {
        return key(jobsPk(userStoreId), JOB_SLOTS_SK);
    }

    /** The partition of an import job's per-line items: its failures, and a dry run's report and claims. */
    public static String failuresPk(String userStoreId, String jobId) {
        return "US#" + userStoreId + "#JOB#" + jobId;
    }

    /** The sort key of the failure of one input line, zero-padded so failures sort by line. */
    public static String failureSk(long line) {
        return String.format("%s%012d", FAILURE_SK_PREFIX, line);
    }

    /** The sort key of a dry run's report of one input record, zero-padded so the report sorts by record. */
    public static String reportSk(long line) {
        return String.format("%s%012d", REPORT_SK_PREFIX, line);
    }

    /** The key of a dry run's claim of one identifier ({@code KIND#value}) by one record of its file. */
    public static Map<String, AttributeValue> claimKey(String userStoreId, String jobId, String identifier) {
        return key(failuresPk(userStoreId, jobId), CLAIM_SK_PREFIX + identifier);
    }

    // ---- the HTTP frame's items

    /** The key of an accepted Tencent TC3 signature, which records what the signature was first used for. */
    public static Map<String, AttributeValue> signatureKey(String signature) {
        return key("TC3#" + signature, SIGNATURE_SK);
    }

    /** The key of a store's request count in one epoch second (the exact per-store request limit). */
    public static Map<String, AttributeValue> requestRateKey(String userStoreId, long epochSecond) {
        return key("US#" + userStoreId + "#RATE", Long.toString(epochSecond));
    }

    // ---- item helpers

    /** A key map of a partition and a sort key. */
    public static Map<String, AttributeValue> key(String pk, String sk) {
        return Map.of(PK, s(pk), SK, s(sk));
    }

    public static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    public static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    /** A string attribute of an item, or null when it has none. */
    public static String string(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.s();
    }

    /** A number attribute of an item, or 0 when it has none. */
    public static long number(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null || value.n() == null ? 0 : Long.parseLong(value.n());
    }

    /** The sort key of an item. */
    public static String sortKey(Map<String, AttributeValue> item) {
        return item.get(SK).s();
    }
}
