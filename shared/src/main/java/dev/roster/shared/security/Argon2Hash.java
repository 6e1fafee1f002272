package dev.roster.shared.security;

import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Set;

/**
 * Argon2id, argon2i or argon2d as a PHC string, {@code $argon2id$v=19$m=<KiB>,t=<passes>,p=<lanes>$salt$hash}
 * ({@code v=16} or no {@code v} is version 1.0), computed by Bouncy Castle's Argon2BytesGenerator. Our own hashes are
 * argon2id in this form.
 */
final class Argon2Hash implements PasswordHash {

    /** The most memory accepted, in KiB (256 MiB: libsodium's MODERATE; every one-login default is far below). */
    static final long MAX_MEMORY_KIB = 262_144;
    /** The most work accepted, memory × passes in KiB (1 GiB: 256 MiB × 4 or 64 MiB × 16; 27 × our own hash). */
    static final long MAX_WORK_KIB = 1_048_576;
    static final int MAX_PARALLELISM = 16;
    private static final String FAMILY = "argon2";

    private final int type;
    private final int version;
    private final int memoryKiB;
    private final int passes;
    private final int lanes;
    private final byte[] salt;
    private final byte[] expected;

    private Argon2Hash(int type, int version, int memoryKiB, int passes, int lanes, byte[] salt, byte[] expected) {
        this.type = type;
        this.version = version;
        this.memoryKiB = memoryKiB;
        this.passes = passes;
        this.lanes = lanes;
        this.salt = salt;
        this.expected = expected;
    }

    static boolean handles(String hash) {
        return hash.startsWith("$argon2");
    }

    static Argon2Hash parse(String hash) {
        String[] fields = Phc.fields(hash);
        int type = switch (fields[0]) {
            case "argon2id" -> Argon2Parameters.ARGON2_id;
            case "argon2i" -> Argon2Parameters.ARGON2_i;
            case "argon2d" -> Argon2Parameters.ARGON2_d;
            default -> throw PasswordVerifier.invalid("Password", "is not an argon2id, argon2i or argon2d PHC string");
        };
        int version = Argon2Parameters.ARGON2_VERSION_10;
        int next = 1;
        if (fields.length == 5) {
            String v = fields[1];
            if (!v.equals("v=19") && !v.equals("v=16")) {
                throw PasswordVerifier.invalid("Password", "is an argon2 hash of a version other than v=19 or v=16");
            }
            version = v.equals("v=19") ? Argon2Parameters.ARGON2_VERSION_13 : Argon2Parameters.ARGON2_VERSION_10;
            next = 2;
        } else if (fields.length != 4) {
            throw PasswordVerifier.invalid("Password", "is not an argon2 PHC string ($argon2id$v=19$m=..,t=..,p=..$salt$hash)");
        }
        Map<String, Long> parameters = Phc.parameters(fields[next], Set.of("m", "t", "p"), FAMILY);
        long memory = Phc.required(parameters, "m", FAMILY);
        long passes = Phc.required(parameters, "t", FAMILY);
        long lanes = Phc.required(parameters, "p", FAMILY);
        Phc.cap(memory, MAX_MEMORY_KIB, "memory m (KiB)", FAMILY);
        Phc.cap(lanes, MAX_PARALLELISM, "parallelism p", FAMILY);
        Phc.cap(memory * passes, MAX_WORK_KIB, "work m × t (KiB)", FAMILY);
        if (lanes < 1 || passes < 1 || memory < 8 * lanes) {
            throw PasswordVerifier.invalid("Password", "is an argon2 hash with t or p below 1 or m below 8 × p");
        }
        return new Argon2Hash(type, version, (int) memory, (int) passes, (int) lanes,
                Phc.bytes(fields[next + 1], "salt", 8, 64, FAMILY), Phc.bytes(fields[next + 2], "hash", 4, 128, FAMILY));
    }

    /** A new argon2id (v=19) PHC string of the password. */
    static String argon2id(String password, byte[] salt, int memoryKiB, int passes, int hashBytes) {
        Argon2Hash shape = new Argon2Hash(Argon2Parameters.ARGON2_id, Argon2Parameters.ARGON2_VERSION_13, memoryKiB,
                passes, 1, salt, new byte[hashBytes]);
        byte[] hash = shape.derive(password);
        return "$argon2id$v=19$m=" + memoryKiB + ",t=" + passes + ",p=1$" + Encodings.phcBase64(salt) + "$"
                + Encodings.phcBase64(hash);
    }

    /** Whether this is an argon2id hash of at least this memory and these passes. */
    boolean atLeast(int memoryKiB, int passes) {
        return type == Argon2Parameters.ARGON2_id && version == Argon2Parameters.ARGON2_VERSION_13
                && this.memoryKiB >= memoryKiB && this.passes >= passes;
    }

    @Override
    public boolean matches(String candidate) {
        return MessageDigest.isEqual(expected, derive(candidate));
    }

    private byte[] derive(String password) {
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(new Argon2Parameters.Builder(type).withVersion(version).withSalt(salt).withMemoryAsKB(memoryKiB)
                .withIterations(passes).withParallelism(lanes).build());
        byte[] out = new byte[expected.length];
        generator.generateBytes(password.getBytes(StandardCharsets.UTF_8), out);
        return out;
    }
}
