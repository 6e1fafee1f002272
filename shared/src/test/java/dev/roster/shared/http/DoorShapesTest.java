package dev.roster.shared.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.roster.shared.compat.auth0.Auth0Api;
import dev.roster.shared.compat.tencent.TencentApi;
import dev.roster.shared.error.ConflictException;
import dev.roster.shared.rest.RestDoor;
import org.junit.jupiter.api.Test;

import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What each door's clients read: its envelope around an answer, and its error shape, byte for byte. */
class DoorShapesTest {

    private static final String REQUEST_ID = "c0ffee00-1111-2222-3333-444455556666";
    private static final HttpApi API = new HttpApi(RateLimiter.unlimited(), HttpApi.DEFAULT_MAX_BODY_BYTES);
    private static final Function<ApiRequest, ApiResponse> CREATED = request -> ApiResponse.of(201,
            gen -> gen.writeNumberField("A", 1));
    private static final Function<ApiRequest, ApiResponse> CONFLICT = request -> {
        throw new ConflictException(ConflictException.VERSION_CONFLICT, "Stale.");
    };

    /** A door that answers with {@code handle} and shapes the answer as {@code shape} does. */
    private static Door shapedAs(Door shape, Function<ApiRequest, ApiResponse> handle) {
        return new Door() {
            @Override
            public ApiResponse handle(ApiRequest request) {
                return handle.apply(request);
            }

            @Override
            public ApiResponse render(ApiResponse answer, String requestId) {
                return shape.render(answer, requestId);
            }

            @Override
            public ApiResponse renderError(int status, String code, String message) {
                return shape.renderError(status, code, message);
            }
        };
    }

    private static APIGatewayV2HTTPResponse serve(Door door) {
        return API.serve(APIGatewayV2HTTPEvent.builder().withRouteKey("POST /")
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder().withRequestId(REQUEST_ID).build())
                .build(), null, door);
    }

    private static void assertSent(int status, String body, APIGatewayV2HTTPResponse response) {
        assertEquals(status, response.getStatusCode());
        assertEquals(body, response.getBody());
        assertEquals(REQUEST_ID, response.getHeaders().get("X-Request-Id"));
    }

    @Test
    void restAddsTheRequestIdAndKeepsTheStatus() {
        // GIVEN Roster's REST door
        Door rest = new RestDoor(API, request -> null);

        // WHEN / THEN
        assertSent(201, "{\"A\":1,\"RequestId\":\"" + REQUEST_ID + "\"}", serve(shapedAs(rest, CREATED)));
        assertSent(409, "{\"Error\":{\"Code\":\"FailedOperation.VersionConflict\",\"Message\":\"Stale.\"},"
                + "\"RequestId\":\"" + REQUEST_ID + "\"}", serve(shapedAs(rest, CONFLICT)));
    }

    @Test
    void tencentWrapsEverythingInResponseAndAlwaysAnswers200() {
        // GIVEN Tencent Cloud API 3.0's door
        Door tencent = new TencentApi(null, null, null, null, API);

        // WHEN / THEN
        assertSent(200, "{\"Response\":{\"A\":1,\"RequestId\":\"" + REQUEST_ID + "\"}}",
                serve(shapedAs(tencent, CREATED)));
        assertSent(200, "{\"Response\":{\"Error\":{\"Code\":\"FailedOperation.VersionConflict\",\"Message\":"
                + "\"Stale.\"},\"RequestId\":\"" + REQUEST_ID + "\"}}", serve(shapedAs(tencent, CONFLICT)));
    }

    @Test
    void auth0SendsBareDocumentsAndItsOwnErrorObject() {
        // GIVEN Auth0's Management API door, whose routes write whole documents
        Door auth0 = new Auth0Api(null, null, null, API);

        // WHEN / THEN
        assertSent(201, "{\"A\":1}", serve(shapedAs(auth0, request -> ApiResponse.of(201, gen -> {
            gen.writeStartObject();
            gen.writeNumberField("A", 1);
            gen.writeEndObject();
        }))));
        assertSent(409, "{\"statusCode\":409,\"error\":\"Conflict\",\"message\":\"Stale.\",\"errorCode\":"
                + "\"FailedOperation.VersionConflict\"}", serve(shapedAs(auth0, CONFLICT)));
    }
}
