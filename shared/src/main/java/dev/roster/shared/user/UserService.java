package dev.roster.shared.user;

import dev.roster.shared.error.ConflictException;
import dev.roster.shared.error.InvalidRequestException;
import dev.roster.shared.error.NotFoundException;
import dev.roster.shared.security.PasswordCredential;
import dev.roster.shared.security.PasswordHasher;
import dev.roster.shared.security.PasswordVerifier;
import dev.roster.shared.storage.TableLayout;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiPredicate;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/** The rules of user CRUD over typed commands. Doors parse their requests and call this; the store keeps every write atomic. */
public final class UserService {

    public static final int DEFAULT_PAGE_SIZE = 20;
    public static final int MAX_PAGE_SIZE = 100;
    /** Internal retries of an update or delete that raced another write (without a client-given version). */
    private static final int MAX_ATTEMPTS = 5;
    private static final Pattern STORE_ID = Pattern.compile("^[A-Za-z0-9_-]{1,64}$");

    private final UserStore store;
    private final PasswordHasher hasher;
    private final Clock clock;
    private final PasswordChecks passwordChecks;

    /** Consecutive failed password checks that lock a user, unless configured otherwise. */
    public static final int DEFAULT_MAX_FAILED_CHECKS = 5;

    public UserService(UserStore store, PasswordHasher hasher, Clock clock) {
        this(store, hasher, clock, DEFAULT_MAX_FAILED_CHECKS);
    }

    /** {@code maxFailedChecks}: consecutive failed password checks that lock a user; 0 never locks. */
    public UserService(UserStore store, PasswordHasher hasher, Clock clock, int maxFailedChecks) {
        this(store, hasher, clock, maxFailedChecks, PasswordVerifier::matches);
    }

    /**
     * As above with the function that verifies a password against a credential: {@link PasswordVerifier#matches}
     * but in tests that count the KDF work each check does.
     */
    public UserService(UserStore store, PasswordHasher hasher, Clock clock, int maxFailedChecks,
                       BiPredicate<PasswordCredential, String> verifier) {
        this.store = store;
        this.hasher = hasher;
        this.clock = clock;
        this.passwordChecks = new PasswordChecks(store, hasher, clock, maxFailedChecks, verifier);
    }

    /** The time the doors validate a birthdate against: the service's clock. */
    public long now() {
        return clock.millis();
    }

    /**
     * Creates a user. The core asks for one identifier at least (a user name, email, phone number or social id,
     * as an import does); each door requires the fields its own API requires before it gets here.
     */
    public User create(String userStoreId, NewUser input) {
        checkStoreId(userStoreId);
        if (input.userName() == null && input.email() == null && input.phoneNumber() == null
                && ProfileField.SOCIAL_IDS.stream().noneMatch(id -> input.profile().containsKey(id.jsonName()))) {
            throw new InvalidRequestException(InvalidRequestException.MISSING_PARAMETER,
                    "A user needs an identifier: a user name, email, phone number or social id.");
        }
        long now = clock.millis();
        User user = User.builder(userStoreId, newUserId()).userName(input.userName()).email(input.email())
                .phoneNumber(input.phoneNumber()).profile(input.profile()).birthdate(input.birthdate())
                .userGroups(input.userGroups()).userOrgs(input.userOrgs()).customAttributes(input.customAttributes())
                .emailVerified(input.emailVerified()).blocked(input.blocked()).appMetadata(input.appMetadata())
                .dataSource(User.SOURCE_ADMIN).createdAt(now)
                .password(input.password() == null ? null : hasher.hash(input.password())).build();
        store.insert(user);
        return user;
    }

    public User get(String userStoreId, String userId) {
        checkStoreId(userStoreId);
        return find(userStoreId, userId).orElseThrow(() -> NotFoundException.user(userId));
    }

    /**
     * Applies a partial update. {@code ifMatch} (from an If-Match header) or the patch's expected version (a body's
     * Version) makes it conditional: a stale version is a 409. Without one, a race with another writer is retried on
     * fresh data.
     */
    public User update(String userStoreId, String userId, UserPatch patch, Long ifMatch) {
        checkStoreId(userStoreId);
        Long expected = ifMatch != null ? ifMatch : patch.expectedVersion();
        if (ifMatch != null && patch.expectedVersion() != null && !ifMatch.equals(patch.expectedVersion())) {
            throw InvalidRequestException.invalidValue("Version", "differs from the If-Match header");
        }
        return replace(userStoreId, userId, expected, current -> patch.applyTo(current, clock.millis()));
    }

    /**
     * Checks a password against the user its identifier names (user name, email or phone number). Returns the
     * user, or throws {@link dev.roster.shared.error.UnauthorizedException#invalidCredentials()} for every failure
     * alike; see {@link PasswordChecks} for lockout, rehash and timing.
     */
    public User verifyPassword(String userStoreId, PasswordCheck check) {
        checkStoreId(userStoreId);
        return passwordChecks.verify(userStoreId, check);
    }

    /** Tencent's UpdateUserStatus: sets a user's status (see {@link StatusChange}); 404 for an unknown user. */
    public User updateStatus(String userStoreId, String userId, StatusChange change) {
        checkStoreId(userStoreId);
        return replace(userStoreId, userId, null, current -> change.applyTo(current, clock.millis()));
    }

    /**
     * Replaces the user with {@code change} of it (which returns its argument for no change). With an
     * {@code expected} version a stale one is a 409; without, a race with another writer is retried on fresh data.
     */
    private User replace(String userStoreId, String userId, Long expected, UnaryOperator<User> change) {
        for (int attempt = 1; ; attempt++) {
            User current = get(userStoreId, userId);
            if (expected != null && current.version() != expected) {
                throw staleVersion(current);
            }
            User updated = change.apply(current);
            if (updated == current) {
                return current;
            }
            try {
                store.replace(current, updated);
                return updated;
            } catch (StaleUserException e) {
                if (expected != null || attempt == MAX_ATTEMPTS) {
                    throw staleVersion(get(userStoreId, userId));
                }
            }
        }
    }

    public void delete(String userStoreId, String userId, Long ifMatch) {
        checkStoreId(userStoreId);
        for (int attempt = 1; ; attempt++) {
            User current = get(userStoreId, userId);
            if (ifMatch != null && current.version() != ifMatch) {
                throw staleVersion(current);
            }
            try {
                store.delete(current);
                return;
            } catch (StaleUserException e) {
                if (ifMatch != null || attempt == MAX_ATTEMPTS) {
                    throw staleVersion(get(userStoreId, userId));
                }
            }
        }
    }

    /** Lists users; an Email, PhoneNumber or UserName parameter is an exact lookup through its guard item. */
    public UserPage list(String userStoreId, UserQuery query) {
        checkStoreId(userStoreId);
        if (query.pageSize() < 1 || query.pageSize() > MAX_PAGE_SIZE) {
            throw InvalidRequestException.invalidValue("PageSize", "must be an integer from 1 to " + MAX_PAGE_SIZE);
        }
        String userGroup = query.userGroup();
        Optional<String> lookupId = null;
        for (UniqueKey key : UniqueKey.values()) {
            String value = query.lookup(key);
            if (value == null) {
                continue;
            }
            if (value.isBlank()) {
                throw InvalidRequestException.invalidValue(parameterOf(key), "must not be blank");
            }
            if (value.length() > maxLength(key)) {
                // Longer than any stored value can be, and than DynamoDB takes in a key.
                throw InvalidRequestException.invalidValue(parameterOf(key), "longer than " + maxLength(key)
                        + " characters");
            }
            Optional<String> id = store.findUserId(userStoreId, key, value);
            lookupId = lookupId == null || lookupId.equals(id) ? id : Optional.empty();
        }
        if (lookupId != null) {
            List<User> users = lookupId.flatMap(id -> store.find(userStoreId, id))
                    .filter(u -> userGroup == null || u.userGroups().contains(userGroup))
                    .map(List::of).orElse(List.of());
            return new UserPage(users, null);
        }
        String token = query.nextToken();
        return store.list(userStoreId, userGroup, query.pageSize(), token == null || token.isEmpty() ? null : token);
    }

    /** A numbered page and the total count, as Tencent's ListUser and Auth0's user list page. */
    public record NumberedPage(List<User> users, long total) {
    }

    /**
     * Without filters, the total is the store's counter and only the page's users (and the count of those before
     * it) are read: the cost grows with the page's position, not the store. A filter naming users ({@code condition},
     * Logic true) is answered through the identifier index: the cost grows with the values it names. Other filters
     * (a group, or a negation alone) need every user tested, so such a page still reads the store once, streaming.
     */
    public NumberedPage page(String userStoreId, List<UserFilters.Filter> filters, int pageNumber, int pageSize) {
        checkStoreId(userStoreId);
        checkPage(pageNumber, pageSize);
        long first = (long) (pageNumber - 1) * pageSize;
        if (filters.isEmpty()) {
            long total = store.count(userStoreId);
            return new NumberedPage(first < total ? store.range(userStoreId, first, pageSize) : List.of(), total);
        }
        java.util.function.Predicate<User> keep = UserFilters.matcher(filters);
        Optional<UserFilters.Filter> naming = filters.stream()
                .filter(f -> f.logic() && f.key().equals(UserFilters.CONDITION)).findFirst();
        if (naming.isPresent()) {
            List<User> matched = named(userStoreId, naming.get().values()).stream().filter(keep)
                    .sorted(LISTING_ORDER).toList();
            List<User> page = first >= matched.size() ? List.of()
                    : matched.subList((int) first, (int) Math.min(matched.size(), first + pageSize));
            return new NumberedPage(List.copyOf(page), matched.size());
        }
        return scan(userStoreId, keep, first, pageSize);
    }

    /**
     * A numbered page of the users {@code keep} accepts, and how many it accepts: every user is read once,
     * streaming, so callers that can name users through an identifier should look them up instead.
     */
    public NumberedPage pageMatching(String userStoreId, java.util.function.Predicate<User> keep, int pageNumber,
                                     int pageSize) {
        checkStoreId(userStoreId);
        checkPage(pageNumber, pageSize);
        return scan(userStoreId, keep, (long) (pageNumber - 1) * pageSize, pageSize);
    }

    private NumberedPage scan(String userStoreId, java.util.function.Predicate<User> keep, long first, int pageSize) {
        List<User> users = new java.util.ArrayList<>(pageSize);
        long[] total = {0};
        store.forEach(userStoreId, user -> {
            if (keep.test(user)) {
                if (total[0] >= first && users.size() < pageSize) {
                    users.add(user);
                }
                total[0]++;
            }
            return true;
        });
        return new NumberedPage(List.copyOf(users), total[0]);
    }

    private static void checkPage(int pageNumber, int pageSize) {
        if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
            throw InvalidRequestException.invalidValue("PageSize", "must be from 1 to " + MAX_PAGE_SIZE);
        }
        if (pageNumber < 1) {
            throw InvalidRequestException.invalidValue("PageNumber", "must be 1 or more");
        }
    }

    /** The order of {@link UserStore#forEach}: by key shard, then by user id. */
    private static final java.util.Comparator<User> LISTING_ORDER = java.util.Comparator
            .comparingInt((User u) -> TableLayout.shardOf(u.userId())).thenComparing(User::userId);

    /**
     * The users a condition filter's values name, as {@link UserFilters} matches them (a user id, or a user name,
     * email or phone number in normal form), found through the identifier guards: a few reads per value.
     */
    private java.util.Collection<User> named(String userStoreId, List<String> values) {
        Map<String, User> found = new java.util.LinkedHashMap<>();
        for (String value : values) {
            find(userStoreId, value).ifPresent(user -> found.put(user.userId(), user));
            for (UniqueKey key : UniqueKey.values()) {
                if (value.length() > maxLength(key)) {
                    continue;  // longer than any stored value of this kind (and than a DynamoDB key may be)
                }
                store.findUserId(userStoreId, key, value).flatMap(id -> store.find(userStoreId, id))
                        .ifPresent(user -> found.put(user.userId(), user));
            }
        }
        return found.values();
    }

    /** The user with this id, if any: an id that cannot be Roster's is nobody's. */
    public Optional<User> find(String userStoreId, String userId) {
        checkStoreId(userStoreId);
        if (!UserRules.isUserId(userId)) {
            return Optional.empty();
        }
        return store.find(userStoreId, userId);
    }

    private static ConflictException staleVersion(User current) {
        return new ConflictException(ConflictException.VERSION_CONFLICT,
                "The user was modified; its current Version is " + current.version() + ".");
    }

    /** The longest value a kind of identifier may have: longer ones are nobody's. */
    static int maxLength(UniqueKey key) {
        return switch (key) {
            case EMAIL -> UserRules.EMAIL_MAX;
            case PHONE -> UserRules.PHONE_MAX;
            case USERNAME -> UserRules.USER_NAME_MAX;
        };
    }

    private static String parameterOf(UniqueKey key) {
        return switch (key) {
            case EMAIL -> "Email";
            case PHONE -> "PhoneNumber";
            case USERNAME -> "UserName";
        };
    }

    public static void checkStoreId(String userStoreId) {
        if (userStoreId == null || !STORE_ID.matcher(userStoreId).matches()) {
            throw InvalidRequestException.invalidValue("UserStoreId",
                    "must be 1 to 64 letters, digits, _ or -");
        }
    }

    private static String newUserId() {
        return UUID.randomUUID().toString().replace("-", "");
    }
}
