package dev.roster.shared.user;

import dev.roster.shared.error.InvalidRequestException;
import dev.roster.shared.storage.TableLayout;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PageTokenTest {

    private static final String USER_SK = "U#0123456789abcdef0123456789abcdef";

    private static String wire(String raw) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aTokenResumesAtTheShardAndUserItWasMadeAt() {
        // given
        String token = PageToken.encode(3, TableLayout.key("US#store-1#3", USER_SK));

        // when
        PageToken cursor = PageToken.parse(token);

        // then
        assertEquals(wire("3:" + USER_SK), token);
        assertEquals(new PageToken(3, USER_SK), cursor);
        assertEquals(TableLayout.key("US#store-1#3", USER_SK), cursor.startKey("store-1"));
    }

    @Test
    void aTokenAtAShardsStartHasNoStartKey() {
        // when
        PageToken cursor = PageToken.parse(PageToken.encode(5, null));

        // then
        assertEquals(5, cursor.shard());
        assertNull(cursor.startKey("store-1"));
    }

    @Test
    void aTokenThisListingDidNotReturnIsRefused() {
        for (String token : new String[] {"not base64!", wire("16:"), wire("1:U#x|y"), wire("1:U#" + "x".repeat(65)), wire("1:D#" + USER_SK.substring(2)),
                wire("")}) {
            assertThrows(InvalidRequestException.class, () -> PageToken.parse(token), token);
        }
    }
}
