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
            // 401: who the caller is (or whose password this is) was not established; 403: it was, and may not.
            boolean unauthenticated = UnauthorizedException.AUTH_FAILURE.equals(error.code())
                    || UnauthorizedException.INVALID_CREDENTIALS.equals(error.code());
            return unauthenticated ? 401 : 403;
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
