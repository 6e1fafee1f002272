package dev.roster.local.bench;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import dev.roster.functions.UsersHandler;
import dev.roster.shared.config.RosterConfig;
import dev.roster.shared.security.PasswordHasher;

import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Runs in a fresh JVM, as a Lambda container would: builds {@link UsersHandler} with its no-argument constructor
 * (from the environment, PASSWORD_HASH_ITERATIONS included), answers {@code 1 + measured} CreateUser events shaped
 * like the given sample (its route and user store; each body with a user name, email and phone number of its own),
 * then times three bare {@link PasswordHasher#hash} calls with the configured iterations in the same, now warm, JVM.
 * Prints the iterations, the first CreateUser's latency, the p50 and max of the measured ones, the median bare hash
 * and the CPU time of the whole process (JIT threads included), all in milliseconds, on one line.
 */
public final class CreateUserLatency {

    private CreateUserLatency() {
    }

    public static void main(String[] args) {
        String eventFile = args[0];
        int measured = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        UsersHandler handler = new UsersHandler();
        // Built before the first request, and without Roster's JSON code, so nothing is warmed for the handler.
        long run = ThreadLocalRandom.current().nextLong(1_000_000_000L);
        APIGatewayV2HTTPEvent[] events = new APIGatewayV2HTTPEvent[1 + measured];
        for (int i = 0; i < events.length; i++) {
            events[i] = EventLoader.loadApiGatewayHttpEvent(eventFile);
            String name = "bench" + run + "x" + i;
            events[i].setBody("{\"UserStoreId\": \"" + events[i].getPathParameters().get("UserStoreId")
                    + "\", \"PhoneNumber\": \"+1-555-" + run + "-" + i + "\", \"Email\": \"" + name
                    + "@test.com\", \"Password\": \"@ppServer123\", \"UserName\": \"" + name + "\"}");
        }
        long[] latencies = new long[events.length];
        for (int i = 0; i < events.length; i++) {
            long start = System.nanoTime();
            APIGatewayV2HTTPResponse answer = handler.handleRequest(events[i], null);
            latencies[i] = System.nanoTime() - start;
            if (answer.getStatusCode() != 201) {
                System.err.println("CreateUser answered " + answer.getStatusCode() + ": " + answer.getBody());
                System.exit(1);
            }
        }
        RosterConfig config = RosterConfig.fromEnvironment();
        int iterations = config.passwordHashIterations();
        PasswordHasher hasher = new PasswordHasher(iterations, config.passwordHashMemoryKiB());
        long[] bare = new long[3];
        for (int i = 0; i < bare.length; i++) {
            long start = System.nanoTime();
            hasher.hash("@ppServer123");
            bare[i] = System.nanoTime() - start;
        }
        Arrays.sort(bare);
        long[] sorted = Arrays.copyOfRange(latencies, 1, latencies.length);
        Arrays.sort(sorted);
        System.out.printf(java.util.Locale.ROOT, "%d %.1f %.1f %.1f %.1f %d%n", iterations, latencies[0] / 1e6,
                sorted[sorted.length / 2] / 1e6, sorted[sorted.length - 1] / 1e6, bare[1] / 1e6, ColdStart.cpuMillis());
    }
}
