package dev.roster.shared.compat.auth0;

import at.favre.lib.crypto.bcrypt.BCrypt;
import com.fasterxml.jackson.databind.JsonNode;
import dev.roster.shared.error.InvalidRequestException;
import dev.roster.shared.imports.ImportLimits;
import dev.roster.shared.imports.source.RecordReader;
import dev.roster.shared.imports.source.SourceFormat;
import dev.roster.shared.imports.source.SourceRecord;
import dev.roster.shared.job.ExportSpec;
import dev.roster.shared.job.Job;
import dev.roster.shared.job.JobService;
import dev.roster.shared.json.Json;
import dev.roster.shared.security.PasswordHasher;
import dev.roster.shared.security.PasswordVerifier;
import dev.roster.shared.user.CustomAttribute;
import dev.roster.shared.user.ImportUserInput;
import dev.roster.shared.user.User;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.roster.shared.compat.auth0.Auth0UsersTest.assertInvalid;
import static dev.roster.shared.compat.auth0.Auth0UsersTest.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Auth0JobsTest {

    static final String STORE = "demo";
    /** 2026-11-23T13:00:00Z. */
    static final long CREATED = 1_795_438_800_000L;
    static final PasswordHasher HASHER = new PasswordHasher(PasswordHasher.MIN_ITERATIONS);

    static JsonNode written(Job job, String location) {
        return written(job, location, null);
    }

    static JsonNode written(Job job, String location, JobService.Progress progress) {
        return json(Json.write(gen -> Auth0Jobs.write(gen, job, location, progress)));
    }

    static Job job(String type, String status, String format, Job.Counts counts) {
        return new Job(STORE, "0000018c0f2d3e40ab", type, status, format, CREATED, CREATED + 86_400_000L, 7, null,
                null, 1, null, List.of(), List.of(), null, counts, 0, null, null, false, null, null);
    }

    /** The one record an import of {@code [user]} gives. */
    static JsonNode record(String user) {
        List<JsonNode> records = Auth0Jobs.toImportRecords(json("[" + user + "]"));
        assertEquals(1, records.size());
        return records.get(0);
    }

    static User imported(JsonNode record) {
        return ImportUserInput.parse(STORE, "u1", record, CREATED, HASHER);
    }

    static InvalidRequestException importFails(JsonNode record) {
        return assertThrows(InvalidRequestException.class, () -> imported(record));
    }

    // ----- export requests -----

    @Test
    void mapsAnExportRequestOntoRostersExportBody() {
        // GIVEN
        JsonNode auth0 = json("{\"connection_id\":\"con_demo\",\"format\":\"json\",\"limit\":5,\"fields\":["
                + "{\"name\":\"user_id\"},{\"name\":\"email\",\"export_as\":\"Mail\"},{\"name\":\"username\"},"
                + "{\"name\":\"phone_number\"},{\"name\":\"nickname\"},{\"name\":\"name\"},{\"name\":\"created_at\"},"
                + "{\"name\":\"updated_at\"},{\"name\":\"user_metadata.plan\",\"export_as\":\"plan\"},"
                + "{\"name\":\"identities[0].connection\"}]}");

        // WHEN
        ExportSpec spec = Auth0Jobs.toExportSpec(auth0);

        // THEN
        assertEquals(json("{\"Format\":\"NDJSON\",\"Limit\":5,\"Filters\":[],\"ExportPropertyMaps\":["
                + "{\"UserPropertyCode\":\"UserId\",\"ColumnName\":\"user_id\",\"Prefix\":\"auth0|\"},"
                + "{\"UserPropertyCode\":\"Email\",\"ColumnName\":\"Mail\"},"
                + "{\"UserPropertyCode\":\"UserName\",\"ColumnName\":\"username\"},"
                + "{\"UserPropertyCode\":\"PhoneNumber\",\"ColumnName\":\"phone_number\"},"
                + "{\"UserPropertyCode\":\"Nickname\",\"ColumnName\":\"nickname\"},"
                + "{\"UserPropertyCode\":\"Name\",\"ColumnName\":\"name\"},"
                + "{\"UserPropertyCode\":\"CreatedDate\",\"ColumnName\":\"created_at\",\"Format\":\"ISO_8601\"},"
                + "{\"UserPropertyCode\":\"LastModifiedDate\",\"ColumnName\":\"updated_at\",\"Format\":\"ISO_8601\"},"
                + "{\"UserPropertyCode\":\"CustomAttributes.plan\",\"ColumnName\":\"plan\",\"Format\":\"TYPED\"},"
                + "{\"UserPropertyCode\":\"UserStoreId\",\"ColumnName\":\"identities[0].connection\"}]}"),
                json(spec.toStored()));
        assertEquals("con_demo", Auth0Jobs.connectionId(auth0));
    }

    @Test
    void aTranslatedExportRequestPassesRostersExportValidation() {
        // GIVEN
        JsonNode auth0 = json("{\"format\":\"csv\",\"fields\":[{\"name\":\"email\"},{\"name\":\"user_metadata.plan\"},"
                + "{\"name\":\"created_at\",\"export_as\":\"since\"}]}");

        // WHEN
        ExportSpec spec = Auth0Jobs.toExportSpec(auth0);

        // THEN
        assertEquals(ExportSpec.CSV, spec.format());
        assertEquals(List.of("email", "user_metadata.plan", "since"),
                spec.columns().stream().map(ExportSpec.Column::name).toList());
        User user = new User(STORE, "u1", "al", "al@example.com", null, Map.of(), null, List.of(), List.of(),
                List.of(new CustomAttribute("plan", "gold", "STRING")), false, "NOT_ENABLED", "IMPORT", CREATED,
                CREATED, 1, null);
        assertEquals(List.of("al@example.com", "gold", "2026-11-23T13:00:00.000Z"),
                spec.columns().stream().map(c -> c.value().apply(user)).toList());
        assertNull(spec.limit());
    }

    @Test
    void exportsTheAuth0UserFieldsRosterKeeps() {
        // GIVEN an export of the flags and profile fields Auth0 users have, and a user with them
        ExportSpec spec = Auth0Jobs.toExportSpec(json("{\"format\":\"json\",\"fields\":[{\"name\":\"email_verified\"},"
                + "{\"name\":\"given_name\"},{\"name\":\"family_name\"},{\"name\":\"picture\"},{\"name\":\"blocked\"}]}"));
        User user = Auth0UsersTest.user(Map.of("GivenName", "Alice", "FamilyName", "Liddell",
                "Picture", "https://x/a.png"), List.of()).toBuilder().emailVerified(true).blocked(true).build();

        // WHEN the worker reads the stored spec's columns
        List<ExportSpec.Column> columns = ExportSpec.fromStored(spec.toStored()).columns();

        // THEN each reads its field, under its Auth0 name
        assertEquals(List.of("email_verified", "given_name", "family_name", "picture", "blocked"),
                columns.stream().map(ExportSpec.Column::name).toList());
        assertEquals(List.of(true, "Alice", "Liddell", "https://x/a.png", true),
                columns.stream().map(c -> c.value().apply(user)).toList());
    }

    @Test
    void anExportsUserIdsAndTimesAreAuth0sAsTheWorkerReadsThemBack() {
        // GIVEN an export of the user id and both times, and a user
        ExportSpec spec = Auth0Jobs.toExportSpec(json("{\"fields\":[{\"name\":\"user_id\"},"
                + "{\"name\":\"created_at\",\"export_as\":\"since\"},{\"name\":\"updated_at\"}]}"));
        User user = Auth0UsersTest.user(Map.of(), List.of());

        // WHEN the worker reads the stored spec's columns
        List<ExportSpec.Column> columns = ExportSpec.fromStored(spec.toStored()).columns();

        // THEN the values are as Auth0's user object has them: auth0|<id>, ISO-8601 in UTC with milliseconds
        assertEquals(List.of("auth0|u123", "2026-11-23T13:00:00.000Z", "2026-11-23T13:00:01.234Z"),
                columns.stream().map(c -> c.value().apply(user)).toList());
    }

    @Test
    void anEmptyRequestExportsCsvWithTheStandardAuth0Columns() {
        // GIVEN
        JsonNode auth0 = json("{}");

        // WHEN
        ExportSpec spec = Auth0Jobs.toExportSpec(auth0);

        // THEN
        assertEquals("CSV", spec.format());
        assertNull(spec.limit());
        List<String> columns = spec.columns().stream().map(ExportSpec.Column::name).toList();
        assertEquals(List.of("user_id", "email", "username", "phone_number", "nickname", "name", "created_at",
                "updated_at", "identities[0].connection"), columns);
        assertNull(Auth0Jobs.connectionId(auth0));
        // and the job stores it so that the worker reads it back
        assertEquals(columns, ExportSpec.fromStored(spec.toStored()).columns().stream().map(ExportSpec.Column::name)
                .toList());
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"format\":\"xml\"}", "{\"format\":\"NDJSON\"}", "{\"format\":1}",
            "{\"fields\":[{\"name\":\"last_login\"}]}", "{\"fields\":[{\"name\":\"user_metadata.\"}]}",
            "{\"fields\":[{\"name\":\"app_metadata.\"}]}", "{\"fields\":[{\"name\":\"Email\"}]}",
            "{\"fields\":{\"name\":\"email\"}}", "{\"fields\":[\"email\"]}",
            "{\"fields\":[{\"name\":\"email\",\"export_as\":\" \"}]}", "{\"fields\":[{\"name\":5}]}",
            "{\"limit\":0}", "{\"limit\":\"10\"}", "{\"limit\":1.5}", "{\"connection_id\":5}"})
    void refusesAnInvalidExportRequest(String body) {
        // GIVEN the body above

        // WHEN / THEN
        assertInvalid(InvalidRequestException.INVALID_PARAMETER_VALUE, () -> Auth0Jobs.toExportSpec(json(body)));
    }

    @Test
    void aFieldWithoutANameIsMissing() {
        // GIVEN
        JsonNode auth0 = json("{\"fields\":[{\"export_as\":\"x\"}]}");

        // WHEN / THEN
        assertInvalid(InvalidRequestException.MISSING_PARAMETER, () -> Auth0Jobs.toExportSpec(auth0));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"Format\":\"CSV\"}", "{\"connection\":\"demo\"}",
            "{\"fields\":[{\"name\":\"email\",\"format\":\"x\"}]}"})
    void refusesUnknownExportParameters(String body) {
        // GIVEN the body above

        // WHEN / THEN
        assertInvalid(InvalidRequestException.UNKNOWN_PARAMETER, () -> Auth0Jobs.toExportSpec(json(body)));
    }

    // ----- the job object -----

    @Test
    void writesAPendingExport() {
        // GIVEN
        Job job = Job.pending(STORE, "0000018c0f2d3e40ab", Job.EXPORT_USER, "CSV", CREATED, CREATED + 1,
                new ExportSpec(ExportSpec.CSV, List.of(), List.of(), null).toStored(), null);

        // WHEN
        JsonNode written = written(job, null);

        // THEN
        assertEquals(json("{\"type\":\"users_export\",\"status\":\"pending\",\"connection_id\":\"demo\","
                + "\"connection\":\"demo\",\"format\":\"csv\",\"created_at\":\"2026-11-23T13:00:00.000Z\","
                + "\"id\":\"job_0000018c0f2d3e40ab\"}"), written);
    }

    @Test
    void writesACompletedNdjsonExportAsJsonWithItsLocation() {
        // GIVEN
        Job job = job(Job.EXPORT_USER, Job.COMPLETED, "NDJSON", null);

        // WHEN
        JsonNode written = written(job, "https://bucket.example/exports/x.ndjson.gz?sig=1");

        // THEN
        assertEquals("completed", written.get("status").asText());
        assertEquals("json", written.get("format").asText());
        assertEquals("https://bucket.example/exports/x.ndjson.gz?sig=1", written.get("location").asText());
        assertEquals(100, written.get("percentage_done").asInt());
        assertFalse(written.has("summary"));
    }

    @Test
    void writesAProcessingImportWithoutFormatOrPercentage() {
        // GIVEN
        Job job = job(Job.IMPORT_USER, Job.PROCESSING, "NDJSON", null);

        // WHEN
        JsonNode written = written(job, null);

        // THEN
        assertEquals("users_import", written.get("type").asText());
        assertEquals("processing", written.get("status").asText());
        assertFalse(written.has("format"));
        assertFalse(written.has("location"));
        assertFalse(written.has("percentage_done"));
        assertFalse(written.has("summary"));
    }

    @Test
    void writesAFinishedImportsSummary() {
        // GIVEN
        Job job = job(Job.IMPORT_USER, Job.COMPLETED, "NDJSON", new Job.Counts(8, 2, 10));

        // WHEN
        JsonNode written = written(job, null);

        // THEN
        assertEquals(json("{\"failed\":2,\"updated\":0,\"inserted\":8,\"total\":10}"), written.get("summary"));
        assertEquals(100, written.get("percentage_done").asInt());
        assertEquals("job_0000018c0f2d3e40ab", written.get("id").asText());
    }

    @Test
    void anUpsertsSummaryCountsTheUpdatedUsers() {
        // GIVEN
        Job job = job(Job.IMPORT_USER, Job.COMPLETED, "NDJSON", new Job.Counts(5, 1, 10, 4));

        // WHEN
        JsonNode written = written(job, null);

        // THEN
        assertEquals(json("{\"failed\":1,\"updated\":4,\"inserted\":5,\"total\":10}"), written.get("summary"));
    }

    @Test
    void writesAFailedJobInLowerCase() {
        // GIVEN
        Job job = job(Job.IMPORT_USER, Job.FAILED, "NDJSON", new Job.Counts(0, 0, 0));

        // WHEN
        JsonNode written = written(job, null);

        // THEN
        assertEquals("failed", written.get("status").asText());
        assertFalse(written.has("percentage_done"));
        assertEquals(0, written.get("summary").get("total").asInt());
    }

    @Test
    void writesAnExportsLimitAndFieldsUnderAuth0Names() {
        // GIVEN an export made from the seed's request, with a renamed metadata field
        ExportSpec spec = Auth0Jobs.toExportSpec(json("{\"connection_id\":\"demo\",\"format\":\"csv\",\"limit\":5,"
                + "\"fields\":[{\"name\":\"email\"},{\"name\":\"identities[0].connection\",\"export_as\":\"provider\"},"
                + "{\"name\":\"user_metadata.plan\",\"export_as\":\"plan\"}]}"));
        Job job = Job.pending(STORE, "0000018c0f2d3e40ab", Job.EXPORT_USER, "CSV", CREATED, CREATED + 1,
                spec.toStored(), null);

        // WHEN
        JsonNode written = written(job, null);

        // THEN the limit and fields as given
        assertEquals(5, written.get("limit").asInt());
        assertEquals(json("[{\"name\":\"email\"},{\"name\":\"identities[0].connection\",\"export_as\":\"provider\"},"
                + "{\"name\":\"user_metadata.plan\",\"export_as\":\"plan\"}]"), written.get("fields"));
    }

    @Test
    void writesAProcessingJobsEstimate() {
        // GIVEN a processing export, 40% done with 90 seconds to go, and one with no estimate of time yet
        Job job = job(Job.EXPORT_USER, Job.PROCESSING, "NDJSON", null);

        // WHEN
        JsonNode estimated = written(job, null, new JobService.Progress(40, 90L));
        JsonNode started = written(job, null, new JobService.Progress(0, null));

        // THEN
        assertEquals(40, estimated.get("percentage_done").asInt());
        assertEquals(90, estimated.get("time_left_seconds").asInt());
        assertEquals(0, started.get("percentage_done").asInt());
        assertFalse(started.has("time_left_seconds"));
    }

    @Test
    void writesAnImportsExternalIdAndAFailedJobsReason() {
        // GIVEN a failed import made with an external_id
        Job job = new Job(STORE, "0000018c0f2d3e40ab", Job.IMPORT_USER, Job.FAILED, "NDJSON", CREATED,
                CREATED + 86_400_000L, 0, null, null, 3, null, List.of(new Job.ErrorDetail(null,
                "The import file is not valid gzip.")), List.of(), null, null, 0, null, null, true, "batch-7", 10L);

        // WHEN
        JsonNode written = written(job, null);

        // THEN
        assertEquals("batch-7", written.get("external_id").asText());
        assertEquals("demo", written.get("connection").asText());
        assertEquals("The import file is not valid gzip.", written.get("status_details").asText());
        assertFalse(written.has("percentage_done"));
    }

    // ----- job errors -----

    @Test
    void writesFailedUsersAsAuth0JobErrors() {
        // GIVEN
        List<Job.FailedUser> failed = List.of(
                new Job.FailedUser("alice@example.com", "FailedOperation.EmailAlreadyExists",
                        "The email is taken: alice@example.com"),
                new Job.FailedUser("line 3", "InvalidParameter", "The record is not a JSON object."),
                new Job.FailedUser("bob", "no code here", "no code here"));

        // WHEN
        JsonNode written = json(Json.write(gen -> Auth0Jobs.writeErrors(gen, failed)));

        // THEN each failure's own code and message; failures kept without their record show an empty user
        assertEquals(json("[{\"user\":{},\"errors\":[{\"code\":"
                + "\"FailedOperation.EmailAlreadyExists\",\"message\":\"The email is taken: alice@example.com\"}]},"
                + "{\"user\":{},\"errors\":[{\"code\":\"InvalidParameter\","
                + "\"message\":\"The record is not a JSON object.\"}]},"
                + "{\"user\":{},\"errors\":[{\"code\":\"no code here\","
                + "\"message\":\"no code here\"}]}]"), written);
    }

    @Test
    void aFailuresUserIsItsRecordUnderAuth0NamesAndItsPathTheFieldAtFault() {
        // GIVEN a failure kept with its (already redacted) ImportUser record and the field at fault
        List<Job.FailedUser> failed = List.of(new Job.FailedUser("ann", "InvalidParameterValue",
                "The value of Email is invalid: not an email address", "Email",
                "{\"Email\":\"not-an-email\",\"UserName\":\"ann\",\"EmailVerified\":true,"
                        + "\"PasswordEncryptTypeEnum\":\"BCRYPT\",\"CustomizationAttributes\":[{\"Name\":\"plan\","
                        + "\"Value\":\"gold\",\"Type\":\"STRING\"},{\"Name\":\"seats\",\"Value\":\"5\",\"Type\":\"NUMBER\"},"
                        + "{\"Name\":\"trial\",\"Value\":\"false\",\"Type\":\"BOOLEAN\"}],\"Colour\":\"red\"}"));

        // WHEN
        JsonNode written = json(Json.write(gen -> Auth0Jobs.writeErrors(gen, failed)));

        // THEN the user as the import file gave it (Auth0's example shape), the path under Auth0's name
        assertEquals(json("[{\"user\":{\"email\":\"not-an-email\",\"username\":\"ann\",\"email_verified\":true,"
                + "\"user_metadata\":{\"plan\":\"gold\",\"seats\":5,\"trial\":false},\"Colour\":\"red\"},"
                + "\"errors\":[{\"code\":\"InvalidParameterValue\",\"message\":\"The value of Email is invalid: "
                + "not an email address\",\"path\":\"email\"}]}]"), written);
    }

    @Test
    void noFailedUsersIsAnEmptyArray() {
        // GIVEN
        List<Job.FailedUser> failed = List.of();

        // WHEN
        String written = Json.write(gen -> Auth0Jobs.writeErrors(gen, failed));

        // THEN
        assertEquals("[]", written);
    }

    // ----- import records -----

    @Test
    void mapsAnAuth0UserOntoAnImportUser() {
        // GIVEN
        String user = "{\"email\":\"alice@example.com\",\"email_verified\":true,\"username\":\"alice\","
                + "\"phone_number\":\"+15550100\",\"nickname\":\"al\",\"name\":\"Alice Liddell\",\"given_name\":\"Alice\","
                + "\"family_name\":\"Liddell\",\"user_metadata\":{\"plan\":\"gold\",\"seats\":3,\"beta\":true,\"x\":null}}";

        // WHEN
        JsonNode record = record(user);

        // THEN
        assertEquals(json("{\"Email\":\"alice@example.com\",\"EmailVerified\":true,\"UserName\":\"alice\","
                + "\"PhoneNumber\":\"+15550100\",\"Nickname\":\"al\",\"Name\":\"Alice Liddell\","
                + "\"GivenName\":\"Alice\",\"FamilyName\":\"Liddell\",\"CustomizationAttributes\":[{\"Name\":\"plan\",\"Value\":\"gold\",\"Type\":\"STRING\"},"
                + "{\"Name\":\"seats\",\"Value\":\"3\",\"Type\":\"NUMBER\"},"
                + "{\"Name\":\"beta\",\"Value\":\"true\",\"Type\":\"BOOLEAN\"}]}"), record);
        User imported = imported(record);
        assertEquals("alice", imported.userName());
        assertTrue(imported.emailVerified());
        assertFalse(imported.identityVerified());
        assertEquals("Alice Liddell", imported.profile("Name"));
        assertEquals("Alice", imported.profile("GivenName"));
        assertNull(imported.password());
    }

    @Test
    void keepsTheFilesOrderAndPassesNonObjectsThroughAsTheyAre() {
        // GIVEN
        JsonNode file = json("[{\"email\":\"a@example.com\"},42,null,\"x\",[1],{\"email\":\"b@example.com\"}]");

        // WHEN
        List<JsonNode> records = Auth0Jobs.toImportRecords(file);

        // THEN
        assertEquals(6, records.size());
        assertEquals("a@example.com", records.get(0).get("Email").asText());
        assertSame(file.get(1), records.get(1));
        assertTrue(records.get(2).isNull());
        assertSame(file.get(3), records.get(3));
        assertSame(file.get(4), records.get(4));
        assertEquals("b@example.com", records.get(5).get("Email").asText());
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "{\"users\":[]}", "\"[]\"", "3"})
    void aFileThatIsNotAnArrayIsRefused(String file) {
        // GIVEN the file above

        // WHEN / THEN
        assertInvalid(InvalidRequestException.INVALID_PARAMETER_VALUE, () -> Auth0Jobs.toImportRecords(json(file)));
    }

    @Test
    void anEmptyArrayIsNoRecords() {
        // GIVEN
        JsonNode file = json("[]");

        // WHEN
        List<JsonNode> records = Auth0Jobs.toImportRecords(file);

        // THEN
        assertTrue(records.isEmpty());
    }

    @Test
    void unknownFieldsArePassedOnForTheWorkerToReport() {
        // GIVEN
        String user = "{\"email\":\"a@example.com\",\"mfa_factors\":[]}";

        // WHEN
        JsonNode record = record(user);

        // THEN
        assertTrue(record.has("mfa_factors"));
        InvalidRequestException e = importFails(record);
        assertEquals(InvalidRequestException.UNKNOWN_PARAMETER, e.code());
        assertTrue(e.getMessage().contains("mfa_factors"), e.getMessage());
    }

    @Test
    void everyFieldOfAuth0sImportSchemaBecomesTheUsers() {
        // GIVEN a record with every field of Auth0's bulk-import schema but the passwords
        String user = "{\"email\":\"a@example.com\",\"email_verified\":true,\"user_id\":\"legacy-42\","
                + "\"username\":\"ann\",\"given_name\":\"Ann\",\"family_name\":\"Lee\",\"name\":\"Ann Lee\","
                + "\"nickname\":\"annie\",\"picture\":\"https://example.com/a.png\",\"blocked\":true,"
                + "\"app_metadata\":{\"roles\":[\"admin\"]},\"user_metadata\":{\"plan\":\"gold\"},"
                + "\"phone_verified\":true}";

        // WHEN
        User imported = imported(record(user));

        // THEN each lands on its own field (phone_verified has none, and is dropped)
        assertEquals("legacy-42", imported.userId());
        assertEquals("a@example.com", imported.email());
        assertTrue(imported.emailVerified());
        assertEquals("ann", imported.userName());
        assertEquals(Map.of("GivenName", "Ann", "FamilyName", "Lee", "Name", "Ann Lee", "Nickname", "annie",
                "Picture", "https://example.com/a.png"), imported.profile());
        assertTrue(imported.blocked());
        assertEquals(json("{\"roles\":[\"admin\"]}"), json(imported.appMetadata()));
        assertEquals(List.of(new CustomAttribute("plan", "gold", "STRING")), imported.customAttributes());
    }

    @ParameterizedTest
    @ValueSource(strings = {"legacy-42", "auth0|legacy-42"})
    void aUserIdIsKeptWithOrWithoutAuth0sPrefix(String userId) {
        // GIVEN
        JsonNode record = record("{\"email\":\"a@example.com\",\"user_id\":\"" + userId + "\"}");

        // WHEN
        User imported = imported(record);

        // THEN
        assertEquals("legacy-42", imported.userId());
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"google-oauth2|123\"", "\"a b\"", "\"\"", "42", "\"auth0|\""})
    void aUserIdRosterCannotKeepFailsTheRecordAtUserId(String userId) {
        // GIVEN
        JsonNode record = record("{\"email\":\"a@example.com\",\"user_id\":" + userId + "}");

        // WHEN
        InvalidRequestException e = importFails(record);

        // THEN
        assertEquals(InvalidRequestException.INVALID_PARAMETER_VALUE, e.code());
        assertEquals("UserId", e.field());
    }

    @Test
    void falseFlagsAndEmptyAppMetadataAreNoValues() {
        // GIVEN
        String user = "{\"email\":\"a@example.com\",\"phone_verified\":true,\"blocked\":false,"
                + "\"email_verified\":false,\"app_metadata\":{}}";

        // WHEN
        User imported = imported(record(user));

        // THEN
        assertFalse(imported.blocked());
        assertFalse(imported.emailVerified());
        assertNull(imported.appMetadata());
    }

    @Test
    void badUserMetadataIsLeftForRostersValidationToName() {
        // GIVEN
        JsonNode nested = record("{\"email\":\"a@example.com\",\"user_metadata\":{\"prefs\":{\"theme\":\"dark\"}}}");
        JsonNode notObject = record("{\"email\":\"a@example.com\",\"user_metadata\":\"gold\"}");

        // WHEN
        InvalidRequestException nestedError = importFails(nested);
        InvalidRequestException notObjectError = importFails(notObject);

        // THEN
        assertEquals(InvalidRequestException.INVALID_PARAMETER_VALUE, nestedError.code());
        assertTrue(nestedError.getMessage().contains("CustomizationAttributes.Value"), nestedError.getMessage());
        assertEquals(InvalidRequestException.INVALID_PARAMETER_VALUE, notObjectError.code());
        assertTrue(notObjectError.getMessage().contains("CustomizationAttributes"), notObjectError.getMessage());
    }

    @Test
    void aBcryptPasswordHashIsImportedAsBcrypt() {
        // GIVEN
        String hash = BCrypt.withDefaults().hashToString(4, "password".toCharArray());

        // WHEN
        JsonNode record = record("{\"email\":\"a@example.com\",\"password_hash\":\"" + hash + "\"}");

        // THEN
        assertEquals(hash, record.get("Password").asText());
        assertEquals("BCRYPT", record.get("PasswordEncryptTypeEnum").asText());
        User user = imported(record);
        assertTrue(PasswordVerifier.matches(user.password(), "password"));
        assertFalse(PasswordVerifier.matches(user.password(), "Password"));
    }

    @Test
    void aHexMd5CustomHashIsImported() {
        // GIVEN
        String user = "{\"email\":\"a@example.com\",\"custom_password_hash\":{\"algorithm\":\"md5\","
                + "\"hash\":{\"value\":\"5f4dcc3b5aa765d61d8327deb882cf99\"}}}";

        // WHEN
        JsonNode record = record(user);

        // THEN
        assertEquals(json("{\"Email\":\"a@example.com\",\"Password\":\"5f4dcc3b5aa765d61d8327deb882cf99\","
                + "\"PasswordEncryptTypeEnum\":\"MD5\"}"), record);
        assertTrue(PasswordVerifier.matches(imported(record).password(), "password"));
    }

    @Test
    void aBase64HashIsReencodedAsHex() {
        // GIVEN
        String user = "{\"email\":\"a@example.com\",\"custom_password_hash\":{\"algorithm\":\"md5\","
                + "\"hash\":{\"value\":\"X03MO1qnZdYdgyfeuILPmQ==\",\"encoding\":\"base64\"}}}";

        // WHEN
        JsonNode record = record(user);

        // THEN
        assertEquals("5f4dcc3b5aa765d61d8327deb882cf99", record.get("Password").asText());
        assertTrue(PasswordVerifier.matches(imported(record).password(), "password"));
    }

    @Test
    void aPrefixSaltIsAHeadSalt() {
        // GIVEN
        String user = "{\"email\":\"a@example.com\",\"custom_password_hash\":{\"algorithm\":\"sha256\","
                + "\"hash\":{\"value\":\"4b65d30b048d9eab292a2ea50fd60423d3d5d581a6ed85169b8a0c4f7dd10c00\","
                + "\"encoding\":\"hex\"},\"salt\":{\"value\":\"pepper\",\"position\":\"prefix\"}}}";

        // WHEN
        JsonNode record = record(user);

        // THEN
        assertEquals("SHA256", record.get("PasswordEncryptTypeEnum").asText());
        assertEquals(json("{\"SaltValue\":\"pepper\",\"SaltLocation\":{\"SaltLocationTypeEnum\":\"HEAD\"}}"),
                record.get("Salt"));
        User imported = imported(record);
        assertTrue(PasswordVerifier.matches(imported.password(), "password"));
        assertFalse(PasswordVerifier.matches(imported.password(), "pepper"));
    }

    @Test
    void aSuffixSaltInBase64IsADecodedTailSalt() {
        // GIVEN: sha1("password" + "salt") in base64, the salt itself in base64
        String user = "{\"email\":\"a@example.com\",\"custom_password_hash\":{\"algorithm\":\"sha1\","
                + "\"hash\":{\"value\":\"yI6cZwQadOA1e+/f+T+H3eCQQhQ=\",\"encoding\":\"base64\"},"
                + "\"salt\":{\"value\":\"c2FsdA==\",\"encoding\":\"base64\",\"position\":\"suffix\"}}}";

        // WHEN
        JsonNode record = record(user);

        // THEN
        assertEquals("c88e9c67041a74e0357befdff93f87dde0904214", record.get("Password").asText());
        assertEquals(json("{\"SaltValue\":\"salt\",\"SaltLocation\":{\"SaltLocationTypeEnum\":\"TAIL\"}}"),
                record.get("Salt"));
        assertTrue(PasswordVerifier.matches(imported(record).password(), "password"));
    }

    @Test
    void aHexSaltIsDecoded() {
        // GIVEN: the salt "salt" in hex
        String user = "{\"email\":\"a@example.com\",\"custom_password_hash\":{\"algorithm\":\"sha1\","
                + "\"hash\":{\"value\":\"c88e9c67041a74e0357befdff93f87dde0904214\"},"
                + "\"salt\":{\"value\":\"73616c74\",\"encoding\":\"hex\",\"position\":\"suffix\"}}}";

        // WHEN
        JsonNode record = record(user);

        // THEN
        assertEquals("salt", record.get("Salt").get("SaltValue").asText());
        assertTrue(PasswordVerifier.matches(imported(record).password(), "password"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"crc32", "sha384"})
    void anAlgorithmAuth0DoesNotDocumentFailsTheRecordNamingIt(String algorithm) {
        // GIVEN
        String user = "{\"email\":\"a@example.com\",\"custom_password_hash\":{\"algorithm\":\"" + algorithm + "\","
                + "\"hash\":{\"value\":\"abc\",\"encoding\":\"hex\"}}}";

        // WHEN
        JsonNode record = record(user);

        // THEN the record is marked, never a plain password, and the worker names the field
        assertFalse(record.has("Password"), record::toString);
        InvalidRequestException e = importFails(record);
        assertEquals(InvalidRequestException.UNKNOWN_PARAMETER, e.code());
        assertTrue(e.getMessage().contains("custom_password_hash.algorithm"), e.getMessage());
    }

    @Test
    void everyAlgorithmAuth0DocumentsBecomesARosterPasswordForm() {
        // GIVEN one user per algorithm Auth0's import schema documents (the forms are Auth0ImportRecordsTest's)
        String[][] cases = {
                {"argon2", "$argon2id$v=19$m=4096,t=3,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA", "ARGON2"},
                {"pbkdf2", "$pbkdf2-sha256$i=1000,l=32$c2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGg", "PBKDF2"},
                {"scrypt", "$scrypt$ln=4,r=8,p=1$c2FsdA$aGFzaA", "SCRYPT"},
                {"ldap", "{SSHA}aGFzaGhhc2hoYXNoaGFzaHNhbHQ=", "LDAP"},
                {"bcrypt", "$2b$10$abcdefghijklmnopqrstuuABCDEFGHIJKLMNOPQRSTUVWXYZ01234", "BCRYPT"}};
        for (String[] c : cases) {
            String user = "{\"email\":\"a@example.com\",\"custom_password_hash\":{\"algorithm\":\"" + c[0]
                    + "\",\"hash\":{\"value\":\"" + c[1] + "\",\"encoding\":\"utf8\"}}}";

            // WHEN
            JsonNode record = record(user);

            // THEN
            assertEquals(c[1], record.get("Password").asText(), c[0]);
            assertEquals(c[2], record.get("PasswordEncryptTypeEnum").asText(), c[0]);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"hash\":{\"value\":\"5f4dcc3b5aa765d61d8327deb882cf99\"}}",
            "{\"algorithm\":\"md5\"}",
            "{\"algorithm\":\"md5\",\"hash\":{}}",
            "{\"algorithm\":\"md5\",\"hash\":{\"value\":\"5f4dcc3b5aa765d61d8327deb882cf99\",\"encoding\":\"utf8\"}}",
            "{\"algorithm\":\"md5\",\"hash\":{\"value\":\"5f4dcc3b5aa765d61d8327deb882cf99\"},"
                    + "\"password\":{\"encoding\":\"utf16le\"}}",
            "{\"algorithm\":\"md5\",\"hash\":{\"value\":\"5f4dcc3b5aa765d61d8327deb882cf99\"},"
                    + "\"salt\":{\"value\":\"zz\",\"encoding\":\"hex\",\"position\":\"prefix\"}}",
            "{\"algorithm\":\"md5\",\"hash\":{\"value\":\"5f4dcc3b5aa765d61d8327deb882cf99\"},"
                    + "\"salt\":{\"value\":\"s\",\"position\":\"middle\"}}",
            "{\"algorithm\":\"md5\",\"hash\":{\"value\":\"5f4dcc3b5aa765d61d8327deb882cf99\"},\"salt\":\"s\"}",
            "{\"algorithm\":\"bcrypt\",\"hash\":{\"value\":\"$2b$10$abc\"},\"salt\":{\"value\":\"s\"}}",
            "{\"algorithm\":\"bcrypt\",\"hash\":{\"value\":\"$2b$10$abc\",\"encoding\":\"base64\"}}",
            "\"md5:5f4dcc3b5aa765d61d8327deb882cf99\""})
    void aCustomHashThatCannotBeCarriedOverFailsTheRecordAndIsNeverAPlainPassword(String custom) {
        // GIVEN
        String user = "{\"email\":\"a@example.com\",\"custom_password_hash\":" + custom + "}";

        // WHEN
        JsonNode record = record(user);

        // THEN
        assertFalse(record.has("Password") && !record.has("PasswordEncryptTypeEnum"), record::toString);
        InvalidRequestException e = importFails(record);
        assertEquals(InvalidRequestException.UNKNOWN_PARAMETER, e.code());
        assertTrue(e.getMessage().contains("custom_password_hash"), e.getMessage());
    }

    @Test
    void aMalformedHashFailsAsNoHashOfItsAlgorithm() {
        // GIVEN
        String user = "{\"email\":\"a@example.com\",\"custom_password_hash\":{\"algorithm\":\"sha256\","
                + "\"hash\":{\"value\":\"!!not base64!!\",\"encoding\":\"base64\"}}}";

        // WHEN
        JsonNode record = record(user);

        // THEN
        assertEquals("SHA256", record.get("PasswordEncryptTypeEnum").asText());
        InvalidRequestException e = importFails(record);
        assertEquals(InvalidRequestException.INVALID_PARAMETER_VALUE, e.code());
        assertTrue(e.getMessage().contains("Password"), e.getMessage());
    }

    @Test
    void bothPasswordHashAndCustomHashFailTheRecord() {
        // GIVEN
        String user = "{\"email\":\"a@example.com\",\"password_hash\":\"$2b$10$abc\",\"custom_password_hash\":"
                + "{\"algorithm\":\"md5\",\"hash\":{\"value\":\"5f4dcc3b5aa765d61d8327deb882cf99\"}}}";

        // WHEN
        JsonNode record = record(user);

        // THEN
        InvalidRequestException e = importFails(record);
        assertEquals(InvalidRequestException.UNKNOWN_PARAMETER, e.code());
        assertTrue(e.getMessage().contains("password_hash"), e.getMessage());
    }

    @Test
    void theDoorMapsEachUserAsTheAuth0ImportFileFormatDoes() throws java.io.IOException {
        // GIVEN the users of the sample import file, as the AUTH0_IMPORT format reads them
        List<SourceRecord> read = new ArrayList<>();
        try (RecordReader reader = SourceFormat.AUTH0_IMPORT.open(java.nio.file.Files.newInputStream(
                java.nio.file.Path.of("..", "events", "import-files", "auth0-import.json")), ImportLimits.DEFAULTS, null)) {
            for (SourceRecord record = reader.next(); record != null; record = reader.next()) {
                read.add(record);
            }
        }
        List<SourceRecord> users = read.stream().filter(r -> r.original().isObject() && r.original().size() > 1
                && (r.error() == null || r.error().field() != null)).toList();
        com.fasterxml.jackson.databind.node.ArrayNode file = Json.MAPPER.createArrayNode();
        users.forEach(r -> file.add(r.original()));

        // WHEN the door maps them
        List<JsonNode> records = Auth0Jobs.toImportRecords(file);

        // THEN each is the format's record; where the format fails a hash, the door marks the same field
        assertEquals(users.size(), records.size());
        assertTrue(users.size() >= 18, "users: " + users.size());
        for (int i = 0; i < users.size(); i++) {
            SourceRecord user = users.get(i);
            if (user.error() == null) {
                assertEquals(user.record(), records.get(i), "element " + user.number());
            } else {
                assertTrue(records.get(i).has(user.error().field()), "element " + user.number());
            }
        }
    }

    @Test
    void importedRecordsSerialiseAsOneLineEach() {
        // GIVEN
        JsonNode file = json("[{\"email\":\"a@example.com\",\"nickname\":\"line\\nbreak\"},7]");

        // WHEN
        List<String> lines = Auth0Jobs.toImportRecords(file).stream().map(JsonNode::toString).toList();

        // THEN
        assertEquals(List.of("{\"Email\":\"a@example.com\",\"Nickname\":\"line\\nbreak\"}", "7"), lines);
        lines.forEach(line -> assertFalse(line.contains("\n")));
    }
}
