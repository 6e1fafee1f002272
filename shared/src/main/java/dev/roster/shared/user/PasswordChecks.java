package dev.roster.shared.user;

import dev.roster.shared.error.UnauthorizedException;
import dev.roster.shared.log.Log;
import dev.roster.shared.security.PasswordCredential;
import dev.roster.shared.security.PasswordHasher;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.function.BiPredicate;

/**
 * Checks a password against the user an identifier names, with lockout and rehash. Every failure is the same
 * {@link UnauthorizedException#invalidCredentials()} (unknown identifier, wrong password, locked, frozen or
 * passwordless user), and every check does exactly one computation of the current KDF: it verifies a current
 * credential; otherwise it verifies the legacy one (if any) and then either rehashes the password (a success) or
 * verifies against a dummy current credential (a failure). So the answer and, up to a few table reads, its time do
 * not tell whether the user exists.
 */
final class PasswordChecks {

    /** The reason a lock by failed checks stores, so an administrator sees why the user is locked. */
    static final String LOCK_REASON = "Too many failed password checks.";
    /**
     * The identifier kinds in the order a check tries them: a user name first, as Cognito resolves a sign-in name
     * before its email and phone aliases, so two users whose identifiers collide across kinds resolve the same way
     * every time.
     */
    private static final List<UniqueKey> LOOKUP_ORDER = List.of(UniqueKey.USERNAME, UniqueKey.EMAIL, UniqueKey.PHONE);

    private final UserStore store;
    private final PasswordHasher hasher;
    private final Clock clock;
    private final int maxFailedChecks;
    private final BiPredicate<PasswordCredential, String> verifier;
    /** A current-KDF credential of a random password, verified by checks that have none of their own. */
    private volatile PasswordCredential dummy;

    PasswordChecks(UserStore store, PasswordHasher hasher, Clock clock, int maxFailedChecks,
                   BiPredicate<PasswordCredential, String> verifier) {
        if (maxFailedChecks < 0) {
            throw new IllegalArgumentException("the failed-check limit must be 0 (no lockout) or more");
        }
        this.store = store;
        this.hasher = hasher;
        this.clock = clock;
        this.maxFailedChecks = maxFailedChecks;
        this.verifier = verifier;
    }

    User verify(String userStoreId, PasswordCheck check) {
        Optional<User> found = lookup(userStoreId, check.identifier());
        PasswordCredential credential = found.map(User::password).orElse(null);
        boolean current = hasher.isCurrent(credential);
        boolean matched = credential != null && verifier.test(credential, check.password());
        boolean allowed = found.isPresent() && found.get().mayPassPasswordCheck();
        boolean rehash = matched && allowed && !current;
        if (!current && !rehash) {
            // The current-KDF work a current credential or a rehash would have cost, so timing tells nothing.
            verifier.test(dummy(), check.password());
        }
        if (!allowed) {
            // Unknown, locked or frozen: nothing is counted (a locked user is already locked), nothing written.
            throw UnauthorizedException.invalidCredentials();
        }
        User user = found.get();
        if (!matched) {
            countFailure(user);
            throw UnauthorizedException.invalidCredentials();
        }
        PasswordCredential rehashed = rehash ? hasher.hash(check.password()) : null;
        if (rehashed != null || user.failedChecks() > 0) {
            boolean replaced = store.recordPasswordSuccess(user, rehashed);
            if (rehashed != null) {
                Log.info("password check of user " + user.userId() + ": " + credential.algorithm()
                        + (replaced ? " credential rehashed" : " credential kept (the user changed meanwhile)"));
            }
        }
        return user.toBuilder().failedChecks(0).build();
    }

    private void countFailure(User user) {
        if (maxFailedChecks == 0) {
            return;
        }
        OptionalInt count = store.addFailedCheck(user.userStoreId(), user.userId());
        if (count.isPresent() && count.getAsInt() >= maxFailedChecks
                && store.lockAfterFailedChecks(user, maxFailedChecks, LOCK_REASON, clock.millis())) {
            Log.info("user " + user.userId() + " locked after " + count.getAsInt() + " failed password checks");
        }
    }

    /**
     * The user the identifier names: every kind is looked up whatever matched first, so the reads do not depend on
     * which kind, if any, it is. Values longer than a kind allows are nobody's (and no DynamoDB key).
     */
    private Optional<User> lookup(String userStoreId, String identifier) {
        String userId = null;
        for (UniqueKey key : LOOKUP_ORDER) {
            if (identifier.length() > UserService.maxLength(key) || key.normalize(identifier).isEmpty()) {
                continue;
            }
            Optional<String> holder = store.findUserId(userStoreId, key, identifier);
            if (userId == null && holder.isPresent()) {
                userId = holder.get();
            }
        }
        return userId == null ? Optional.empty() : store.find(userStoreId, userId);
    }

    private PasswordCredential dummy() {
        PasswordCredential made = dummy;
        if (made == null) {
            // Racing first checks may each make one; any of them serves.
            made = hasher.hash(UUID.randomUUID().toString());
            dummy = made;
        }
        return made;
    }
}
