package dev.roster.shared.config;

import dev.roster.shared.http.HttpApi;
import dev.roster.shared.http.RateLimiter;
import dev.roster.shared.security.PasswordHasher;
import dev.roster.shared.user.DynamoUserStore;
import dev.roster.shared.user.UserService;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Clock;

/**
 * The object graph of one container: SDK clients, stores and services, built once and shared by every invocation.
 * Handlers' no-argument constructors take it from {@link #fromEnvironment()}; the local runner and tests build
 * their own with the clients they point at the emulators.
 */
public final class Services {

    private static volatile Services environment;

    private final UserService users;
    private final HttpApi httpApi;

    public Services(RosterConfig config, DynamoDbClient dynamo, Clock clock) {
        this.users = new UserService(new DynamoUserStore(dynamo, config.tableName()),
                new PasswordHasher(config.passwordHashIterations()), clock);
        this.httpApi = new HttpApi(new RateLimiter(config.rateLimitPerSecond()), HttpApi.DEFAULT_MAX_BODY_BYTES);
    }

    /** The container's graph, from Lambda's environment (region, credentials, TABLE_NAME, ...). */
    public static Services fromEnvironment() {
        Services services = environment;
        if (services == null) {
            synchronized (Services.class) {
                services = environment;
                if (services == null) {
                    DynamoDbClient dynamo = DynamoDbClient.builder()
                            .httpClient(UrlConnectionHttpClient.create())
                            .credentialsProvider(EnvironmentVariableCredentialsProvider.create())
                            .region(Region.of(System.getenv().getOrDefault("AWS_REGION", "us-east-1")))
                            .build();
                    services = new Services(RosterConfig.fromEnvironment(), dynamo, Clock.systemUTC());
                    environment = services;
                }
            }
        }
        return services;
    }

    public UserService users() {
        return users;
    }

    public HttpApi httpApi() {
        return httpApi;
    }
}
