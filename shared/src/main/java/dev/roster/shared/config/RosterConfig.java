package dev.roster.shared.config;

import java.util.Map;

/**
 * Everything the code reads from its environment, in one place (template.yaml sets each of these; a test checks).
 */
public record RosterConfig(String tableName, double rateLimitPerSecond, int passwordHashIterations) {

    public static final String TABLE_NAME = "TABLE_NAME";
    public static final String RATE_LIMIT_PER_SECOND = "RATE_LIMIT_PER_SECOND";
    public static final String PASSWORD_HASH_ITERATIONS = "PASSWORD_HASH_ITERATIONS";

    public static final double DEFAULT_RATE_LIMIT = 20;

    public static RosterConfig fromEnvironment() {
        return from(System.getenv());
    }

    public static RosterConfig from(Map<String, String> env) {
        String table = env.get(TABLE_NAME);
        if (table == null || table.isBlank()) {
            throw new IllegalStateException(TABLE_NAME + " is not set");
        }
        return new RosterConfig(table,
                Double.parseDouble(env.getOrDefault(RATE_LIMIT_PER_SECOND, Double.toString(DEFAULT_RATE_LIMIT))),
                Integer.parseInt(env.getOrDefault(PASSWORD_HASH_ITERATIONS,
                        Integer.toString(dev.roster.shared.security.PasswordHasher.DEFAULT_ITERATIONS))));
    }

    public RosterConfig withRateLimit(double perSecond) {
        return new RosterConfig(tableName, perSecond, passwordHashIterations);
    }
}
