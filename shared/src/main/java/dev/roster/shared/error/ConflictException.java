package dev.roster.shared.error;

/** 409: the request collides with the stored state (a taken identifier, a stale version). Nothing was written. */
public final class ConflictException extends ApiException {

    public static final String EMAIL_ALREADY_EXISTS = "FailedOperation.EmailAlreadyExists";
    public static final String PHONE_NUMBER_ALREADY_EXISTS = "FailedOperation.PhoneNumberAlreadyExists";
    public static final String USER_NAME_ALREADY_EXISTS = "FailedOperation.UserNameAlreadyExists";
    /** An import's kept user id (Auth0's user_id) that another user of the store has. */
    public static final String USER_ID_ALREADY_EXISTS = "FailedOperation.UserIdAlreadyExists";
    public static final String VERSION_CONFLICT = "FailedOperation.VersionConflict";
    /** The seed's "resource in use": the same identifiers are being written by another request right now. */
    public static final String RESOURCE_IN_USE = "ResourceInUse";
    /** The seed's "resource unavailable": the resource is not in a state to do this yet. */
    public static final String RESOURCE_UNAVAILABLE = "ResourceUnavailable";

    public ConflictException(String code, String message) {
        super(code, message);
    }

    /** A collision on one field: the identifier already taken. */
    public ConflictException(String code, String message, String field) {
        super(code, message, field);
    }
}
