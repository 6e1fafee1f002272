package dev.roster.local;

import dev.roster.functions.UsersHandler;
import dev.roster.shared.config.RosterConfig;
import dev.roster.shared.config.Services;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The whole API on one machine, over any {@link AwsEndpoints}: provisions what template.yaml declares, builds the
 * handlers as Lambda would (once per "container") and serves them through the local HTTP front.
 */
public final class LocalDeployment implements AutoCloseable {

    public static final String TABLE = "roster";

    private final DynamoDbClient dynamo;
    private final Services services;
    private final LocalHttpFront front;

    public LocalDeployment(AwsEndpoints endpoints, RosterConfig config, String host, int port) throws IOException {
        this.dynamo = endpoints.dynamoClient();
        Provisioner.createTable(dynamo, config.tableName());
        this.services = new Services(config, dynamo, Clock.systemUTC());
        this.front = new LocalHttpFront(host, port, routes(services));
    }

    /** Every route of template.yaml, bound to the handler that serves it. */
    public static List<LocalRoute> routes(Services services) {
        List<LocalRoute> routes = new ArrayList<>();
        UsersHandler users = new UsersHandler(services.users(), services.httpApi());
        UsersHandler.ROUTES.forEach(key -> routes.add(new LocalRoute(key, users)));
        return routes;
    }

    public int port() {
        return front.port();
    }

    public Services services() {
        return services;
    }

    public DynamoDbClient dynamo() {
        return dynamo;
    }

    @Override
    public void close() {
        front.close();
        dynamo.close();
    }
}
