package dev.roster.shared.compat.tencent;

import dev.roster.shared.error.UnauthorizedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** TENCENT_CREDENTIALS' forms and the credential scope rules, on requests signed as tencentcloud-sdk-java does. */
class Tc3VerifierTest {

    private static final Instant NOW = Instant.parse("2026-11-30T23:59:30Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final String BODY = "{\"UserStoreId\":\"s1\"}";

    /** The headers of a request signed with {@code key} for {@code service}, as the SDK signs (content-type;host). */
    private static Map<String, String> signed(String secretId, String key, String host, String service, String date) {
        String contentType = "application/json; charset=utf-8";
        long timestamp = NOW.getEpochSecond();
        String canonical = "POST\n/\n\ncontent-type:" + contentType + "\nhost:" + host + "\n\ncontent-type;host\n"
                + Tc3Verifier.sha256Hex(BODY.getBytes(StandardCharsets.UTF_8));
        String scope = date + "/" + service + "/tc3_request";
        String toSign = "TC3-HMAC-SHA256\n" + timestamp + "\n" + scope + "\n"
                + Tc3Verifier.sha256Hex(canonical.getBytes(StandardCharsets.UTF_8));
        byte[] signingKey = Tc3Verifier.hmac(("TC3" + key).getBytes(StandardCharsets.UTF_8), date);
        signingKey = Tc3Verifier.hmac(signingKey, service);
        signingKey = Tc3Verifier.hmac(signingKey, "tc3_request");
        return Map.of("content-type", contentType, "host", host, "x-tc-timestamp", Long.toString(timestamp),
                "authorization", "TC3-HMAC-SHA256 Credential=" + secretId + "/" + scope
                        + ", SignedHeaders=content-type;host, Signature="
                        + HexFormat.of().formatHex(Tc3Verifier.hmac(signingKey, toSign)));
    }

    private static Tc3Verifier.Caller verify(Tc3Verifier verifier, Map<String, String> headers) {
        return verifier.verify("POST", "/", "", name -> headers.get(name.toLowerCase()), BODY);
    }

    @Test
    void theOldFormStillWorksAndReachesEveryStore() {
        // given
        Tc3Verifier verifier = Tc3Verifier.parse("AKIDold:old-key", CLOCK);

        // when
        Tc3Verifier.Caller caller = verify(verifier, signed("AKIDold", "old-key", "ciam.example.com", "ciam", "2026-11-30"));

        // then
        assertEquals(Set.of(), caller.stores());
        assertDoesNotThrow(() -> caller.authorize("any-store"));
    }

    @Test
    void aKeyWithStoresReachesThoseOnly() {
        // given
        Tc3Verifier verifier = Tc3Verifier.parse("AKIDold:old-key, AKIDbound:bound-key:s1|s2", CLOCK);

        // when
        Tc3Verifier.Caller caller = verify(verifier, signed("AKIDbound", "bound-key", "ciam.example.com", "ciam",
                "2026-11-30"));

        // then
        assertDoesNotThrow(() -> caller.authorize("s2"));
        assertEquals("UnauthorizedOperation",
                assertThrows(UnauthorizedException.class, () -> caller.authorize("s3")).code());
    }

    @ParameterizedTest
    @ValueSource(strings = {"AKIDa", "AKIDa:", ":secret-one", "AKIDa:secret-one:bad store", "AKIDa:secret-one:",
            "AKIDa:secret-one:s1|", "AKIDa:secret-one,AKIDa:secret-two", "AKIDa:secret:one:s1", "AKID/a:secret-one"})
    void aMalformedEntryStopsStartupWithoutQuotingTheSecret(String config) {
        // when
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> Tc3Verifier.parse(config, CLOCK));

        // then
        assertFalse(refused.getMessage().contains("secret"), refused.getMessage());
    }

    @Test
    void theSdksServiceNameForThisDeploymentsHostIsAccepted() {
        // given the SDK pointed at API Gateway's URL names the service after the host's first label
        Tc3Verifier verifier = Tc3Verifier.parse("AKIDa:key", CLOCK);

        // when / then
        assertDoesNotThrow(() -> verify(verifier, signed("AKIDa", "key",
                "abc123.execute-api.ap-southeast-1.amazonaws.com", "abc123", "2026-11-30")));
    }

    @Test
    void aSignatureForAnotherTencentServiceIsRefused() {
        // given a request signed for Tencent's CVM with the same key
        Tc3Verifier verifier = Tc3Verifier.parse("AKIDa:key", CLOCK);
        Map<String, String> cvm = signed("AKIDa", "key", "cvm.tencentcloudapi.com", "cvm", "2026-11-30");

        // when
        UnauthorizedException refused = assertThrows(UnauthorizedException.class, () -> verify(verifier, cvm));

        // then
        assertEquals("AuthFailure.InvalidAuthorization", refused.code());
    }

    @Test
    void theScopeDateMustBeTheTimestampsUtcDate() {
        // given a request at 23:59:30 UTC whose scope names the next day (a client on local time)
        Tc3Verifier verifier = Tc3Verifier.parse("AKIDa:key", CLOCK);
        Map<String, String> tomorrow = signed("AKIDa", "key", "ciam.example.com", "ciam", "2026-12-01");

        // when
        UnauthorizedException refused = assertThrows(UnauthorizedException.class, () -> verify(verifier, tomorrow));

        // then
        assertEquals("AuthFailure.InvalidAuthorization", refused.code());
    }
}
