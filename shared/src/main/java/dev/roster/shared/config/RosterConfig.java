package dev.roster.shared.config;

import dev.roster.shared.imports.ImportLimits;
import dev.roster.shared.security.PasswordHasher;
import dev.roster.shared.user.UserService;

import java.util.Map;

/**
 * Everything the code reads from its environment, in one place (template.yaml sets each of these; a test checks).
 */
public record RosterConfig(String tableName, String jobsQueueUrl, String exportBucket, int jobMaxReceives,
                           double rateLimitPerSecond, int passwordHashIterations, int passwordHashMemoryKiB,
                           String tencentCredentials,
                           String auth0Tokens, int jobSegmentSeconds, ImportLimits importLimits,
                           double authFailuresPerMinute, int storeRequestsPerSecond, int passwordMaxFailedChecks) {

    public static final String TABLE_NAME = "TABLE_NAME";
    public static final String JOBS_QUEUE_URL = "JOBS_QUEUE_URL";
    public static final String EXPORT_BUCKET = "EXPORT_BUCKET";
    /** Must equal the jobs queue's maxReceiveCount: the worker fails a job cleanly on its last delivery. */
    public static final String JOB_MAX_RECEIVES = "JOB_MAX_RECEIVES";
    public static final String RATE_LIMIT_PER_SECOND = "RATE_LIMIT_PER_SECOND";
    /** argon2id passes of new password hashes (default 2, OWASP's at 19 MiB). */
    public static final String PASSWORD_HASH_ITERATIONS = "PASSWORD_HASH_ITERATIONS";
    /** argon2id memory of new password hashes, in KiB (default 19456, OWASP's). */
    public static final String PASSWORD_HASH_MEMORY_KIB = "PASSWORD_HASH_MEMORY_KIB";
    /**
     * The Tencent door's keys: {@code SecretId:SecretKey[:store|store...][,...]}; a key with no stores listed may
     * use every store.
     */
    public static final String TENCENT_CREDENTIALS = "TENCENT_CREDENTIALS";
    /** The Auth0 door's bearer tokens: {@code {"<token>": {"store": "...", "scopes": [...]}}}. */
    public static final String AUTH0_TOKENS = "AUTH0_TOKENS";
    /** The longest an export or import runs in one invocation before it checkpoints and continues in the next. */
    public static final String JOB_SEGMENT_SECONDS = "JOB_SEGMENT_SECONDS";
    public static final int DEFAULT_JOB_SEGMENT_SECONDS = 720;
    /** The most an import file may hold once decompressed; past it the job fails (default 4 GiB). */
    public static final String IMPORT_MAX_DECOMPRESSED_BYTES = "IMPORT_MAX_DECOMPRESSED_BYTES";
    /** The longest line an import file may hold, in bytes; past it the job fails (default 1 MiB). */
    public static final String IMPORT_MAX_LINE_BYTES = "IMPORT_MAX_LINE_BYTES";

    /**
     * Failed authentications (bad signature, unknown key or token) the compat doors take from one source IP per
     * minute, with a burst of as many, before answering it 429 without verifying anything; 0 turns this off.
     */
    public static final String AUTH_FAILURES_PER_MINUTE = "AUTH_FAILURES_PER_MINUTE";
    public static final double DEFAULT_AUTH_FAILURES_PER_MINUTE = 20;
    /**
     * An exact limit on each user store's requests per second across every container and door (one conditional
     * DynamoDB write per request); 0, the default, turns it off.
     */
    public static final String STORE_REQUESTS_PER_SECOND = "STORE_REQUESTS_PER_SECOND";
    /**
     * Consecutive failed password checks after which a user is locked until an administrator unlocks it (default
     * {@link UserService#DEFAULT_MAX_FAILED_CHECKS}); 0 never locks.
     */
    public static final String PASSWORD_MAX_FAILED_CHECKS = "PASSWORD_MAX_FAILED_CHECKS";

    public static final double DEFAULT_RATE_LIMIT = 20;
    public static final int DEFAULT_MAX_RECEIVES = 3;

    public static RosterConfig fromEnvironment() {
        return from(System.getenv());
    }

    public static RosterConfig from(Map<String, String> env) {
        return new RosterConfig(required(env, TABLE_NAME), env.get(JOBS_QUEUE_URL), env.get(EXPORT_BUCKET),
                Integer.parseInt(env.getOrDefault(JOB_MAX_RECEIVES, Integer.toString(DEFAULT_MAX_RECEIVES))),
                Double.parseDouble(env.getOrDefault(RATE_LIMIT_PER_SECOND, Double.toString(DEFAULT_RATE_LIMIT))),
                Integer.parseInt(env.getOrDefault(PASSWORD_HASH_ITERATIONS,
                        Integer.toString(PasswordHasher.DEFAULT_ITERATIONS))),
                Integer.parseInt(env.getOrDefault(PASSWORD_HASH_MEMORY_KIB,
                        Integer.toString(PasswordHasher.DEFAULT_MEMORY_KIB))),
                env.get(TENCENT_CREDENTIALS), env.get(AUTH0_TOKENS),
                Integer.parseInt(env.getOrDefault(JOB_SEGMENT_SECONDS,
                        Integer.toString(DEFAULT_JOB_SEGMENT_SECONDS))),
                new ImportLimits(Long.parseLong(env.getOrDefault(IMPORT_MAX_DECOMPRESSED_BYTES,
                        Long.toString(ImportLimits.DEFAULT_MAX_DECOMPRESSED_BYTES))),
                        Integer.parseInt(env.getOrDefault(IMPORT_MAX_LINE_BYTES,
                                Integer.toString(ImportLimits.DEFAULT_MAX_LINE_BYTES)))),
                Double.parseDouble(env.getOrDefault(AUTH_FAILURES_PER_MINUTE,
                        Double.toString(DEFAULT_AUTH_FAILURES_PER_MINUTE))),
                Integer.parseInt(env.getOrDefault(STORE_REQUESTS_PER_SECOND, "0")),
                Integer.parseInt(env.getOrDefault(PASSWORD_MAX_FAILED_CHECKS,
                        Integer.toString(UserService.DEFAULT_MAX_FAILED_CHECKS))));
    }

    private static String required(Map<String, String> env, String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(name + " is not set");
        }
        return value;
    }

    public RosterConfig withRateLimit(double perSecond) {
        return copy(c -> c.rateLimitPerSecond = perSecond);
    }

    public RosterConfig withAuthFailuresPerMinute(double perMinute) {
        return copy(c -> c.authFailuresPerMinute = perMinute);
    }

    public RosterConfig withTencentCredentials(String credentials) {
        return copy(c -> c.tencentCredentials = credentials);
    }

    public RosterConfig withJobSegmentSeconds(int seconds) {
        return copy(c -> c.jobSegmentSeconds = seconds);
    }

    public RosterConfig withJobs(String queueUrl, String bucket) {
        return copy(c -> {
            c.jobsQueueUrl = queueUrl;
            c.exportBucket = bucket;
        });
    }

    public RosterConfig withStoreRequestsPerSecond(int perSecond) {
        return copy(c -> c.storeRequestsPerSecond = perSecond);
    }

    /** This configuration with some components changed: the one place a wither lists every component. */
    private RosterConfig copy(java.util.function.Consumer<Copy> change) {
        Copy c = new Copy();
        change.accept(c);
        return new RosterConfig(tableName, c.jobsQueueUrl, c.exportBucket, jobMaxReceives, c.rateLimitPerSecond,
                passwordHashIterations, passwordHashMemoryKiB, c.tencentCredentials, auth0Tokens, c.jobSegmentSeconds,
                importLimits, c.authFailuresPerMinute, c.storeRequestsPerSecond, passwordMaxFailedChecks);
    }

    /** The components the withers change, starting as they are. */
    private final class Copy {
        String jobsQueueUrl = RosterConfig.this.jobsQueueUrl;
        String exportBucket = RosterConfig.this.exportBucket;
        double rateLimitPerSecond = RosterConfig.this.rateLimitPerSecond;
        String tencentCredentials = RosterConfig.this.tencentCredentials;
        int jobSegmentSeconds = RosterConfig.this.jobSegmentSeconds;
        double authFailuresPerMinute = RosterConfig.this.authFailuresPerMinute;
        int storeRequestsPerSecond = RosterConfig.this.storeRequestsPerSecond;
    }
}
