package dev.roster.shared.error;

/** 404: the addressed user, job or route does not exist (or no longer does). */
public final class NotFoundException extends ApiException {

    public static final String USER_NOT_FOUND = "FailedOperation.UserNotFound";
    public static final String RESOURCE_NOT_FOUND = "ResourceNotFound";

    public NotFoundException(String code, String message) {
        super(code, message);
    }

    public static NotFoundException user(String userId) {
        return new NotFoundException(USER_NOT_FOUND, "The user does not exist.");
    }
}
