package dev.roster.local;

import com.fasterxml.jackson.databind.JsonNode;
import dev.roster.local.ApiClient.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The sample files of every {@code SourceFormat} in {@code events/import-files/}, end to end on the embedded stack:
 * uploaded as a team would (the presigned PUT URL, then start), imported by the worker, counted exactly, and each
 * format's users then pass a password check with the password behind their provider's hash (Cognito's, which carry
 * none, must reset theirs).
 */
class SampleImportFilesTest {

    private static final Path FILES = Path.of("..", "events", "import-files");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private ApiClient api;
    private String store;

    @BeforeEach
    void setUp() {
        api = new ApiClient(TestAws.deployment().port());
        store = "smp-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @AfterEach
    void tearDown() {
        CounterChecker.assertExact(TestAws.deployment().dynamo(),
                TestAws.deployment().services().config().tableName(), store);
    }

    /** format, file, hash file or null, inserted, failed, an identifier, its password (null: must reset). */
    static Stream<Arguments> samples() {
        return Stream.of(
                Arguments.of("AUTH0_IMPORT", "auth0-import.json", null, 14, 6, "user11@example.com", "Sample-Passw0rd"),
                Arguments.of("AUTH0", "auth0-export.ndjson", "auth0-password-hashes.ndjson", 11, 5, "ada@example.com",
                        "Sample-Passw0rd"),
                Arguments.of("KEYCLOAK", "keycloak-realm-export.json", null, 8, 4, "alice", "Correct-Horse-7"),
                Arguments.of("KEYCLOAK", "keycloak-users-0.json", null, 6, 2, "kim", "Kim-Password-1"),
                Arguments.of("COGNITO", "cognito-list-users.json", null, 9, 3, null, null),
                Arguments.of("COGNITO", "cognito-users.csv", null, 9, 3, null, null));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("samples")
    void aSampleFileImportsAsItIsAndItsUsersSignInWithTheirOldPasswords(String format, String file, String hashes,
                                                                        int inserted, int failed, String identifier,
                                                                        String password) throws Exception {
        // GIVEN the provider's file as it is (and Auth0's hash export beside it)
        String options = "\"SourceFormat\":\"" + format + "\"" + (hashes == null ? "" : ",\"PasswordHashes\":true");

        // WHEN it is uploaded, started, and the worker runs it
        JsonNode job = importFile(options, file, hashes);

        // THEN every record is counted, the bad ones failed alone
        assertEquals("COMPLETED", job.get("Status").asText(), job.toString());
        assertEquals(format, job.get("SourceFormat").asText(), job.toString());
        assertEquals(failed, job.get("Failed").asInt(), job.toString());
        assertEquals(inserted, job.get("Inserted").asInt(), job.toString());
        if (identifier == null) {
            // Cognito exports no hash: its users are there, and must reset their passwords
            JsonNode users = api.get("/userstores/" + store + "/users").body();
            assertTrue(users.toString().contains("\"PasswordResetRequired\":true"), users.toString());
            return;
        }
        // AND a user passes a password check with the password behind the provider's hash, and a wrong one does not
        Reply check = api.post("/userstores/" + store + "/password-verifications",
                "{\"Identifier\":\"" + identifier + "\",\"Password\":\"" + password + "\"}");
        assertEquals(200, check.status(), check.raw().body());
        assertFalse(check.raw().body().contains(password));
        Reply wrong = api.post("/userstores/" + store + "/password-verifications",
                "{\"Identifier\":\"" + identifier + "\",\"Password\":\"not-" + password + "\"}");
        assertEquals(401, wrong.status(), wrong.raw().body());
    }

    @org.junit.jupiter.api.Test
    void aDeltaRunOfTheSameRealmSkipsWhoIsThereAndADryRunOfItSaysSoWritingNothing() throws Exception {
        // GIVEN a Keycloak realm imported once
        JsonNode first = importFile("\"SourceFormat\":\"KEYCLOAK\"", "keycloak-realm-export.json", null);
        assertEquals(8, first.get("Inserted").asInt(), first.toString());

        // WHEN a dry run of an UPSERT and then a SKIP_EXISTING run of the same file run
        JsonNode dry = importFile("\"SourceFormat\":\"KEYCLOAK\",\"Mode\":\"UPSERT\",\"DryRun\":true",
                "keycloak-realm-export.json", null);
        JsonNode delta = importFile("\"SourceFormat\":\"KEYCLOAK\",\"Mode\":\"SKIP_EXISTING\"",
                "keycloak-realm-export.json", null);

        // THEN the dry run would update the 8 and its report says so line by line; the delta run skips them
        assertEquals(8, dry.get("Updated").asInt(), dry.toString());
        assertEquals(0, dry.get("Inserted").asInt(), dry.toString());
        JsonNode report = api.get(jobs() + "/" + dry.get("Id").asText() + "/report").body();
        assertEquals(12, report.get("Lines").size(), report.toString());
        assertEquals("UPDATE", report.get("Lines").get(0).get("Action").asText(), report.toString());
        assertEquals(8, delta.get("Skipped").asInt(), delta.toString());
        assertEquals(0, delta.get("Inserted").asInt(), delta.toString());
        assertEquals(4, delta.get("Failed").asInt(), delta.toString());
    }

    /** Uploads a sample (and its hash file) with the given options, starts it, and answers the job once it ended. */
    private JsonNode importFile(String options, String file, String hashes) throws Exception {
        Reply slot = api.post(jobs() + "/users-imports/uploads", "{" + options + "}");
        assertEquals(201, slot.status(), slot.raw().body());
        put(slot.body().get("UploadUrl").asText(), FILES.resolve(file));
        if (hashes != null) {
            put(slot.body().get("PasswordHashesUploadUrl").asText(), FILES.resolve(hashes));
        }
        String jobId = slot.body().get("Job").get("Id").asText();
        Reply started = api.post(jobs() + "/" + jobId + "/start", null);
        assertEquals(202, started.status(), started.raw().body());
        return Await.until(() -> api.get(jobs() + "/" + jobId).body().get("Job"),
                j -> j.get("Status").asText().equals("COMPLETED") || j.get("Status").asText().equals("FAILED"),
                Duration.ofSeconds(90), "the sample's import to end");
    }

    private String jobs() {
        return "/userstores/" + store + "/jobs";
    }

    private static void put(String url, Path file) throws Exception {
        HttpResponse<String> put = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(Files.readAllBytes(file))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, put.statusCode(), put.body());
    }
}
