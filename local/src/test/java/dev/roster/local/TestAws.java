package dev.roster.local;

import dev.roster.shared.config.RosterConfig;
import dev.roster.shared.security.PasswordHasher;

/**
 * The embedded emulators and one local deployment over them, started once per test JVM and shared by every test
 * class (each test uses its own user store ids, so tests do not see each other's data).
 */
final class TestAws {

    /** Cheap hashes keep tests fast; the production default is checked in PasswordHasherTest. */
    static final String TENCENT_SECRET_ID = "AKIDrosterTest";
    static final String TENCENT_SECRET_KEY = "roster-test-secret-key";
    static final String AUTH0_TOKEN = "test-token-all-scopes";
    static final String AUTH0_READ_ONLY_TOKEN = "test-token-read-only";
    static final String AUTH0_STORE = "auth0-tenant";
    /** A token for a connection no test writes users to. */
    static final String AUTH0_EMPTY_TOKEN = "test-token-empty-connection";
    static final String AUTH0_EMPTY_STORE = "auth0-empty";
    /** A Tencent key bound to two stores (TENCENT_CREDENTIALS' third field). */
    static final String TENCENT_BOUND_ID = "AKIDboundTest";
    static final String TENCENT_BOUND_KEY = "bound-test-secret-key";
    static final String TENCENT_BOUND_STORES = "bound-one|bound-two";

    /** Small import caps, so the tests of what lies beyond them stay quick. */
    static final int IMPORT_MAX_LINE_BYTES = 256 << 10;
    static final long IMPORT_MAX_DECOMPRESSED_BYTES = 32 << 20;

    static final RosterConfig CONFIG = RosterConfig.from(java.util.Map.of(
            RosterConfig.TABLE_NAME, LocalDeployment.TABLE,
            RosterConfig.IMPORT_MAX_LINE_BYTES, Integer.toString(IMPORT_MAX_LINE_BYTES),
            RosterConfig.IMPORT_MAX_DECOMPRESSED_BYTES, Long.toString(IMPORT_MAX_DECOMPRESSED_BYTES),
            RosterConfig.RATE_LIMIT_PER_SECOND, "0",
            // The suites send bad credentials on purpose, all from 127.0.0.1; AuthFailureThrottleTest turns it on.
            RosterConfig.AUTH_FAILURES_PER_MINUTE, "0",
            RosterConfig.PASSWORD_HASH_ITERATIONS, Integer.toString(PasswordHasher.MIN_ITERATIONS),
            RosterConfig.PASSWORD_HASH_MEMORY_KIB, Integer.toString(PasswordHasher.MIN_MEMORY_KIB),
            RosterConfig.TENCENT_CREDENTIALS, TENCENT_SECRET_ID + ":" + TENCENT_SECRET_KEY + ","
                    + TENCENT_BOUND_ID + ":" + TENCENT_BOUND_KEY + ":" + TENCENT_BOUND_STORES,
            RosterConfig.AUTH0_TOKENS, "{\"" + AUTH0_TOKEN + "\":{\"store\":\"" + AUTH0_STORE + "\",\"scopes\":"
                    + "[\"read:users\",\"create:users\",\"update:users\",\"delete:users\"]},\""
                    + AUTH0_READ_ONLY_TOKEN + "\":{\"store\":\"" + AUTH0_STORE + "\",\"scopes\":[\"read:users\"]},\""
                    + AUTH0_EMPTY_TOKEN + "\":{\"store\":\"" + AUTH0_EMPTY_STORE + "\",\"scopes\":[\"read:users\"]}}"));

    /**
     * Every AWS call each function makes in these suites, as the IAM permission it needs; TemplatePermissionsIT
     * checks them against template.yaml's policies after the suites. Started afresh by each test JVM.
     */
    static final String CALLS_FILE = "target/aws-calls.jsonl";  // a constant: reading it does not start anything
    static final dev.roster.local.twin.CallLog CALLS = newCallLog();

    private static dev.roster.local.twin.CallLog newCallLog() {
        try {
            java.nio.file.Files.deleteIfExists(java.nio.file.Path.of(CALLS_FILE));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return dev.roster.local.twin.CallLog.appendingTo(java.nio.file.Path.of(CALLS_FILE));
    }

    private static EmbeddedAws aws;
    private static LocalDeployment deployment;
    private static LocalDeployment userApiDeployment;

    private TestAws() {
    }

    static synchronized EmbeddedAws aws() {
        if (aws == null) {
            try {
                aws = EmbeddedAws.start(null);
            } catch (Exception e) {
                throw new IllegalStateException("the embedded emulators did not start", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(aws::close));
        }
        return aws;
    }

    /**
     * A deployment on a table of its own, for tests that check "nothing else was written" by scanning the table:
     * the export tests' large seeded stores would make those scans slow.
     */
    static synchronized LocalDeployment userApiDeployment() {
        if (userApiDeployment == null) {
            try {
                userApiDeployment = new LocalDeployment(aws().endpoints(), RosterConfig.from(java.util.Map.of(
                        RosterConfig.TABLE_NAME, "roster-user-api",
                        RosterConfig.RATE_LIMIT_PER_SECOND, "0",
                        RosterConfig.AUTH_FAILURES_PER_MINUTE, "0",
                        RosterConfig.PASSWORD_HASH_ITERATIONS, Integer.toString(PasswordHasher.MIN_ITERATIONS),
                        RosterConfig.PASSWORD_HASH_MEMORY_KIB, Integer.toString(PasswordHasher.MIN_MEMORY_KIB))),
                        "127.0.0.1", 0, LocalDeployment.Options.defaults().withoutWorkers().recordingCallsTo(CALLS));
            } catch (Exception e) {
                throw new IllegalStateException("the local deployment did not start", e);
            }
        }
        return userApiDeployment;
    }

    static synchronized LocalDeployment deployment() {
        if (deployment == null) {
            try {
                // Failed deliveries come back at once (not after the visibility timeout) to keep tests quick.
                deployment = new LocalDeployment(aws().endpoints(), CONFIG, "127.0.0.1", 0,
                        new LocalDeployment.Options(60, java.time.Duration.ZERO, true, java.time.Clock.systemUTC(),
                                TestFailures.INSTANCE).recordingCallsTo(CALLS));
            } catch (Exception e) {
                throw new IllegalStateException("the local deployment did not start", e);
            }
        }
        return deployment;
    }
}
