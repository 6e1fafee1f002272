package dev.roster.shared.security;

import org.bouncycastle.crypto.generators.SCrypt;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Set;

/**
 * scrypt as passlib writes it, {@code $scrypt$ln=<log2 N>,r=<r>,p=<p>$salt$hash} (base64, standard or with {@code .}
 * for {@code +}, padding optional), computed by Bouncy Castle's SCrypt.
 */
final class ScryptHash implements PasswordHash {

    /** The most memory accepted, 128 × N × r bytes (256 MiB; passlib's default ln=16, r=8 takes 64 MiB). */
    static final long MAX_MEMORY_BYTES = 256L << 20;
    /** The most work accepted, N × r × p (2^21: 4 × passlib's default, twice OWASP's ln=17, r=8, p=1). */
    static final long MAX_WORK = 1L << 21;
    private static final String FAMILY = "scrypt";

    private final int n;
    private final int r;
    private final int p;
    private final byte[] salt;
    private final byte[] expected;

    private ScryptHash(int n, int r, int p, byte[] salt, byte[] expected) {
        this.n = n;
        this.r = r;
        this.p = p;
        this.salt = salt;
        this.expected = expected;
    }

    static boolean handles(String hash) {
        return hash.startsWith("$scrypt$");
    }

    static ScryptHash parse(String hash) {
        String[] fields = Phc.fields(hash);
        if (fields.length != 4 || !fields[0].equals("scrypt")) {
            throw PasswordVerifier.invalid("Password", "is not a scrypt string ($scrypt$ln=..,r=..,p=..$salt$hash)");
        }
        Map<String, Long> parameters = Phc.parameters(fields[1], Set.of("ln", "r", "p"), FAMILY);
        long ln = Phc.required(parameters, "ln", FAMILY);
        long r = Phc.required(parameters, "r", FAMILY);
        long p = Phc.required(parameters, "p", FAMILY);
        if (ln < 1 || ln > 30 || r < 1 || p < 1) {
            throw PasswordVerifier.invalid("Password", "is a scrypt hash with ln outside 1 to 30, or r or p below 1");
        }
        long n = 1L << ln;
        Phc.cap(128 * n * r, MAX_MEMORY_BYTES, "memory 128 × N × r (bytes)", FAMILY);
        Phc.cap(n * r * p, MAX_WORK, "work N × r × p", FAMILY);
        return new ScryptHash((int) n, (int) r, (int) p, Phc.bytes(fields[2], "salt", 1, 1024, FAMILY),
                Phc.bytes(fields[3], "hash", 16, 128, FAMILY));
    }

    @Override
    public boolean matches(String candidate) {
        byte[] actual = SCrypt.generate(candidate.getBytes(StandardCharsets.UTF_8), salt, n, r, p, expected.length);
        return MessageDigest.isEqual(expected, actual);
    }
}
