package dev.roster.local.twin;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import dev.roster.local.AwsEndpoints;
import dev.roster.local.LocalHttpFront;
import dev.roster.local.LocalRoute;
import dev.roster.local.Provisioner;
import dev.roster.local.SqsPoller;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Roster as AWS runs it, on one machine: template.yaml deployed on the emulators ({@link TwinStack}), each function
 * in a JVM of its own started from the deployment package by Lambda's Java runtime interface client
 * ({@link LambdaFunction}), with the environment the template gives it and credentials the way Lambda hands them out
 * (a container-credentials endpoint under SnapStart, key variables without). API Gateway's routes come from the
 * functions' HttpApi events, and each SQS event becomes a poller that works like Lambda's event source mapping.
 */
public final class ProductionTwin implements AutoCloseable {

    /** The deployment package's path under the project root: what the Makefile puts in each function's lib/. */
    public static final String ARTIFACT = "functions/target/roster-functions.jar";
    /** Where the build copies Lambda's runtime interface client and its libraries. */
    public static final String RUNTIME_LIBRARIES = "local/target/lambda-runtime";

    /**
     * @param root            the project root (template.yaml, the built artifact and runtime libraries under it)
     * @param stackName       the CloudFormation stack name (physical names derive from it)
     * @param snapStart       false runs every function as Lambda does without SnapStart (on-demand init, keys in
     *                        the environment); true as the template says
     * @param parameters      parameter overrides, as {@code sam deploy --parameter-overrides}
     * @param environment     variable overrides, as {@code sam local --env-vars}: only variables the template
     *                        declares, for every function that declares them
     * @param calls           when not null, every AWS call of each function is logged there as the IAM permission it
     *                        needs (its event source mappings' calls too, since they act with its role)
     * @param log             where the functions' output goes, one line at a time, prefixed with the function
     * @param port            the HTTP API's port (0: any free one)
     */
    public record Options(Path root, String stackName, boolean snapStart, Map<String, String> parameters,
                          Map<String, String> environment, CallLog calls,
                          Consumer<String> log, int port) {

        public static Options defaults(Path root) {
            return new Options(root, "roster", true, Map.of(), Map.of(), null, System.out::println, 0);
        }

        public Options withStackName(String name) {
            return new Options(root, name, snapStart, parameters, environment, calls, log, port);
        }

        public Options withoutSnapStart() {
            return new Options(root, stackName, false, parameters, environment, calls, log, port);
        }

        public Options withParameters(Map<String, String> overrides) {
            return new Options(root, stackName, snapStart, overrides, environment, calls, log, port);
        }

        public Options withEnvironment(Map<String, String> overrides) {
            return new Options(root, stackName, snapStart, parameters, overrides, calls, log, port);
        }

        public Options recordingCallsTo(CallLog log) {
            return new Options(root, stackName, snapStart, parameters, environment, log, this.log, port);
        }

        public Options withLog(Consumer<String> sink) {
            return new Options(root, stackName, snapStart, parameters, environment, calls, sink, port);
        }

        public Options withPort(int httpPort) {
            return new Options(root, stackName, snapStart, parameters, environment, calls, log, httpPort);
        }
    }

    private final TwinStack stack;
    private final ContainerCredentials credentials;
    /** The task roots and the runtime, copied per twin; removed on close. */
    private final Path work;
    private final Map<String, LambdaFunction> functions = new LinkedHashMap<>();
    private final Map<String, String> credentialTokens = new LinkedHashMap<>();
    private final Map<String, AwsEndpoints> endpoints = new LinkedHashMap<>();
    private final List<AutoCloseable> resources = new ArrayList<>();
    private LocalHttpFront front;

    private ProductionTwin(TwinStack stack, Path work, ContainerCredentials credentials) {
        this.stack = stack;
        this.work = work;
        this.credentials = credentials;
        resources.add(credentials);
    }

    /** Deploys the template and starts every function; what started is stopped again if anything fails. */
    public static ProductionTwin start(AwsEndpoints emulators, Options options) throws IOException {
        SamTemplate template = SamTemplate.load(options.root().resolve("template.yaml"));
        Path artifact = options.root().resolve(ARTIFACT);
        if (!Files.isRegularFile(artifact)) {
            throw new IllegalStateException(artifact + " is missing: build it first (mvn -DskipTests package)");
        }
        TwinStack stack = TwinStack.deploy(template, options.stackName(), options.parameters(), emulators);
        ProductionTwin twin = new ProductionTwin(stack,
                Files.createTempDirectory("roster-twin-" + options.stackName() + "-"),
                new ContainerCredentials(emulators.accessKey(), emulators.secretKey(), Duration.ofHours(1)));
        try {
            twin.startFunctions(template, artifact, emulators, options);
            return twin;
        } catch (IOException | RuntimeException e) {
            twin.close();
            throw e;
        }
    }

    private void startFunctions(SamTemplate template, Path artifact, AwsEndpoints emulators, Options options)
            throws IOException {
        LambdaRuntime runtime = LambdaRuntime.install(options.root().resolve(RUNTIME_LIBRARIES), work.resolve("runtime"));
        Map<String, JsonNode> declared = template.functions();
        checkOverrides(declared, options.environment());
        for (Map.Entry<String, JsonNode> entry : declared.entrySet()) {
            String logicalId = entry.getKey();
            LambdaFunction.Configuration configuration = configuration(logicalId, entry.getValue(), options);
            Path taskRoot = Files.createDirectories(work.resolve(logicalId).resolve("task").resolve("lib"))
                    .getParent();
            // What `sam build` leaves in the function's artifacts directory (see the Makefile): the jar in lib/.
            Files.copy(artifact, taskRoot.resolve("lib").resolve(artifact.getFileName()));
            Map<String, String> platform = new LinkedHashMap<>();
            if (configuration.snapStart()) {
                String token = credentials.newToken();
                credentialTokens.put(logicalId, token);
                platform.put("AWS_CONTAINER_CREDENTIALS_FULL_URI", credentials.fullUri());
                platform.put("AWS_CONTAINER_AUTHORIZATION_TOKEN", token);
            } else {
                platform.put("AWS_ACCESS_KEY_ID", emulators.accessKey());
                platform.put("AWS_SECRET_ACCESS_KEY", emulators.secretKey());
                platform.put("AWS_SESSION_TOKEN", "twin-session-" + logicalId);
            }
            AwsEndpoints endpoints = endpointsOf(logicalId, emulators, options.calls());
            platform.put("AWS_ENDPOINT_URL_DYNAMODB", endpoints.dynamo().toString());
            platform.put("AWS_ENDPOINT_URL_SQS", endpoints.sqs().toString());
            platform.put("AWS_ENDPOINT_URL_S3", endpoints.s3().toString());
            String prefix = "[" + logicalId + "] ";
            LambdaFunction function = new LambdaFunction(configuration, stack.region(), stack.accountId(), taskRoot,
                    runtime, platform, line -> options.log().accept(prefix + line));
            functions.put(logicalId, function);
            resources.add(function);
        }
        // Environments start in parallel (each is a JVM with an init of a few seconds).
        CompletableFuture.allOf(functions.values().stream()
                .map(f -> CompletableFuture.runAsync(f::start)).toArray(CompletableFuture[]::new)).join();

        this.front = new LocalHttpFront("127.0.0.1", options.port(), routes(declared));
        resources.add(0, front);
        startEventSourceMappings(declared, options);
    }

    /** Where a function reaches DynamoDB, SQS and S3: the emulators, or recording relays in front of them. */
    private AwsEndpoints endpointsOf(String logicalId, AwsEndpoints emulators, CallLog calls) {
        AwsEndpoints reached = emulators;
        if (calls != null) {
            RecordingEndpoints recording = new RecordingEndpoints(logicalId, emulators, calls, stack.logicalNames());
            resources.add(recording);
            reached = recording.endpoints();
        }
        endpoints.put(logicalId, reached);
        return reached;
    }

    /** The project root when running from its build: {@code <root>/local/target/classes} holds this class. */
    public static Path projectRoot() {
        try {
            Path classes = Path.of(ProductionTwin.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return classes.getParent().getParent().getParent().toAbsolutePath().normalize();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public int port() {
        return front.port();
    }

    public TwinStack stack() {
        return stack;
    }

    /** How often a function fetched credentials from the container-credentials endpoint (0 without SnapStart). */
    public int credentialFetches(String logicalId) {
        String token = credentialTokens.get(logicalId);
        return token == null ? 0 : credentials.served(token);
    }

    /** How many execution environments a function has had (each crash or timeout costs one). */
    public int environments(String logicalId) {
        return function(logicalId).environments();
    }

    private LambdaFunction function(String logicalId) {
        LambdaFunction function = functions.get(logicalId);
        if (function == null) {
            throw new IllegalArgumentException("template.yaml has no function " + logicalId);
        }
        return function;
    }

    private LambdaFunction.Configuration configuration(String logicalId, JsonNode properties, Options options) {
        JsonNode resolved = SamTemplate.resolve(properties, stack);
        Map<String, String> environment = new LinkedHashMap<>();
        resolved.path("Environment").path("Variables").fields().forEachRemaining(e -> {
            if (LambdaJvm.isReserved(e.getKey())) {
                throw new IllegalStateException(logicalId + " sets the reserved variable " + e.getKey()
                        + ": Lambda refuses to deploy it");
            }
            environment.put(e.getKey(), e.getValue().asText());
        });
        options.environment().forEach((name, value) -> environment.computeIfPresent(name, (n, old) -> value));
        boolean published = resolved.hasNonNull("AutoPublishAlias");
        boolean snapStart = options.snapStart() && published
                && "PublishedVersions".equals(resolved.path("SnapStart").path("ApplyOn").asText());
        return new LambdaFunction.Configuration(logicalId, stack.physicalId(logicalId),
                resolved.path("Handler").asText(), resolved.path("Runtime").asText(),
                resolved.path("MemorySize").asInt(128), resolved.path("Timeout").asInt(3), published, snapStart,
                resolved.path("LoggingConfig").path("LogGroup").asText("/aws/lambda/" + stack.physicalId(logicalId)),
                environment);
    }

    private static void checkOverrides(Map<String, JsonNode> functions, Map<String, String> overrides) {
        for (String name : overrides.keySet()) {
            boolean declared = functions.values().stream()
                    .anyMatch(f -> f.path("Environment").path("Variables").has(name));
            if (!declared) {
                throw new IllegalArgumentException("no function of template.yaml declares " + name);
            }
        }
    }

    private List<LocalRoute> routes(Map<String, JsonNode> declared) {
        List<LocalRoute> routes = new ArrayList<>();
        declared.forEach((logicalId, properties) -> properties.path("Events").forEach(event -> {
            if ("HttpApi".equals(event.path("Type").asText())) {
                JsonNode p = event.path("Properties");
                String apiId = stack.physicalId(p.path("ApiId").path("Ref").asText());
                LambdaFunction function = functions.get(logicalId);
                RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> integration = (request, context) ->
                        LambdaWire.httpResponse(function.invoke(LambdaWire.httpEvent(request, stack.accountId(),
                                apiId)));
                routes.add(new LocalRoute(p.path("Method").asText() + " " + p.path("Path").asText(), integration));
            }
        }));
        return routes;
    }

    private void startEventSourceMappings(Map<String, JsonNode> declared, Options options) {
        declared.forEach((logicalId, properties) -> properties.path("Events").fields().forEachRemaining(e -> {
            JsonNode event = e.getValue();
            if (!"SQS".equals(event.path("Type").asText())) {
                return;
            }
            JsonNode p = SamTemplate.resolve(event.path("Properties"), stack);
            String queueArn = p.path("Queue").asText();
            boolean partialBatches = false;
            for (JsonNode type : p.path("FunctionResponseTypes")) {
                partialBatches |= "ReportBatchItemFailures".equals(type.asText());
            }
            boolean reportsItems = partialBatches;
            LambdaFunction function = functions.get(logicalId);
            RequestHandler<SQSEvent, SQSBatchResponse> invoke = (batch, context) -> {
                SQSBatchResponse answer = LambdaWire.sqsResponse(function.invoke(LambdaWire.sqsEvent(batch)));
                // Without ReportBatchItemFailures the mapping ignores the answer: a returned batch succeeded.
                return reportsItems ? answer : new SQSBatchResponse(List.of());
            };
            // A failed message stays invisible for the queue's visibility timeout, as with Lambda (retryDelay null).
            SqsPoller poller = new SqsPoller(endpoints.get(logicalId).sqsClient(),
                    new Provisioner.Queue(stack.queueUrlForArn(queueArn), queueArn), invoke, p.path("BatchSize").asInt(10), null,
                    logicalId + "-" + e.getKey());
            resources.add(0, poller);
        }));
    }

    @Override
    public void close() {
        for (AutoCloseable resource : resources) {
            try {
                resource.close();
            } catch (Exception e) {
                // closing the rest matters more
            }
        }
        try (java.util.stream.Stream<Path> files = Files.walk(work)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        } catch (IOException e) {
            // a temporary folder: the system cleans it eventually
        }
    }
}
