package dev.roster.shared.compat.auth0;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
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
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code GET /api/v2/users} over a fake store: a search answers in the listing's shape, totals and pages. */
class Auth0UserListingTest {

    private static final HttpApi API = new HttpApi(RateLimiter.unlimited(), HttpApi.DEFAULT_MAX_BODY_BYTES);
    private static final String EMAIL = "ada@example.com";

    private Auth0Api door;

    @BeforeEach
    void setUp() {
        UserService users = new UserService(new InMemoryUserStore(), new PasswordHasher(PasswordHasher.MIN_ITERATIONS),
                Clock.systemUTC());
        door = new Auth0Api(users, null, Auth0Tokens.parse(Auth0TokensTest.CONFIG), API);
        APIGatewayV2HTTPResponse created = serve(event(Auth0Api.CREATE_USER, Map.of()).withBody("{\"connection\":"
                + "\"demo\",\"email\":\"" + EMAIL + "\",\"username\":\"ada\",\"phone_number\":\"+15550100\","
                + "\"password\":\"correct horse battery\"}").build());
        assertEquals(201, created.getStatusCode(), created.getBody());
    }

    private static APIGatewayV2HTTPEvent.APIGatewayV2HTTPEventBuilder event(String route, Map<String, String> query) {
        return APIGatewayV2HTTPEvent.builder().withRouteKey(route).withQueryStringParameters(query)
                .withHeaders(Map.of("authorization", "Bearer tokenA", "content-type", "application/json"))
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder().withRequestId("r-1").build());
    }

    private APIGatewayV2HTTPResponse serve(APIGatewayV2HTTPEvent event) {
        return API.serve(event, null, door);
    }

    private JsonNode list(Map<String, String> query) throws Exception {
        APIGatewayV2HTTPResponse response = serve(event(Auth0Api.LIST_USERS, query).build());
        assertEquals(200, response.getStatusCode(), response.getBody());
        return Json.MAPPER.readTree(response.getBody());
    }

    @Test
    void aSearchWithTotalsIsTheTotalsObjectAsSdk3ReadsIt() throws Exception {
        // WHEN users are searched by email with include_totals, as Auth0's SDK 3.x always asks
        JsonNode found = list(Map.of("q", "email:\"" + EMAIL + "\"", "include_totals", "true"));

        // THEN the answer is {start, limit, length, total, users}, as for the listing
        assertEquals(0, found.get("start").asInt());
        assertEquals(50, found.get("limit").asInt());
        assertEquals(1, found.get("length").asInt());
        assertEquals(1, found.get("total").asInt());
        assertEquals(EMAIL, found.get("users").get(0).get("email").asText());
    }

    @Test
    void aSearchIsPagedAndWithoutTotalsIsABareArray() throws Exception {
        // WHEN the second page of one user is asked for, and the first without totals
        JsonNode second = list(Map.of("q", "email:\"" + EMAIL + "\"", "include_totals", "true", "page", "1",
                "per_page", "1"));
        JsonNode bare = list(Map.of("q", "email:\"" + EMAIL + "\""));

        // THEN the second page is empty but counts the match; the bare answer is the array of users
        assertEquals(0, second.get("length").asInt());
        assertEquals(1, second.get("total").asInt());
        assertTrue(bare.isArray());
        assertEquals(EMAIL, bare.get(0).get("email").asText());
    }
}
