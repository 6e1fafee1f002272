package dev.roster.shared.security;

import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.digests.SHA1Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SHA512Digest;
import org.bouncycastle.crypto.generators.PKCS5S2ParametersGenerator;
import org.bouncycastle.crypto.params.KeyParameter;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * PBKDF2 with HMAC-SHA1, -SHA256 or -SHA512 (Bouncy Castle's PKCS5S2ParametersGenerator) in the forms it is found in:
 * the PHC string {@code $pbkdf2-sha256$i=27500[,l=64]$salt$hash} (Keycloak's credential, converted), passlib's
 * {@code $pbkdf2-sha256$29000$salt$hash} ({@code $pbkdf2$} is SHA1; base64 standard or with {@code .} for
 * {@code +}, padding optional) and Django's {@code pbkdf2_sha256$1000000$salt$hash} (its salt is text, used as
 * UTF-8). The key length is the decoded hash's. Our own PBKDF2-HMAC-SHA512 credentials (before argon2id) are this
 * family too.
 */
final class Pbkdf2Hash implements PasswordHash {

    /**
     * The most PBKDF2 work accepted, in iterations × output blocks (a block is one digest length of the key):
     * Django 6's 1,200,000 × 1, Keycloak's pbkdf2-sha256 600,000 × 2 (a 64-byte key) fit with room to grow.
     */
    static final long MAX_WORK = 4_000_000;
    static final int MAX_HASH_BYTES = 128;
    private static final String FAMILY = "PBKDF2";

    private final Supplier<Digest> digest;
    private final int iterations;
    private final byte[] salt;
    private final byte[] expected;

    Pbkdf2Hash(Supplier<Digest> digest, int iterations, byte[] salt, byte[] expected) {
        long blocks = (expected.length + digest.get().getDigestSize() - 1) / digest.get().getDigestSize();
        if (iterations < 1) {
            throw PasswordVerifier.invalid("Password", "is a PBKDF2 hash of " + iterations + " iterations");
        }
        Phc.cap(iterations * blocks, MAX_WORK, "work (iterations × " + blocks + " output blocks)", FAMILY);
        this.digest = digest;
        this.iterations = iterations;
        this.salt = salt;
        this.expected = expected;
    }

    static boolean handles(String hash) {
        return hash.startsWith("$pbkdf2") || hash.startsWith("pbkdf2_");
    }

    static Pbkdf2Hash parse(String hash) {
        if (hash.startsWith("pbkdf2_")) {
            return django(hash);
        }
        String[] fields = Phc.fields(hash);
        if (fields.length != 4) {
            throw PasswordVerifier.invalid("Password", "is not a PBKDF2 PHC string ($pbkdf2-sha256$i=...$salt$hash)");
        }
        Supplier<Digest> digest = digest(fields[0].equals("pbkdf2") ? "sha1" : fields[0].replaceFirst("^pbkdf2-", ""));
        long iterations;
        Long length = null;
        if (fields[1].matches("[0-9]{1,10}")) {
            iterations = Long.parseLong(fields[1]);
        } else {
            Map<String, Long> parameters = Phc.parameters(fields[1], Set.of("i", "l"), FAMILY);
            iterations = Phc.required(parameters, "i", FAMILY);
            length = parameters.get("l");
        }
        Phc.cap(iterations, MAX_WORK, "iterations", FAMILY);
        byte[] salt = Phc.bytes(fields[2], "salt", 1, 1024, FAMILY);
        byte[] expected = Phc.bytes(fields[3], "hash", 16, MAX_HASH_BYTES, FAMILY);
        if (length != null && length != expected.length) {
            throw PasswordVerifier.invalid("Password", "is a PBKDF2 hash whose l=" + length + " is not its length, "
                    + expected.length);
        }
        return new Pbkdf2Hash(digest, (int) iterations, salt, expected);
    }

    private static Pbkdf2Hash django(String hash) {
        String[] fields = hash.split("\\$", -1);
        if (fields.length != 4 || !fields[1].matches("[0-9]{1,10}") || fields[2].isEmpty()) {
            throw PasswordVerifier.invalid("Password", "is not a Django PBKDF2 hash (pbkdf2_sha256$iterations$salt$hash)");
        }
        Supplier<Digest> digest = digest(fields[0].substring("pbkdf2_".length()));
        long iterations = Long.parseLong(fields[1]);
        Phc.cap(iterations, MAX_WORK, "iterations", FAMILY);
        return new Pbkdf2Hash(digest, (int) iterations, fields[2].getBytes(StandardCharsets.UTF_8),
                Phc.bytes(fields[3], "hash", 16, MAX_HASH_BYTES, FAMILY));
    }

    private static Supplier<Digest> digest(String name) {
        return switch (name) {
            case "sha1" -> SHA1Digest::new;
            case "sha256" -> SHA256Digest::new;
            case "sha512" -> SHA512Digest::new;
            default -> throw PasswordVerifier.invalid("Password", "is a PBKDF2 hash of a digest other than sha1, "
                    + "sha256 or sha512");
        };
    }

    @Override
    public boolean matches(String candidate) {
        return MessageDigest.isEqual(expected, derive(digest, candidate.getBytes(StandardCharsets.UTF_8), salt,
                iterations, expected.length));
    }

    static byte[] derive(Supplier<Digest> digest, byte[] password, byte[] salt, int iterations, int length) {
        PKCS5S2ParametersGenerator generator = new PKCS5S2ParametersGenerator(digest.get());
        generator.init(password, salt, iterations);
        return ((KeyParameter) generator.generateDerivedParameters(length * 8)).getKey();
    }
}
