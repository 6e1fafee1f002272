package dev.roster.shared.error;

/** 401/403: the caller could not be authenticated or may not do this. */
public final class UnauthorizedException extends ApiException {

    public static final String AUTH_FAILURE = "AuthFailure";
    public static final String UNAUTHORIZED_OPERATION = "UnauthorizedOperation";

    public UnauthorizedException(String code, String message) {
        super(code, message);
    }
}
