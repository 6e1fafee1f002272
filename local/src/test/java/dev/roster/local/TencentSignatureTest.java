package dev.roster.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.tencentcloudapi.common.Sign;
import dev.roster.shared.json.Json;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a captured TC3 request can be turned into: the SDKs sign only {@code content-type;host} and the body, so
 * the door binds each signature to its first action, and checks what else the signature leaves open (scope date
 * and service, unsigned payloads, which stores a key may use). Signed here with the SDK's own TC3 primitives.
 */
class TencentSignatureTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private final LocalDeployment deployment = TestAws.deployment();
    private String store;

    @BeforeEach
    void setUp() {
        store = "tcsig-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A request as the SDK would sign it; every part can be changed before or after signing. */
    private final class Signed {
        String secretId = TestAws.TENCENT_SECRET_ID;
        String secretKey = TestAws.TENCENT_SECRET_KEY;
        String action;
        String body;
        Instant at = Instant.now();
        String scopeDate;
        String service = "ciam";
        boolean unsignedPayload;
        final Map<String, String> headers = new LinkedHashMap<>();

        Signed(String action, String body) {
            this.action = action;
            this.body = body;
        }

        Signed sign() {
            try {
                return signNow();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        private Signed signNow() throws Exception {
            String host = "127.0.0.1:" + deployment.port();
            String contentType = "application/json; charset=utf-8";
            long timestamp = at.getEpochSecond();
            String date = scopeDate != null ? scopeDate
                    : DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC).format(at);
            String payloadHash = unsignedPayload ? "UNSIGNED-PAYLOAD"
                    : Sign.sha256Hex(body.getBytes(StandardCharsets.UTF_8));
            String canonical = "POST\n/\n\ncontent-type:" + contentType + "\nhost:" + host + "\n\ncontent-type;host\n"
                    + payloadHash;
            String scope = date + "/" + service + "/tc3_request";
            String toSign = "TC3-HMAC-SHA256\n" + timestamp + "\n" + scope + "\n"
                    + Sign.sha256Hex(canonical.getBytes(StandardCharsets.UTF_8));
            byte[] key = Sign.hmac256(("TC3" + secretKey).getBytes(StandardCharsets.UTF_8), date);
            key = Sign.hmac256(key, service);
            key = Sign.hmac256(key, "tc3_request");
            String signature = HexFormat.of().formatHex(Sign.hmac256(key, toSign));
            headers.put("Content-Type", contentType);
            headers.put("X-TC-Action", action);
            headers.put("X-TC-Version", "2022-03-31");
            headers.put("X-TC-Timestamp", Long.toString(timestamp));
            headers.put("X-TC-Region", "ap-singapore");
            if (unsignedPayload) {
                headers.put("X-TC-Content-SHA256", "UNSIGNED-PAYLOAD");
            }
            headers.put("Authorization", "TC3-HMAC-SHA256 Credential=" + secretId + "/" + scope
                    + ", SignedHeaders=content-type;host, Signature=" + signature);
            return this;
        }

        /** The {@code Response} object of sending it as it stands now. */
        JsonNode send() throws Exception {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + deployment.port() + "/"))
                    .POST(HttpRequest.BodyPublishers.ofString(body));
            headers.forEach(request::header);
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), "API 3.0 answers errors with 200 too");
            return Json.parseObject(response.body()).get("Response");
        }
    }

    private static String errorCode(JsonNode response) {
        return response.path("Error").path("Code").asText(null);
    }

    private String storeOnly() {
        return "{\"UserStoreId\":\"" + store + "\"}";
    }

    /**
     * The store's jobs, asked for with a body spelled unlike {@link #storeOnly()}: within one second the same body
     * under the same key has the same signature whatever the action, and that is exactly what is refused.
     */
    private int jobCount() throws Exception {
        JsonNode jobs = new Signed("ListJobs", "{ \"UserStoreId\": \"" + store + "\" }").sign().send();
        assertEquals(null, errorCode(jobs), jobs.toString());
        return jobs.get("JobSet").size();
    }

    private void createUser(String name) throws Exception {
        JsonNode created = new Signed("CreateUser", "{\"UserStoreId\":\"" + store + "\",\"UserName\":\"" + name
                + "\",\"Email\":\"" + name + "@test.com\",\"PhoneNumber\":\"+86-19877755556\","
                + "\"Password\":\"@ppServer123\"}").sign().send();
        assertEquals(null, errorCode(created), created.toString());
    }

    @Test
    void aCapturedListUserReplayedAsAnExportIsRefusedAndCreatesNothing() throws Exception {
        // given a store with a user, and a signed ListUser of it that was answered
        createUser("exported");
        Signed captured = new Signed("ListUser", storeOnly()).sign();
        JsonNode listed = captured.send();
        assertEquals(null, errorCode(listed), listed.toString());

        // when the same bytes are replayed with another action (not covered by the signature)
        captured.headers.put("X-TC-Action", "CreateFileExportUserJob");
        JsonNode replayed = captured.send();

        // then
        assertEquals("AuthFailure.SignatureFailure", errorCode(replayed), replayed.toString());
        assertEquals(0, jobCount(), "the replay created a job");
    }

    @Test
    void aChangedVersionOrRegionIsRefusedToo() throws Exception {
        // given
        Signed captured = new Signed("ListUser", storeOnly()).sign();
        assertEquals(null, errorCode(captured.send()));

        // when
        captured.headers.put("X-TC-Region", "ap-guangzhou");
        JsonNode otherRegion = captured.send();

        // then
        assertEquals("AuthFailure.SignatureFailure", errorCode(otherRegion), otherRegion.toString());
    }

    @Test
    void theSameRequestSentAgainIsAcceptedAsARetry() throws Exception {
        // given a request answered once (as a client whose connection dropped would not know)
        Signed request = new Signed("CreateUser", "{\"UserStoreId\":\"" + store + "\",\"UserName\":\"retried\","
                + "\"Email\":\"retried@test.com\",\"PhoneNumber\":\"+86-19877755556\",\"Password\":\"@ppServer123\"}")
                .sign();
        JsonNode first = request.send();
        assertEquals(null, errorCode(first), first.toString());

        // when it is sent again, byte for byte
        JsonNode again = request.send();

        // then the signature is fine; the action itself says what a second run means
        assertTrue(errorCode(again).endsWith("AlreadyExists"), again.toString());
    }

    @Test
    void aChangedBodyUnderACapturedSignatureIsRefused() throws Exception {
        // given
        Signed captured = new Signed("ListUser", storeOnly()).sign();
        assertEquals(null, errorCode(captured.send()));

        // when
        captured.body = "{\"UserStoreId\":\"" + store + "\",\"Pageable\":{\"PageSize\":100}}";
        JsonNode changed = captured.send();

        // then
        assertEquals("AuthFailure.SignatureFailure", errorCode(changed), changed.toString());
    }

    @Test
    void anUnsignedPayloadIsRefused() throws Exception {
        // given a store with a user, and a request signed with UNSIGNED-PAYLOAD for its body's hash
        createUser("unsigned");
        Signed unsigned = new Signed("CreateFileExportUserJob", "{\"UserStoreId\":\"" + store + "\",\"Format\":\"NDJSON\"}");
        unsigned.unsignedPayload = true;
        unsigned.sign();

        // when
        JsonNode response = unsigned.send();

        // then
        assertEquals("AuthFailure.InvalidAuthorization", errorCode(response), response.toString());
        assertEquals(0, jobCount(), "an unsigned body created a job");
    }

    @Test
    void aCredentialScopeWhoseDateIsNotTheTimestampsIsRefused() throws Exception {
        // given a request signed consistently, but with yesterday's date in its scope
        Signed request = new Signed("ListUser", storeOnly());
        request.scopeDate = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC)
                .format(Instant.now().minusSeconds(86_400));
        request.sign();

        // when
        JsonNode response = request.send();

        // then
        assertEquals("AuthFailure.InvalidAuthorization", errorCode(response), response.toString());
    }

    @Test
    void aCredentialScopeForAnotherServiceIsRefused() throws Exception {
        // given a request signed consistently for another service
        Signed request = new Signed("ListUser", storeOnly());
        request.service = "cvm";
        request.sign();

        // when
        JsonNode response = request.send();

        // then
        assertEquals("AuthFailure.InvalidAuthorization", errorCode(response), response.toString());
    }

    @Test
    void aKeyBoundToStoresReachesThoseOnly() throws Exception {
        // given the key bound to bound-one and bound-two
        Signed own = new Signed("ListUser", "{\"UserStoreId\":\"bound-two\"}");
        own.secretId = TestAws.TENCENT_BOUND_ID;
        own.secretKey = TestAws.TENCENT_BOUND_KEY;
        Signed other = new Signed("CreateUser", "{\"UserStoreId\":\"" + store
                + "\",\"UserName\":\"intruder\",\"Password\":\"@ppServer123\"}");
        other.secretId = TestAws.TENCENT_BOUND_ID;
        other.secretKey = TestAws.TENCENT_BOUND_KEY;

        // when
        JsonNode ownResponse = own.sign().send();
        JsonNode otherResponse = other.sign().send();

        // then
        assertEquals(null, errorCode(ownResponse), ownResponse.toString());
        assertEquals("UnauthorizedOperation", errorCode(otherResponse), otherResponse.toString());
        JsonNode list = new Signed("ListUser", storeOnly()).sign().send();
        assertEquals(0, list.get("Total").asLong(), "the refused request wrote a user: " + list);
    }

    @Test
    void aKeyWithNoStoresListedReachesEveryStore() throws Exception {
        // when
        JsonNode first = new Signed("ListUser", storeOnly()).sign().send();
        JsonNode second = new Signed("ListUser", "{\"UserStoreId\":\"bound-one\"}").sign().send();

        // then
        assertEquals(null, errorCode(first), first.toString());
        assertEquals(null, errorCode(second), second.toString());
        assertFalse(first.has("Error"));
        assertTrue(second.has("Total"));
    }
}
