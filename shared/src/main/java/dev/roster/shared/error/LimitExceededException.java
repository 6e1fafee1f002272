package dev.roster.shared.error;

/** 429: too many requests, or too many running jobs. Retry later. */
public final class LimitExceededException extends ApiException {

    public static final String REQUEST_LIMIT_EXCEEDED = "RequestLimitExceeded";
    public static final String DATA_FLOW_TOO_MANY_REQUESTS = "FailedOperation.DataFlowTooManyRequests";

    public LimitExceededException(String code, String message) {
        super(code, message);
    }
}
