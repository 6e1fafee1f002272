package dev.roster.shared.job;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class JobMessageTest {

    private static String notification(String objectFields) {
        return "{\"Records\":[{\"eventSource\":\"aws:s3\",\"eventName\":\"ObjectCreated:Put\",\"s3\":{\"bucket\":"
                + "{\"name\":\"roster-data\"},\"object\":{\"key\":\"imports/store-1/0123abcd/users.ndjson\""
                + objectFields + "}}}]}";
    }

    @Test
    void anS3NotificationStartsItsJobPinnedToTheETagItAnnounces() {
        // when
        JobMessage message = JobMessage.fromJson(notification(",\"size\":10,\"eTag\":\"d41d8cd98f00b204e9800998ecf8427e\""));

        // then
        assertEquals(new JobMessage("store-1", "0123abcd", 0, "d41d8cd98f00b204e9800998ecf8427e"), message);
    }

    @Test
    void aQuotedETagIsPinnedWithoutItsQuotesAndAMissingOneLeavesTheJobUnpinned() {
        assertEquals("abc-2", JobMessage.fromJson(notification(",\"eTag\":\"\\\"abc-2\\\"\"")).inputETag());
        assertNull(JobMessage.fromJson(notification("")).inputETag());
        assertNull(JobMessage.fromJson(notification(",\"eTag\":\"\"")).inputETag());
        assertNull(JobMessage.fromJson(notification(",\"eTag\":7")).inputETag());
    }

    @Test
    void ourOwnMessagesCarryNoETag() {
        // given
        JobMessage sent = new JobMessage("store-1", "0123abcd", 2);

        // when
        JobMessage received = JobMessage.fromJson(sent.toJson());

        // then
        assertEquals(sent, received);
        assertNull(received.inputETag());
    }
}
