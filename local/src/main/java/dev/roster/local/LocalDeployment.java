package dev.roster.local;

import dev.roster.functions.Auth0ApiHandler;
import dev.roster.functions.JobDeadLetterHandler;
import dev.roster.functions.JobWorkerHandler;
import dev.roster.functions.JobsHandler;
import dev.roster.functions.TencentApiHandler;
import dev.roster.functions.UsersHandler;
import dev.roster.shared.config.RosterConfig;
import dev.roster.shared.config.Services;
import dev.roster.shared.job.FailurePoint;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The whole API on one machine, over any {@link AwsEndpoints}: provisions what template.yaml declares, builds the
 * handlers as Lambda would (once per "container"), serves them through the local HTTP front and feeds the workers
 * from SQS like Lambda's event source mapping.
 */
public final class LocalDeployment implements AutoCloseable {

    public static final String TABLE = "roster";
    public static final String QUEUE = "roster-jobs";
    public static final String BUCKET = "roster-exports";

    /**
     * How the local stack behaves where AWS has settings: the queue's visibility timeout, how soon a failed delivery
     * comes back, whether this deployment runs workers, the clock, and injected failures (tests).
     */
    public record Options(int visibilityTimeoutSeconds, Duration retryDelay, boolean workers, Clock clock,
                          FailurePoint failurePoint, String queueName) {
        public Options(int visibilityTimeoutSeconds, Duration retryDelay, boolean workers, Clock clock,
                       FailurePoint failurePoint) {
            this(visibilityTimeoutSeconds, retryDelay, workers, clock, failurePoint, QUEUE);
        }

        public static Options defaults() {
            return new Options(60, Duration.ofSeconds(5), true, Clock.systemUTC(), FailurePoint.NONE);
        }

        public Options withoutWorkers() {
            return new Options(visibilityTimeoutSeconds, retryDelay, false, clock, failurePoint, queueName);
        }

        /** A queue of its own, so that this deployment's workers are the only ones that see its jobs. */
        public Options withQueue(String name) {
            return new Options(visibilityTimeoutSeconds, retryDelay, workers, clock, failurePoint, name);
        }
    }

    private final AwsEndpoints endpoints;
    private final DynamoDbClient dynamo;
    private final Services services;
    private final Provisioner.Queues queues;
    private final LocalHttpFront front;
    private final List<SqsPoller> pollers = new ArrayList<>();

    public LocalDeployment(AwsEndpoints endpoints, RosterConfig config, String host, int port) throws IOException {
        this(endpoints, config, host, port, Options.defaults());
    }

    public LocalDeployment(AwsEndpoints endpoints, RosterConfig config, String host, int port, Options options)
            throws IOException {
        this.endpoints = endpoints;
        this.dynamo = endpoints.dynamoClient();
        Provisioner.createTable(dynamo, config.tableName());
        var sqs = endpoints.sqsClient();
        this.queues = Provisioner.createQueues(sqs, options.queueName(), options.visibilityTimeoutSeconds(),
                config.jobMaxReceives());
        Provisioner.createBucket(endpoints.s3Client(), BUCKET);
        this.services = new Services(config.withJobs(queues.jobsUrl(), BUCKET), endpoints.clients(), options.clock(),
                options.failurePoint());
        this.front = new LocalHttpFront(host, port, routes(services));
        if (options.workers()) {
            pollers.add(new SqsPoller(sqs, queues.jobsUrl(), queues.jobsArn(),
                    new JobWorkerHandler(services.jobRunner()), 10, options.retryDelay(), "roster-job-worker"));
            pollers.add(new SqsPoller(sqs, queues.deadLetterUrl(), queues.deadLetterArn(),
                    new JobDeadLetterHandler(services.jobs()), 10, options.retryDelay(), "roster-job-dead-letters"));
        }
    }

    /** Every route of template.yaml, bound to the handler that serves it. */
    public static List<LocalRoute> routes(Services services) {
        List<LocalRoute> routes = new ArrayList<>();
        UsersHandler users = new UsersHandler(services.users(), services.httpApi());
        UsersHandler.ROUTES.forEach(key -> routes.add(new LocalRoute(key, users)));
        JobsHandler jobs = new JobsHandler(services.jobs(), services.httpApi());
        JobsHandler.ROUTES.forEach(key -> routes.add(new LocalRoute(key, jobs)));
        TencentApiHandler tencent = new TencentApiHandler(services.tencent(), services.httpApi());
        TencentApiHandler.ROUTES.forEach(key -> routes.add(new LocalRoute(key, tencent)));
        Auth0ApiHandler auth0 = new Auth0ApiHandler(services.auth0(), services.httpApi());
        Auth0ApiHandler.ROUTES.forEach(key -> routes.add(new LocalRoute(key, auth0)));
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

    public AwsEndpoints endpoints() {
        return endpoints;
    }

    public Provisioner.Queues queues() {
        return queues;
    }

    @Override
    public void close() {
        pollers.forEach(SqsPoller::close);
        front.close();
    }
}
