package dev.roster.shared.compat.tencent;

import dev.roster.shared.error.UnauthorizedException;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Verifies Tencent Cloud API 3.0 TC3-HMAC-SHA256 signatures exactly as the Tencent SDKs make them: the canonical
 * request over the signed headers and the payload's SHA-256, a key derived from the secret, the date, the service
 * of the credential scope and "tc3_request". Requests more than 5 minutes off the clock are refused.
 */
public final class Tc3Verifier {

    static final Duration MAX_SKEW = Duration.ofMinutes(5);
    private static final Pattern AUTHORIZATION = Pattern.compile(
            "^TC3-HMAC-SHA256 Credential=([^/\\s]+)/(\\d{4}-\\d{2}-\\d{2})/([a-z0-9]+)/tc3_request,\\s*"
                    + "SignedHeaders=([a-z0-9;\\-]+),\\s*Signature=([0-9a-f]{64})$");

    private final Map<String, String> secrets;
    private final Clock clock;

    public Tc3Verifier(Map<String, String> secrets, Clock clock) {
        this.secrets = Map.copyOf(secrets);
        this.clock = clock;
    }

    /** {@code "SecretId1:SecretKey1,SecretId2:SecretKey2"}; null or blank means no key is accepted. */
    public static Tc3Verifier parse(String config, Clock clock) {
        Map<String, String> secrets = new HashMap<>();
        if (config != null) {
            for (String pair : config.split(",")) {
                int colon = pair.indexOf(':');
                if (colon > 0) {
                    secrets.put(pair.substring(0, colon).trim(), pair.substring(colon + 1).trim());
                }
            }
        }
        return new Tc3Verifier(secrets, clock);
    }

    /** Returns the caller's SecretId, or throws AuthFailure.* saying what is wrong. */
    public String verify(String method, String path, String rawQuery, Function<String, String> header, String body) {
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
        String secretKey = secrets.get(secretId);
        if (secretKey == null) {
            throw new UnauthorizedException("AuthFailure.SecretIdNotFound", "The SecretId is not known.");
        }
        StringBuilder canonicalHeaders = new StringBuilder();
        for (String name : m.group(4).split(";")) {
            String value = header.apply(name);
            canonicalHeaders.append(name).append(':')
                    .append(value == null ? "" : value.trim().toLowerCase(Locale.ROOT)).append('\n');
        }
        String declared = header.apply("X-TC-Content-SHA256");
        String payloadHash = "UNSIGNED-PAYLOAD".equals(declared) ? declared
                : sha256Hex(body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8));
        String canonicalRequest = method + "\n" + path + "\n" + (rawQuery == null ? "" : rawQuery) + "\n"
                + canonicalHeaders + "\n" + m.group(4) + "\n" + payloadHash;
        String stringToSign = "TC3-HMAC-SHA256\n" + timestamp + "\n" + date + "/" + service + "/tc3_request\n"
                + sha256Hex(canonicalRequest.getBytes(StandardCharsets.UTF_8));
        byte[] key = hmac(("TC3" + secretKey).getBytes(StandardCharsets.UTF_8), date);
        key = hmac(key, service);
        key = hmac(key, "tc3_request");
        byte[] expected = hmac(key, stringToSign);
        if (!MessageDigest.isEqual(expected, HexFormat.of().parseHex(m.group(5)))) {
            throw new UnauthorizedException("AuthFailure.SignatureFailure", "The signature does not match.");
        }
        return secretId;
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
