package dev.roster.shared.error;

/** 413: the request body is larger than the route accepts. */
public final class PayloadTooLargeException extends ApiException {

    /** Tencent Cloud's common error code for an oversized request. */
    public static final String REQUEST_SIZE_LIMIT_EXCEEDED = "RequestSizeLimitExceeded";

    public PayloadTooLargeException(long limitBytes) {
        super(REQUEST_SIZE_LIMIT_EXCEEDED, "The request body exceeds " + limitBytes + " bytes.");
    }
}
