package dev.roster.shared.security;


import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

/**
 * Hashes passwords with PBKDF2-HMAC-SHA512 from the JDK (no native code, nothing to install), with a random 16-byte
 * salt per password. The iteration count is stored with each hash, so raising it later leaves old hashes valid.
 */
public final class PasswordHasher {

    public static final String ALGORITHM = "PBKDF2_SHA512";
    /** OWASP's 2023 figure for PBKDF2-HMAC-SHA512. */
    public static final int DEFAULT_ITERATIONS = 210_000;
    /** Below this a hash is too cheap to brute-force protect anything; only tests go this low. */
    public static final int MIN_ITERATIONS = 1_000;
    private static final int SALT_BYTES = 16;
    private static final int KEY_BITS = 512;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final int iterations;

    public PasswordHasher(int iterations) {
        if (iterations < MIN_ITERATIONS) {
            throw new IllegalArgumentException("PBKDF2 iterations must be at least " + MIN_ITERATIONS);
        }
        this.iterations = iterations;
    }

    public PasswordCredential hash(String password) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        byte[] hash = derive(password, salt, iterations);
        Base64.Encoder b64 = Base64.getEncoder();
        return new PasswordCredential(ALGORITHM, b64.encodeToString(hash), b64.encodeToString(salt), null, null,
                iterations);
    }

    /** Whether a credential is this hasher's own at its strength: anything else is rehashed once its password is known. */
    public boolean isCurrent(PasswordCredential credential) {
        return credential != null && ALGORITHM.equals(credential.algorithm()) && credential.iterations() >= iterations;
    }

    /** Constant-time check of a candidate against a credential this hasher's algorithm made. */
    public static boolean matches(PasswordCredential credential, String candidate) {
        if (!ALGORITHM.equals(credential.algorithm())) {
            return false;
        }
        Base64.Decoder b64 = Base64.getDecoder();
        byte[] expected = b64.decode(credential.hash());
        byte[] actual = derive(candidate, b64.decode(credential.salt()), credential.iterations());
        return MessageDigest.isEqual(expected, actual);
    }

    private static byte[] derive(String password, byte[] salt, int iterations) {
        char[] chars = password.toCharArray();
        PBEKeySpec spec = new PBEKeySpec(chars, salt, iterations, KEY_BITS);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA512").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA512 is missing from this JDK", e);
        } finally {
            spec.clearPassword();
            Arrays.fill(chars, '\0');
        }
    }
}
