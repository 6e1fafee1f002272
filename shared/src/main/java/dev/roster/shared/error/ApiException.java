package dev.roster.shared.error;

/**
 * An error a client can cause or be told about. Each subclass is one family of error codes and maps to one HTTP
 * status in {@link ErrorStatus}; the message is written for the client and never carries internals or secrets.
 */
public abstract sealed class ApiException extends RuntimeException
        permits InvalidRequestException, NotFoundException, ConflictException, LimitExceededException,
                PayloadTooLargeException, UnauthorizedException {

    private final String code;
    private final String field;

    protected ApiException(String code, String message) {
        this(code, message, null);
    }

    /** An error about one field, named as the request named it ({@code Email}, {@code fields.name}). */
    protected ApiException(String code, String message, String field) {
        super(message, null, false, false);
        this.code = code;
        this.field = field;
    }

    /** The seed's error code, e.g. {@code InvalidParameterValue} or {@code FailedOperation.EmailAlreadyExists}. */
    public String code() {
        return code;
    }

    /** The field the error is about, when one is (a door may report it, as Auth0's job errors' {@code path}). */
    public String field() {
        return field;
    }
}
