package dev.roster.shared.security;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Hashes passwords with argon2id (Bouncy Castle), OWASP's first choice, at OWASP's m=19456 KiB, t=2, p=1 by default,
 * with a random 16-byte salt, stored as the standard PHC string (algorithm {@link PasswordVerifier#ARGON2}, the same
 * form an imported argon2 hash has). Measured here against PBKDF2-HMAC-SHA512 at 210,000 iterations (README, "Bench",
 * {@code --only kdf}): about 6 times faster for each login and memory-hard, so a GPU attacker gains far less. The
 * parameters are stored with each hash, so raising them later leaves old hashes valid; the PBKDF2-SHA512 credentials
 * made before still verify, and {@link #isCurrent} says they are to be rehashed.
 */
public final class PasswordHasher {

    public static final String ALGORITHM = PasswordVerifier.ARGON2;
    /** Our own credentials before argon2id: PBKDF2-HMAC-SHA512, base64 hash and salt, iterations. */
    public static final String PBKDF2_SHA512 = "PBKDF2_SHA512";
    /** OWASP's argon2id passes at {@link #DEFAULT_MEMORY_KIB}. */
    public static final int DEFAULT_ITERATIONS = 2;
    /** OWASP's argon2id memory, 19 MiB. */
    public static final int DEFAULT_MEMORY_KIB = 19_456;
    public static final int MIN_ITERATIONS = 1;
    /** Argon2's least memory for one lane; only tests go this low. */
    public static final int MIN_MEMORY_KIB = 8;
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final int iterations;
    private final int memoryKiB;

    /** argon2id of {@code iterations} passes over {@code memoryKiB} KiB. */
    public PasswordHasher(int iterations, int memoryKiB) {
        if (iterations < MIN_ITERATIONS || memoryKiB < MIN_MEMORY_KIB) {
            throw new IllegalArgumentException("argon2id needs at least " + MIN_ITERATIONS + " pass and "
                    + MIN_MEMORY_KIB + " KiB");
        }
        if ((long) iterations * memoryKiB > Argon2Hash.MAX_WORK_KIB || memoryKiB > Argon2Hash.MAX_MEMORY_KIB) {
            throw new IllegalArgumentException("argon2id above the caps an imported hash must meet");
        }
        this.iterations = iterations;
        this.memoryKiB = memoryKiB;
    }

    /** The cheapest memory, {@code iterations} passes: for tests, which must hash fast. */
    public PasswordHasher(int iterations) {
        this(iterations, MIN_MEMORY_KIB);
    }

    public PasswordCredential hash(String password) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        return new PasswordCredential(ALGORITHM, Argon2Hash.argon2id(password, salt, memoryKiB, iterations, HASH_BYTES),
                null, null, null, iterations);
    }

    /** Whether a credential is this hasher's own at its strength: anything else is rehashed once its password is known. */
    public boolean isCurrent(PasswordCredential credential) {
        if (credential == null || !ALGORITHM.equals(credential.algorithm()) || credential.hash() == null) {
            return false;
        }
        try {
            return Argon2Hash.parse(credential.hash()).atLeast(memoryKiB, iterations);
        } catch (RuntimeException damaged) {
            return false;
        }
    }

    /** A PBKDF2-SHA512 credential of ours from before argon2id. */
    static PasswordHash legacy(PasswordCredential credential) {
        Base64.Decoder b64 = Base64.getDecoder();
        return new Pbkdf2Hash(org.bouncycastle.crypto.digests.SHA512Digest::new, credential.iterations(),
                b64.decode(credential.salt()), b64.decode(credential.hash()));
    }
}
