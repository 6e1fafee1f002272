package dev.roster.local;

import at.favre.lib.crypto.bcrypt.BCrypt;
import com.auth0.client.mgmt.ManagementApi;
import com.auth0.client.mgmt.core.ManagementApiException;
import com.auth0.client.mgmt.core.SyncPagingIterable;
import com.auth0.client.mgmt.jobs.types.CreateExportUsersRequestContent;
import com.auth0.client.mgmt.jobs.types.CreateImportUsersRequestContent;
import com.auth0.client.mgmt.types.CreateExportUsersFields;
import com.auth0.client.mgmt.types.CreateExportUsersResponseContent;
import com.auth0.client.mgmt.types.CreateImportUsersResponseContent;
import com.auth0.client.mgmt.types.CreateUserRequestContent;
import com.auth0.client.mgmt.types.CreateUserResponseContent;
import com.auth0.client.mgmt.types.GetJobErrorResponseContent;
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
import java.util.List;
import java.util.Map;
import java.util.UUID;

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

    /** A database-connection user; phone and user name too, as Roster's core still requires them (see #13). */
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
        return Await.until(() -> mgmt().jobs().get(id),
                job -> job.getStatus().equals("completed") || job.getStatus().equals("failed"), WAIT, "job " + id);
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
                + "{\"email\":\"not-an-email\",\"password_hash\":\"" + hash + "\"}]");

        // WHEN the SDK uploads it: it sends connection_id, upsert, external_id and send_completion_email JSON-encoded
        CreateImportUsersResponseContent created = mgmt().jobs().usersImports().create(file.toFile(),
                CreateImportUsersRequestContent.builder().connectionId(TestAws.AUTH0_STORE).upsert(false)
                        .externalId("batch-" + suffix).sendCompletionEmail(false).build());

        // THEN the job is accepted on the token's connection, and completes
        assertTrue(created.getId().startsWith("job_"), created.getId());
        assertEquals("users_import", created.getType());
        assertEquals(TestAws.AUTH0_STORE, created.getConnectionId());
        Instant.parse(created.getCreatedAt());
        GetJobResponseContent done = awaitJob(created.getId());
        assertEquals("completed", done.getStatus());
        assertEquals("users_import", done.getType());
        assertEquals(created.getId(), done.getId());
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

        // AND the job's errors name the bad record, each error with a code and a message
        @SuppressWarnings("unchecked")
        List<GetJobErrorResponseContent> errors =
                (List<GetJobErrorResponseContent>) mgmt().jobs().errors().get(created.getId()).get();
        assertEquals(1, errors.size(), errors.toString());
        assertFalse(errors.get(0).getErrors().orElseThrow().get(0).getCode().orElseThrow().isBlank());
        assertFalse(errors.get(0).getErrors().orElseThrow().get(0).getMessage().orElseThrow().isBlank());
    }

    @Test
    void exportsUsersAsJsonAndCsvAndTheLocationDownloads() throws Exception {
        // GIVEN a user with metadata
        CreateUserRequestContent user = newUser("exp");
        mgmt().users().create(user);

        // WHEN the store is exported as JSON with a metadata field renamed
        CreateExportUsersResponseContent json = mgmt().jobs().usersExports().create(CreateExportUsersRequestContent
                .builder().connectionId(TestAws.AUTH0_STORE).format(JobFileFormatEnum.JSON)
                .fields(List.of(CreateExportUsersFields.builder().name("email").build(),
                        CreateExportUsersFields.builder().name("user_metadata.plan").exportAs("plan").build()))
                .build());

        // THEN the job is Auth0's, and once completed its location holds the user's line
        assertEquals("users_export", json.getType());
        assertEquals(TestAws.AUTH0_STORE, json.getConnectionId().orElseThrow());
        assertEquals(JobFileFormatEnum.JSON, json.getFormat().orElseThrow());
        GetJobResponseContent jsonDone = awaitJob(json.getId());
        assertEquals("completed", jsonDone.getStatus());
        assertEquals(100, jsonDone.getPercentageDone().orElseThrow());
        assertTrue(ExportFile.lines(jsonDone.getLocation().orElseThrow())
                .contains("{\"email\":\"" + user.getEmail().orElseThrow() + "\",\"plan\":\"gold\"}"));

        // WHEN it is exported as CSV, limited, with the connection renamed
        CreateExportUsersResponseContent csv = mgmt().jobs().usersExports().create(CreateExportUsersRequestContent
                .builder().connectionId(TestAws.AUTH0_STORE).format(JobFileFormatEnum.CSV).limit(5)
                .fields(List.of(CreateExportUsersFields.builder().name("email").build(),
                        CreateExportUsersFields.builder().name("identities[0].connection").exportAs("provider")
                                .build()))
                .build());

        // THEN the file has the header row and at most the limit of lines on the connection
        List<String> lines = ExportFile.lines(awaitJob(csv.getId()).getLocation().orElseThrow());
        assertEquals("email,provider", lines.get(0));
        assertTrue(lines.size() >= 2 && lines.size() <= 6, lines.toString());
        assertTrue(lines.get(1).endsWith("," + TestAws.AUTH0_STORE), lines.get(1));
    }
}
