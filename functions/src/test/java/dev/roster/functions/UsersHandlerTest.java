package dev.roster.functions;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;
import dev.roster.shared.fakes.InMemoryUserStore;
import dev.roster.shared.http.HttpApi;
import dev.roster.shared.http.RateLimiter;
import dev.roster.shared.json.Json;
import dev.roster.shared.security.PasswordHasher;
import dev.roster.shared.user.UserService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The users handler over a fake store, driven by the sample events in events/. */
class UsersHandlerTest {

    private InMemoryUserStore store;
    private UsersHandler handler;

    @BeforeEach
    void setUp() {
        store = new InMemoryUserStore();
        UserService service = new UserService(store, new PasswordHasher(PasswordHasher.MIN_ITERATIONS),
                Clock.systemUTC());
        handler = new UsersHandler(service, new HttpApi(RateLimiter.unlimited(), HttpApi.DEFAULT_MAX_BODY_BYTES));
    }

    private APIGatewayV2HTTPResponse invoke(APIGatewayV2HTTPEvent event) {
        return handler.handleRequest(event, null);
    }

    private static APIGatewayV2HTTPEvent event(String name) {
        return EventLoader.loadApiGatewayHttpEvent("events/" + name);
    }

    private static APIGatewayV2HTTPEvent forUser(String name, String userId) {
        APIGatewayV2HTTPEvent event = event(name);
        Map<String, String> parameters = new HashMap<>(event.getPathParameters());
        parameters.put("UserId", userId);
        event.setPathParameters(parameters);
        return event;
    }

    private static JsonNode json(APIGatewayV2HTTPResponse response) {
        return Json.parseObject(response.getBody());
    }

    private String createSeedUser() {
        APIGatewayV2HTTPResponse created = invoke(event("create-user.json"));
        assertEquals(201, created.getStatusCode(), created.getBody());
        return json(created).get("User").get("UserId").asText();
    }

    @Test
    void createsTheSeedsExampleUserAndReturnsTheSeedsUserObject() {
        // given the seed's CreateUser example in events/create-user.json
        APIGatewayV2HTTPEvent event = event("create-user.json");

        // when
        APIGatewayV2HTTPResponse response = invoke(event);

        // then
        assertEquals(201, response.getStatusCode());
        JsonNode body = json(response);
        JsonNode user = body.get("User");
        assertEquals("testuser006", user.get("UserName").asText());
        assertEquals("testuser006@test.com", user.get("Email").asText());
        assertEquals("+86-19877755556", user.get("PhoneNumber").asText());
        assertEquals("NOT_ENABLED", user.get("Status").asText());
        assertEquals("8bee9039509c4c3c80b26fbb8cacedb9", user.get("UserOrgs").get(0).asText());
        assertEquals("d733b65803284091a998ab707d820726", user.get("UserStoreId").asText());
        assertEquals(1, user.get("Version").asLong());
        assertTrue(user.has("Nickname") && user.get("Nickname").isNull(), "unknown fields are present as null");
        assertEquals(event.getRequestContext().getRequestId(), body.get("RequestId").asText());
        assertEquals(body.get("RequestId").asText(), response.getHeaders().get("X-Request-Id"));
        assertFalse(response.getBody().contains("@ppServer123"), "the password is never returned");
        assertFalse(user.has("Password"));
        assertEquals(1, store.size());
    }

    @Test
    void getsUpdatesListsAndDeletesThroughTheSampleEvents() {
        // given
        String userId = createSeedUser();

        // when / then: get
        APIGatewayV2HTTPResponse got = invoke(forUser("get-user.json", userId));
        assertEquals(200, got.getStatusCode());
        assertEquals(userId, json(got).get("User").get("UserId").asText());
        assertEquals("\"1\"", got.getHeaders().get("ETag"));

        // when / then: update with If-Match "1"
        APIGatewayV2HTTPResponse updated = invoke(forUser("update-user.json", userId));
        assertEquals(200, updated.getStatusCode(), updated.getBody());
        JsonNode user = json(updated).get("User");
        assertEquals("zhang", user.get("Nickname").asText());
        assertEquals(2, user.get("Version").asLong());
        assertEquals("gold", user.get("CustomAttributes").get(0).get("Value").asText());

        // when / then: the same If-Match again is stale
        APIGatewayV2HTTPResponse stale = invoke(forUser("update-user.json", userId));
        assertEquals(409, stale.getStatusCode());
        assertEquals("FailedOperation.VersionConflict", json(stale).get("Error").get("Code").asText());

        // when / then: list and lookup by email
        assertEquals(1, json(invoke(event("list-users.json"))).get("Users").size());
        assertEquals(userId, json(invoke(event("find-user-by-email.json"))).get("Users").get(0).get("UserId").asText());

        // when / then: delete, then it is gone and its guards are released
        APIGatewayV2HTTPResponse deleted = invoke(forUser("delete-user.json", userId));
        assertEquals(204, deleted.getStatusCode());
        assertNull(deleted.getBody());
        assertNotNull(deleted.getHeaders().get("X-Request-Id"));
        assertEquals(0, store.size());
        assertEquals(0, store.guardCount());
        APIGatewayV2HTTPResponse missing = invoke(forUser("get-user.json", userId));
        assertEquals(404, missing.getStatusCode());
        assertEquals("FailedOperation.UserNotFound", json(missing).get("Error").get("Code").asText());
    }

    @Test
    void duplicateEmailIsAConflictAndWritesNothing() {
        // given
        createSeedUser();
        APIGatewayV2HTTPEvent again = event("create-user.json");
        again.setBody(again.getBody().replace("testuser006\"", "someoneelse\"").replace("19877755556", "19877755557"));

        // when
        APIGatewayV2HTTPResponse response = invoke(again);

        // then
        assertEquals(409, response.getStatusCode());
        assertEquals("FailedOperation.EmailAlreadyExists", json(response).get("Error").get("Code").asText());
        assertEquals(1, store.size());
    }

    @Test
    void malformedBodyIsA400AndWritesNothing() {
        // given
        APIGatewayV2HTTPEvent event = event("create-user.json");
        event.setBody("{\"UserName\": ");

        // when
        APIGatewayV2HTTPResponse response = invoke(event);

        // then
        assertEquals(400, response.getStatusCode());
        assertEquals("InvalidParameter", json(response).get("Error").get("Code").asText());
        assertEquals(0, store.size());
    }

    @Test
    void storeFailureIsA500WithoutInternals() {
        // given
        store.failNextWith = new IllegalStateException("table arn:aws:dynamodb:secret is on fire");

        // when
        APIGatewayV2HTTPResponse response = invoke(event("create-user.json"));

        // then
        assertEquals(500, response.getStatusCode());
        assertEquals("InternalError", json(response).get("Error").get("Code").asText());
        assertFalse(response.getBody().contains("secret"));
        assertFalse(response.getBody().contains("IllegalStateException"));
    }

    @Test
    void unknownRouteKeyIsA404() {
        // given
        APIGatewayV2HTTPEvent event = event("list-users.json");
        event.setRouteKey("PUT /userstores/{UserStoreId}/users");

        // when
        APIGatewayV2HTTPResponse response = invoke(event);

        // then
        assertEquals(404, response.getStatusCode());
        assertEquals("ResourceNotFound", json(response).get("Error").get("Code").asText());
    }
}
