package dev.roster.shared.compat.tencent;

import dev.roster.shared.error.UnauthorizedException;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Verifies Tencent Cloud API 3.0 TC3-HMAC-SHA256 signatures exactly as the Tencent SDKs make them: the canonical
 * request over the signed headers and the payload's SHA-256, a key derived from the secret, the date, the service
 * of the credential scope and "tc3_request". Refused as well: requests more than 5 minutes off the clock, a
 * credential scope whose date is not the UTC date of X-TC-Timestamp or whose service is neither {@value #SERVICE}
 * nor the name the SDK derives from this deployment's host, and
 * unsigned payloads (the body must be covered by the signature). The SDKs sign only {@code content-type;host}, so
 * the action is not covered: {@link AcceptedSignatures} binds each signature to the first action it was used with.
 */
public final class Tc3Verifier {

    static final Duration MAX_SKEW = Duration.ofMinutes(5);
    /** The service name tencentcloud-sdk-java's CiamClient puts in the credential scope (ciam.tencentcloudapi.com). */
    public static final String SERVICE = "ciam";
    private static final DateTimeFormatter SCOPE_DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);
    private static final Pattern SECRET_ID = Pattern.compile("^[A-Za-z0-9_-]{1,128}$");
    private static final Pattern STORE_ID = Pattern.compile("^[A-Za-z0-9_-]{1,64}$");

    /** A key's secret and the user stores it may use (empty: every store). */
    private record Key(String secret, Set<String> stores) {
    }

    /** Who signed a request, and the signature, for {@link AcceptedSignatures} and store checks. */
    public record Caller(String secretId, Set<String> stores, String signature, long timestamp) {

        /** Refuses a store this key is not bound to, with UnauthorizedOperation. */
        public void authorize(String userStoreId) {
            if (!stores.isEmpty() && !stores.contains(userStoreId)) {
                throw new UnauthorizedException(UnauthorizedException.UNAUTHORIZED_OPERATION,
                        "This SecretId may not use the user store " + userStoreId + ".");
            }
        }
    }
    private static final Pattern AUTHORIZATION = Pattern.compile(
            "^TC3-HMAC-SHA256 Credential=([^/\\s]+)/(\\d{4}-\\d{2}-\\d{2})/([a-z0-9]+)/tc3_request,\\s*"
                    + "SignedHeaders=([a-z0-9;\\-]+),\\s*Signature=([0-9a-f]{64})$");

    private final Map<String, Key> keys;
    private final Clock clock;

    private Tc3Verifier(Map<String, Key> keys, Clock clock) {
        this.keys = Map.copyOf(keys);
        this.clock = clock;
    }

    /**
     * {@code SecretId:SecretKey[:store|store...]} entries separated by commas; a key with no stores listed may use
     * every store (the form before stores could be listed). Null or blank means no key is accepted. A malformed
     * entry is an {@link IllegalArgumentException} whose message never quotes a secret.
     */
    public static Tc3Verifier parse(String config, Clock clock) {
        Map<String, Key> keys = new HashMap<>();
        if (config != null && !config.isBlank()) {
            int index = 0;
            for (String entry : config.split(",")) {
                index++;
                String[] parts = entry.trim().split(":", -1);
                String where = "Tencent credential #" + index;
                if (parts.length < 2 || parts.length > 3 || !SECRET_ID.matcher(parts[0].trim()).matches()
                        || parts[1].isBlank()) {
                    throw new IllegalArgumentException("The " + where
                            + " is not SecretId:SecretKey[:store|store...] (SecretKeys cannot hold ':' or ',').");
                }
                Set<String> stores = new LinkedHashSet<>();
                if (parts.length == 3) {
                    for (String store : parts[2].split("\\|", -1)) {
                        if (!STORE_ID.matcher(store.trim()).matches()) {
                            throw new IllegalArgumentException("The " + where + " lists a store that is not a store id.");
                        }
                        stores.add(store.trim());
                    }
                }
                if (keys.put(parts[0].trim(), new Key(parts[1].trim(), Set.copyOf(stores))) != null) {
                    throw new IllegalArgumentException("The " + where + " repeats a SecretId.");
                }
            }
        }
        return new Tc3Verifier(keys, clock);
    }

    /** Returns who signed the request, or throws AuthFailure.* saying what is wrong. */
    public Caller verify(String method, String path, String rawQuery, Function<String, String> header, String body) {
        String authorization = header.apply("Authorization");
        if (authorization == null) {
            throw new UnauthorizedException("AuthFailure.SignatureFailure", "The request is not signed.");
        }
        Matcher m = AUTHORIZATION.matcher(authorization.trim());
        if (!m.matches()) {
            throw new UnauthorizedException("AuthFailure.InvalidAuthorization",
                    "The Authorization header is not a TC3-HMAC-SHA256 signature.");
        }
        String secretId = m.group(1);
        String date = m.group(2);
        String service = m.group(3);
        String timestampText = header.apply("X-TC-Timestamp");
        long timestamp;
        try {
            timestamp = Long.parseLong(timestampText == null ? "" : timestampText.trim());
        } catch (NumberFormatException e) {
            throw new UnauthorizedException("AuthFailure.InvalidAuthorization", "X-TC-Timestamp is missing or invalid.");
        }
        if (Math.abs(clock.instant().getEpochSecond() - timestamp) > MAX_SKEW.toSeconds()) {
            throw new UnauthorizedException("AuthFailure.SignatureExpire",
                    "The signature expired: X-TC-Timestamp is more than 5 minutes off the server's clock.");
        }
        if (!date.equals(SCOPE_DATE.format(Instant.ofEpochSecond(timestamp)))) {
            throw new UnauthorizedException("AuthFailure.InvalidAuthorization",
                    "The credential scope's date must be the UTC date of X-TC-Timestamp.");
        }
        if (!SERVICE.equals(service) && !service.equals(endpointService(m.group(4), header))) {
            throw new UnauthorizedException("AuthFailure.InvalidAuthorization",
                    "The credential scope's service must be " + SERVICE + ".");
        }
        Key key = keys.get(secretId);
        if (key == null) {
            throw new UnauthorizedException("AuthFailure.SecretIdNotFound", "The SecretId is not known.");
        }
        StringBuilder canonicalHeaders = new StringBuilder();
        for (String name : m.group(4).split(";")) {
            String value = header.apply(name);
            canonicalHeaders.append(name).append(':')
                    .append(value == null ? "" : value.trim().toLowerCase(Locale.ROOT)).append('\n');
        }
        if ("UNSIGNED-PAYLOAD".equalsIgnoreCase(String.valueOf(header.apply("X-TC-Content-SHA256")).trim())) {
            // An unsigned body could be swapped under a captured signature.
            throw new UnauthorizedException("AuthFailure.InvalidAuthorization",
                    "Unsigned payloads are not accepted: sign the request body.");
        }
        String payloadHash = sha256Hex(body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8));
        String canonicalRequest = method + "\n" + path + "\n" + (rawQuery == null ? "" : rawQuery) + "\n"
                + canonicalHeaders + "\n" + m.group(4) + "\n" + payloadHash;
        String stringToSign = "TC3-HMAC-SHA256\n" + timestamp + "\n" + date + "/" + service + "/tc3_request\n"
                + sha256Hex(canonicalRequest.getBytes(StandardCharsets.UTF_8));
        byte[] signingKey = hmac(("TC3" + key.secret()).getBytes(StandardCharsets.UTF_8), date);
        signingKey = hmac(signingKey, service);
        signingKey = hmac(signingKey, "tc3_request");
        byte[] expected = hmac(signingKey, stringToSign);
        if (!MessageDigest.isEqual(expected, HexFormat.of().parseHex(m.group(5)))) {
            throw new UnauthorizedException("AuthFailure.SignatureFailure", "The signature does not match.");
        }
        return new Caller(secretId, key.stores(), m.group(5), timestamp);
    }

    /**
     * The service tencentcloud-sdk-java puts in the scope when pointed at an endpoint that is not Tencent's: the
     * first label of the host ({@code abc123} for {@code abc123.execute-api...}, {@code 127} for
     * {@code 127.0.0.1:3000}). Only a signed Host counts, and never a Tencent Cloud host, where the label names
     * another Tencent service (a request signed for cvm.tencentcloudapi.com is not one for this door).
     */
    private static String endpointService(String signedHeaders, Function<String, String> header) {
        String host = header.apply("Host");
        if (host == null || !java.util.Arrays.asList(signedHeaders.split(";")).contains("host")) {
            return null;
        }
        String name = host.trim().toLowerCase(Locale.ROOT);
        int port = name.lastIndexOf(':');
        if (port > 0 && name.indexOf(':') == port) {
            name = name.substring(0, port);
        }
        if (name.endsWith(".tencentcloudapi.com") || name.endsWith(".tencentcloudapi.woa.com")) {
            return null;
        }
        int dot = name.indexOf('.');
        return dot > 0 ? name.substring(0, dot) : null;
    }

    static String sha256Hex(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
