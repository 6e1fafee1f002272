package dev.roster.shared.user;

import dev.roster.shared.error.ApiException;
import dev.roster.shared.error.ErrorStatus;
import dev.roster.shared.error.InvalidRequestException;
import dev.roster.shared.error.NotFoundException;
import dev.roster.shared.error.UnauthorizedException;
import dev.roster.shared.fakes.InMemoryUserStore;
import dev.roster.shared.fakes.TestClock;
import dev.roster.shared.security.PasswordCredential;
import dev.roster.shared.security.PasswordHasher;
import dev.roster.shared.security.PasswordVerifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link UserService#verifyPassword} and {@link UserService#updateStatus} over the fake store. */
class PasswordChecksTest {

    private static final String STORE = "demo";
    private static final String PASSWORD = "correct horse battery";
    private static final int MAX_FAILED = 3;

    private final InMemoryUserStore store = new InMemoryUserStore();
    private final TestClock clock = new TestClock();
    private final PasswordHasher hasher = new PasswordHasher(PasswordHasher.MIN_ITERATIONS);
    /** Verifications of a current-KDF credential: the expensive work, which every check must do exactly once. */
    private final AtomicInteger currentKdfVerifications = new AtomicInteger();
    private final UserService users = service(MAX_FAILED);

    private UserService service(int maxFailedChecks) {
        return new UserService(store, hasher, clock, maxFailedChecks, (credential, candidate) -> {
            if (hasher.isCurrent(credential)) {
                currentKdfVerifications.incrementAndGet();
            }
            return PasswordVerifier.matches(credential, candidate);
        });
    }

    private User stored(PasswordCredential credential) {
        User user = User.builder(STORE, "u-1").userName("Zhang.San").email("zhangsan@example.com")
                .phoneNumber("+86-198 7775 5556").createdAt(clock.millis()).password(credential).build();
        store.insert(user);
        return user;
    }

    private User reread() {
        return store.find(STORE, "u-1").orElseThrow();
    }

    private User check(String identifier, String password) {
        return users.verifyPassword(STORE, new PasswordCheck(identifier, password));
    }

    /** The one answer of every failed check: asserts it and returns nothing to tell failures apart by. */
    private void assertRefused(String identifier, String password) {
        UnauthorizedException refused = assertThrows(UnauthorizedException.class, () -> check(identifier, password));
        assertEquals(UnauthorizedException.INVALID_CREDENTIALS, refused.code());
        assertEquals(UnauthorizedException.invalidCredentials().getMessage(), refused.getMessage());
        assertEquals(401, ErrorStatus.of(refused));
    }

    private static PasswordCredential md5(String salt, String password) throws Exception {
        byte[] digest = MessageDigest.getInstance("MD5").digest((salt + password).getBytes(StandardCharsets.UTF_8));
        return new PasswordCredential("MD5", HexFormat.of().formatHex(digest), salt, "HEAD", null, 0);
    }

    private static PasswordCredential sha256(String password) throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(password.getBytes(StandardCharsets.UTF_8));
        return new PasswordCredential("SHA256", HexFormat.of().formatHex(digest), null, null, null, 0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Zhang.San", "ZHANG.SAN", "zhangsan@example.com", "ZhangSan@Example.COM",
            "+8619877755556", "+86 198-7775-5556"})
    void anyIdentifierOfTheUserInAnySpellingFindsIt(String identifier) {
        // GIVEN a user with a current credential
        stored(hasher.hash(PASSWORD));

        // WHEN
        User user = check(identifier, PASSWORD);

        // THEN one current-KDF verification, and the user comes back
        assertEquals("u-1", user.userId());
        assertEquals(1, currentKdfVerifications.get());
    }

    @Test
    void aWrongPasswordIsRefusedAndCounted() {
        // GIVEN
        stored(hasher.hash(PASSWORD));

        // WHEN
        assertRefused("Zhang.San", PASSWORD + "!");

        // THEN
        assertEquals(1, reread().failedChecks());
        assertEquals(1, currentKdfVerifications.get());
    }

    @Test
    void anUnknownIdentifierIsRefusedAsAWrongPasswordIsAndStillCostsOneKdfVerification() {
        // GIVEN a store with a user, and an identifier that is nobody's
        stored(hasher.hash(PASSWORD));

        // WHEN
        assertRefused("nobody@example.com", PASSWORD);

        // THEN the dummy current-KDF credential was verified once, and nothing was written
        assertEquals(1, currentKdfVerifications.get());
        assertEquals(0, reread().failedChecks());
    }

    @Test
    void aUserWithoutAPasswordIsRefusedWithTheSameKdfWorkAndMustResetIt() {
        // GIVEN an imported Cognito user: no credential
        stored(null);

        // WHEN
        assertRefused("Zhang.San", PASSWORD);

        // THEN
        assertEquals(1, currentKdfVerifications.get());
        assertTrue(reread().passwordResetRequired());
        assertFalse(User.builder(STORE, "x").password(hasher.hash(PASSWORD)).build().passwordResetRequired());
    }

    @Test
    void consecutiveFailuresLockTheUserUntilAnAdministratorUnlocksIt() {
        // GIVEN
        User before = stored(hasher.hash(PASSWORD));

        // WHEN MAX_FAILED wrong passwords
        for (int i = 0; i < MAX_FAILED; i++) {
            assertRefused("zhangsan@example.com", "wrong " + i);
        }

        // THEN locked, with the reason, a new version, and the right password no longer passes (nor counts)
        User locked = reread();
        assertEquals(User.STATUS_LOCK, locked.status());
        assertEquals(PasswordChecks.LOCK_REASON, locked.statusReason());
        assertEquals(before.version() + 1, locked.version());
        currentKdfVerifications.set(0);
        assertRefused("zhangsan@example.com", PASSWORD);
        assertEquals(1, currentKdfVerifications.get());
        assertEquals(MAX_FAILED, reread().failedChecks());

        // WHEN an administrator unlocks it
        User unlocked = users.updateStatus(STORE, "u-1", new StatusChange(User.STATUS_NORMAL, "called the user"));

        // THEN
        assertEquals(User.STATUS_NORMAL, unlocked.shownStatus());
        assertEquals(0, reread().failedChecks());
        assertEquals("called the user", reread().statusReason());
        assertEquals("u-1", check("zhangsan@example.com", PASSWORD).userId());
    }

    @Test
    void aSuccessResetsTheCount() {
        // GIVEN two failures
        stored(hasher.hash(PASSWORD));
        assertRefused("Zhang.San", "wrong");
        assertRefused("Zhang.San", "wrong");

        // WHEN a success, then two failures more
        User user = check("Zhang.San", PASSWORD);
        assertEquals(0, user.failedChecks());
        assertRefused("Zhang.San", "wrong");
        assertRefused("Zhang.San", "wrong");

        // THEN four failures in all, never three in a row: not locked
        assertEquals(User.STATUS_NOT_ENABLED, reread().status());
        assertEquals(2, reread().failedChecks());
    }

    @Test
    void withNoLimitNothingLocks() {
        // GIVEN
        stored(hasher.hash(PASSWORD));
        UserService unlimited = service(0);

        // WHEN
        for (int i = 0; i < MAX_FAILED + 2; i++) {
            assertThrows(UnauthorizedException.class,
                    () -> unlimited.verifyPassword(STORE, new PasswordCheck("Zhang.San", "wrong")));
        }

        // THEN
        assertEquals(User.STATUS_NOT_ENABLED, reread().status());
        assertEquals(0, reread().failedChecks());
    }

    @Test
    void frozenAndBlockedUsersAreRefusedEvenWithTheRightPassword() {
        // GIVEN a user blocked as Auth0 blocks, and a second frozen through the status route
        store.insert(User.builder(STORE, "u-2").userName("blocked").blocked(true).password(hasher.hash(PASSWORD))
                .build());
        stored(hasher.hash(PASSWORD));
        users.updateStatus(STORE, "u-1", new StatusChange(User.STATUS_FREEZE, null));

        // WHEN / THEN
        assertRefused("blocked", PASSWORD);
        assertRefused("Zhang.San", PASSWORD);
        assertEquals(2, currentKdfVerifications.get());
    }

    @Test
    void aLegacyMd5CredentialIsRehashedWithTheCurrentKdfOnSuccess() throws Exception {
        // GIVEN an imported salted MD5 hash
        PasswordCredential legacy = md5("s@lt", PASSWORD);
        stored(legacy);

        // WHEN
        check("Zhang.San", PASSWORD);

        // THEN the hash, not a dummy verification, was this check's KDF work; the credential is the current KDF
        assertEquals(0, currentKdfVerifications.get());
        PasswordCredential rehashed = reread().password();
        assertTrue(hasher.isCurrent(rehashed));
        assertTrue(PasswordVerifier.matches(rehashed, PASSWORD));
        assertFalse(PasswordVerifier.matches(rehashed, PASSWORD + "!"));
        assertEquals(1, reread().version(), "a rehash is not a change of the user as the API shows it");

        // and the next check verifies the new credential
        check("zhangsan@example.com", PASSWORD);
        assertEquals(1, currentKdfVerifications.get());
    }

    @Test
    void aWrongPasswordAgainstALegacyCredentialCostsTheDummyKdfAndKeepsTheCredential() throws Exception {
        // GIVEN an imported unsalted SHA256 hash
        PasswordCredential legacy = sha256(PASSWORD);
        stored(legacy);

        // WHEN
        assertRefused("Zhang.San", "not it");

        // THEN
        assertEquals(1, currentKdfVerifications.get());
        assertEquals(legacy, reread().password());
    }

    @Test
    void aConcurrentChangeWinsOverTheRehashAndTheCheckStillSucceeds() throws Exception {
        // GIVEN a legacy credential, and a new password that lands between the check's read and its rehash
        User before = stored(sha256(PASSWORD));
        PasswordCredential imported = hasher.hash("a newer password");
        store.beforeNextPasswordCheckWrite = () -> store.replace(before,
                before.toBuilder().password(imported).version(before.version() + 1).build());

        // WHEN
        User user = check("Zhang.San", PASSWORD);

        // THEN
        assertEquals("u-1", user.userId());
        assertSame(imported, reread().password());
    }

    @Test
    void theLockDoesNotOverwriteAnAdministratorsConcurrentStatusChange() {
        // GIVEN one failure short of the limit, and an administrator locking the user with a reason meanwhile
        stored(hasher.hash(PASSWORD));
        for (int i = 1; i < MAX_FAILED; i++) {
            assertRefused("Zhang.San", "wrong");
        }
        store.beforeNextPasswordCheckWrite = () -> users.updateStatus(STORE, "u-1",
                new StatusChange(User.STATUS_LOCK, "fraud review"));

        // WHEN the failure that reaches the limit
        assertRefused("Zhang.San", "wrong");

        // THEN the administrator's reason stands
        assertEquals(User.STATUS_LOCK, reread().status());
        assertEquals("fraud review", reread().statusReason());
    }

    @Test
    void anUnlockBeforeTheLastFailureIsCountedKeepsTheUserUnlocked() {
        // GIVEN one failure short of the limit, and an unlock that lands right before the next failure counts
        stored(hasher.hash(PASSWORD));
        for (int i = 1; i < MAX_FAILED; i++) {
            assertRefused("Zhang.San", "wrong");
        }
        store.beforeNextPasswordCheckWrite = () -> users.updateStatus(STORE, "u-1",
                new StatusChange(User.STATUS_NORMAL, null));

        // WHEN
        assertRefused("Zhang.San", "wrong");

        // THEN the count restarted from the unlock
        assertEquals(User.STATUS_NORMAL, reread().status());
        assertEquals(1, reread().failedChecks());
    }

    @Test
    void statusChangesShowTheStatusAskedForAndBumpTheVersion() {
        // GIVEN
        User before = stored(hasher.hash(PASSWORD));

        // WHEN / THEN FREEZE blocks (every door shows it), keeping the stored status
        User frozen = users.updateStatus(STORE, "u-1", new StatusChange(User.STATUS_FREEZE, "chargeback"));
        assertEquals(User.STATUS_FREEZE, frozen.shownStatus());
        assertTrue(frozen.blocked());
        assertEquals(before.status(), frozen.status());
        assertEquals(before.version() + 1, frozen.version());
        assertEquals("chargeback", reread().statusReason());

        // LOCK lifts the block and shows LOCK; the same again changes nothing
        User locked = users.updateStatus(STORE, "u-1", new StatusChange(User.STATUS_LOCK, null));
        assertEquals(User.STATUS_LOCK, locked.shownStatus());
        assertFalse(locked.blocked());
        assertNull(locked.statusReason());
        assertEquals(locked.version(), users.updateStatus(STORE, "u-1",
                new StatusChange(User.STATUS_LOCK, null)).version());
        assertNotEquals(frozen.version(), locked.version());
    }

    @Test
    void statusChangesOfUnknownUsersAndBadValuesAreRefused() {
        // GIVEN
        stored(hasher.hash(PASSWORD));

        // WHEN / THEN
        ApiException missing = assertThrows(NotFoundException.class,
                () -> users.updateStatus(STORE, "nobody", new StatusChange(User.STATUS_NORMAL, null)));
        assertEquals(404, ErrorStatus.of(missing));
        assertThrows(InvalidRequestException.class, () -> new StatusChange("NOT_ENABLED", null));
        assertThrows(InvalidRequestException.class, () -> new StatusChange(null, null));
        assertThrows(InvalidRequestException.class,
                () -> new StatusChange(User.STATUS_LOCK, "x".repeat(StatusChange.REASON_MAX + 1)));
    }

    @Test
    void aCheckNeverPrintsThePassword() {
        assertFalse(new PasswordCheck("Zhang.San", PASSWORD).toString().contains(PASSWORD));
    }
}
