package dev.roster.local;

import dev.roster.local.ApiClient.Reply;
import dev.roster.shared.security.PasswordCredential;
import dev.roster.shared.security.PasswordHasher;
import dev.roster.shared.security.PasswordVerifier;
import dev.roster.shared.user.DynamoUserStore;
import dev.roster.shared.user.ImportUserInput;
import dev.roster.shared.user.User;
import dev.roster.shared.user.UserService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Password checks, lockout and the status route through the local HTTP front against DynamoDB Local: the
 * conditional writes run on the real table, with the default limit of {@link UserService#DEFAULT_MAX_FAILED_CHECKS}.
 */
class EmbeddedPasswordChecksTest {

    private static final String PASSWORD = "correct horse battery";
    private static final int LIMIT = UserService.DEFAULT_MAX_FAILED_CHECKS;

    private final LocalDeployment deployment = TestAws.userApiDeployment();
    private final DynamoUserStore users = new DynamoUserStore(deployment.dynamo(),
            deployment.services().config().tableName());
    private ApiClient api;
    private String store;

    @BeforeEach
    void setUp() {
        api = new ApiClient(deployment.port());
        store = "checks-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private String createUser(String name) {
        Reply created = api.post("/userstores/" + store + "/users", "{\"UserName\":\"" + name + "\",\"Email\":\""
                + name + "@example.com\",\"PhoneNumber\":\"+1-555-" + Math.abs(name.hashCode() % 10_000)
                + "\",\"Password\":\"" + PASSWORD + "\"}");
        assertEquals(201, created.status(), created.raw().body());
        return created.user().get("UserId").asText();
    }

    private Reply check(String identifier, String password) {
        return api.post("/userstores/" + store + "/password-verifications",
                "{\"Identifier\":\"" + identifier + "\",\"Password\":\"" + password + "\"}");
    }

    private Reply setStatus(String userId, String body) {
        return api.send("PUT", "/userstores/" + store + "/users/" + userId + "/status", body);
    }

    private User stored(String userId) {
        return users.find(store, userId).orElseThrow();
    }

    /** Sends {@code n} wrong checks at once and returns their statuses. */
    private List<Integer> concurrentFailures(String identifier, int n) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Callable<Reply>> calls = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String wrong = "wrong " + i;
                calls.add(() -> check(identifier, wrong));
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Reply> reply : pool.invokeAll(calls)) {
                statuses.add(reply.get().status());
            }
            return statuses;
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void theRightPasswordPassesAndEveryFailureGetsTheSameAnswer() {
        // given
        String userId = createUser("alice");

        // when
        Reply byName = check("ALICE", PASSWORD);
        Reply byPhone = check("+1 555 " + Math.abs("alice".hashCode() % 10_000), PASSWORD);
        Reply wrong = check("alice@example.com", "not it");
        Reply unknown = check("nobody@example.com", PASSWORD);

        // then
        assertEquals(200, byName.status(), byName.raw().body());
        assertEquals(userId, byName.user().get("UserId").asText());
        assertEquals(200, byPhone.status(), byPhone.raw().body());
        assertFalse(byName.raw().body().contains(PASSWORD));
        assertEquals(401, wrong.status());
        assertEquals(401, unknown.status());
        assertEquals("FailedOperation.InvalidCredentials", wrong.errorCode());
        assertEquals(wrong.body().get("Error"), unknown.body().get("Error"));
        assertEquals(1, stored(userId).failedChecks());
    }

    @Test
    void concurrentFailuresAllCountAndTheLimitLocksTheUserOnce() throws Exception {
        // given
        String userId = createUser("bob");
        long version = stored(userId).version();

        // when one failure short of the limit, all at once
        List<Integer> first = concurrentFailures("bob", LIMIT - 1);

        // then each counted, nothing locked yet
        assertEquals(List.of(401), first.stream().distinct().toList());
        assertEquals(LIMIT - 1, stored(userId).failedChecks());
        assertEquals(User.STATUS_NOT_ENABLED, stored(userId).status());

        // when many more at once
        concurrentFailures("bob@example.com", 8);

        // then locked exactly once (one version up), and the right password is refused
        User locked = stored(userId);
        assertEquals(User.STATUS_LOCK, locked.status());
        assertEquals(version + 1, locked.version());
        assertTrue(locked.failedChecks() >= LIMIT);
        assertEquals(401, check("bob", PASSWORD).status());
        assertEquals("LOCK", api.get("/userstores/" + store + "/users/" + userId).user().get("Status").asText());

        // when an administrator unlocks it
        Reply unlocked = setStatus(userId, "{\"Status\":\"NORMAL\",\"Reason\":\"verified by phone\"}");

        // then
        assertEquals(200, unlocked.status(), unlocked.raw().body());
        assertEquals("NORMAL", unlocked.user().get("Status").asText());
        assertEquals(0, stored(userId).failedChecks());
        assertEquals("verified by phone", stored(userId).statusReason());
        assertEquals(200, check("bob", PASSWORD).status());
    }

    @Test
    void freezeAndUnknownUsersThroughTheStatusRoute() {
        // given
        String userId = createUser("carol");

        // when
        Reply frozen = setStatus(userId, "{\"Status\":\"FREEZE\"}");
        Reply missing = setStatus("nobody", "{\"Status\":\"NORMAL\"}");
        Reply bad = setStatus(userId, "{\"Status\":\"LOCKED\"}");

        // then
        assertEquals("FREEZE", frozen.user().get("Status").asText());
        assertTrue(frozen.user().get("Blocked").asBoolean());
        assertEquals(401, check("carol", PASSWORD).status());
        assertEquals(404, missing.status());
        assertEquals(400, bad.status());
        assertEquals("InvalidParameterValue", bad.errorCode());
    }

    @Test
    void aLegacyMd5CredentialIsRehashedInPlaceUnlessTheUserChanged() throws Exception {
        // given an imported user with a salted MD5 hash
        byte[] md5 = MessageDigest.getInstance("MD5").digest(("pepper" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        PasswordCredential legacy = new PasswordCredential("MD5", HexFormat.of().formatHex(md5), "pepper", "HEAD",
                null, 0);
        users.insert(User.builder(store, "legacy-1").userName("dave").password(legacy)
                .dataSource(ImportUserInput.SOURCE_IMPORT).build());

        // when
        Reply verified = check("dave", PASSWORD);

        // then the stored credential is the current KDF's, the user's version unchanged
        assertEquals(200, verified.status(), verified.raw().body());
        User rehashed = stored("legacy-1");
        assertEquals(PasswordHasher.ALGORITHM, rehashed.password().algorithm());
        assertTrue(PasswordVerifier.matches(rehashed.password(), PASSWORD));
        assertEquals(1, rehashed.version());
        assertEquals(200, check("dave", PASSWORD).status());

        // and a rehash conditioned on a version that is no longer stored writes nothing
        User stale = rehashed.toBuilder().version(0).build();
        assertFalse(users.recordPasswordSuccess(stale, legacy));
        assertEquals(rehashed.password(), stored("legacy-1").password());
    }

    @Test
    void theLockConditionsLetAnAdministratorsChangeWinOnTheRealTable() {
        // given a user at the limit, as a check read it
        String userId = createUser("frank");
        for (int i = 0; i < LIMIT; i++) {
            users.addFailedCheck(store, userId);
        }
        User seen = stored(userId);

        // when an administrator freezes it with LOCK first (a status change), the check's lock is refused
        assertEquals(200, setStatus(userId, "{\"Status\":\"LOCK\",\"Reason\":\"fraud review\"}").status());
        assertFalse(users.lockAfterFailedChecks(seen, LIMIT, "too many", 1L));
        assertEquals("fraud review", stored(userId).statusReason());

        // when an administrator unlocks it (count back to 0), a lock of the earlier read is refused as well
        assertEquals(200, setStatus(userId, "{\"Status\":\"NORMAL\"}").status());
        User unlocked = stored(userId);
        assertFalse(users.lockAfterFailedChecks(unlocked, LIMIT, "too many", 1L));
        assertEquals(User.STATUS_NORMAL, stored(userId).status());

        // and a failure count of a user deleted meanwhile writes nothing
        api.delete("/userstores/" + store + "/users/" + userId);
        assertTrue(users.addFailedCheck(store, userId).isEmpty());
        assertTrue(users.find(store, userId).isEmpty());
    }

    @Test
    void aUserWithoutAPasswordIsRefusedAndShowsThatItMustResetIt() {
        // given an imported Cognito user
        users.insert(User.builder(store, "cognito-1").email("erin@example.com")
                .dataSource(ImportUserInput.SOURCE_IMPORT).build());

        // when
        Reply refused = check("erin@example.com", PASSWORD);

        // then
        assertEquals(401, refused.status());
        assertTrue(api.get("/userstores/" + store + "/users/cognito-1").user().get("PasswordResetRequired")
                .asBoolean());
        assertEquals(1, stored("cognito-1").failedChecks());
    }
}
