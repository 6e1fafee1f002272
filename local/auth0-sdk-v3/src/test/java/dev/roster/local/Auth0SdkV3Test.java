package dev.roster.local;

import at.favre.lib.crypto.bcrypt.BCrypt;
import com.auth0.client.mgmt.ManagementApi;
import com.auth0.client.mgmt.core.ManagementApiException;
import com.auth0.client.mgmt.core.ObjectMappers;
import com.auth0.client.mgmt.core.SyncPagingIterable;
import com.auth0.client.mgmt.jobs.types.CreateExportUsersRequestContent;
import com.auth0.client.mgmt.jobs.types.CreateImportUsersRequestContent;
import com.auth0.client.mgmt.types.CreateExportUsersFields;
import com.auth0.client.mgmt.types.CreateExportUsersResponseContent;
import com.auth0.client.mgmt.types.CreateImportUsersResponseContent;
import com.auth0.client.mgmt.types.CreateUserRequestContent;
import com.auth0.client.mgmt.types.CreateUserResponseContent;
import com.auth0.client.mgmt.types.GetJobErrorResponseContent;
import com.auth0.client.mgmt.types.GetJobImportUserError;
import com.auth0.client.mgmt.types.GetJobResponseContent;
import com.auth0.client.mgmt.types.GetJobSummary;
import com.auth0.client.mgmt.types.JobFileFormatEnum;
import com.auth0.client.mgmt.types.ListUsersByEmailRequestParameters;
import com.auth0.client.mgmt.types.ListUsersOffsetPaginatedResponseContent;
import com.auth0.client.mgmt.types.ListUsersRequestParameters;
import com.auth0.client.mgmt.types.UpdateUserRequestContent;
import com.auth0.client.mgmt.types.UserIdentitySchema;
import com.auth0.client.mgmt.types.UserResponseSchema;
import dev.roster.shared.security.PasswordVerifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Auth0's current official Java SDK (3.x, {@code ManagementApi}), unchanged, pointed at the local runner: every
 * Auth0 route the runner serves. local/'s Auth0SdkTest does the same with 2.x; one module holds one of the two.
 */
class Auth0SdkV3Test {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private final LocalDeployment deployment = TestAws.deployment();
    private final String suffix = UUID.randomUUID().toString().substring(0, 8);

    /** The SDK's own builder: {@code url} in place of {@code domain}, which always means https://domain/api/v2. */
    private ManagementApi mgmt(String token) {
        return ManagementApi.builder().url("http://127.0.0.1:" + deployment.port() + "/api/v2").token(token).build();
    }

    private ManagementApi mgmt() {
        return mgmt(TestAws.AUTH0_TOKEN);
    }

    private String email(String name) {
        return name + "-" + suffix + "@example.com";
    }

    /** A database-connection user with every identifier Roster knows (Auth0's create needs only email and password). */
    private CreateUserRequestContent newUser(String name) {
        return CreateUserRequestContent.builder()
                .connection(TestAws.AUTH0_STORE)
                .email(email(name))
                .phoneNumber("+1-555-" + (1_000_000 + Math.abs((name + suffix).hashCode() % 8_000_000)))
                .username(name + suffix)
                .password("correct horse battery")
                .nickname(name)
                .userMetadata(Map.of("plan", "gold"))
                .build();
    }

    private GetJobResponseContent awaitJob(String id) {
        return awaitJob(mgmt(), id, job -> { });
    }

    /** Polls the job until it is done, handing each state seen on the way to {@code seen}. */
    private static GetJobResponseContent awaitJob(ManagementApi mgmt, String id,
                                                  Consumer<GetJobResponseContent> seen) {
        return Await.until(() -> {
            GetJobResponseContent job = mgmt.jobs().get(id);
            seen.accept(job);
            return job;
        }, job -> job.getStatus().equals("completed") || job.getStatus().equals("failed"), WAIT, "job " + id);
    }

    private List<String> ids(List<UserResponseSchema> users) {
        return users.stream().map(u -> u.getUserId().orElseThrow()).toList();
    }

    private List<String> search(String q) {
        return ids(mgmt().users().list(ListUsersRequestParameters.builder().q(q).build()).getItems());
    }

    private static int status(Runnable call) {
        return assertThrows(ManagementApiException.class, call::run).statusCode();
    }

    @Test
    void createsGetsUpdatesAndDeletesAUser() {
        // GIVEN a database-connection user with metadata
        CreateUserRequestContent draft = newUser("ada");

        // WHEN it is created
        CreateUserResponseContent created = mgmt().users().create(draft);

        // THEN it has Auth0's shape: an auth0| id, its fields, dates, one auth0 identity on the connection
        String id = created.getUserId().orElseThrow();
        assertTrue(id.startsWith("auth0|"), id);
        assertEquals(draft.getEmail(), created.getEmail());
        assertEquals(draft.getUsername(), created.getUsername());
        assertEquals("ada", created.getNickname().orElseThrow());
        assertEquals(Map.of("plan", "gold"), created.getUserMetadata().orElseThrow());
        assertEquals(Map.of(), created.getAppMetadata().orElseThrow());
        assertEquals(false, created.getBlocked().orElseThrow());
        Instant.parse((String) created.getCreatedAt().orElseThrow().get());
        Instant.parse((String) created.getUpdatedAt().orElseThrow().get());
        UserIdentitySchema identity = created.getIdentities().orElseThrow().get(0);
        assertEquals(TestAws.AUTH0_STORE, identity.getConnection().orElseThrow());
        assertEquals(id.substring("auth0|".length()), identity.getUserId().orElseThrow());
        assertEquals("auth0", identity.getProvider().orElseThrow().toString());
        assertEquals(false, identity.getIsSocial().orElseThrow());

        // WHEN it is read back, THEN it is the same user
        assertEquals(draft.getEmail(), mgmt().users().get(id).getEmail());

        // WHEN its nickname is changed, THEN the answer and a later read show the new one
        UpdateUserRequestContent patch = UpdateUserRequestContent.builder().nickname("Countess").build();
        assertEquals("Countess", mgmt().users().update(id, patch).getNickname().orElseThrow());
        assertEquals("Countess", mgmt().users().get(id).getNickname().orElseThrow());

        // WHEN metadata is sent, THEN it is merged into the user's, as Auth0 merges user_metadata
        UpdateUserRequestContent metadata = UpdateUserRequestContent.builder().userMetadata(Map.of("tier", "vip"))
                .build();
        assertEquals(Map.of("plan", "gold", "tier", "vip"),
                mgmt().users().update(id, metadata).getUserMetadata().orElseThrow());

        // WHEN it is deleted, THEN it is gone: reading or deleting it again is 404
        mgmt().users().delete(id);
        assertEquals(404, status(() -> mgmt().users().get(id)));
        assertEquals(404, status(() -> mgmt().users().delete(id)));
    }

    /** The SDK's object as the JSON it reads: the same fields of created, read and updated users compared alike. */
    private static Map<?, ?> asJson(Object sdkObject) {
        return ObjectMappers.JSON_MAPPER.convertValue(sdkObject, Map.class);
    }

    private static void assertFields(Map<String, ?> expected, Object sdkObject) {
        Map<?, ?> json = asJson(sdkObject);
        expected.forEach((field, value) -> assertEquals(value, json.get(field), field));
    }

    @Test
    void aDatabaseUserNeedsOnlyItsConnectionEmailAndPasswordAndEveryProfileFieldRoundTrips() {
        // GIVEN a user with only what an Auth0 database connection requires
        CreateUserRequestContent minimal = CreateUserRequestContent.builder().connection(TestAws.AUTH0_STORE)
                .email(email("minimal")).password("correct horse battery").build();

        // WHEN it is created, THEN it is, with no user name or phone number, unverified and not blocked
        Map<?, ?> bare = asJson(mgmt().users().create(minimal));
        assertEquals(minimal.getEmail().orElseThrow(), bare.get("email"));
        assertEquals(null, bare.get("username"));
        assertEquals(null, bare.get("phone_number"));
        assertEquals(false, bare.get("email_verified"));
        assertEquals(false, bare.get("blocked"));

        // GIVEN a user with every profile field and flag Auth0 has
        Map<String, Object> appMetadata = Map.of("roles", List.of("admin"), "plan", Map.of("tier", "gold"));
        CreateUserRequestContent full = CreateUserRequestContent.builder().connection(TestAws.AUTH0_STORE)
                .email(email("grace")).password("correct horse battery").emailVerified(true)
                .givenName("Grace").familyName("Hopper").name("Grace Hopper").nickname("amazing")
                .picture("https://example.com/grace.png").appMetadata(appMetadata).blocked(true).build();

        // WHEN it is created and read back
        CreateUserResponseContent created = mgmt().users().create(full);
        String id = created.getUserId().orElseThrow();
        var read = mgmt().users().get(id);

        // THEN both give every field back as sent
        Map<String, Object> expected = Map.of("email", full.getEmail().orElseThrow(), "email_verified", true,
                "given_name", "Grace", "family_name", "Hopper", "name", "Grace Hopper", "nickname", "amazing",
                "picture", "https://example.com/grace.png", "app_metadata", appMetadata, "blocked", true,
                "user_id", id);
        assertFields(expected, created);
        assertFields(expected, read);

        // AND the other doors see them under Roster's names: the flags as the user's status and verified email
        dev.roster.shared.user.User roster = deployment.services().users().get(TestAws.AUTH0_STORE,
                id.substring("auth0|".length()));
        assertTrue(roster.emailVerified());
        assertEquals("FREEZE", roster.shownStatus());
        assertEquals("Grace", roster.profile("GivenName"));
    }

    @Test
    void patchReplacesTopLevelFieldsAndMergesMetadataWhereANullRemovesAKey() {
        // GIVEN a user with both metadata
        CreateUserRequestContent draft = CreateUserRequestContent.builder().connection(TestAws.AUTH0_STORE)
                .email(email("pat")).password("correct horse battery")
                .userMetadata(Map.of("plan", "gold", "theme", "dark"))
                .appMetadata(Map.of("roles", List.of("admin"), "trial", true)).build();
        String id = mgmt().users().create(draft).getUserId().orElseThrow();

        // WHEN patched: a key of each metadata removed with null, another set; flags and names replaced
        Map<String, Object> userMetadata = new HashMap<>();
        userMetadata.put("theme", null);
        userMetadata.put("seats", 3);
        Map<String, Object> appMetadata = new HashMap<>();
        appMetadata.put("trial", null);
        appMetadata.put("roles", List.of("viewer"));
        var updated = mgmt().users().update(id, UpdateUserRequestContent.builder().userMetadata(userMetadata)
                .appMetadata(appMetadata).blocked(true).emailVerified(true).givenName("Pat").build());

        // THEN the metadata are merged without the nulled keys, the rest replaced; a later read agrees
        Map<String, Object> expected = Map.of("user_metadata", Map.of("plan", "gold", "seats", 3),
                "app_metadata", Map.of("roles", List.of("viewer")), "blocked", true, "email_verified", true,
                "given_name", "Pat");
        assertFields(expected, updated);
        assertFields(expected, mgmt().users().get(id));
    }

    @Test
    void usersAreSearchedWithAuth0sQuerySyntax() {
        // GIVEN two users with the same name, one with a verified email
        String name = "Quinn Query " + suffix;
        String one = mgmt().users().create(CreateUserRequestContent.builder().connection(TestAws.AUTH0_STORE)
                .email(email("q1")).username("q1" + suffix).password("correct horse battery").name(name)
                .emailVerified(true).build()).getUserId().orElseThrow();
        String two = mgmt().users().create(CreateUserRequestContent.builder().connection(TestAws.AUTH0_STORE)
                .email(email("q2")).username("q2" + suffix).password("correct horse battery").name(name)
                .build()).getUserId().orElseThrow();
        String byName = "name:\"" + name.toLowerCase(Locale.ROOT) + "\"";

        // WHEN searched by each supported field, alone and joined by AND, THEN each finds exactly its users
        assertEquals(Set.of(one, two), Set.copyOf(search(byName)));
        assertEquals(List.of(one), search(byName + " AND email_verified:true"));
        assertEquals(List.of(two), search("user_id:\"" + two + "\" AND " + byName));
        assertEquals(List.of(one), search("username:q1" + suffix));
        assertEquals(List.of(), search("username:q1" + suffix + " AND email_verified:false"));

        // WHEN the query uses what Roster cannot answer exactly, THEN it is a 400
        assertEquals(400, status(() -> search(byName + " OR email_verified:true")));
    }

    @Test
    void listsUsersByPageWithTotalsAndByEmail() {
        // GIVEN two users
        String first = mgmt().users().create(newUser("list1")).getUserId().orElseThrow();
        String second = mgmt().users().create(newUser("list2")).getUserId().orElseThrow();

        // WHEN the first page is listed with totals (the SDK asks for include_totals unless told otherwise)
        SyncPagingIterable<UserResponseSchema> page = mgmt().users().list(ListUsersRequestParameters.builder()
                .page(0).perPage(100).includeTotals(true).build());

        // THEN it holds them, and the totals object says where it starts, its size and the store's total
        List<String> ids = page.getItems().stream().map(u -> u.getUserId().orElseThrow()).toList();
        assertTrue(ids.containsAll(List.of(first, second)), ids.toString());
        ListUsersOffsetPaginatedResponseContent totals =
                page.<ListUsersOffsetPaginatedResponseContent>getResponse().orElseThrow();
        assertEquals(0.0, totals.getStart().orElseThrow());
        assertEquals(100.0, totals.getLimit().orElseThrow());
        assertEquals((double) ids.size(), totals.getLength().orElseThrow());
        assertTrue(totals.getTotal().orElseThrow() >= 2, totals.toString());

        // WHEN pages of one user are asked for, THEN each holds one and the next is another
        List<UserResponseSchema> one = mgmt().users().list(ListUsersRequestParameters.builder()
                .page(0).perPage(1).build()).getItems();
        List<UserResponseSchema> two = mgmt().users().list(ListUsersRequestParameters.builder()
                .page(1).perPage(1).build()).getItems();
        assertEquals(1, one.size());
        assertEquals(1, two.size());
        assertFalse(one.get(0).getUserId().equals(two.get(0).getUserId()));

        // WHEN users are searched with q in Auth0's query syntax, THEN the one with that email is found
        List<UserResponseSchema> searched = mgmt().users().list(ListUsersRequestParameters.builder()
                .q("email:\"" + email("list1") + "\"").build()).getItems();
        assertEquals(List.of(first), searched.stream().map(u -> u.getUserId().orElseThrow()).toList());

        // WHEN users are looked up by email, THEN the one with that email is found, and no one for an unknown one
        List<UserResponseSchema> byEmail = mgmt().users().listUsersByEmail(
                ListUsersByEmailRequestParameters.builder().email(email("list2")).build());
        assertEquals(List.of(second), byEmail.stream().map(u -> u.getUserId().orElseThrow()).toList());
        assertEquals(List.of(), mgmt().users().listUsersByEmail(
                ListUsersByEmailRequestParameters.builder().email(email("nobody")).build()));
    }

    @Test
    void pagesBeyondTheFirstThousandUsersAndBadTokensAreTheSdksErrors() {
        // WHEN a page starting at the 1,000th user is asked for, THEN it is Auth0's 400
        assertEquals(400, status(() -> mgmt().users().list(ListUsersRequestParameters.builder()
                .page(10).perPage(100).build())));

        // GIVEN a user; WHEN it is created again, with a bad token, with a read-only token
        CreateUserRequestContent user = newUser("bob");
        mgmt().users().create(user);

        // THEN 409, 401 and 403, each in Auth0's error object
        ManagementApiException conflict = assertThrows(ManagementApiException.class,
                () -> mgmt().users().create(user));
        assertEquals(409, conflict.statusCode());
        Map<?, ?> body = (Map<?, ?>) conflict.body();
        assertEquals(409, body.get("statusCode"));
        assertEquals("Conflict", body.get("error"));
        assertTrue(body.get("message") instanceof String && body.get("errorCode") instanceof String, body.toString());
        assertEquals(401, status(() -> mgmt("not-a-token").users().create(newUser("eve"))));
        assertEquals(403, status(() -> mgmt(TestAws.AUTH0_READ_ONLY_TOKEN).users().create(newUser("mallory"))));
    }

    @Test
    void importsAUsersFileWithJsonEncodedFormValues(@TempDir Path dir) throws Exception {
        // GIVEN an Auth0 users file with a bcrypt hash, and one record that cannot be imported
        String hash = BCrypt.withDefaults().hashToString(4, "imported-secret".toCharArray());
        String email = email("imported");
        Path file = dir.resolve("users.json");
        Files.writeString(file, "[{\"email\":\"" + email + "\",\"username\":\"imp" + suffix + "\","
                + "\"email_verified\":true,\"user_metadata\":{\"plan\":\"silver\"},\"password_hash\":\"" + hash + "\"},"
                + "{\"email\":\"not-an-email\",\"username\":\"bad" + suffix + "\",\"user_metadata\":{\"plan\":\"gold\"},"
                + "\"password_hash\":\"" + hash + "\"}]");

        // WHEN the SDK uploads it: it sends connection_id, upsert, external_id and send_completion_email JSON-encoded
        CreateImportUsersResponseContent created = mgmt().jobs().usersImports().create(file.toFile(),
                CreateImportUsersRequestContent.builder().connectionId(TestAws.AUTH0_STORE).upsert(false)
                        .externalId("batch-" + suffix).sendCompletionEmail(false).build());

        // THEN the job is accepted on the token's connection with its external id, and completes
        assertTrue(created.getId().startsWith("job_"), created.getId());
        assertEquals("users_import", created.getType());
        assertEquals(TestAws.AUTH0_STORE, created.getConnectionId());
        assertEquals("batch-" + suffix, created.getExternalId().orElseThrow());
        assertEquals(TestAws.AUTH0_STORE, created.getAdditionalProperties().get("connection"));
        Instant.parse(created.getCreatedAt());
        GetJobResponseContent done = awaitJob(created.getId());
        assertEquals("completed", done.getStatus());
        assertEquals("users_import", done.getType());
        assertEquals(created.getId(), done.getId());
        assertEquals(100, done.getPercentageDone().orElseThrow());
        assertEquals("batch-" + suffix, done.getAdditionalProperties().get("external_id"));
        assertEquals(TestAws.AUTH0_STORE, done.getAdditionalProperties().get("connection"));
        GetJobSummary summary = done.getSummary().orElseThrow();
        assertEquals(2, summary.getTotal().orElseThrow());
        assertEquals(1, summary.getInserted().orElseThrow());
        assertEquals(1, summary.getFailed().orElseThrow());
        assertEquals(0, summary.getUpdated().orElseThrow());

        // AND the good user can sign in with its old password
        UserResponseSchema stored = mgmt().users().listUsersByEmail(
                ListUsersByEmailRequestParameters.builder().email(email).build()).get(0);
        dev.roster.shared.user.User roster = deployment.services().users().get(TestAws.AUTH0_STORE,
                stored.getUserId().orElseThrow().substring("auth0|".length()));
        assertTrue(PasswordVerifier.matches(roster.password(), "imported-secret"));

        // AND the job's errors give the bad record as the file had it, without its hash, and the field at fault
        @SuppressWarnings("unchecked")
        List<GetJobErrorResponseContent> errors =
                (List<GetJobErrorResponseContent>) mgmt().jobs().errors().get(created.getId()).get();
        assertEquals(1, errors.size(), errors.toString());
        assertEquals(Map.of("email", "not-an-email", "username", "bad" + suffix, "user_metadata",
                Map.of("plan", "gold")), errors.get(0).getUser().orElseThrow());
        GetJobImportUserError error = errors.get(0).getErrors().orElseThrow().get(0);
        assertFalse(error.getCode().orElseThrow().isBlank());
        assertFalse(error.getMessage().orElseThrow().isBlank());
        assertEquals("email", error.getPath().orElseThrow());
    }

    @Test
    void exportsUsersAsJsonAndCsvAndTheLocationDownloads() throws Exception {
        // GIVEN a user with metadata
        CreateUserRequestContent user = newUser("exp");
        String id = mgmt().users().create(user).getUserId().orElseThrow();

        // WHEN the store is exported as JSON with its id, verified flag and a metadata field renamed
        CreateExportUsersResponseContent json = mgmt().jobs().usersExports().create(CreateExportUsersRequestContent
                .builder().connectionId(TestAws.AUTH0_STORE).format(JobFileFormatEnum.JSON)
                .fields(List.of(CreateExportUsersFields.builder().name("user_id").build(),
                        CreateExportUsersFields.builder().name("email").build(),
                        CreateExportUsersFields.builder().name("email_verified").build(),
                        CreateExportUsersFields.builder().name("user_metadata.plan").exportAs("plan").build()))
                .build());

        // THEN the job is Auth0's: its connection, and the fields as given (export_as only where renamed)
        assertEquals("users_export", json.getType());
        assertEquals(TestAws.AUTH0_STORE, json.getConnectionId().orElseThrow());
        assertEquals(TestAws.AUTH0_STORE, json.getAdditionalProperties().get("connection"));
        assertEquals(JobFileFormatEnum.JSON, json.getFormat().orElseThrow());
        assertEquals(List.of(Map.of("name", "user_id"), Map.of("name", "email"), Map.of("name", "email_verified"),
                        Map.of("name", "user_metadata.plan", "export_as", "plan")),
                asJson(json).get("fields"));

        // AND while it runs its progress is a percentage with, once estimated, the seconds left
        GetJobResponseContent jsonDone = awaitJob(mgmt(), json.getId(), running -> {
            if (running.getStatus().equals("processing")) {
                running.getPercentageDone().ifPresent(p -> assertTrue(p >= 0 && p <= 100, running.toString()));
                running.getTimeLeftSeconds().ifPresent(t -> assertTrue(t >= 0, running.toString()));
            }
        });

        // AND once completed it is done to 100%, with nothing left to estimate, and its location holds the user's line
        // with its Auth0 user id
        assertEquals("completed", jsonDone.getStatus());
        assertEquals(100, jsonDone.getPercentageDone().orElseThrow());
        assertTrue(jsonDone.getTimeLeftSeconds().isEmpty());
        assertEquals(TestAws.AUTH0_STORE, jsonDone.getAdditionalProperties().get("connection"));
        assertTrue(ExportFile.lines(jsonDone.getLocation().orElseThrow())
                .contains("{\"user_id\":\"" + id + "\",\"email\":\"" + user.getEmail().orElseThrow() + "\","
                        + "\"email_verified\":false,"
                        + "\"plan\":\"gold\"}"));

        // WHEN it is exported as CSV, limited, with the connection renamed and the creation time
        CreateExportUsersResponseContent csv = mgmt().jobs().usersExports().create(CreateExportUsersRequestContent
                .builder().connectionId(TestAws.AUTH0_STORE).format(JobFileFormatEnum.CSV).limit(5)
                .fields(List.of(CreateExportUsersFields.builder().name("email").build(),
                        CreateExportUsersFields.builder().name("identities[0].connection").exportAs("provider")
                                .build(), CreateExportUsersFields.builder().name("created_at").build()))
                .build());

        // THEN the job echoes its limit and fields, and reading it gives them again
        assertEquals(5, csv.getLimit().orElseThrow());
        List<Map<String, String>> fields = List.of(Map.of("name", "email"),
                Map.of("name", "identities[0].connection", "export_as", "provider"), Map.of("name", "created_at"));
        assertEquals(fields, asJson(csv).get("fields"));
        GetJobResponseContent csvDone = awaitJob(csv.getId());
        assertEquals(5, csvDone.getAdditionalProperties().get("limit"));
        assertEquals(fields, csvDone.getAdditionalProperties().get("fields"));
        assertEquals(JobFileFormatEnum.CSV, csvDone.getFormat().orElseThrow());

        // AND the file has the header row and at most the limit of lines on the connection, dates in ISO-8601
        List<String> lines = ExportFile.lines(csvDone.getLocation().orElseThrow());
        assertEquals("email,provider,created_at", lines.get(0));
        assertTrue(lines.size() >= 2 && lines.size() <= 6, lines.toString());
        assertTrue(lines.get(1).matches(".*," + TestAws.AUTH0_STORE + ",\\d{4}-\\d\\d-\\d\\dT[0-9:]{8}\\.\\d{3}Z"),
                lines.get(1));
    }

    @Test
    void aConnectionWithNoUsersExportsACompletedJobWithAnEmptyFile() throws Exception {
        // GIVEN a connection no test writes users to
        ManagementApi empty = mgmt(TestAws.AUTH0_EMPTY_TOKEN);

        // WHEN it is exported as CSV and as JSON
        CreateExportUsersResponseContent csv = empty.jobs().usersExports().create(CreateExportUsersRequestContent
                .builder().connectionId(TestAws.AUTH0_EMPTY_STORE).format(JobFileFormatEnum.CSV)
                .fields(List.of(CreateExportUsersFields.builder().name("email").build())).build());
        CreateExportUsersResponseContent json = empty.jobs().usersExports().create(CreateExportUsersRequestContent
                .builder().connectionId(TestAws.AUTH0_EMPTY_STORE).format(JobFileFormatEnum.JSON).build());

        // THEN both complete, as Auth0's do: the CSV file is its header row, the JSON file the gzip of nothing
        GetJobResponseContent csvDone = awaitJob(empty, csv.getId(), job -> { });
        GetJobResponseContent jsonDone = awaitJob(empty, json.getId(), job -> { });
        assertEquals("completed", csvDone.getStatus());
        assertEquals(List.of("email"), ExportFile.lines(csvDone.getLocation().orElseThrow()));
        assertEquals("completed", jsonDone.getStatus());
        assertEquals(List.of(""), ExportFile.lines(jsonDone.getLocation().orElseThrow()));
    }
}
