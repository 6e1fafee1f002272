package dev.roster.local;

import com.fasterxml.jackson.databind.JsonNode;
import dev.roster.local.twin.ProductionTwin;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * README's commands to run Roster, as a newcomer types them from the project root once {@code mvn package} has
 * built the jars (Maven's integration-test phase runs after package): {@code java -jar local/target/roster-local.jar}
 * and the same with {@code --lambda}. Each must serve README's first curl example and its upload example (run by
 * bash and curl as README.md has it) and stop cleanly on a signal.
 */
class LocalRunnerIT {

    private static final Pattern RUNNING = Pattern.compile("Roster is running on (http://127\\.0\\.0\\.1:\\d+)");

    @ParameterizedTest
    @ValueSource(strings = {"", "--lambda"})
    void theReadmeCommandServesTheApiAndStopsOnASignal(String flag) throws Exception {
        // given README's command (on a free port, so that nothing else on the machine is in the way)
        Path root = ProductionTwin.projectRoot();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-jar", "local/target/roster-local.jar", "--port", "0"));
        if (!flag.isEmpty()) {
            command.add(flag);
        }
        // Its output goes to a file: read while it runs, and whole once it has exited.
        Path output = Files.createTempFile("roster-runner", ".log");
        Process runner = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile()).start();
        try {
            String base = Await.until(() -> {
                Matcher m = RUNNING.matcher(read(output));
                return m.find() ? m.group(1) : runner.isAlive() ? null : "exited";
            }, found -> found != null, Duration.ofSeconds(180), "the runner to say where it runs");
            assertTrue(base.startsWith("http"), "the runner exited:\n" + read(output));

            // when: README's first curl example
            ApiClient api = new ApiClient(Integer.parseInt(base.substring(base.lastIndexOf(':') + 1)));
            ApiClient.Reply created = api.post("/userstores/demo/users", "{\"UserName\":\"alice\","
                    + "\"Email\":\"alice@example.com\",\"PhoneNumber\":\"+1-555-0100\","
                    + "\"Password\":\"correct horse battery\"}");

            // then
            assertEquals(201, created.status(), created.raw().body() + "\n" + read(output));
            assertEquals(200, api.get("/userstores/demo/users?Email=alice@example.com").status());

            // when: README's upload example, as written there (only the port is the runner's)
            String example = readmeBlock("/jobs/users-imports/uploads").replace("http://127.0.0.1:3000", base);
            String printed = runBash(example);

            // then: the upload was taken (S3 answers a PUT it refuses with an XML error), the job started and ran
            assertFalse(printed.contains("<Error>"), printed);
            assertFalse(printed.contains("ResourceUnavailable"), printed);
            JsonNode job = Await.until(() -> api.get("/userstores/demo/jobs").body().get("Jobs").get(0),
                    j -> j.get("Type").asText().equals("IMPORT_USER")
                            && !j.get("Status").asText().matches("PENDING|PROCESSING"),
                    Duration.ofSeconds(60), "README's import to end");
            assertEquals("COMPLETED", job.get("Status").asText(), job + "\n" + printed);
            assertEquals(1, job.get("Inserted").asLong(), job.toString());
            assertEquals(200, api.get("/userstores/demo/users?UserName=bo").status());
        } finally {
            runner.destroy();  // SIGTERM, as Ctrl-C: the shutdown hook stops everything
            assertTrue(runner.waitFor(60, TimeUnit.SECONDS), "the runner did not stop:\n" + read(output));
        }
        assertTrue(read(output).contains("Stopping Roster..."), read(output));
        Files.delete(output);
    }

    /** The ```bash block of README.md that contains {@code marker}. */
    private static String readmeBlock(String marker) throws java.io.IOException {
        String readme = Files.readString(ProductionTwin.projectRoot().resolve("README.md"), StandardCharsets.UTF_8);
        Matcher block = Pattern.compile("(?s)```bash\\n(.*?)```").matcher(readme);
        while (block.find()) {
            if (block.group(1).contains(marker)) {
                return block.group(1);
            }
        }
        throw new AssertionError("README.md has no bash block with " + marker);
    }

    /** Runs a script with bash in a fresh directory, stopping at its first failing command; what it printed. */
    private static String runBash(String script) throws Exception {
        Path directory = Files.createTempDirectory("readme-example");
        Path printed = directory.resolve("printed.txt");
        Process bash = new ProcessBuilder("bash", "-e", "-o", "pipefail", "-c", script).directory(directory.toFile())
                .redirectErrorStream(true).redirectOutput(printed.toFile()).start();
        assertTrue(bash.waitFor(120, TimeUnit.SECONDS), "README's example did not finish:\n" + read(printed));
        String output = read(printed);
        assertEquals(0, bash.exitValue(), output);
        try (var files = Files.walk(directory)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        }
        return output;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
