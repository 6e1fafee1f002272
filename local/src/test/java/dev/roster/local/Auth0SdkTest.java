package dev.roster.local;

import at.favre.lib.crypto.bcrypt.BCrypt;
import com.auth0.client.mgmt.ManagementAPI;
import com.auth0.client.mgmt.filter.UserFilter;
import com.auth0.client.mgmt.filter.UsersExportFilter;
import com.auth0.client.mgmt.filter.UsersImportOptions;
import com.auth0.exception.APIException;
import com.auth0.json.mgmt.jobs.Job;
import com.auth0.json.mgmt.jobs.UsersExportField;
import com.auth0.json.mgmt.users.User;
import com.auth0.json.mgmt.users.UsersPage;
import com.fasterxml.jackson.databind.JsonNode;
import dev.roster.shared.json.Json;
import dev.roster.shared.security.PasswordVerifier;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Auth0's official Java SDK (ManagementAPI), unchanged, pointed at the local runner. */
class Auth0SdkTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private final LocalDeployment deployment = TestAws.deployment();
    private final String suffix = UUID.randomUUID().toString().substring(0, 8);

    private ManagementAPI mgmt(String token) {
        return ManagementAPI.newBuilder("http://127.0.0.1:" + deployment.port(), token).build();
    }

    private ManagementAPI mgmt() {
        return mgmt(TestAws.AUTH0_TOKEN);
    }

    private User newUser(String name) {
        User user = new User(TestAws.AUTH0_STORE);
        user.setEmail(name + "-" + suffix + "@example.com");
        user.setUsername(name + suffix);
        user.setPhoneNumber("+1-555-" + (1_000_000 + Math.abs((name + suffix).hashCode() % 8_000_000)));
        user.setPassword("correct horse battery".toCharArray());
        return user;
    }

    private Job awaitJob(String id) {
        return awaitJob(mgmt(), id);
    }

    private static Job awaitJob(ManagementAPI mgmt, String id) {
        return Await.until(() -> {
            try {
                return mgmt.jobs().get(id).execute().getBody();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, job -> job.getStatus().equals("completed") || job.getStatus().equals("failed"), WAIT, "job " + id);
    }

    @Test
    void createGetUpdateListAndDeleteUsers() throws Exception {
        // given
        User draft = newUser("ada");
        draft.setNickname("Ada");
        draft.setUserMetadata(Map.of("plan", "gold"));

        // when
        User created = mgmt().users().create(draft).execute().getBody();

        // then
        assertTrue(created.getId().startsWith("auth0|"), created.getId());
        assertEquals(draft.getEmail(), created.getEmail());
        assertEquals("gold", created.getUserMetadata().get("plan"));
        assertEquals(TestAws.AUTH0_STORE, created.getIdentities().get(0).getConnection());
        assertEquals(created.getEmail(), mgmt().users().get(created.getId(), new UserFilter()).execute().getBody()
                .getEmail());

        User patch = new User();
        patch.setNickname("Countess");
        assertEquals("Countess", mgmt().users().update(created.getId(), patch).execute().getBody().getNickname());
        assertEquals(created.getId(), mgmt().users().listByEmail(created.getEmail(), null).execute().getBody()
                .get(0).getId());
        UsersPage page = mgmt().users().list(new UserFilter().withTotals(true).withPage(0, 100)).execute().getBody();
        assertTrue(page.getItems().stream().anyMatch(u -> u.getId().equals(created.getId())));
        assertTrue(page.getTotal() >= 1);

        mgmt().users().delete(created.getId()).execute();
        APIException gone = assertThrows(APIException.class,
                () -> mgmt().users().get(created.getId(), new UserFilter()).execute());
        assertEquals(404, gone.getStatusCode());
    }

    @Test
    void aDatabaseUserNeedsOnlyAnEmailAndAPasswordAndKeepsEveryProfileField() throws Exception {
        // GIVEN a standard Auth0 database-connection user, with the profile fields and flags Auth0 has
        User draft = new User(TestAws.AUTH0_STORE);
        draft.setEmail("only-" + suffix + "@example.com");
        draft.setPassword("correct horse battery".toCharArray());
        draft.setEmailVerified(true);
        draft.setGivenName("Grace");
        draft.setFamilyName("Hopper");
        draft.setName("Grace Hopper");
        draft.setNickname("amazing");
        draft.setPicture("https://example.com/grace.png");
        draft.setAppMetadata(Map.of("roles", List.of("admin"), "plan", Map.of("tier", "gold")));

        // WHEN it is created and read back
        User created = mgmt().users().create(draft).execute().getBody();
        User read = mgmt().users().get(created.getId(), new UserFilter()).execute().getBody();

        // THEN every field round-trips, in Auth0's shape
        for (User user : List.of(created, read)) {
            assertEquals(draft.getEmail(), user.getEmail());
            assertEquals(null, user.getUsername());
            assertEquals(true, user.isEmailVerified());
            assertEquals(false, user.isBlocked());
            assertEquals("Grace", user.getGivenName());
            assertEquals("Hopper", user.getFamilyName());
            assertEquals("Grace Hopper", user.getName());
            assertEquals("amazing", user.getNickname());
            assertEquals("https://example.com/grace.png", user.getPicture());
            assertEquals(Map.of("roles", List.of("admin"), "plan", Map.of("tier", "gold")), user.getAppMetadata());
            assertEquals("auth0", user.getIdentities().get(0).getProvider());
            assertEquals(created.getId(), "auth0|" + user.getIdentities().get(0).getUserId());
            assertTrue(user.getCreatedAt() != null && user.getUpdatedAt() != null);
        }
        // and the other doors see the same user under Roster's names
        dev.roster.shared.user.User roster = deployment.services().users().get(TestAws.AUTH0_STORE,
                created.getId().substring("auth0|".length()));
        assertTrue(roster.emailVerified());
        assertEquals("Hopper", roster.profile("FamilyName"));

        // WHEN another is created without a password, or without an email
        User noPassword = new User(TestAws.AUTH0_STORE);
        noPassword.setEmail("nopass-" + suffix + "@example.com");
        User noEmail = new User(TestAws.AUTH0_STORE);
        noEmail.setUsername("noemail" + suffix);
        noEmail.setPassword("correct horse battery".toCharArray());

        // THEN both are bad requests
        assertEquals(400, assertThrows(APIException.class, () -> mgmt().users().create(noPassword).execute())
                .getStatusCode());
        assertEquals(400, assertThrows(APIException.class, () -> mgmt().users().create(noEmail).execute())
                .getStatusCode());
    }

    @Test
    void patchReplacesTopLevelFieldsAndMergesMetadataAsAuth0Does() throws Exception {
        // GIVEN a user with both metadata
        User draft = newUser("pat");
        draft.setUserMetadata(Map.of("plan", "gold", "theme", "dark"));
        draft.setAppMetadata(Map.of("roles", List.of("admin"), "trial", true));
        User created = mgmt().users().create(draft).execute().getBody();

        // WHEN patched: a metadata key set, one removed with null; flags and names replaced
        User patch = new User();
        java.util.Map<String, Object> userMetadata = new java.util.HashMap<>();
        userMetadata.put("theme", null);
        userMetadata.put("seats", 3);
        patch.setUserMetadata(userMetadata);
        java.util.Map<String, Object> appMetadata = new java.util.HashMap<>();
        appMetadata.put("trial", null);
        appMetadata.put("roles", List.of("viewer"));
        patch.setAppMetadata(appMetadata);
        patch.setBlocked(true);
        patch.setEmailVerified(true);
        patch.setGivenName("Pat");
        User updated = mgmt().users().update(created.getId(), patch).execute().getBody();

        // THEN metadata merged at the root, the rest replaced
        assertEquals(Map.of("plan", "gold", "seats", 3), updated.getUserMetadata());
        assertEquals(Map.of("roles", List.of("viewer")), updated.getAppMetadata());
        assertEquals(true, updated.isBlocked());
        assertEquals(true, updated.isEmailVerified());
        assertEquals("Pat", updated.getGivenName());
        assertEquals("FREEZE", deployment.services().users().get(TestAws.AUTH0_STORE,
                created.getId().substring("auth0|".length())).shownStatus());

        // WHEN both metadata are patched with empty objects, THEN they are removed
        User clear = new User();
        clear.setUserMetadata(Map.of());
        clear.setAppMetadata(Map.of());
        User cleared = mgmt().users().update(created.getId(), clear).execute().getBody();
        assertEquals(Map.of(), cleared.getUserMetadata());
        assertEquals(Map.of(), cleared.getAppMetadata());
    }

    @Test
    void usersAreSearchedWithAuth0sQuerySyntax() throws Exception {
        // GIVEN two users with the same name, one with a verified email
        User first = newUser("q1");
        first.setName("Quinn Query " + suffix);
        first.setEmailVerified(true);
        User second = newUser("q2");
        second.setName("Quinn Query " + suffix);
        User one = mgmt().users().create(first).execute().getBody();
        User two = mgmt().users().create(second).execute().getBody();

        // WHEN searched by each supported field, alone and joined by AND
        String name = "name:\"quinn query " + suffix + "\"";
        UsersPage byName = mgmt().users().list(new UserFilter().withQuery(name).withTotals(true)).execute().getBody();
        UsersPage verified = mgmt().users().list(new UserFilter().withQuery(name + " AND email_verified:true"))
                .execute().getBody();
        UsersPage byEmail = mgmt().users().list(new UserFilter().withQuery("email:\"" + first.getEmail().toUpperCase()
                + "\"")).execute().getBody();
        UsersPage byId = mgmt().users().list(new UserFilter().withQuery("user_id:\"" + two.getId() + "\" AND "
                + name)).execute().getBody();
        UsersPage byUserName = mgmt().users().list(new UserFilter().withQuery("username:" + first.getUsername()
                + " AND email_verified:false")).execute().getBody();

        // THEN each finds exactly its users
        assertEquals(2, byName.getTotal());
        assertEquals(java.util.Set.of(one.getId(), two.getId()),
                byName.getItems().stream().map(User::getId).collect(java.util.stream.Collectors.toSet()));
        assertEquals(List.of(one.getId()), verified.getItems().stream().map(User::getId).toList());
        assertEquals(List.of(one.getId()), byEmail.getItems().stream().map(User::getId).toList());
        assertEquals(List.of(two.getId()), byId.getItems().stream().map(User::getId).toList());
        assertTrue(byUserName.getItems().isEmpty());

        // WHEN the query uses what Roster cannot answer exactly, THEN it is a 400 that says what it can
        APIException or = assertThrows(APIException.class, () -> mgmt().users().list(new UserFilter()
                .withQuery(name + " OR email_verified:true")).execute());
        assertEquals(400, or.getStatusCode());
        assertTrue(or.getDescription().contains("joined by AND"), or.getDescription());
    }

    @Test
    void pageBasedListingReachesOnlyTheFirstThousandUsersAsAuth0Documents() throws Exception {
        // WHEN the last pages below 1,000 users are asked for, THEN they are answered
        assertTrue(mgmt().users().list(new UserFilter().withTotals(true).withPage(9, 100)).execute().getBody()
                .getTotal() >= 0);
        mgmt().users().list(new UserFilter().withPage(19, 50)).execute();

        // WHEN a page starting at the 1,000th user or later is asked for
        APIException beyond = assertThrows(APIException.class,
                () -> mgmt().users().list(new UserFilter().withTotals(true).withPage(10, 100)).execute());
        APIException far = assertThrows(APIException.class,
                () -> mgmt().users().list(new UserFilter().withPage(2_000_000, 1)).execute());

        // THEN it is a 400 that names the limit, as Auth0's own
        assertEquals(400, beyond.getStatusCode());
        assertTrue(beyond.getDescription().contains("1000"), beyond.getDescription());
        assertEquals(400, far.getStatusCode());
    }

    @Test
    void duplicatesAndBadTokensAndMissingScopesAreTheSdksErrors() throws Exception {
        // given
        User user = newUser("bob");
        mgmt().users().create(user).execute();

        // then
        assertEquals(409, assertThrows(APIException.class, () -> mgmt().users().create(user).execute()).getStatusCode());
        assertEquals(401, assertThrows(APIException.class,
                () -> mgmt("not-a-token").users().create(newUser("eve")).execute()).getStatusCode());
        APIException scope = assertThrows(APIException.class,
                () -> mgmt(TestAws.AUTH0_READ_ONLY_TOKEN).users().create(newUser("mallory")).execute());
        assertEquals(403, scope.getStatusCode());
        assertTrue(scope.getDescription().contains("create:users"), scope.getDescription());
    }

    @Test
    void unicodeLookAlikesCollideAndRefusedCodePointsAreBadRequestsThroughTheSdk() throws Exception {
        // GIVEN a user
        User user = newUser("cy");
        mgmt().users().create(user).execute();

        // WHEN another is created with the full-width spelling of its user name, or a bidi override in a name
        User wide = newUser("cy2");
        StringBuilder fullWidth = new StringBuilder();
        user.getUsername().chars().forEach(c -> fullWidth.append((char) (c - 0x21 + 0xff01)));
        wide.setUsername(fullWidth.toString());
        User bidi = newUser("cy3");
        bidi.setUsername("\u202e" + bidi.getUsername());

        // THEN the first conflicts, the second is a bad request
        assertEquals(409, assertThrows(APIException.class, () -> mgmt().users().create(wide).execute())
                .getStatusCode());
        assertEquals(400, assertThrows(APIException.class, () -> mgmt().users().create(bidi).execute())
                .getStatusCode());
    }

    @Test
    void exportAndImportJobsWithTheSdk(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        // given an Auth0 users file with a bcrypt password hash
        String hash = BCrypt.withDefaults().hashToString(4, "imported-secret".toCharArray());
        String email = "imported-" + suffix + "@example.com";
        Path file = dir.resolve("users.json");
        Files.writeString(file, "[{\"email\":\"" + email + "\",\"username\":\"imp" + suffix + "\","
                + "\"email_verified\":true,\"user_metadata\":{\"plan\":\"silver\"},\"password_hash\":\"" + hash + "\"}]");

        // when imported
        Job imported = awaitJob(mgmt().jobs().importUsers(TestAws.AUTH0_STORE, file.toFile(), new UsersImportOptions())
                .execute().getBody().getId());

        // then
        assertEquals("completed", imported.getStatus());
        assertEquals("users_import", imported.getType());
        assertTrue(mgmt().jobs().getErrorDetails(imported.getId()).execute().getBody().isEmpty());
        User stored = mgmt().users().listByEmail(email, null).execute().getBody().get(0);
        dev.roster.shared.user.User roster = deployment.services().users().get(TestAws.AUTH0_STORE,
                stored.getId().substring("auth0|".length()));
        assertTrue(PasswordVerifier.matches(roster.password(), "imported-secret"));

        // when exported
        Job export = mgmt().jobs().exportUsers(TestAws.AUTH0_STORE, new UsersExportFilter().withFormat("json")
                .withFields(List.of(new UsersExportField("email"), new UsersExportField("user_metadata.plan", "plan"))))
                .execute().getBody();
        Job exported = awaitJob(export.getId());

        // then
        assertEquals("completed", exported.getStatus());
        assertEquals("json", exported.getFormat());
        assertEquals(TestAws.AUTH0_STORE, exported.getConnectionId());
        assertEquals(100, exported.getPercentageDone());
        assertTrue(ExportFile.lines(exported.getLocation())
                .contains("{\"email\":\"" + email + "\",\"plan\":\"silver\"}"));
    }

    @Test
    void theSeedsCurlExamplesWorkWithOnlyTheDomainAndTokenReplaced() throws Exception {
        // given a user, and the seed's two export requests (CSV with a renamed field; JSON with user_metadata)
        mgmt().users().create(newUser("curl")).execute();
        String[] bodies = {
                "{\"connection_id\": \"" + TestAws.AUTH0_STORE + "\", \"format\": \"csv\", \"limit\": 5, \"fields\": "
                        + "[{\"name\": \"email\"}, { \"name\": \"identities[0].connection\", \"export_as\": \"provider\" }]}",
                "{\"connection_id\": \"" + TestAws.AUTH0_STORE + "\", \"format\": \"json\", \"limit\": 5, \"fields\": "
                        + "[{\"name\": \"email\"}, {\"name\": \"user_metadata.consent\"}]}"};
        for (String body : bodies) {
            // when
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + deployment.port() + "/api/v2/jobs/users-exports"))
                    .header("authorization", "Bearer " + TestAws.AUTH0_TOKEN)
                    .header("content-type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());

            // then
            assertEquals(201, response.statusCode(), response.body());
            JsonNode job = Json.parseObject(response.body());
            assertEquals("users_export", job.get("type").asText());
            assertEquals(5, job.get("limit").asInt());
            assertEquals(Json.parseObject(body).get("fields"), job.get("fields"));
            assertEquals(TestAws.AUTH0_STORE, job.get("connection").asText());
            Job done = awaitJob(job.get("id").asText());
            assertEquals("completed", done.getStatus());
            List<String> lines = ExportFile.lines(done.getLocation());
            assertTrue(lines.size() <= 6 && lines.size() >= 2, lines.toString());
            if (body.contains("csv")) {
                assertEquals("email,provider", lines.get(0));
                assertTrue(lines.get(1).endsWith("," + TestAws.AUTH0_STORE), lines.get(1));
            }
        }
    }

    @Test
    void aConnectionWithNoUsersExportsACompletedJobWithAnEmptyFile() throws Exception {
        // GIVEN a connection no test writes users to
        ManagementAPI empty = mgmt(TestAws.AUTH0_EMPTY_TOKEN);

        // WHEN it is exported as CSV and as JSON
        Job csv = awaitJob(empty, empty.jobs().exportUsers(TestAws.AUTH0_EMPTY_STORE, new UsersExportFilter()
                .withFormat("csv").withFields(List.of(new UsersExportField("email")))).execute().getBody().getId());
        Job json = awaitJob(empty, empty.jobs().exportUsers(TestAws.AUTH0_EMPTY_STORE, new UsersExportFilter()
                .withFormat("json")).execute().getBody().getId());

        // THEN both complete, as Auth0's do: the CSV file is its header row, the JSON file the gzip of nothing
        assertEquals("completed", csv.getStatus());
        assertEquals(List.of("email"), ExportFile.lines(csv.getLocation()));
        assertEquals("completed", json.getStatus());
        assertEquals(List.of(""), ExportFile.lines(json.getLocation()));
    }

    @Test
    void anImportJobHasAuth0sShapeAndItsErrorsGiveEachRecordAsImportedWithoutItsHash(
            @org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        // GIVEN a users file with a good user and one with a malformed email and a bcrypt hash
        String hash = BCrypt.withDefaults().hashToString(4, "secret".toCharArray());
        Path file = dir.resolve("users.json");
        Files.writeString(file, "[{\"email\":\"good-" + suffix + "@example.com\"},"
                + "{\"email\":\"not-an-email\",\"username\":\"bad" + suffix + "\",\"user_metadata\":{\"plan\":\"gold\"},"
                + "\"password_hash\":\"" + hash + "\"}]");

        // WHEN imported with an external id
        Job created = mgmt().jobs().importUsers(TestAws.AUTH0_STORE, file.toFile(), new UsersImportOptions()
                .withExternalId("batch-" + suffix)).execute().getBody();
        Job done = awaitJob(created.getId());

        // THEN the job is Auth0's, from creation to its summary
        assertEquals("batch-" + suffix, created.getExternalId());
        assertEquals(TestAws.AUTH0_STORE, created.getConnectionId());
        assertEquals(TestAws.AUTH0_STORE, created.getConnection());
        assertTrue(created.getCreatedAt() != null);
        assertEquals("completed", done.getStatus());
        assertEquals("batch-" + suffix, done.getExternalId());
        assertEquals(100, done.getPercentageDone());
        assertEquals(2, done.getSummary().getTotal());
        assertEquals(1, done.getSummary().getInserted());
        assertEquals(1, done.getSummary().getFailed());

        // AND its errors give the failed record as the file had it, minus its hash, and the field at fault
        List<com.auth0.json.mgmt.jobs.JobErrorDetails> errors = mgmt().jobs().getErrorDetails(done.getId()).execute()
                .getBody();
        assertEquals(1, errors.size());
        assertEquals("not-an-email", errors.get(0).getUser().getEmail());
        assertEquals("bad" + suffix, errors.get(0).getUser().getUsername());
        assertEquals("gold", errors.get(0).getUser().getUserMetadata().get("plan"));
        assertEquals("email", errors.get(0).getErrors().get(0).getPath());
        HttpResponse<String> raw = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                        "http://127.0.0.1:" + deployment.port() + "/api/v2/jobs/" + done.getId() + "/errors"))
                .header("authorization", "Bearer " + TestAws.AUTH0_TOKEN).build(), HttpResponse.BodyHandlers.ofString());
        assertFalse(raw.body().contains(hash) || raw.body().contains("password"), raw.body());
    }

    @Test
    void anImportKeepsItsUserIdsAndEveryFieldOfAuth0sSchemaAndATakenIdFailsItsRecord(
            @org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        // GIVEN a file exported from Auth0 (user_id with its prefix) and a second record reusing that id
        String id = "legacy-" + suffix;
        Path file = dir.resolve("users.json");
        Files.writeString(file, "[{\"user_id\":\"auth0|" + id + "\",\"email\":\"kept-" + suffix + "@example.com\","
                + "\"email_verified\":true,\"username\":\"kept" + suffix + "\",\"given_name\":\"Kay\","
                + "\"family_name\":\"Pt\",\"name\":\"Kay Pt\",\"nickname\":\"kp\",\"picture\":\"https://example.com/k.png\","
                + "\"blocked\":true,\"app_metadata\":{\"roles\":[\"admin\"]},\"user_metadata\":{\"plan\":\"gold\"}},"
                + "{\"user_id\":\"" + id + "\",\"email\":\"other-" + suffix + "@example.com\"}]");

        // WHEN imported
        Job done = awaitJob(mgmt().jobs().importUsers(TestAws.AUTH0_STORE, file.toFile(), new UsersImportOptions())
                .execute().getBody().getId());

        // THEN the first user is auth0|<its id> with every field; the second fails at user_id
        assertEquals(1, done.getSummary().getInserted());
        assertEquals(1, done.getSummary().getFailed());
        User kept = mgmt().users().get("auth0|" + id, null).execute().getBody();
        assertEquals("kept-" + suffix + "@example.com", kept.getEmail());
        assertTrue(kept.isEmailVerified());
        assertEquals("kept" + suffix, kept.getUsername());
        assertEquals("Kay", kept.getGivenName());
        assertEquals("Pt", kept.getFamilyName());
        assertEquals("Kay Pt", kept.getName());
        assertEquals("kp", kept.getNickname());
        assertEquals("https://example.com/k.png", kept.getPicture());
        assertTrue(kept.isBlocked());
        assertEquals(List.of("admin"), kept.getAppMetadata().get("roles"));
        assertEquals("gold", kept.getUserMetadata().get("plan"));
        List<com.auth0.json.mgmt.jobs.JobErrorDetails> errors = mgmt().jobs().getErrorDetails(done.getId()).execute()
                .getBody();
        assertEquals("user_id", errors.get(0).getErrors().get(0).getPath());
        assertEquals("FailedOperation.UserIdAlreadyExists", errors.get(0).getErrors().get(0).getCode());
    }

    @Test
    void anUpsertImportUpdatesTheUserItsEmailMatchesAndKeepsItsPasswordHash(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        // GIVEN a user with a password, and a file giving its email with new names, metadata and another hash
        User created = mgmt().users().create(newUser("ups")).execute().getBody();
        String other = BCrypt.withDefaults().hashToString(4, "another secret".toCharArray());
        Path file = dir.resolve("users.json");
        Files.writeString(file, "[{\"email\":\"" + created.getEmail() + "\",\"given_name\":\"Uma\","
                + "\"email_verified\":true,\"app_metadata\":{\"tier\":\"gold\"},\"password_hash\":\"" + other + "\"},"
                + "{\"email\":\"ups-new-" + suffix + "@example.com\"}]");

        // WHEN imported with upsert
        Job done = awaitJob(mgmt().jobs().importUsers(TestAws.AUTH0_STORE, file.toFile(),
                new UsersImportOptions().withUpsert(true)).execute().getBody().getId());

        // THEN the user is updated, keeps its id and its hash; the other one is inserted; summary counts both
        assertEquals("completed", done.getStatus());
        assertEquals(1, done.getSummary().getUpdated());
        assertEquals(1, done.getSummary().getInserted());
        assertEquals(0, done.getSummary().getFailed());
        User updated = mgmt().users().get(created.getId(), null).execute().getBody();
        assertEquals("Uma", updated.getGivenName());
        assertTrue(updated.isEmailVerified());
        assertEquals("gold", updated.getAppMetadata().get("tier"));
        dev.roster.shared.user.User roster = deployment.services().users().get(TestAws.AUTH0_STORE,
                created.getId().substring("auth0|".length()));
        assertTrue(PasswordVerifier.matches(roster.password(), "correct horse battery"));
        assertFalse(PasswordVerifier.matches(roster.password(), "another secret"));
    }
}
