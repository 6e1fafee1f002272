package dev.roster.shared.user;

import java.util.Optional;

/** Where users live. Every write is all-or-nothing, uniqueness included. */
public interface UserStore {

    /** Stores a new user and claims its unique identifiers; a taken one fails with its ConflictException. */
    void insert(User user);

    /**
     * Inserts a batch of new users (at most 24, no two sharing an identifier; at most 19 when {@code unlessDeleted}: a
     * transaction holds 100 items, and one of them is the store's counter)
     * in as few transactions as it can: each position of the result is null where the user is stored (now, or
     * already by an earlier attempt with the same user id) or the conflict that kept it out. With
     * {@code unlessDeleted} (a retry), a user that an earlier attempt inserted and someone deleted since is left
     * deleted, and counts as stored.
     */
    java.util.List<dev.roster.shared.error.ConflictException> insertAll(java.util.List<User> users,
                                                                         boolean unlessDeleted);

    Optional<User> find(String userStoreId, String userId);

    /**
     * Replaces {@code current} with {@code updated}, moving any changed unique identifier. Fails with
     * {@link StaleUserException} if the stored version is no longer {@code current.version()}.
     */
    void replace(User current, User updated);

    /**
     * Counts one failed password check of the user: atomically adds one to its failed-check count, so concurrent
     * failures all count. The count after this one, or empty when the user no longer exists (nothing is written).
     */
    java.util.OptionalInt addFailedCheck(String userStoreId, String userId);

    /**
     * Locks the user after failed password checks: its status becomes {@link User#STATUS_LOCK} (with the reason,
     * its version one up) only while its stored status is still {@code seen.status()} and its failed-check count is
     * still at least {@code maxFailedChecks}; false when either changed (an administrator's change wins).
     */
    boolean lockAfterFailedChecks(User seen, int maxFailedChecks, String reason, long now);

    /**
     * After a successful password check: clears the failed-check count and, with a {@code rehashed} credential,
     * replaces the stored one only while the user's version is still {@code current.version()} (a concurrent
     * change wins and the rehash is skipped). Returns whether the credential was replaced.
     */
    boolean recordPasswordSuccess(User current, dev.roster.shared.security.PasswordCredential rehashed);

    /** Deletes the user and frees its identifiers; {@link StaleUserException} if it changed since it was read. */
    void delete(User current);

    /** The id of the user holding this identifier (normalised by the key), if any. */
    Optional<String> findUserId(String userStoreId, UniqueKey key, String value);

    /**
     * Streams every user of the store to {@code visitor}, page by page, until it returns false: memory stays
     * flat however large the store is.
     */
    void forEach(String userStoreId, java.util.function.Predicate<User> visitor);

    /** As {@link #forEach}, starting right after the user {@code afterUserId} (null: from the start). */
    void forEachAfter(String userStoreId, String afterUserId, java.util.function.Predicate<User> visitor);

    /**
     * The number of users in the store, kept by a counter that every user write changes in its own transaction: the
     * cost does not grow with the store.
     */
    long count(String userStoreId);

    /**
     * Up to {@code limit} users starting at position {@code offset} of the store's listing order (that of
     * {@link #forEach}); reads only as far as it needs to.
     */
    java.util.List<User> range(String userStoreId, long offset, int limit);

    /** A page of the store's users, optionally only those in a user group. */
    UserPage list(String userStoreId, String userGroup, int pageSize, String nextToken);
}
