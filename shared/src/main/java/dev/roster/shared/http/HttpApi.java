package dev.roster.shared.http;

import dev.roster.shared.log.Log;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.roster.shared.error.ApiException;
import dev.roster.shared.error.ErrorStatus;
import dev.roster.shared.error.LimitExceededException;
import dev.roster.shared.error.NotFoundException;
import dev.roster.shared.error.UnauthorizedException;
import dev.roster.shared.json.Json;
import dev.roster.shared.user.UserService;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The frame around every door: request id, log scope, rate limits, body limit, and the mapping of errors to (status,
 * code, message), which the {@link Door} renders in its shape. A client's mistake becomes its seed error code;
 * anything else is logged here and answered with a bare InternalError, so no internals leak into a response.
 */
public final class HttpApi {

    public static final long DEFAULT_MAX_BODY_BYTES = 64 * 1024;

    /** An IPv4 or IPv6 literal as API Gateway writes sourceIp; anything else shares one bucket. */
    private static final Pattern IP = Pattern.compile("^[0-9A-Fa-f:.]{2,45}$");
    private static final String UNKNOWN_SOURCE = "unknown";

    private final RateLimiter limiter;
    private final RateLimiter authFailures;
    private final StoreRequestLimit storeLimit;
    private final long maxBodyBytes;

    public HttpApi(RateLimiter limiter, long maxBodyBytes) {
        this(limiter, RateLimiter.unlimited(), StoreRequestLimit.off(), maxBodyBytes);
    }

    /**
     * {@code authFailures}: failed authentications per source IP (see {@link #authenticate}); {@code storeLimit}: the
     * exact per-store limit across containers, consulted after the per-container one.
     */
    public HttpApi(RateLimiter limiter, RateLimiter authFailures, StoreRequestLimit storeLimit, long maxBodyBytes) {
        this.limiter = limiter;
        this.authFailures = authFailures;
        this.storeLimit = storeLimit;
        this.maxBodyBytes = maxBodyBytes;
    }

    /** Serves one event through a door: the frame around every request of every door. */
    public APIGatewayV2HTTPResponse serve(APIGatewayV2HTTPEvent event, Context context, Door door) {
        String requestId = requestId(event, context);
        try (Log.Scope scope = Log.with(Log.REQUEST_ID, requestId)) {
            return serve(new ApiRequest(event, requestId, maxBodyBytes), requestId, door);
        }
    }

    private APIGatewayV2HTTPResponse serve(ApiRequest request, String requestId, Door door) {
        try {
            // Rendered inside the try: a body's writer may still call the services (a download link).
            return send(door.handle(request), requestId, door);
        } catch (ApiException e) {
            return send(door.renderError(ErrorStatus.of(e), e.code(), e.getMessage()), requestId, door);
        } catch (RuntimeException e) {
            // Logged with the request id for operators; the client gets no detail of it.
            Log.error("Request failed: " + request.routeKey(), e);
            return send(door.renderError(500, ErrorStatus.INTERNAL_ERROR,
                    "An internal error occurred. RequestId: " + requestId), requestId, door);
        }
    }

    /**
     * Refuses a request past the rate limit of its route (or action) and user store. {@code route} must come from
     * a fixed set (API Gateway's route keys, a door's known actions); the store id is checked here, so no string a
     * client makes up becomes a key.
     */
    public void throttle(String route, String userStoreId) {
        if (userStoreId != null) {
            UserService.checkStoreId(userStoreId);
        }
        if (!limiter.tryAcquire(route + "|" + (userStoreId == null ? "" : userStoreId))) {
            throw new LimitExceededException(LimitExceededException.REQUEST_LIMIT_EXCEEDED,
                    "Too many requests for this API and user store; retry later.");
        }
        if (userStoreId != null && !storeLimit.tryAcquire(userStoreId)) {
            throw new LimitExceededException(LimitExceededException.REQUEST_LIMIT_EXCEEDED,
                    "Too many requests for this user store; retry later.");
        }
    }

    /**
     * Runs a door's authentication unless the caller's source IP has used up its failed authentications: then the
     * answer is 429 before anything is read or verified. Only failures (401 AuthFailure*) are counted, so a
     * well-behaved client behind the same address is refused only while failures keep arriving from it.
     */
    public <T> T authenticate(ApiRequest request, Supplier<T> authentication) {
        String key = sourceKey(request.sourceIp());
        if (!authFailures.hasToken(key)) {
            throw new LimitExceededException(LimitExceededException.REQUEST_LIMIT_EXCEEDED,
                    "Too many failed authentications from this address; retry later.");
        }
        try {
            return authentication.get();
        } catch (UnauthorizedException e) {
            if (e.code().startsWith(UnauthorizedException.AUTH_FAILURE)) {
                authFailures.tryAcquire(key);
            }
            throw e;
        }
    }

    /**
     * The failure budget's key for an address: an IPv4 address as it is, an IPv6 address by its /64 (one host
     * usually holds a whole /64 and could otherwise rotate through it), anything else one shared key.
     */
    static String sourceKey(String sourceIp) {
        if (sourceIp == null || !IP.matcher(sourceIp).matches()) {
            return UNKNOWN_SOURCE;
        }
        if (sourceIp.indexOf(':') < 0) {
            return sourceIp;
        }
        try {
            // A literal with ':' is parsed, never looked up.
            byte[] address = java.net.InetAddress.getByName(sourceIp).getAddress();
            if (address.length != 16) {
                return sourceIp;
            }
            return java.util.HexFormat.of().formatHex(address, 0, 8) + "::/64";
        } catch (java.net.UnknownHostException e) {
            return UNKNOWN_SOURCE;
        }
    }

    public static NotFoundException noSuchRoute() {
        return new NotFoundException(NotFoundException.RESOURCE_NOT_FOUND, "No such route.");
    }

    private static String requestId(APIGatewayV2HTTPEvent event, Context context) {
        if (event.getRequestContext() != null && event.getRequestContext().getRequestId() != null) {
            return event.getRequestContext().getRequestId();
        }
        if (context != null && context.getAwsRequestId() != null) {
            return context.getAwsRequestId();
        }
        return UUID.randomUUID().toString();
    }

    private static APIGatewayV2HTTPResponse send(ApiResponse answer, String requestId, Door door) {
        Map<String, String> headers = new HashMap<>(answer.headers());
        headers.put("X-Request-Id", requestId);
        if (answer.fields() == null) {
            return APIGatewayV2HTTPResponse.builder().withStatusCode(answer.status()).withHeaders(headers).build();
        }
        ApiResponse sent = door.render(answer, requestId);
        headers.put("Content-Type", "application/json");
        return APIGatewayV2HTTPResponse.builder().withStatusCode(sent.status()).withHeaders(headers)
                .withBody(Json.write(sent.fields())).build();
    }
}
