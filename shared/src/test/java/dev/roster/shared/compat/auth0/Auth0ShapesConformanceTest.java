package dev.roster.shared.compat.auth0;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.roster.shared.job.ExportSpec;
import dev.roster.shared.job.Job;
import dev.roster.shared.job.JobService;
import dev.roster.shared.json.Json;
import dev.roster.shared.user.User;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.roster.shared.compat.auth0.Auth0JobsTest.CREATED;
import static dev.roster.shared.compat.auth0.Auth0JobsTest.STORE;
import static dev.roster.shared.compat.auth0.Auth0JobsTest.written;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The Auth0 door's documents against the response examples Auth0 documents (test resources {@code auth0/*.json}, each
 * with its source): every documented field is written, with the documented JSON type, and nothing written contradicts
 * a documented field. Values are Roster's own; only names and types are compared.
 */
class Auth0ShapesConformanceTest {

    /** The examples carry their source as a comment. */
    private static final JsonMapper COMMENTED = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS).build();
    private static final String JOB_ID = "0000018c0f2d3e40ab";

    static JsonNode documented(String name) {
        try (InputStream in = Auth0ShapesConformanceTest.class.getResourceAsStream("/auth0/" + name)) {
            if (in == null) {
                throw new AssertionError("no test resource auth0/" + name);
            }
            return COMMENTED.readTree(in);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * Every field of {@code documented} is in {@code ours} with its JSON type, objects and array elements compared
     * alike (an array's elements against the documented first element), except the names in {@code notWritten}.
     */
    static void assertHasEveryDocumentedField(JsonNode documented, JsonNode ours, Set<String> notWritten) {
        assertConforms(documented, ours, "$", notWritten);
    }

    private static void assertConforms(JsonNode documented, JsonNode ours, String path, Set<String> notWritten) {
        List<String> problems = new ArrayList<>();
        compare(documented, ours, path, notWritten, problems);
        if (!problems.isEmpty()) {
            fail(String.join("\n", problems) + "\nours: " + ours);
        }
    }

    private static void compare(JsonNode documented, JsonNode ours, String path, Set<String> notWritten,
                                List<String> problems) {
        if (documented.getNodeType() != ours.getNodeType()) {
            problems.add(path + ": documented " + documented.getNodeType() + ", ours " + ours.getNodeType());
        } else if (documented.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = documented.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                if (ours.has(field.getKey())) {
                    compare(field.getValue(), ours.get(field.getKey()), path + "." + field.getKey(), notWritten,
                            problems);
                } else if (!notWritten.contains(field.getKey())) {
                    problems.add(path + "." + field.getKey() + ": documented, not written");
                }
            }
        } else if (documented.isArray() && !documented.isEmpty()) {
            for (int i = 0; i < ours.size(); i++) {
                compare(documented.get(0), ours.get(i), path + "[" + i + "]", notWritten, problems);
            }
        }
    }

    /** Every field of ours is one some example documents, with that example's type (recursively, as above). */
    static void assertWritesOnlyDocumentedFields(JsonNode ours, JsonNode... examples) {
        for (Iterator<Map.Entry<String, JsonNode>> it = ours.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            boolean documented = false;
            for (JsonNode example : examples) {
                if (example.has(field.getKey())) {
                    documented = true;
                    assertConforms(example.get(field.getKey()), field.getValue(), "$." + field.getKey(), Set.of());
                }
            }
            assertTrue(documented, () -> field.getKey() + " is in no documented example");
        }
    }

    // ----- the user object -----

    @Test
    void aFullUserHasEveryDocumentedFieldOfItsTypeButTheSignInRecords() {
        // GIVEN a user with every field Roster keeps, and Auth0's documented user object
        User user = Auth0UsersTest.user(Map.of("Nickname", "al", "Name", "Alice Liddell", "GivenName", "Alice",
                "FamilyName", "Liddell", "Picture", "https://x/a.png"), List.of()).toBuilder()
                .appMetadata("{\"plan\":\"gold\"}").build();
        JsonNode documented = documented("get-user.json");

        // WHEN
        JsonNode written = Auth0UsersTest.written(user);

        // THEN the same fields with the same JSON types, except what only sign-ins produce
        assertHasEveryDocumentedField(documented, written,
                Set.of("multifactor", "last_ip", "last_login", "logins_count"));
        assertWritesOnlyDocumentedFields(written, documented);
        assertEquals(documented.get("identities").get(0).size(), written.get("identities").get(0).size());
        assertTrue(written.get("created_at").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"));
    }

    // ----- jobs -----

    @Test
    void anExportCreatedFromAuth0sExampleRequestAnswersAuth0sExampleResponse() {
        // GIVEN Auth0's example users-exports request, and the response it documents for it
        JsonNode documented = documented("users-export-created.json");
        ExportSpec spec = Auth0Jobs.toExportSpec(Auth0UsersTest.json("{\"connection_id\":\"" + STORE + "\","
                + "\"format\":\"csv\",\"limit\":5,\"fields\":" + documented.get("fields") + "}"));
        Job job = Job.pending(STORE, JOB_ID, Job.EXPORT_USER, "CSV", CREATED, CREATED + 1, spec.toStored(), null);

        // WHEN the job just created is written
        JsonNode written = written(job, null);

        // THEN it has every documented field of its type, nothing else, and the request's limit and fields as given
        assertHasEveryDocumentedField(documented, written, Set.of());
        assertWritesOnlyDocumentedFields(written, documented);
        assertEquals(documented.get("fields"), written.get("fields"));
        assertEquals(documented.get("limit"), written.get("limit"));
    }

    @Test
    void anImportJustCreatedHasEveryFieldOfAuth0sExample() {
        // GIVEN an import made with an external id, and Auth0's documented users-imports response
        Job job = Job.pending(STORE, JOB_ID, Job.IMPORT_USER, "NDJSON", CREATED, CREATED + 1, null, "in/x")
                .withImportSource("batch-7", 2L);
        JsonNode documented = documented("users-import-created.json");

        // WHEN
        JsonNode written = written(job, null);

        // THEN every documented field of its type; what else is written is the job object's
        assertHasEveryDocumentedField(documented, written, Set.of());
        assertWritesOnlyDocumentedFields(written, documented, documented("get-job.json"),
                documented("users-export-created.json"));
    }

    @Test
    void theJobsStatesTogetherWriteEveryFieldOfAuth0sJobExampleAndEachOnlyDocumentedOnes() {
        // GIVEN Auth0's documented job, and the states a Roster job is read in
        JsonNode documented = documented("get-job.json");
        JsonNode[] examples = {documented, documented("users-export-created.json"),
                documented("users-import-created.json")};
        Map<String, JsonNode> states = Map.of(
                "a processing export", written(Auth0JobsTest.job(Job.EXPORT_USER, Job.PROCESSING, "NDJSON", null),
                        null, new JobService.Progress(40, 90L)),
                "a completed export", written(Auth0JobsTest.job(Job.EXPORT_USER, Job.COMPLETED, "CSV", null),
                        "https://bucket.example/exports/x.csv.gz?sig=1"),
                "a completed import", written(Auth0JobsTest.job(Job.IMPORT_USER, Job.COMPLETED, "NDJSON",
                        counts(8, 2, 10)), null),
                "a failed import", written(new Job(STORE, JOB_ID, Job.IMPORT_USER, Job.FAILED, "NDJSON", CREATED,
                        CREATED + 1, 0, null, null, 3, null, List.of(new Job.ErrorDetail(null,
                        "The import file is not valid gzip.")), List.of(), null, counts(0, 0, 0), 0, null, null,
                        true, "batch-7", 10L), null));

        // WHEN each is compared with the examples, and their fields are gathered
        Set<String> written = new HashSet<>();
        states.forEach((state, job) -> {
            assertWritesOnlyDocumentedFields(job, examples);
            job.fieldNames().forEachRemaining(written::add);
        });

        // THEN each documented field is written by some state: progress while processing, location once done,
        // the summary of an import, the reason of a failure
        documented.fieldNames().forEachRemaining(field -> assertTrue(written.contains(field), field));
        assertHasEveryDocumentedField(documented.get("summary"), states.get("a completed import").get("summary"),
                Set.of());
        assertTrue(states.get("a processing export").has("time_left_seconds"));
        assertTrue(states.get("a completed export").has("location"));
        assertTrue(states.get("a failed import").has("status_details"));
    }

    /** An import's tally, as the job keeps it. */
    private static Job.Counts counts(long inserted, long failed, long total) {
        return new Job.Counts(inserted, failed, total);
    }

    @Test
    void jobErrorsHaveTheShapeOfAuth0sExampleAndNothingElse() {
        // GIVEN a failure kept with its record and the field at fault, and Auth0's documented job errors
        List<Job.FailedUser> failed = List.of(new Job.FailedUser("ann", "InvalidParameterValue",
                "The value of Email is invalid: not an email address", "Email",
                "{\"Email\":\"not-an-email\",\"UserName\":\"ann\"}"));
        JsonNode documented = documented("get-job-errors.json");

        // WHEN
        JsonNode written = Auth0UsersTest.json(Json.write(gen -> Auth0Jobs.writeErrors(gen, failed)));

        // THEN an array of {user, errors: [{code, message, path}]}, each of its type, and nothing more
        assertHasEveryDocumentedField(documented, written, Set.of());
        assertWritesOnlyDocumentedFields(written.get(0), documented.get(0));
        assertWritesOnlyDocumentedFields(written.get(0).get("errors").get(0),
                documented.get(0).get("errors").get(0));
    }
}
