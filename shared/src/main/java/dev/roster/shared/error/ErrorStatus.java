package dev.roster.shared.error;

/** The one place where error families become HTTP statuses. */
public final class ErrorStatus {

    public static final String INTERNAL_ERROR = "InternalError";

    private ErrorStatus() {
    }

    public static int of(ApiException error) {
        if (error instanceof InvalidRequestException) {
            return 400;
        }
        if (error instanceof UnauthorizedException) {
            return UnauthorizedException.AUTH_FAILURE.equals(error.code()) ? 401 : 403;
        }
        if (error instanceof NotFoundException) {
            return 404;
        }
        if (error instanceof ConflictException) {
            return 409;
        }
        if (error instanceof PayloadTooLargeException) {
            return 413;
        }
        if (error instanceof LimitExceededException) {
            return 429;
        }
        throw new IllegalStateException("unmapped error family " + error.getClass().getName());
    }
}
