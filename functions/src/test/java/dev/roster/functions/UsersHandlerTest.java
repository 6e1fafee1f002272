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
    void checksAPasswordLocksAndUnlocksThroughTheSampleEvents() {
        // given the seed user, and its password check in events/verify-password.json
        String userId = createSeedUser();
        APIGatewayV2HTTPResponse verified = invoke(event("verify-password.json"));
        assertEquals(200, verified.getStatusCode(), verified.getBody());
        assertEquals(userId, json(verified).get("User").get("UserId").asText());
        assertFalse(verified.getBody().contains("@ppServer123"), "the password is never returned");
        assertFalse(json(verified).get("User").has("PasswordResetRequired"), "only passwordless users show it");

        // when a wrong password, and an unknown identifier
        APIGatewayV2HTTPEvent wrong = event("verify-password.json");
        wrong.setBody(wrong.getBody().replace("@ppServer123", "@ppServer124"));
        APIGatewayV2HTTPEvent unknown = event("verify-password.json");
        unknown.setBody(unknown.getBody().replace("testuser006@test.com", "nobody@test.com"));
        APIGatewayV2HTTPResponse refused = invoke(wrong);
        APIGatewayV2HTTPResponse nobody = invoke(unknown);

        // then the same 401 body, but for its RequestId
        assertEquals(401, refused.getStatusCode());
        assertEquals(401, nobody.getStatusCode());
        assertEquals("FailedOperation.InvalidCredentials", json(refused).get("Error").get("Code").asText());
        assertEquals(json(refused).get("Error"), json(nobody).get("Error"));

        // when the sample status event locks the user (LOCK, with its reason)
        APIGatewayV2HTTPResponse locked = invoke(forUser("update-user-status.json", userId));

        // then the user shows LOCK and the right password is refused; NORMAL unlocks it
        assertEquals(200, locked.getStatusCode(), locked.getBody());
        assertEquals("LOCK", json(locked).get("User").get("Status").asText());
        assertEquals("Suspected account takeover", store.find("d733b65803284091a998ab707d820726", userId)
                .orElseThrow().statusReason());
        assertEquals(401, invoke(event("verify-password.json")).getStatusCode());
        APIGatewayV2HTTPEvent unlock = forUser("update-user-status.json", userId);
        unlock.setBody("{\"Status\": \"NORMAL\"}");
        assertEquals("NORMAL", json(invoke(unlock)).get("User").get("Status").asText());
        assertEquals(200, invoke(event("verify-password.json")).getStatusCode());
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {
            "{}", "{\"Identifier\": \"a\"}", "{\"Password\": \"p\"}", "{\"Identifier\": \"  \", \"Password\": \"p\"}",
            "{\"Identifier\": \"a\", \"Password\": \"   \"}", "{\"Identifier\": 7, \"Password\": \"p\"}",
            "{\"Identifier\": \"a\", \"Password\": [\"p\"]}", "{\"Identifier\": \"a\", \"Password\": \"p\", \"Extra\": 1}",
            "[1]", "{\"Identifier\": \"a\", \"Password\": \"p\u0000\"}"})
    void aMalformedPasswordCheckIsA400(String body) {
        // given
        APIGatewayV2HTTPEvent event = event("verify-password.json");
        event.setBody(body);

        // when
        APIGatewayV2HTTPResponse response = invoke(event);

        // then
        assertEquals(400, response.getStatusCode(), response.getBody());
    }

    @Test
    void tooLongIdentifiersPasswordsAndReasonsAreA400() {
        // given
        String userId = createSeedUser();
        APIGatewayV2HTTPEvent longIdentifier = event("verify-password.json");
        longIdentifier.setBody("{\"Identifier\": \"" + "a".repeat(255) + "\", \"Password\": \"p\"}");
        APIGatewayV2HTTPEvent longPassword = event("verify-password.json");
        longPassword.setBody("{\"Identifier\": \"a\", \"Password\": \"" + "p".repeat(1025) + "\"}");
        APIGatewayV2HTTPEvent longReason = forUser("update-user-status.json", userId);
        longReason.setBody("{\"Status\": \"LOCK\", \"Reason\": \"" + "r".repeat(257) + "\"}");
        APIGatewayV2HTTPEvent badStatus = forUser("update-user-status.json", userId);
        badStatus.setBody("{\"Status\": \"NOT_ENABLED\"}");

        // when / then
        for (APIGatewayV2HTTPEvent event : java.util.List.of(longIdentifier, longPassword, longReason, badStatus)) {
            APIGatewayV2HTTPResponse response = invoke(event);
            assertEquals(400, response.getStatusCode(), response.getBody());
            assertEquals("InvalidParameterValue", json(response).get("Error").get("Code").asText());
        }
        assertEquals("NOT_ENABLED", store.find("d733b65803284091a998ab707d820726", userId).orElseThrow().status());
    }

    @Test
    void theStatusOfAnUnknownUserIsA404() {
        // when
        APIGatewayV2HTTPResponse response = invoke(forUser("update-user-status.json", "nobody"));

        // then
        assertEquals(404, response.getStatusCode());
        assertEquals("FailedOperation.UserNotFound", json(response).get("Error").get("Code").asText());
    }

    @Test
    void aUserWithoutAPasswordShowsThatItMustResetIt() {
        // given an imported user with no credential
        store.insert(dev.roster.shared.user.User.builder("d733b65803284091a998ab707d820726", "cognito-1")
                .email("c@test.com").build());

        // when
        JsonNode user = json(invoke(forUser("get-user.json", "cognito-1"))).get("User");

        // then in its alphabetical place
        assertTrue(user.get("PasswordResetRequired").asBoolean());
        java.util.List<String> names = new java.util.ArrayList<>();
        user.fieldNames().forEachRemaining(names::add);
        assertEquals(names.stream().sorted().toList(), names);
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
