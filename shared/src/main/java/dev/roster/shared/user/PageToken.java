package dev.roster.shared.user;

import dev.roster.shared.error.InvalidRequestException;
import dev.roster.shared.storage.TableLayout;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a user listing resumes: a shard and, within it, the sort key of the last user returned (null: the shard's
 * start). On the wire it is {@code <shard>:<sort key>} in unpadded base64url, opaque to callers; a token this listing
 * did not return is refused rather than read as a position.
 */
record PageToken(int shard, String startSk) {

    private static final Pattern TOKEN = Pattern.compile("^(\\d{1,3}):(U#" + UserRules.USER_ID_CHARS + ")?$");

    /** The token that resumes at {@code startKey} (a DynamoDB last evaluated key, or null) of a shard. */
    static String encode(int shard, Map<String, AttributeValue> startKey) {
        String raw = shard + ":" + (startKey == null ? "" : TableLayout.sortKey(startKey));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    /** The position a token names; an InvalidRequestException for anything this listing did not return. */
    static PageToken parse(String token) {
        Matcher cursor = TOKEN.matcher(decode(token));
        if (!cursor.matches() || Integer.parseInt(cursor.group(1)) >= TableLayout.SHARDS) {
            throw InvalidRequestException.invalidValue("NextToken", "not a token this listing returned");
        }
        return new PageToken(Integer.parseInt(cursor.group(1)), cursor.group(2));
    }

    /** The DynamoDB start key of this position in a store, or null at a shard's start. */
    Map<String, AttributeValue> startKey(String userStoreId) {
        return startSk == null ? null : TableLayout.key(TableLayout.userShardPk(userStoreId, shard), startSk);
    }

    private static String decode(String token) {
        try {
            return new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return "";
        }
    }
}
