package dev.roster.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.roster.functions.Auth0ApiHandler;
import dev.roster.functions.JobDeadLetterHandler;
import dev.roster.functions.JobWorkerHandler;
import dev.roster.functions.JobsHandler;
import dev.roster.functions.TencentApiHandler;
import dev.roster.functions.UsersHandler;
import dev.roster.local.twin.CallLog;
import dev.roster.local.twin.RecordingEndpoints;
import dev.roster.shared.config.RosterConfig;
import dev.roster.shared.config.Services;
import dev.roster.shared.job.FailurePoint;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

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
                          FailurePoint failurePoint, String queueName, CallLog calls) {
        public Options(int visibilityTimeoutSeconds, Duration retryDelay, boolean workers, Clock clock,
                       FailurePoint failurePoint) {
            this(visibilityTimeoutSeconds, retryDelay, workers, clock, failurePoint, QUEUE, null);
        }

        public static Options defaults() {
            return new Options(60, Duration.ofSeconds(5), true, Clock.systemUTC(), FailurePoint.NONE);
        }

        public Options withoutWorkers() {
            return new Options(visibilityTimeoutSeconds, retryDelay, false, clock, failurePoint, queueName, calls);
        }

        /** A queue of its own, so that this deployment's workers are the only ones that see its jobs. */
        public Options withQueue(String name) {
            return new Options(visibilityTimeoutSeconds, retryDelay, workers, clock, failurePoint, name, calls);
        }

        /**
         * Logs every AWS call of each function (by its template logical id) as the IAM permission it needs: each
         * function then gets services of its own, as each Lambda function has its own container.
         */
        public Options recordingCallsTo(CallLog log) {
            return new Options(visibilityTimeoutSeconds, retryDelay, workers, clock, failurePoint, queueName, log);
        }
    }

    /** The template's logical id of each handler's function. */
    public static final Map<Class<?>, String> FUNCTIONS = Map.of(
            UsersHandler.class, "UsersFunction",
            JobsHandler.class, "JobsFunction",
            TencentApiHandler.class, "TencentApiFunction",
            Auth0ApiHandler.class, "Auth0ApiFunction",
            JobWorkerHandler.class, "JobWorkerFunction",
            JobDeadLetterHandler.class, "JobDeadLetterFunction");

    private final AwsEndpoints endpoints;
    private final DynamoDbClient dynamo;
    private final Services services;
    private final Provisioner.Queues queues;
    private final LocalHttpFront front;
    private final List<SqsPoller> pollers = new ArrayList<>();
    private final List<RecordingEndpoints> recordings = new ArrayList<>();

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
        RosterConfig deployed = config.withJobs(queues.jobs().url(), BUCKET);
        this.services = new Services(deployed, endpoints.clients(), options.clock(), options.failurePoint());
        Function<Class<?>, Services> servicesOf = handler -> services;
        if (options.calls() != null) {
            Map<String, String> logicalNames = Map.of(config.tableName(), "RosterTable",
                    queueName(queues.jobs().url()), "JobsQueue", queueName(queues.deadLetter().url()), "JobsDeadLetterQueue",
                    BUCKET, "ExportsBucket");
            Map<Class<?>, Services> perFunction = new HashMap<>();
            FUNCTIONS.forEach((handler, logicalId) -> {
                RecordingEndpoints recorded = new RecordingEndpoints(logicalId, endpoints, options.calls(),
                        logicalNames);
                recordings.add(recorded);
                perFunction.put(handler, new Services(deployed, recorded.endpoints().clients(), options.clock(),
                        options.failurePoint()));
            });
            servicesOf = perFunction::get;
        }
        this.front = new LocalHttpFront(host, port, routes(servicesOf));
        if (options.workers()) {
            // The pollers stand for Lambda's event source mappings, whose calls are not the functions' own (and
            // whose retryDelay shortcut is the local runner's, not Lambda's), so they use unrecorded clients.
            pollers.add(new SqsPoller(sqs, queues.jobs(),
                    new JobWorkerHandler(servicesOf.apply(JobWorkerHandler.class).jobRunner()), 10,
                    options.retryDelay(), "roster-job-worker"));
            pollers.add(new SqsPoller(sqs, queues.deadLetter(),
                    new JobDeadLetterHandler(servicesOf.apply(JobDeadLetterHandler.class).jobs()), 10,
                    options.retryDelay(), "roster-job-dead-letters"));
        }
    }

    private static String queueName(String url) {
        return url.substring(url.lastIndexOf('/') + 1);
    }

    /** Every route of template.yaml, bound to the handler that serves it. */
    public static List<LocalRoute> routes(Services services) {
        return routes(handler -> services);
    }

    /** Every route of template.yaml, bound to the handler that serves it, each over its function's services. */
    static List<LocalRoute> routes(Function<Class<?>, Services> servicesOf) {
        List<LocalRoute> routes = new ArrayList<>();
        bind(routes, UsersHandler.ROUTES, servicesOf.apply(UsersHandler.class),
                services -> new UsersHandler(services.users(), services.httpApi()));
        bind(routes, JobsHandler.ROUTES, servicesOf.apply(JobsHandler.class),
                services -> new JobsHandler(services.jobs(), services.httpApi()));
        bind(routes, TencentApiHandler.ROUTES, servicesOf.apply(TencentApiHandler.class),
                services -> new TencentApiHandler(services.tencent(), services.httpApi()));
        bind(routes, Auth0ApiHandler.ROUTES, servicesOf.apply(Auth0ApiHandler.class),
                services -> new Auth0ApiHandler(services.auth0(), services.httpApi()));
        return routes;
    }

    /** Binds each of a function's route keys to one handler, made over that function's services. */
    private static void bind(List<LocalRoute> routes, List<String> keys, Services services,
                             Function<Services, RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>> handler) {
        RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> bound = handler.apply(services);
        keys.forEach(key -> routes.add(new LocalRoute(key, bound)));
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
        recordings.forEach(RecordingEndpoints::close);
    }
}
