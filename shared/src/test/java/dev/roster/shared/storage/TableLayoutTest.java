package dev.roster.shared.storage;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The stored format, spelled out: deployed data is read by these exact strings, so a change here is a data
 * migration and must fail this test first.
 */
class TableLayoutTest {

    private static Map<String, AttributeValue> key(String pk, String sk) {
        return Map.of("pk", AttributeValue.fromS(pk), "sk", AttributeValue.fromS(sk));
    }

    @Test
    void theKeyAndTtlAttributesAreThoseOfTheDeployedTable() {
        assertEquals("pk", TableLayout.PK);
        assertEquals("sk", TableLayout.SK);
        assertEquals("ExpiresAt", TableLayout.TTL_ATTRIBUTE);
    }

    @Test
    void aUserLivesInItsIdsShardOfSixteen() {
        // given
        String userId = "0123456789abcdef0123456789abcdef";
        int shard = Math.floorMod(userId.hashCode(), 16);

        // when
        Map<String, AttributeValue> key = TableLayout.userKey("store-1", userId);

        // then
        assertEquals(16, TableLayout.SHARDS);
        assertEquals(shard, TableLayout.shardOf(userId));
        assertEquals(key("US#store-1#" + shard, "U#" + userId), key);
        assertEquals(key("US#store-1#" + shard, "D#" + userId), TableLayout.tombstoneKey("store-1", userId));
    }

    @Test
    void guardsAndTheCounterHaveTheirOwnPartitions() {
        assertEquals(key("US#store-1#EMAIL#a@example.com", "GUARD"),
                TableLayout.guardKey("store-1", "EMAIL", "a@example.com"));
        assertEquals(key("US#store-1#COUNT", "SLOT#15"), TableLayout.counterSlotKey("store-1", 15));
        assertEquals(key("US#store-1#COUNT", "BASE"), TableLayout.counterBaseKey("store-1"));
        assertEquals(16, TableLayout.COUNTER_SLOTS);
        assertEquals("Users", TableLayout.COUNTER_USERS);
        assertEquals("Writes", TableLayout.COUNTER_WRITES);
    }

    @Test
    void jobsTheirSlotsAndTheirFailuresAreKeyedByStoreAndJob() {
        assertEquals(key("US#store-1#JOBS", "J#0190abcd"), TableLayout.jobKey("store-1", "0190abcd"));
        assertEquals(key("US#store-1#JOBS", "ACTIVE"), TableLayout.jobSlotsKey("store-1"));
        assertEquals("US#store-1#JOB#0190abcd", TableLayout.failuresPk("store-1", "0190abcd"));
        assertEquals("F#000000000042", TableLayout.failureSk(42));
    }

    @Test
    void theHttpFramesItemsAreKeyedBySignatureAndBySecond() {
        assertEquals(key("TC3#f00d", "SIGNATURE"), TableLayout.signatureKey("f00d"));
        assertEquals(key("US#store-1#RATE", "1767225600"), TableLayout.requestRateKey("store-1", 1767225600L));
    }

    @Test
    void missingAttributesReadAsNullAndZero() {
        // given
        Map<String, AttributeValue> item = Map.of("Name", TableLayout.s("x"), "Count", TableLayout.n(7));

        // then
        assertEquals("x", TableLayout.string(item, "Name"));
        assertEquals(7, TableLayout.number(item, "Count"));
        assertNull(TableLayout.string(item, "Other"));
        assertEquals(0, TableLayout.number(item, "Other"));
    }
}
