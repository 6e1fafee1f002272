package dev.roster.shared.user;

/** The stored user changed (or was deleted) since it was read: the write was refused and nothing changed. */
public final class StaleUserException extends RuntimeException {

    public StaleUserException() {
        super("stale user version", null, false, false);
    }
}
