package dev.roster.shared.fakes;

import dev.roster.shared.user.StaleUserException;
import dev.roster.shared.user.UniqueKey;
import dev.roster.shared.user.User;
import dev.roster.shared.user.UserPage;
import dev.roster.shared.user.UserStore;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** A fake store for unit tests: the same contract as DynamoUserStore, in one synchronized map. */
public final class InMemoryUserStore implements UserStore {

    private final Map<String, User> users = new TreeMap<>();
    private final Map<String, String> guards = new HashMap<>();
    /** Set by a test: the next call fails with it. */
    public RuntimeException failNextWith;

    private static String id(String store, String userId) {
        return store + "/" + userId;
    }

    private static String guard(String store, UniqueKey key, String value) {
        return store + "/" + key + "/" + value;
    }

    private void failIfAsked() {
        RuntimeException failure = failNextWith;
        failNextWith = null;
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public synchronized void insert(User user) {
        failIfAsked();
        for (UniqueKey key : UniqueKey.values()) {
            String value = key.keyOf(user);
            if (value != null && guards.containsKey(guard(user.userStoreId(), key, value))) {
                throw key.taken();
            }
        }
        for (UniqueKey key : UniqueKey.values()) {
            String value = key.keyOf(user);
            if (value != null) {
                guards.put(guard(user.userStoreId(), key, value), user.userId());
            }
        }
        users.put(id(user.userStoreId(), user.userId()), user);
    }

    @Override
    public synchronized List<dev.roster.shared.error.ConflictException> insertAll(List<User> batch,
                                                                                  boolean unlessDeleted) {
        List<dev.roster.shared.error.ConflictException> outcome = new ArrayList<>();
        for (User user : batch) {
            try {
                User stored = users.get(id(user.userStoreId(), user.userId()));
                if (stored == null) {
                    insert(user);
                } else if (!java.util.Objects.equals(stored.importMarker(), user.importMarker())) {
                    // As DynamoUserStore: the id is another user's unless this import line inserted it.
                    throw new dev.roster.shared.error.ConflictException(
                            dev.roster.shared.error.ConflictException.USER_ID_ALREADY_EXISTS,
                            "The user id is already another user's.", "UserId");
                }
                outcome.add(null);
            } catch (dev.roster.shared.error.ConflictException e) {
                outcome.add(e);
            }
        }
        return outcome;
    }

    @Override
    public synchronized Optional<User> find(String userStoreId, String userId) {
        failIfAsked();
        return Optional.ofNullable(users.get(id(userStoreId, userId)));
    }

    @Override
    public synchronized void replace(User current, User updated) {
        User stored = users.get(id(current.userStoreId(), current.userId()));
        if (stored == null || stored.version() != current.version()) {
            throw new StaleUserException();
        }
        for (UniqueKey key : UniqueKey.values()) {
            String value = key.keyOf(updated);
            String holder = value == null ? null : guards.get(guard(updated.userStoreId(), key, value));
            if (holder != null && !holder.equals(updated.userId())) {
                throw key.taken();
            }
        }
        for (UniqueKey key : UniqueKey.values()) {
            guards.remove(guard(current.userStoreId(), key, key.keyOf(current)));
            guards.put(guard(updated.userStoreId(), key, key.keyOf(updated)), updated.userId());
        }
        users.put(id(updated.userStoreId(), updated.userId()), updated);
    }

    @Override
    public synchronized void delete(User current) {
        User stored = users.get(id(current.userStoreId(), current.userId()));
        if (stored == null || stored.version() != current.version()) {
            throw new StaleUserException();
        }
        for (UniqueKey key : UniqueKey.values()) {
            guards.remove(guard(current.userStoreId(), key, key.keyOf(current)));
        }
        users.remove(id(current.userStoreId(), current.userId()));
    }

    /** Set by a test: runs inside the next password-check write, before it applies (a concurrent writer). */
    public Runnable beforeNextPasswordCheckWrite;

    private void concurrentWriterIfAsked() {
        Runnable writer = beforeNextPasswordCheckWrite;
        beforeNextPasswordCheckWrite = null;
        if (writer != null) {
            writer.run();
        }
    }

    @Override
    public synchronized java.util.OptionalInt addFailedCheck(String userStoreId, String userId) {
        concurrentWriterIfAsked();
        User stored = users.get(id(userStoreId, userId));
        if (stored == null) {
            return java.util.OptionalInt.empty();
        }
        int count = stored.failedChecks() + 1;
        users.put(id(userStoreId, userId), stored.toBuilder().failedChecks(count).build());
        return java.util.OptionalInt.of(count);
    }

    @Override
    public synchronized boolean lockAfterFailedChecks(User seen, int maxFailedChecks, String reason, long now) {
        concurrentWriterIfAsked();
        User stored = users.get(id(seen.userStoreId(), seen.userId()));
        // As DynamoUserStore: only while the status is the one seen and the count still at the limit.
        if (stored == null || !java.util.Objects.equals(stored.status(), seen.status())
                || stored.failedChecks() < maxFailedChecks) {
            return false;
        }
        users.put(id(seen.userStoreId(), seen.userId()), stored.toBuilder().status(User.STATUS_LOCK)
                .statusReason(reason).lastModifiedDate(now).version(stored.version() + 1).build());
        return true;
    }

    @Override
    public synchronized boolean recordPasswordSuccess(User current,
                                                      dev.roster.shared.security.PasswordCredential rehashed) {
        concurrentWriterIfAsked();
        User stored = users.get(id(current.userStoreId(), current.userId()));
        if (stored == null) {
            return false;
        }
        boolean replace = rehashed != null && stored.version() == current.version();
        User.Builder cleared = stored.toBuilder().failedChecks(0);
        users.put(id(current.userStoreId(), current.userId()),
                (replace ? cleared.password(rehashed) : cleared).build());
        return replace;
    }

    @Override
    public synchronized Optional<String> findUserId(String userStoreId, UniqueKey key, String value) {
        return Optional.ofNullable(guards.get(guard(userStoreId, key, key.normalize(value))));
    }

    @Override
    public void forEachAfter(String userStoreId, String afterUserId, java.util.function.Predicate<User> visitor) {
        boolean[] started = {afterUserId == null};
        forEach(userStoreId, user -> {
            if (!started[0]) {
                started[0] = user.userId().equals(afterUserId);
                return true;
            }
            return visitor.test(user);
        });
    }

    @Override
    public void forEach(String userStoreId, java.util.function.Predicate<User> visitor) {
        List<User> snapshot;
        synchronized (this) {
            snapshot = users.values().stream().filter(u -> u.userStoreId().equals(userStoreId)).toList();
        }
        for (User user : snapshot) {
            if (!visitor.test(user)) {
                return;
            }
        }
    }

    @Override
    public synchronized long count(String userStoreId) {
        return users.values().stream().filter(u -> u.userStoreId().equals(userStoreId)).count();
    }

    @Override
    public synchronized List<User> range(String userStoreId, long offset, int limit) {
        return users.values().stream().filter(u -> u.userStoreId().equals(userStoreId)).skip(offset).limit(limit)
                .toList();
    }

    @Override
    public synchronized UserPage list(String userStoreId, String userGroup, int pageSize, String nextToken) {
        List<User> all = new ArrayList<>();
        for (User user : users.values()) {
            if (user.userStoreId().equals(userStoreId) && (userGroup == null || user.userGroups().contains(userGroup))) {
                all.add(user);
            }
        }
        int from = nextToken == null ? 0 : Integer.parseInt(nextToken);
        int to = Math.min(all.size(), from + pageSize);
        return new UserPage(List.copyOf(all.subList(from, to)), to < all.size() ? Integer.toString(to) : null);
    }

    public synchronized int size() {
        return users.size();
    }

    public synchronized int guardCount() {
        return guards.size();
    }
}
