package dev.roster.local;

import dev.roster.shared.config.RosterConfig;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar local/target/roster-local.jar [--port N] [--data-dir DIR]}: the whole Roster API on
 * http://127.0.0.1:3000 with DynamoDB Local, ElasticMQ and S3Proxy embedded. Ctrl-C stops it cleanly.
 */
public final class LocalRunner {

    private LocalRunner() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "3000"));
        Path dataDir = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(value(args, ++i, "--port"));
                case "--data-dir" -> dataDir = Path.of(value(args, ++i, "--data-dir"));
                case "--help", "-h" -> {
                    System.out.println("usage: java -jar local/target/roster-local.jar [--port N] [--data-dir DIR]");
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
        LocalDeployment stack;
        try {
            stack = new LocalDeployment(aws.endpoints(), config, "127.0.0.1", port);
        } catch (Exception e) {
            aws.close();
            throw e;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("Stopping Roster...");
            stack.close();
            aws.close();
            stopped.countDown();
        }, "roster-shutdown"));

        String base = "http://127.0.0.1:" + stack.port();
        System.out.printf("Roster is running on %s (started in %d ms; data %s)%n", base,
                (System.nanoTime() - started) / 1_000_000,
                dataDir == null ? "in memory" : "in " + dataDir.toAbsolutePath());
        System.out.println("Try:");
        System.out.println("  curl -s -X POST " + base + "/userstores/demo/users -H 'Content-Type: application/json' \\");
        System.out.println("    -d '{\"UserName\":\"alice\",\"Email\":\"alice@example.com\","
                + "\"PhoneNumber\":\"+1-555-0100\",\"Password\":\"correct horse battery\"}'");
        System.out.println("Press Ctrl-C to stop.");
        stopped.await();
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length) {
            System.err.println(flag + " needs a value");
            System.exit(2);
        }
        return args[i];
    }
}
