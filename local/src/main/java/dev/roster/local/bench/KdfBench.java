package dev.roster.local.bench;

import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.concurrent.Callable;

/**
 * {@code --only kdf}: the candidates for Roster's own password hash at OWASP's settings, each timed in this JVM after
 * a warm-up (median ms per hash of a 16-byte salt and a 64- or 32-byte output) with the heap each hash allocates
 * (this thread's allocated bytes, so other threads' garbage does not count) and the peak heap seen over the runs.
 * It needs no embedded stack.
 */
final class KdfBench {

    private static final int WARMUP = 3;
    private static final int RUNS = 9;
    private static final byte[] SALT = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final String PASSWORD = "correct horse battery staple";

    private KdfBench() {
    }

    static void run() throws Exception {
        System.out.println("kdf: median of " + RUNS + " hashes after " + WARMUP + " warm-up, one thread:");
        measure("PBKDF2-HMAC-SHA512 (JDK) 210,000 iterations", () -> pbkdf2(210_000));
        measure("argon2id (Bouncy Castle) m=19456 KiB, t=2, p=1", () -> argon2id(19_456, 2));
        measure("argon2id (Bouncy Castle) m=47104 KiB, t=1, p=1", () -> argon2id(47_104, 1));
        measure("argon2id (Bouncy Castle) m=7168 KiB, t=5, p=1 (Keycloak)", () -> argon2id(7_168, 5));
    }

    private static void measure(String name, Callable<byte[]> hash) throws Exception {
        for (int i = 0; i < WARMUP; i++) {
            hash.call();
        }
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        resetPeaks();
        long[] millis = new long[RUNS];
        long allocated = 0;
        for (int i = 0; i < RUNS; i++) {
            long before = threads.getThreadAllocatedBytes(thread);
            long start = System.nanoTime();
            hash.call();
            millis[i] = (System.nanoTime() - start) / 1_000_000;
            allocated += threads.getThreadAllocatedBytes(thread) - before;
        }
        Arrays.sort(millis);
        System.out.printf("kdf: %-58s %5d ms per hash (min %d, max %d), allocates %6.1f MB per hash, peak heap %d MB%n",
                name, millis[RUNS / 2], millis[0], millis[RUNS - 1], allocated / (double) RUNS / (1 << 20),
                peakHeap() >> 20);
    }

    private static byte[] pbkdf2(int iterations) throws GeneralSecurityException {
        PBEKeySpec spec = new PBEKeySpec(PASSWORD.toCharArray(), SALT, iterations, 512);
        return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA512").generateSecret(spec).getEncoded();
    }

    private static byte[] argon2id(int memoryKiB, int passes) {
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id).withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withSalt(SALT).withMemoryAsKB(memoryKiB).withIterations(passes).withParallelism(1).build());
        byte[] out = new byte[32];
        generator.generateBytes(PASSWORD.getBytes(StandardCharsets.UTF_8), out);
        return out;
    }

    private static void resetPeaks() {
        System.gc();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
    }

    private static long peakHeap() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak;
    }
}
