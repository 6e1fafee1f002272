package dev.roster.shared.user;

import dev.roster.shared.error.InvalidRequestException;

import java.util.Set;

/**
 * An administrator's change of a user's status, Tencent CIAM's UpdateUserStatus values: {@code NORMAL} (unlocks,
 * unfreezes and clears the failed password checks), {@code LOCK} or {@code FREEZE}; {@code reason} (optional) is
 * stored with it.
 */
public record StatusChange(String status, String reason) {

    public static final int REASON_MAX = 256;
    public static final Set<String> STATUSES = Set.of(User.STATUS_NORMAL, User.STATUS_LOCK, User.STATUS_FREEZE);

    public StatusChange {
        if (status == null) {
            throw InvalidRequestException.missing("Status");
        }
        if (!STATUSES.contains(status)) {
            throw InvalidRequestException.invalidValue("Status", "must be NORMAL, LOCK or FREEZE");
        }
        if (reason != null && reason.length() > REASON_MAX) {
            throw InvalidRequestException.invalidValue("Reason", "longer than " + REASON_MAX + " characters");
        }
    }

    /**
     * The user with this status. FREEZE blocks the user as Auth0's {@code blocked} does, keeping the stored status
     * (every door then shows the user frozen, and an unblock gives the status back); NORMAL and LOCK set the stored
     * status and lift a block, so the user shows the status asked for. NORMAL also clears the failed checks.
     */
    User applyTo(User current, long now) {
        User.Builder changed = current.toBuilder().statusReason(reason);
        if (User.STATUS_FREEZE.equals(status)) {
            changed.blocked(true);
        } else {
            changed.status(status).blocked(false);
        }
        if (User.STATUS_NORMAL.equals(status)) {
            changed.failedChecks(0);
        }
        User updated = changed.build();
        if (updated.equals(current)) {
            return current;
        }
        return updated.toBuilder().version(current.version() + 1).lastModifiedDate(now).build();
    }
}
