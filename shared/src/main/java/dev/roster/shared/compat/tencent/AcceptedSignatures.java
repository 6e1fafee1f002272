package dev.roster.shared.compat.tencent;

import dev.roster.shared.error.UnauthorizedException;
import dev.roster.shared.storage.TableLayout;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

import java.util.HashMap;
import java.util.Map;

import static dev.roster.shared.storage.TableLayout.s;

/**
 * The TC3 signatures accepted in the last few minutes and what each was used for. Tencent's SDKs sign only
 * {@code content-type;host} and the body, so X-TC-Action, X-TC-Version and X-TC-Region are not covered by the
 * signature: without this record a captured request could be replayed as another action. The first use of a
 * signature fixes them; the same request again (a network retry) is accepted, a changed one is refused.
 * <p>One item per signature in the one table ({@link TableLayout#signatureKey}), written by one
 * conditional PutItem, so it holds across Lambda containers. It must outlive the window in which
 * {@link Tc3Verifier} accepts the signature's timestamp; past that the verifier refuses the signature anyway, so
 * nothing depends on when DynamoDB's TTL actually deletes the item.
 */
public final class AcceptedSignatures {

    /** Beyond the 5-minute skew window either side of the timestamp, with a minute's margin. */
    static final long LIFETIME_SECONDS = Tc3Verifier.MAX_SKEW.toSeconds() + 60;

    private static final String NO_REGION = "-";

    private final DynamoDbClient dynamo;
    private final String table;

    public AcceptedSignatures(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    /**
     * Records the signature's use for this action, version and region, or refuses it with
     * AuthFailure.SignatureFailure when it was already used for another. (The body needs no entry: the signature
     * covers its hash, and unsigned payloads are refused.)
     */
    public void claim(Tc3Verifier.Caller caller, String action, String version, String region) {
        String regionValue = region == null ? NO_REGION : region;
        Map<String, AttributeValue> item = new HashMap<>(TableLayout.signatureKey(caller.signature()));
        item.putAll(Map.of("Action", s(action), "Version", s(version), "Region", s(regionValue),
                TableLayout.TTL_ATTRIBUTE, TableLayout.n(caller.timestamp() + LIFETIME_SECONDS)));
        try {
            dynamo.putItem(b -> b.tableName(table).item(item)
                    .conditionExpression("attribute_not_exists(pk)"
                            + " OR (#action = :action AND #version = :version AND #region = :region)")
                    .expressionAttributeNames(Map.of("#action", "Action", "#version", "Version", "#region", "Region"))
                    .expressionAttributeValues(Map.of(":action", s(action), ":version", s(version),
                            ":region", s(regionValue))));
        } catch (ConditionalCheckFailedException e) {
            throw new UnauthorizedException("AuthFailure.SignatureFailure",
                    "This signature was already used for another action, version or region; sign each request.");
        }
    }
}
