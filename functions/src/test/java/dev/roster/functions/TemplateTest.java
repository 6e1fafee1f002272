package dev.roster.functions;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.roster.shared.config.RosterConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** template.yaml against the code: handlers exist, every variable the code reads is set, routes agree. */
class TemplateTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    /** Handler class to the route keys it serves: the code's own list, which the local runner also uses. */
    private static final Map<String, List<String>> ROUTES_BY_HANDLER = Map.of(
            UsersHandler.class.getName(), UsersHandler.ROUTES,
            JobsHandler.class.getName(), JobsHandler.ROUTES,
            TencentApiHandler.class.getName(), TencentApiHandler.ROUTES,
            Auth0ApiHandler.class.getName(), Auth0ApiHandler.ROUTES);

    private static JsonNode template;

    @BeforeAll
    static void load() throws IOException {
        template = new ObjectMapper(new YAMLFactory()).readTree(ROOT.resolve("template.yaml").toFile());
    }

    private static Map<String, JsonNode> functions() {
        Map<String, JsonNode> functions = new java.util.TreeMap<>();
        template.get("Resources").fields().forEachRemaining(e -> {
            if ("AWS::Serverless::Function".equals(e.getValue().get("Type").asText())) {
                functions.put(e.getKey(), e.getValue());
            }
        });
        return functions;
    }

    @Test
    void everyHandlerClassExistsAndCanBeBuiltByLambda() throws Exception {
        // given
        Map<String, JsonNode> functions = functions();

        // then
        assertFalse(functions.isEmpty());
        for (Map.Entry<String, JsonNode> function : functions.entrySet()) {
            String handler = function.getValue().get("Properties").get("Handler").asText();
            assertTrue(handler.endsWith("::handleRequest"), handler);
            Class<?> type = Class.forName(handler.substring(0, handler.indexOf("::")));
            assertTrue(RequestHandler.class.isAssignableFrom(type), handler + " is not a RequestHandler");
            assertTrue(Modifier.isPublic(type.getConstructor().getModifiers()), handler + " has no public no-arg constructor");
        }
    }

    @Test
    void everyEnvironmentVariableTheCodeReadsIsSet() throws IOException {
        // given: what the code reads (RosterConfig's names and any getenv literal in main sources)
        Set<String> read = new TreeSet<>();
        for (Field field : RosterConfig.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                try {
                    String value = (String) field.get(null);
                    if (value.equals(field.getName())) {
                        read.add(value);
                    }
                } catch (IllegalAccessException e) {
                    fail(e);
                }
            }
        }
        Pattern getenv = Pattern.compile("getenv\\(\\)\\.(?:get|getOrDefault)\\(\"([A-Z0-9_]+)\"|getenv\\(\"([A-Z0-9_]+)\"\\)");
        for (String module : List.of("shared", "functions")) {
            try (Stream<Path> files = Files.walk(ROOT.resolve(module).resolve("src/main/java"))) {
                for (Path file : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator) {
                    Matcher m = getenv.matcher(Files.readString(file));
                    while (m.find()) {
                        read.add(m.group(1) != null ? m.group(1) : m.group(2));
                    }
                }
            }
        }
        assertTrue(read.contains(RosterConfig.TABLE_NAME), "the scan found nothing: " + read);

        // then: each is set for every function (Lambda itself provides AWS_*)
        Set<String> global = names(template.path("Globals").path("Function").path("Environment").path("Variables"));
        for (Map.Entry<String, JsonNode> function : functions().entrySet()) {
            Set<String> set = new HashSet<>(global);
            set.addAll(names(function.getValue().path("Properties").path("Environment").path("Variables")));
            for (String variable : read) {
                if (!variable.startsWith("AWS_")) {
                    assertTrue(set.contains(variable), function.getKey() + " does not set " + variable);
                }
            }
        }
    }

    @Test
    void templateRoutesAreExactlyTheRoutesTheHandlersServe() {
        for (Map.Entry<String, JsonNode> function : functions().entrySet()) {
            // given
            JsonNode properties = function.getValue().get("Properties");
            String handler = properties.get("Handler").asText().replace("::handleRequest", "");
            Set<String> declared = new TreeSet<>();
            properties.path("Events").forEach(event -> {
                if ("HttpApi".equals(event.get("Type").asText())) {
                    JsonNode p = event.get("Properties");
                    declared.add(p.get("Method").asText() + " " + p.get("Path").asText());
                }
            });

            // then
            if (ROUTES_BY_HANDLER.containsKey(handler)) {
                assertEquals(new TreeSet<>(ROUTES_BY_HANDLER.get(handler)), declared, function.getKey());
            }
        }
    }

    @Test
    void everyQueueConsumerReportsItsBatchItemFailures() {
        int consumers = 0;
        for (Map.Entry<String, JsonNode> function : functions().entrySet()) {
            for (JsonNode event : function.getValue().get("Properties").path("Events")) {
                if ("SQS".equals(event.get("Type").asText())) {
                    consumers++;
                    // then: without it, one failed message would make Lambda retry the whole batch
                    assertEquals("ReportBatchItemFailures",
                            event.get("Properties").path("FunctionResponseTypes").path(0).asText(), function.getKey());
                }
            }
        }
        assertEquals(2, consumers);
    }

    @Test
    void jobInfrastructureExpiresAndRedrives() {
        // given
        JsonNode resources = template.get("Resources");

        // then: job records expire through TTL, files through a one-day lifecycle, failures go to a DLQ
        JsonNode ttl = resources.get("RosterTable").get("Properties").get("TimeToLiveSpecification");
        assertEquals("ExpiresAt", ttl.get("AttributeName").asText());
        assertTrue(ttl.get("Enabled").asBoolean());
        JsonNode rule = resources.get("ExportsBucket").get("Properties").get("LifecycleConfiguration").get("Rules").get(0);
        assertEquals(1, rule.get("ExpirationInDays").asInt());
        assertEquals("Enabled", rule.get("Status").asText());
        assertTrue(resources.get("JobsQueue").get("Properties").has("RedrivePolicy"));
        assertEquals("AWS_IAM", resources.get("RosterApi").get("Properties").get("Auth").get("DefaultAuthorizer").asText());
    }

    @Test
    void importFilesAreReadByTheJobFunctionsOnlyAndExpireWithinADayWhateverHappens() {
        // given the S3 actions each function may take on import input files (plain-text passwords possibly)
        Map<String, Set<String>> onImportFiles = new java.util.TreeMap<>();
        for (Map.Entry<String, JsonNode> function : functions().entrySet()) {
            Set<String> actions = new TreeSet<>();
            for (JsonNode policy : function.getValue().path("Properties").path("Policies")) {
                for (JsonNode statement : policy.path("Statement")) {
                    JsonNode resources = statement.path("Resource");
                    boolean coversImports = false;
                    for (JsonNode resource : resources.isArray() ? resources : List.of(resources)) {
                        String arn = resource.path("Fn::Sub").asText(resource.asText());
                        coversImports |= arn.equals("*") || arn.endsWith("}/*") || arn.endsWith("/imports/*");
                    }
                    JsonNode action = statement.path("Action");
                    for (JsonNode one : action.isArray() ? action : List.of(action)) {
                        if (coversImports && one.asText().startsWith("s3:")) {
                            actions.add(one.asText());
                        }
                    }
                }
            }
            onImportFiles.put(function.getKey(), actions);
        }

        // then: the front doors write an API import's records but cannot read any import file back; the jobs
        // function checks an upload is there; the worker reads and deletes; the dead-letter handler deletes
        assertEquals(Map.of(
                "UsersFunction", Set.of(),
                "TencentApiFunction", Set.of("s3:PutObject"),
                "Auth0ApiFunction", Set.of("s3:PutObject"),
                "JobsFunction", Set.of("s3:GetObject", "s3:PutObject"),
                "JobWorkerFunction", Set.of("s3:DeleteObject", "s3:GetObject"),
                "JobDeadLetterFunction", Set.of("s3:DeleteObject")), onImportFiles);

        // and a lifecycle rule expires whatever a failed delete left under imports/ after a day
        boolean backstop = false;
        for (JsonNode rule : template.get("Resources").get("ExportsBucket").get("Properties")
                .get("LifecycleConfiguration").get("Rules")) {
            String prefix = rule.has("Prefix") ? rule.get("Prefix").asText()
                    : rule.path("Filter").path("Prefix").asText("");
            backstop |= "Enabled".equals(rule.path("Status").asText()) && rule.path("ExpirationInDays").asInt() == 1
                    && "imports/".startsWith(prefix) && !rule.path("Filter").has("Tag");
        }
        assertTrue(backstop, "no enabled one-day expiration rule covers imports/");
    }

    @Test
    void samBuildBuildsEveryFunctionWithTheMakefile() throws IOException {
        // given: the Makefile's function list, its build rule and what the rule copies
        String makefile = Files.readString(ROOT.resolve(template.path("Globals").path("Function").path("CodeUri")
                .asText()).resolve("Makefile"));
        Matcher list = Pattern.compile("(?m)^FUNCTIONS := (.*)$").matcher(makefile);
        assertTrue(list.find(), "the Makefile lists its functions");
        Set<String> targets = new TreeSet<>(List.of(list.group(1).trim().split("\\s+")));
        Matcher artifact = Pattern.compile("(?m)^ARTIFACT := (.*)$").matcher(makefile);
        assertTrue(artifact.find(), "the Makefile names the artifact it copies");

        // then: SAM runs build-<LogicalId> for each function (BuildMethod makefile, CodeUri the Makefile's folder)
        assertEquals(functions().keySet(), targets);
        for (Map.Entry<String, JsonNode> function : functions().entrySet()) {
            assertEquals("makefile", function.getValue().path("Metadata").path("BuildMethod").asText(),
                    function.getKey() + " must be built by the Makefile: sam build cannot build from a jar");
            assertFalse(function.getValue().path("Properties").has("CodeUri"), function.getKey());
        }
        assertTrue(makefile.contains("$(addprefix build-,$(FUNCTIONS)):"), "one build rule for every function");
        // the shade plugin's jar, into lib/ of the package (Lambda puts /var/task/lib/*.jar on the class path)
        assertEquals("functions/target/roster-functions.jar", artifact.group(1).trim());
        assertTrue(makefile.contains("cp $(ARTIFACT) \"$(ARTIFACTS_DIR)/lib/\""), makefile);
    }

    @Test
    void everyFunctionLogsToALogGroupWithRetention() {
        JsonNode resources = template.get("Resources");
        for (Map.Entry<String, JsonNode> function : functions().entrySet()) {
            // given
            String logGroup = function.getValue().path("Properties").path("LoggingConfig").path("LogGroup")
                    .path("Ref").asText();

            // then: created before the function, so Lambda never makes one without retention
            assertEquals("AWS::Logs::LogGroup", resources.path(logGroup).path("Type").asText(), function.getKey());
            assertTrue(resources.path(logGroup).path("Properties").has("RetentionInDays"), logGroup);
        }
    }

    @Test
    void theBucketRefusesRequestsWithoutTls() {
        // given
        JsonNode policy = template.get("Resources").get("ExportsBucketPolicy").get("Properties");
        JsonNode statement = policy.get("PolicyDocument").get("Statement").get(0);

        // then
        assertEquals("ExportsBucket", policy.get("Bucket").get("Ref").asText());
        assertEquals("Deny", statement.get("Effect").asText());
        assertEquals("s3:*", statement.get("Action").asText());
        assertEquals("false", statement.get("Condition").get("Bool").get("aws:SecureTransport").asText());
        assertEquals(2, statement.get("Resource").size(), "the bucket and its objects");
    }

    private static Set<String> names(JsonNode object) {
        Set<String> names = new HashSet<>();
        Iterator<String> it = object.fieldNames();
        it.forEachRemaining(names::add);
        return names;
    }
}
