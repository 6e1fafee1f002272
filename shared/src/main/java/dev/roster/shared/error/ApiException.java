package dev.roster.shared.error;

/**
 * An error a client can cause or be told about. Each subclass is one family of error codes and maps to one HTTP
 * status in {@link ErrorStatus}; the message is written for the client and never carries internals or secrets.
 */
public abstract sealed class ApiException extends RuntimeException
        permits InvalidRequestException, NotFoundException, ConflictException, LimitExceededException,
                PayloadTooLargeException, UnauthorizedException {

    private final String code;

    protected ApiException(String code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    /** The seed's error code, e.g. {@code InvalidParameterValue} or {@code FailedOperation.EmailAlreadyExists}. */
    public String code() {
        return code;
    }
}
