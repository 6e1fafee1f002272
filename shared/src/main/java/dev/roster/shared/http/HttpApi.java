package dev.roster.shared.http;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.roster.shared.error.ApiException;
import dev.roster.shared.error.ErrorStatus;
import dev.roster.shared.error.LimitExceededException;
import dev.roster.shared.error.NotFoundException;
import dev.roster.shared.json.Json;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * The frame around every route: request id, rate limit, body limit, and the mapping of errors to responses. A
 * client's mistake becomes its seed error code; anything else is logged here and answered with a bare
 * InternalError, so no internals leak into a response.
 */
public final class HttpApi {

    public static final long DEFAULT_MAX_BODY_BYTES = 64 * 1024;

    private final RateLimiter limiter;
    private final long maxBodyBytes;

    public HttpApi(RateLimiter limiter, long maxBodyBytes) {
        this.limiter = limiter;
        this.maxBodyBytes = maxBodyBytes;
    }

    public APIGatewayV2HTTPResponse serve(APIGatewayV2HTTPEvent event, Context context,
                                          Function<ApiRequest, ApiResponse> route) {
        String requestId = requestId(event, context);
        ApiRequest request = new ApiRequest(event, requestId, maxBodyBytes);
        try {
            String storeId = request.pathParameter("UserStoreId");
            if (!limiter.tryAcquire(request.routeKey() + "|" + storeId)) {
                throw new LimitExceededException(LimitExceededException.REQUEST_LIMIT_EXCEEDED,
                        "Too many requests for this API and user store; retry later.");
            }
            return render(route.apply(request), requestId);
        } catch (ApiException e) {
            return error(ErrorStatus.of(e), e.code(), e.getMessage(), requestId);
        } catch (RuntimeException e) {
            // Logged with the request id for operators; the client gets no detail of it.
            System.err.println("ERROR requestId=" + requestId + " route=" + request.routeKey() + " " + e);
            e.printStackTrace();
            return error(500, ErrorStatus.INTERNAL_ERROR, "An internal error occurred. RequestId: " + requestId,
                    requestId);
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

    private static APIGatewayV2HTTPResponse render(ApiResponse response, String requestId) {
        Map<String, String> headers = new HashMap<>(response.headers());
        headers.put("X-Request-Id", requestId);
        if (response.fields() == null) {
            return APIGatewayV2HTTPResponse.builder().withStatusCode(response.status()).withHeaders(headers).build();
        }
        headers.put("Content-Type", "application/json");
        String body = Json.write(gen -> {
            gen.writeStartObject();
            response.fields().write(gen);
            gen.writeStringField("RequestId", requestId);
            gen.writeEndObject();
        });
        return APIGatewayV2HTTPResponse.builder().withStatusCode(response.status()).withHeaders(headers)
                .withBody(body).build();
    }

    public static APIGatewayV2HTTPResponse error(int status, String code, String message, String requestId) {
        return render(ApiResponse.of(status, gen -> writeError(gen, code, message)), requestId);
    }

    private static void writeError(JsonGenerator gen, String code, String message) throws java.io.IOException {
        gen.writeObjectFieldStart("Error");
        gen.writeStringField("Code", code);
        gen.writeStringField("Message", message);
        gen.writeEndObject();
    }
}
