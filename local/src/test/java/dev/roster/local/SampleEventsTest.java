package dev.roster.local;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;
import dev.roster.functions.UsersHandler;
import dev.roster.shared.json.Json;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The events/ samples, as sam local invoke would send them, against the handler over real DynamoDB. */
class SampleEventsTest {

    private final UsersHandler handler = new UsersHandler(TestAws.deployment().services().users(),
            TestAws.deployment().services().httpApi());

    private static APIGatewayV2HTTPEvent event(String name, String userId) {
        APIGatewayV2HTTPEvent event = EventLoader.loadApiGatewayHttpEvent("events/" + name);
        if (userId != null) {
            Map<String, String> parameters = new HashMap<>(event.getPathParameters());
            parameters.put("UserId", userId);
            event.setPathParameters(parameters);
        }
        return event;
    }

    @Test
    void theSampleEventsWalkAUserThroughItsLife() {
        // given the seed's example user, created from events/create-user.json
        APIGatewayV2HTTPResponse created = handler.handleRequest(event("create-user.json", null), null);
        assertEquals(201, created.getStatusCode(), created.getBody());
        String userId = Json.parseObject(created.getBody()).get("User").get("UserId").asText();

        // when / then
        assertEquals(200, handler.handleRequest(event("get-user.json", userId), null).getStatusCode());
        APIGatewayV2HTTPResponse updated = handler.handleRequest(event("update-user.json", userId), null);
        assertEquals(200, updated.getStatusCode(), updated.getBody());
        JsonNode found = Json.parseObject(handler.handleRequest(event("find-user-by-email.json", null), null).getBody());
        assertEquals("zhang", found.get("Users").get(0).get("Nickname").asText());
        assertEquals(1, Json.parseObject(handler.handleRequest(event("list-users.json", null), null).getBody())
                .get("Users").size());
        assertEquals(204, handler.handleRequest(event("delete-user.json", userId), null).getStatusCode());
        assertEquals(404, handler.handleRequest(event("get-user.json", userId), null).getStatusCode());
    }
}
