package dev.roster.shared.http;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.roster.shared.error.InvalidRequestException;
import dev.roster.shared.json.Json;
import dev.roster.shared.rest.RestDoor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HttpApiTest {

    private static final String REQUEST_ID = "c0ffee00-1111-2222-3333-444455556666";
    private static final String ROUTE = "PUT /userstores/{UserStoreId}/users/{UserId}";
    private static final String STORE = "d733b65803284091a998ab707d820726";
    private static final long MAX_BODY = 100;

    private final HttpApi api = new HttpApi(RateLimiter.unlimited(), MAX_BODY);

    private static APIGatewayV2HTTPEvent.APIGatewayV2HTTPEventBuilder event() {
        return APIGatewayV2HTTPEvent.builder()
                .withRouteKey(ROUTE)
                .withPathParameters(Map.of("UserStoreId", STORE, "UserId", "u1"))
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder().withRequestId(REQUEST_ID).build());
    }

    private static APIGatewayV2HTTPEvent withIfMatch(String value) {
        return event().withHeaders(Map.of("If-Match", value)).build();
    }

    /** A route answering 200 with the If-Match version it read. */
    private static final Function<ApiRequest, ApiResponse> ECHO_IF_MATCH =
            request -> ApiResponse.of(200, gen -> gen.writeNumberField("Version", request.ifMatchVersion()));

    /** A route answering 200 with the size of the JSON object it read. */
    private static final Function<ApiRequest, ApiResponse> READ_BODY =
            request -> ApiResponse.of(200, gen -> gen.writeNumberField("Fields", request.jsonBody().size()));

    private static final Function<ApiRequest, ApiResponse> OK = request -> ApiResponse.of(200, gen -> { });

    /** Serves through Roster's REST door around the given routes. */
    private static APIGatewayV2HTTPResponse serve(HttpApi api, APIGatewayV2HTTPEvent event, Context context,
                                                  Function<ApiRequest, ApiResponse> routes) {
        return api.serve(event, context, new RestDoor(api, routes));
    }

    private static JsonNode body(APIGatewayV2HTTPResponse response) {
        return Json.parseObject(response.getBody());
    }

    private static void assertError(APIGatewayV2HTTPResponse response, int status, String code) {
        assertEquals(status, response.getStatusCode(), response.getBody());
        assertEquals(code, body(response).path("Error").path("Code").asText(), response.getBody());
    }

    @Test
    void clientErrorBecomes400WithTheSeedErrorShape() {
        // given
        Function<ApiRequest, ApiResponse> route = request -> {
            throw InvalidRequestException.invalidValue("Email", "not an email address");
        };

        // when
        APIGatewayV2HTTPResponse response = serve(api, event().build(), null, route);

        // then
        assertEquals(400, response.getStatusCode());
        JsonNode body = body(response);
        assertEquals(InvalidRequestException.INVALID_PARAMETER_VALUE, body.path("Error").path("Code").asText());
        assertEquals("The value of Email is invalid: not an email address",
                body.path("Error").path("Message").asText());
        assertEquals(REQUEST_ID, body.path("RequestId").asText());
        assertEquals(REQUEST_ID, response.getHeaders().get("X-Request-Id"));
        assertEquals("application/json", response.getHeaders().get("Content-Type"));
    }

    @Test
    void successAddsRequestIdToBodyAndHeader() {
        // given
        Function<ApiRequest, ApiResponse> route = request -> ApiResponse.of(201, gen -> gen.writeStringField("UserId", "u1"))
                .withHeader("ETag", "\"1\"");

        // when
        APIGatewayV2HTTPResponse response = serve(api, event().build(), null, route);

        // then
        assertEquals(201, response.getStatusCode());
        assertEquals("u1", body(response).path("UserId").asText());
        assertEquals(REQUEST_ID, body(response).path("RequestId").asText());
        assertEquals(REQUEST_ID, response.getHeaders().get("X-Request-Id"));
        assertEquals("\"1\"", response.getHeaders().get("ETag"));
    }

    @Test
    void noContentHasNoBody() {
        // given
        Function<ApiRequest, ApiResponse> route = request -> ApiResponse.noContent();

        // when
        APIGatewayV2HTTPResponse response = serve(api, event().build(), null, route);

        // then
        assertEquals(204, response.getStatusCode());
        assertNull(response.getBody());
        assertEquals(REQUEST_ID, response.getHeaders().get("X-Request-Id"));
    }

    @Test
    void unexpectedFailureBecomesABare500() {
        // given
        Function<ApiRequest, ApiResponse> route = request -> {
            throw new RuntimeException("secret internals");
        };

        // when
        APIGatewayV2HTTPResponse response = serve(api, event().build(), null, route);

        // then
        assertError(response, 500, "InternalError");
        assertFalse(response.getBody().contains("secret internals"), response.getBody());
        assertEquals(REQUEST_ID, body(response).path("RequestId").asText());
        assertEquals(REQUEST_ID, response.getHeaders().get("X-Request-Id"));
    }

    @Test
    void bodyOverTheLimitIs413() {
        // given
        String json = "{\"Nickname\":\"" + "x".repeat(100) + "\"}";

        // when
        APIGatewayV2HTTPResponse response = serve(api, event().withBody(json).build(), null, READ_BODY);

        // then
        assertError(response, 413, "RequestSizeLimitExceeded");
    }

    @Test
    void bodyOverTheLimitInUtf8BytesIs413() {
        // given 40 characters, 120 bytes
        String json = "{\"N\":\"" + "用".repeat(40) + "\"}";

        // when
        APIGatewayV2HTTPResponse response = serve(api, event().withBody(json).build(), null, READ_BODY);

        // then
        assertError(response, 413, "RequestSizeLimitExceeded");
    }

    @Test
    void bodyWithinTheLimitIsRead() {
        // given
        String json = "{\"Nickname\":\"Tess\",\"Version\":3}";

        // when
        APIGatewayV2HTTPResponse response = serve(api, event().withBody(json).build(), null, READ_BODY);

        // then
        assertEquals(200, response.getStatusCode(), response.getBody());
        assertEquals(2, body(response).path("Fields").asInt());
    }

    @Test
    void base64BodyIsDecoded() {
        // given
        String json = "{\"Nickname\":\"Tess\"}";
        String encoded = Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));

        // when
        APIGatewayV2HTTPResponse response = serve(api, 
                event().withBody(encoded).withIsBase64Encoded(true).build(), null, READ_BODY);

        // then
        assertEquals(200, response.getStatusCode(), response.getBody());
        assertEquals(1, body(response).path("Fields").asInt());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ff", "c080", "eda080", "f09f98", "c3"})
    void base64BodyThatIsNotUtf8IsRefused(String badBytes) {
        // GIVEN a base64 body (as API Gateway sends what it cannot pass as text) whose JSON string holds bytes that
        // are not UTF-8: a stray byte, an overlong form, an encoded surrogate, a truncated sequence
        byte[] head = "{\"Nickname\":\"Te".getBytes(StandardCharsets.UTF_8);
        byte[] bad = java.util.HexFormat.of().parseHex(badBytes);
        byte[] tail = "ss\"}".getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[head.length + bad.length + tail.length];
        System.arraycopy(head, 0, body, 0, head.length);
        System.arraycopy(bad, 0, body, head.length, bad.length);
        System.arraycopy(tail, 0, body, head.length + bad.length, tail.length);
        String encoded = Base64.getEncoder().encodeToString(body);

        // WHEN it is read
        APIGatewayV2HTTPResponse response = serve(api, 
                event().withBody(encoded).withIsBase64Encoded(true).build(), null, READ_BODY);

        // THEN it is refused, not decoded into U+FFFD
        assertError(response, 400, InvalidRequestException.INVALID_PARAMETER_VALUE);
        assertTrue(body(response).path("Error").path("Message").asText().contains("UTF-8"), response.getBody());
    }

    @ParameterizedTest
    @ValueSource(strings = {"3", "\"3\"", "W/\"3\"", " \"3\" "})
    void ifMatchAcceptsTheVersionForms(String header) {
        // given
        APIGatewayV2HTTPEvent event = withIfMatch(header);

        // when
        APIGatewayV2HTTPResponse response = serve(api, event, null, ECHO_IF_MATCH);

        // then
        assertEquals(200, response.getStatusCode(), response.getBody());
        assertEquals(3, body(response).path("Version").asLong());
    }

    @Test
    void ifMatchHeaderNameIsCaseInsensitive() {
        // given
        APIGatewayV2HTTPEvent event = event().withHeaders(Map.of("if-match", "\"7\"")).build();

        // when
        APIGatewayV2HTTPResponse response = serve(api, event, null, ECHO_IF_MATCH);

        // then
        assertEquals(7, body(response).path("Version").asLong());
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "0", "-1", "\"\"", "W/abc", "*"})
    void ifMatchRefusesWhatIsNotAVersion(String header) {
        // given
        APIGatewayV2HTTPEvent event = withIfMatch(header);

        // when
        APIGatewayV2HTTPResponse response = serve(api, event, null, ECHO_IF_MATCH);

        // then
        assertError(response, 400, InvalidRequestException.INVALID_PARAMETER_VALUE);
    }

    @Test
    void noIfMatchHeaderMeansNoVersion() {
        // given
        APIGatewayV2HTTPEvent event = event().build();

        // when
        APIGatewayV2HTTPResponse response = serve(api, event, null, request -> ApiResponse.of(200,
                gen -> gen.writeBooleanField("HasVersion", request.ifMatchVersion() != null)));

        // then
        assertFalse(body(response).path("HasVersion").asBoolean());
    }

    @Test
    void secondCallOnTheSameRouteAndStoreIsRateLimited() {
        // given
        HttpApi limited = new HttpApi(new RateLimiter(1), MAX_BODY);
        APIGatewayV2HTTPResponse first = serve(limited, event().build(), null, OK);

        // when
        APIGatewayV2HTTPResponse second = serve(limited, event().build(), null, OK);

        // then
        assertEquals(200, first.getStatusCode());
        assertError(second, 429, "RequestLimitExceeded");
        assertEquals(REQUEST_ID, second.getHeaders().get("X-Request-Id"));
    }

    @Test
    void rateLimitIsPerUserStore() {
        // given
        HttpApi limited = new HttpApi(new RateLimiter(1), MAX_BODY);
        serve(limited, event().build(), null, OK);
        APIGatewayV2HTTPEvent otherStore = event()
                .withPathParameters(Map.of("UserStoreId", "another-store", "UserId", "u1")).build();

        // when
        APIGatewayV2HTTPResponse response = serve(limited, otherStore, null, OK);

        // then
        assertEquals(200, response.getStatusCode(), response.getBody());
        assertTrue(response.getBody().contains(REQUEST_ID));
    }

    @Test
    void aStoreIdThatBreaksTheRuleIsRefusedBeforeItBecomesALimiterKey() {
        // given
        RateLimiter limiter = new RateLimiter(5);
        HttpApi limited = new HttpApi(limiter, MAX_BODY);
        APIGatewayV2HTTPEvent junk = event()
                .withPathParameters(Map.of("UserStoreId", "no such store!" + "x".repeat(100), "UserId", "u1")).build();

        // when
        APIGatewayV2HTTPResponse response = serve(limited, junk, null, OK);

        // then
        assertError(response, 400, "InvalidParameterValue");
        assertEquals(0, limiter.keys());
    }

    private static APIGatewayV2HTTPEvent from(String sourceIp) {
        return event().withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder().withRequestId(REQUEST_ID)
                .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withSourceIp(sourceIp).build())
                .build()).build();
    }

    @Test
    void failedAuthenticationsAreThrottledPerSourceAddressBeforeAnyWork() {
        // given two failures a minute, spent by one address
        HttpApi api = new HttpApi(RateLimiter.unlimited(), new RateLimiter(2, 60, 100), StoreRequestLimit.off(), MAX_BODY);
        int[] attempts = {0};
        Function<ApiRequest, ApiResponse> door = request -> api.authenticate(request, () -> {
            attempts[0]++;
            if (!"good".equals(request.header("Authorization"))) {
                throw new dev.roster.shared.error.UnauthorizedException("AuthFailure.SignatureFailure", "bad");
            }
            return ApiResponse.of(200, gen -> { });
        });
        APIGatewayV2HTTPEvent bad = from("203.0.113.7");
        assertError(serve(api, bad, null, door), 403, "AuthFailure.SignatureFailure");
        assertError(serve(api, bad, null, door), 403, "AuthFailure.SignatureFailure");

        // when the same address tries again, once badly and once with good credentials
        APIGatewayV2HTTPResponse third = serve(api, bad, null, door);
        APIGatewayV2HTTPEvent good = from("203.0.113.7");
        good.setHeaders(Map.of("Authorization", "good"));
        APIGatewayV2HTTPResponse fourth = serve(api, good, null, door);
        APIGatewayV2HTTPEvent elsewhere = from("198.51.100.1");
        elsewhere.setHeaders(Map.of("Authorization", "good"));
        APIGatewayV2HTTPResponse otherAddress = serve(api, elsewhere, null, door);

        // then: refused without verifying anything; another address is unaffected
        assertError(third, 429, "RequestLimitExceeded");
        assertError(fourth, 429, "RequestLimitExceeded");
        assertEquals(200, otherAddress.getStatusCode(), otherAddress.getBody());
        assertEquals(3, attempts[0], "the refused requests never reached authentication");
    }

    @Test
    void successfulAuthenticationsAreNotCounted() {
        // given
        HttpApi api = new HttpApi(RateLimiter.unlimited(), new RateLimiter(1, 60, 100), StoreRequestLimit.off(), MAX_BODY);
        Function<ApiRequest, ApiResponse> door = request -> api.authenticate(request,
                () -> ApiResponse.of(200, gen -> { }));

        // when
        int ok = 0;
        for (int i = 0; i < 10; i++) {
            ok += serve(api, from("203.0.113.8"), null, door).getStatusCode() == 200 ? 1 : 0;
        }

        // then
        assertEquals(10, ok);
    }

    @Test
    void anIpv6HostCannotRotateThroughItsSlash64ToEscapeTheFailureBudget() {
        // when
        String one = HttpApi.sourceKey("2001:db8:1:2::1");
        String other = HttpApi.sourceKey("2001:db8:1:2:ffff:0:0:42");
        String elsewhere = HttpApi.sourceKey("2001:db8:1:3::1");

        // then
        assertEquals(one, other);
        assertFalse(one.equals(elsewhere));
        assertEquals("203.0.113.7", HttpApi.sourceKey("203.0.113.7"));
        assertEquals(HttpApi.sourceKey(null), HttpApi.sourceKey("not an address"));
    }
}
