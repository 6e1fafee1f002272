package dev.roster.local;

import dev.roster.local.twin.ProductionTwin;
import dev.roster.shared.config.RosterConfig;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar local/target/roster-local.jar [--port N] [--data-dir DIR] [--lambda]}: the whole Roster API on
 * http://127.0.0.1:3000 with DynamoDB Local, ElasticMQ and S3Proxy embedded. Ctrl-C stops it cleanly. With
 * {@code --lambda} the same API is served by the production twin: every function of template.yaml in its own JVM,
 * started from the functions jar by Lambda's runtime interface client, as AWS runs it.
 */
public final class LocalRunner {

    private LocalRunner() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "3000"));
        Path dataDir = null;
        boolean lambda = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(value(args, ++i, "--port"));
                case "--data-dir" -> dataDir = Path.of(value(args, ++i, "--data-dir"));
                case "--lambda" -> lambda = true;
                case "--help", "-h" -> {
                    System.out.println("usage: java -jar local/target/roster-local.jar [--port N] [--data-dir DIR]"
                            + " [--lambda]");
                    return;
                }
                default -> {
                    System.err.println("unknown argument " + args[i] + " (try --help)");
                    System.exit(2);
                }
            }
        }
        Map<String, String> env = new HashMap<>(System.getenv());
        env.putIfAbsent(RosterConfig.TABLE_NAME, LocalDeployment.TABLE);
        // Development keys for the compatibility doors; a deployment sets its own.
        env.putIfAbsent(RosterConfig.TENCENT_CREDENTIALS, "AKIDlocal:local-secret");
        env.putIfAbsent(RosterConfig.AUTH0_TOKENS,
                "{\"local-token\":{\"store\":\"demo\",\"scopes\":[\"read:users\",\"create:users\",\"update:users\",\"delete:users\"]}}");
        RosterConfig config = RosterConfig.from(env);

        long started = System.nanoTime();
        EmbeddedAws aws = EmbeddedAws.start(dataDir);
        AutoCloseable stack;
        int listening;
        try {
            if (lambda) {
                ProductionTwin twin = ProductionTwin.start(aws.endpoints(), twinOptions(env, port));
                stack = twin;
                listening = twin.port();
            } else {
                LocalDeployment deployment = new LocalDeployment(aws.endpoints(), config, "127.0.0.1", port);
                stack = deployment;
                listening = deployment.port();
            }
        } catch (Exception e) {
            aws.close();
            throw e;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("Stopping Roster...");
            try {
                stack.close();
            } catch (Exception e) {
                System.out.println("while stopping: " + e);
            }
            aws.close();
            stopped.countDown();
        }, "roster-shutdown"));

        String base = "http://127.0.0.1:" + listening;
        System.out.printf("Roster is running on %s (started in %d ms; data %s%s)%n", base,
                (System.nanoTime() - started) / 1_000_000,
                dataDir == null ? "in memory" : "in " + dataDir.toAbsolutePath(),
                lambda ? "; every function in its own JVM, as Lambda runs it" : "");
        System.out.println("Try:");
        System.out.println("  curl -s -X POST " + base + "/userstores/demo/users -H 'Content-Type: application/json' \\");
        System.out.println("    -d '{\"UserName\":\"alice\",\"Email\":\"alice@example.com\","
                + "\"PhoneNumber\":\"+1-555-0100\",\"Password\":\"correct horse battery\"}'");
        System.out.println("Press Ctrl-C to stop.");
        stopped.await();
    }

    /**
     * The twin deploys template.yaml from the project root (the folder this runs in) with the runner's development
     * keys as parameter overrides, and prints each function's output with its name.
     */
    private static ProductionTwin.Options twinOptions(Map<String, String> env, int port) {
        Path root = Path.of("").toAbsolutePath();
        if (!Files.isRegularFile(root.resolve("template.yaml"))) {
            root = ProductionTwin.projectRoot();
        }
        Map<String, String> parameters = new HashMap<>();
        parameters.put("TencentCredentials", env.get(RosterConfig.TENCENT_CREDENTIALS));
        parameters.put("Auth0Tokens", env.get(RosterConfig.AUTH0_TOKENS));
        if (env.containsKey(RosterConfig.RATE_LIMIT_PER_SECOND)) {
            parameters.put("RateLimitPerSecond", env.get(RosterConfig.RATE_LIMIT_PER_SECOND));
        }
        if (env.containsKey(RosterConfig.AUTH_FAILURES_PER_MINUTE)) {
            parameters.put("AuthFailuresPerMinute", env.get(RosterConfig.AUTH_FAILURES_PER_MINUTE));
        }
        if (env.containsKey(RosterConfig.STORE_REQUESTS_PER_SECOND)) {
            parameters.put("StoreRequestsPerSecond", env.get(RosterConfig.STORE_REQUESTS_PER_SECOND));
        }
        if (env.containsKey(RosterConfig.PASSWORD_HASH_ITERATIONS)) {
            parameters.put("PasswordHashIterations", env.get(RosterConfig.PASSWORD_HASH_ITERATIONS));
        }
        if (env.containsKey(RosterConfig.PASSWORD_HASH_MEMORY_KIB)) {
            parameters.put("PasswordHashMemoryKiB", env.get(RosterConfig.PASSWORD_HASH_MEMORY_KIB));
        }
        if (env.containsKey(RosterConfig.PASSWORD_MAX_FAILED_CHECKS)) {
            parameters.put("PasswordMaxFailedChecks", env.get(RosterConfig.PASSWORD_MAX_FAILED_CHECKS));
        }
        return ProductionTwin.Options.defaults(root).withStackName("roster").withParameters(parameters).withPort(port);
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length) {
            System.err.println(flag + " needs a value");
            System.exit(2);
        }
        return args[i];
    }
}
