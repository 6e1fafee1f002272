package dev.roster.shared.error;

/** 401/403: the caller could not be authenticated or may not do this. */
public final class UnauthorizedException extends ApiException {

    public static final String AUTH_FAILURE = "AuthFailure";
    public static final String UNAUTHORIZED_OPERATION = "UnauthorizedOperation";
    /**
     * A password check that failed, for whatever reason (unknown identifier, wrong password, locked, frozen or
     * passwordless user): one code and one message for all, so the answer tells no one which users exist.
     */
    public static final String INVALID_CREDENTIALS = "FailedOperation.InvalidCredentials";

    public UnauthorizedException(String code, String message) {
        super(code, message);
    }

    /** The one answer of every failed password check. */
    public static UnauthorizedException invalidCredentials() {
        return new UnauthorizedException(INVALID_CREDENTIALS, "The identifier or the password is not valid.");
    }
}
