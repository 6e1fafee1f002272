package dev.roster.shared.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.databind.JsonNode;
import dev.roster.shared.error.InvalidRequestException;
import dev.roster.shared.error.PayloadTooLargeException;
import dev.roster.shared.json.Json;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/** An API Gateway HTTP API (payload 2.0) request, as the handlers need it. */
public final class ApiRequest {

    private final APIGatewayV2HTTPEvent event;
    private final String requestId;
    private final long maxBodyBytes;

    ApiRequest(APIGatewayV2HTTPEvent event, String requestId, long maxBodyBytes) {
        this.event = event;
        this.requestId = requestId;
        this.maxBodyBytes = maxBodyBytes;
    }

    public String routeKey() {
        return event.getRouteKey() == null ? "" : event.getRouteKey();
    }

    /** The caller's address as API Gateway saw it (the local front fills it too), or null. */
    public String sourceIp() {
        APIGatewayV2HTTPEvent.RequestContext context = event.getRequestContext();
        return context == null || context.getHttp() == null ? null : context.getHttp().getSourceIp();
    }

    public String requestId() {
        return requestId;
    }

    public String pathParameter(String name) {
        Map<String, String> parameters = event.getPathParameters();
        return parameters == null ? null : parameters.get(name);
    }

    public Map<String, String> query() {
        Map<String, String> query = event.getQueryStringParameters();
        return query == null ? Map.of() : query;
    }

    /** Header lookup ignoring case: API Gateway lowercases names, other callers may not. */
    public String header(String name) {
        Map<String, String> headers = event.getHeaders();
        if (headers == null) {
            return null;
        }
        for (Map.Entry<String, String> header : headers.entrySet()) {
            if (header.getKey().equalsIgnoreCase(name)) {
                return header.getValue();
            }
        }
        return null;
    }

    /** The body as text, refused with 413 past the route's limit. */
    public String body() {
        return body(maxBodyBytes);
    }

    /** The body as text, for a route that takes more (or less) than the default limit. */
    public String body(long maxBodyBytes) {
        if (event.getBody() == null) {
            return null;
        }
        if (event.getIsBase64Encoded()) {
            return utf8(bodyBytes(maxBodyBytes));
        }
        String body = event.getBody();
        if (body.length() > maxBodyBytes || body.getBytes(StandardCharsets.UTF_8).length > maxBodyBytes) {
            throw new PayloadTooLargeException(maxBodyBytes);
        }
        return body;
    }

    /**
     * API Gateway hands text bodies over already decoded; a body it could not decode as text arrives base64-encoded
     * and ends here, where bytes that are not UTF-8 are refused ({@link StrictUtf8}).
     */
    private static String utf8(byte[] bytes) {
        return StrictUtf8.decode(bytes).orElseThrow(() -> new InvalidRequestException(
                InvalidRequestException.INVALID_PARAMETER_VALUE, "The request body is not valid UTF-8."));
    }

    /** The raw body bytes (multipart uploads), refused with 413 past {@code maxBodyBytes}. */
    public byte[] bodyBytes(long maxBodyBytes) {
        String body = event.getBody();
        if (body == null) {
            return new byte[0];
        }
        byte[] bytes;
        if (event.getIsBase64Encoded()) {
            if (body.length() > maxBodyBytes * 4 / 3 + 4) {
                throw new PayloadTooLargeException(maxBodyBytes);
            }
            try {
                bytes = Base64.getDecoder().decode(body);
            } catch (IllegalArgumentException e) {
                throw new InvalidRequestException(InvalidRequestException.INVALID_PARAMETER,
                        "The request body is not valid base64.");
            }
        } else {
            bytes = body.getBytes(StandardCharsets.UTF_8);
        }
        if (bytes.length > maxBodyBytes) {
            throw new PayloadTooLargeException(maxBodyBytes);
        }
        return bytes;
    }

    public JsonNode jsonBody() {
        return Json.parseObject(body());
    }

    public JsonNode jsonBody(long maxBodyBytes) {
        return Json.parseObject(body(maxBodyBytes));
    }

    /**
     * The version an If-Match header asks for: {@code 3}, {@code "3"} or {@code W/"3"}; null without the header.
     */
    public Long ifMatchVersion() {
        String value = header("If-Match");
        if (value == null || value.isBlank()) {
            return null;
        }
        String digits = value.trim();
        if (digits.startsWith("W/")) {
            digits = digits.substring(2);
        }
        if (digits.length() >= 2 && digits.startsWith("\"") && digits.endsWith("\"")) {
            digits = digits.substring(1, digits.length() - 1);
        }
        try {
            long version = Long.parseLong(digits);
            if (version >= 1) {
                return version;
            }
        } catch (NumberFormatException e) {
            // falls through to the error below
        }
        throw InvalidRequestException.invalidValue("If-Match", "must be a user Version, e.g. \"3\"");
    }
}
