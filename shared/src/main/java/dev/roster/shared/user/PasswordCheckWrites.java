package dev.roster.shared.user;

import dev.roster.shared.security.PasswordCredential;
import dev.roster.shared.storage.TableLayout;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;

import static dev.roster.shared.storage.TableLayout.n;
import static dev.roster.shared.storage.TableLayout.s;

/**
 * The writes a password check makes to one user item: each is a single UpdateItem that names only the attributes it
 * changes, so none of them can undo another writer's change to the rest of the user. The failed-check count is
 * outside the user's Version: counting a failure must not make an administrator's If-Match fail. The price: a
 * replace (an administrator's edit puts the whole item) writes back the count it read, so failures counted in the
 * milliseconds between its read and its write are forgotten; a lock never is, since it raises Version, on which
 * every replace is conditioned.
 */
final class PasswordCheckWrites {

    private final DynamoDbClient dynamo;
    private final String table;

    PasswordCheckWrites(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    OptionalInt addFailedCheck(String userStoreId, String userId) {
        try {
            // ADD is atomic on the item: N concurrent failures leave the count N higher, whatever their order.
            // attribute_exists(pk): a user deleted meanwhile must not come back as an item holding only a count.
            UpdateItemResponse response = dynamo.updateItem(b -> b.tableName(table)
                    .key(TableLayout.userKey(userStoreId, userId))
                    .updateExpression("ADD #failed :one")
                    .conditionExpression("attribute_exists(#pk)")
                    .expressionAttributeNames(Map.of("#failed", TableLayout.FAILED_CHECKS, "#pk", TableLayout.PK))
                    .expressionAttributeValues(Map.of(":one", n(1)))
                    .returnValues(ReturnValue.UPDATED_NEW));
            long count = TableLayout.number(response.attributes(), TableLayout.FAILED_CHECKS);
            return OptionalInt.of((int) Math.min(Integer.MAX_VALUE, count));
        } catch (ConditionalCheckFailedException gone) {
            return OptionalInt.empty();
        }
    }

    boolean lockAfterFailedChecks(User seen, int maxFailedChecks, String reason, long now) {
        Map<String, String> names = new HashMap<>(Map.of("#status", UserItemMapper.STATUS,
                "#reason", TableLayout.STATUS_REASON, "#modified", UserItemMapper.LAST_MODIFIED_DATE,
                "#version", UserItemMapper.VERSION, "#failed", TableLayout.FAILED_CHECKS));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":lock", s(User.STATUS_LOCK),
                ":reason", s(reason), ":now", n(now), ":one", n(1), ":max", n(maxFailedChecks)));
        // The status is compared with the one this check read, not with Version: a profile edit meanwhile does not
        // stop the lock (this update leaves the profile alone), but an administrator's status change does (a freeze
        // or an unlock is never overwritten by LOCK). The count condition keeps an unlock that reset it (status
        // NORMAL again, count 0) from being locked by a failure counted before it. Version goes one up, so a
        // replace that read the user before the lock fails its Version condition and retries on the locked user.
        String statusUnchanged;
        if (seen.status() == null) {
            statusUnchanged = "attribute_not_exists(#status)";
        } else {
            statusUnchanged = "#status = :seen";
            values.put(":seen", s(seen.status()));
        }
        try {
            dynamo.updateItem(b -> b.tableName(table).key(TableLayout.userKey(seen.userStoreId(), seen.userId()))
                    .updateExpression("SET #status = :lock, #reason = :reason, #modified = :now ADD #version :one")
                    .conditionExpression(statusUnchanged + " AND #failed >= :max")
                    .expressionAttributeNames(names).expressionAttributeValues(values));
            return true;
        } catch (ConditionalCheckFailedException changed) {
            return false;
        }
    }

    boolean recordPasswordSuccess(User current, PasswordCredential rehashed) {
        if (rehashed != null) {
            try {
                // Version = the one read: a concurrent change (a new password from an import, an edit, a delete)
                // wins and this rehash is skipped; the credential read was still the user's when it verified.
                // Version is not raised: the user as the API shows it is unchanged, and a replace that read the
                // user before this write only puts the legacy credential back, to be rehashed at the next success.
                dynamo.updateItem(b -> b.tableName(table)
                        .key(TableLayout.userKey(current.userStoreId(), current.userId()))
                        .updateExpression("SET #password = :password REMOVE #failed")
                        .conditionExpression("#version = :version")
                        .expressionAttributeNames(Map.of("#password", UserItemMapper.PASSWORD,
                                "#failed", TableLayout.FAILED_CHECKS, "#version", UserItemMapper.VERSION))
                        .expressionAttributeValues(Map.of(":password", UserItemMapper.credential(rehashed),
                                ":version", n(current.version()))));
                return true;
            } catch (ConditionalCheckFailedException changed) {
                // fall through: the success still clears the count
            }
        }
        if (current.failedChecks() > 0) {
            try {
                dynamo.updateItem(b -> b.tableName(table)
                        .key(TableLayout.userKey(current.userStoreId(), current.userId()))
                        .updateExpression("REMOVE #failed")
                        .conditionExpression("attribute_exists(#pk)")
                        .expressionAttributeNames(Map.of("#failed", TableLayout.FAILED_CHECKS,
                                "#pk", TableLayout.PK)));
            } catch (ConditionalCheckFailedException gone) {
                // deleted meanwhile: nothing to clear
            }
        }
        return false;
    }
}
