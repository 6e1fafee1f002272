package dev.roster.shared.security;

import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.digests.MD4Digest;
import org.bouncycastle.crypto.digests.MD5Digest;
import org.bouncycastle.crypto.digests.SHA1Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SHA512Digest;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.KeyParameter;

import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;

/**
 * An imported digest (MD5, SHA1, SHA256, SHA512, MD4) or HMAC (HMAC_SHA256, HMAC_SHA512, keyed by the credential's
 * HMAC key) of the password's UTF-8 bytes with the salt where {@link Salting} says.
 */
final class SaltedDigest implements PasswordHash {

    private final String algorithm;
    private final byte[] expected;
    private final Salting salting;
    private final byte[] key;

    private SaltedDigest(String algorithm, byte[] expected, Salting salting, byte[] key) {
        this.algorithm = algorithm;
        this.expected = expected;
        this.salting = salting;
        this.key = key;
    }

    static boolean handles(String algorithm) {
        return digestLength(algorithm) > 0;
    }

    static SaltedDigest parse(PasswordCredential credential) {
        String algorithm = credential.algorithm();
        byte[] expected = digestBytes(credential.hash());
        if (expected == null || expected.length != digestLength(algorithm)) {
            throw PasswordVerifier.invalid("Password", "is not a " + algorithm + " digest (hex or base64 of "
                    + digestLength(algorithm) + " bytes)");
        }
        Salting salting = Salting.of(credential);
        boolean hmac = algorithm.startsWith("HMAC_");
        if (hmac != (credential.hmacKey() != null)) {
            throw PasswordVerifier.invalid("HmacKey", hmac ? "is required for " + algorithm
                    : "only goes with HMAC_SHA256 or HMAC_SHA512");
        }
        byte[] key = hmac ? Salting.decoded(credential.hmacKey(), credential.hmacKeyEncoding(), "HmacKey.KeyValue") : null;
        if (key != null && key.length == 0) {
            throw PasswordVerifier.invalid("HmacKey.KeyValue", "must not be empty");
        }
        return new SaltedDigest(algorithm, expected, salting, key);
    }

    @Override
    public boolean matches(String candidate) {
        byte[] actual = digest(Salting.apply(salting, candidate));
        return MessageDigest.isEqual(expected, actual);
    }

    private byte[] digest(byte[] input) {
        if (key != null) {
            HMac mac = new HMac(algorithm.equals(PasswordVerifier.HMAC_SHA256) ? new SHA256Digest() : new SHA512Digest());
            mac.init(new KeyParameter(key));
            mac.update(input, 0, input.length);
            byte[] out = new byte[mac.getMacSize()];
            mac.doFinal(out, 0);
            return out;
        }
        return digest(newDigest(algorithm), input);
    }

    static byte[] digest(Digest digest, byte[]... parts) {
        for (byte[] part : parts) {
            digest.update(part, 0, part.length);
        }
        byte[] out = new byte[digest.getDigestSize()];
        digest.doFinal(out, 0);
        return out;
    }

    static Digest newDigest(String algorithm) {
        return switch (algorithm) {
            case PasswordVerifier.MD5 -> new MD5Digest();
            case PasswordVerifier.MD4 -> new MD4Digest();
            case PasswordVerifier.SHA1 -> new SHA1Digest();
            case PasswordVerifier.SHA256 -> new SHA256Digest();
            case PasswordVerifier.SHA512 -> new SHA512Digest();
            default -> throw new IllegalArgumentException(algorithm);
        };
    }

    /** The digest length an algorithm makes, in bytes; 0 for a name this family does not know. */
    static int digestLength(String algorithm) {
        return switch (algorithm) {
            case PasswordVerifier.MD5, PasswordVerifier.MD4 -> 16;
            case PasswordVerifier.SHA1 -> 20;
            case PasswordVerifier.SHA256, PasswordVerifier.HMAC_SHA256 -> 32;
            case PasswordVerifier.SHA512, PasswordVerifier.HMAC_SHA512 -> 64;
            default -> 0;
        };
    }

    /** The digest an imported hash stands for: hex (either case) or base64; null for neither. */
    static byte[] digestBytes(String hash) {
        String trimmed = hash.trim();
        if (trimmed.matches("^[0-9a-fA-F]+$") && trimmed.length() % 2 == 0) {
            return HexFormat.of().parseHex(trimmed.toLowerCase(Locale.ROOT));
        }
        try {
            return Base64.getDecoder().decode(trimmed);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
