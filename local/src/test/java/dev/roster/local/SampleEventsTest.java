package dev.roster.local;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;
import dev.roster.functions.JobWorkerHandler;
import dev.roster.functions.JobsHandler;
import dev.roster.functions.UsersHandler;
import dev.roster.shared.config.Services;
import dev.roster.shared.job.JobMessage;
import dev.roster.shared.json.Json;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The events/ samples, as sam local invoke would send them, against the handlers over the real emulators. Uses the
 * deployment that runs no workers, so the worker here is driven by the sample SQS event alone.
 */
class SampleEventsTest {

    private final Services services = TestAws.userApiDeployment().services();
    private final UsersHandler users = new UsersHandler(services.users(), services.httpApi());
    private final JobsHandler jobs = new JobsHandler(services.jobs(), services.httpApi());
    private final JobWorkerHandler worker = new JobWorkerHandler(services.jobRunner());

    private static APIGatewayV2HTTPEvent event(String name, String parameter, String value) {
        APIGatewayV2HTTPEvent event = EventLoader.loadApiGatewayHttpEvent("events/" + name);
        if (parameter != null) {
            Map<String, String> parameters = new HashMap<>(event.getPathParameters());
            parameters.put(parameter, value);
            event.setPathParameters(parameters);
        }
        return event;
    }

    private static JsonNode body(APIGatewayV2HTTPResponse response) {
        return Json.parseObject(response.getBody());
    }

    @Test
    void theSampleEventsWalkAUserThroughItsLifeAndExportIt() {
        // given the seed's example user, created from events/create-user.json
        APIGatewayV2HTTPResponse created = users.handleRequest(event("create-user.json", null, null), null);
        assertEquals(201, created.getStatusCode(), created.getBody());
        String userId = body(created).get("User").get("UserId").asText();

        // when / then: the user events
        assertEquals(200, users.handleRequest(event("get-user.json", "UserId", userId), null).getStatusCode());
        APIGatewayV2HTTPResponse updated = users.handleRequest(event("update-user.json", "UserId", userId), null);
        assertEquals(200, updated.getStatusCode(), updated.getBody());
        JsonNode found = body(users.handleRequest(event("find-user-by-email.json", null, null), null));
        assertEquals("zhang", found.get("Users").get(0).get("Nickname").asText());
        assertEquals(1, body(users.handleRequest(event("list-users.json", null, null), null)).get("Users").size());

        // when / then: the password check, and the status events (LOCK with its reason refuses it; NORMAL unlocks)
        APIGatewayV2HTTPResponse verified = users.handleRequest(event("verify-password.json", null, null), null);
        assertEquals(200, verified.getStatusCode(), verified.getBody());
        APIGatewayV2HTTPResponse locked = users.handleRequest(event("update-user-status.json", "UserId", userId),
                null);
        assertEquals("LOCK", body(locked).get("User").get("Status").asText(), locked.getBody());
        assertEquals(401, users.handleRequest(event("verify-password.json", null, null), null).getStatusCode());
        APIGatewayV2HTTPEvent unlock = event("update-user-status.json", "UserId", userId);
        unlock.setBody("{\"Status\": \"NORMAL\"}");
        assertEquals(200, users.handleRequest(unlock, null).getStatusCode());

        // when / then: the export events, the worker fed the sample SQS event
        APIGatewayV2HTTPResponse accepted = jobs.handleRequest(event("create-export-job.json", null, null), null);
        assertEquals(202, accepted.getStatusCode(), accepted.getBody());
        String jobId = body(accepted).get("Job").get("Id").asText();
        SQSEvent delivery = EventLoader.loadSQSEvent("events/sqs-job-message.json");
        delivery.getRecords().get(0).setBody(new JobMessage("d733b65803284091a998ab707d820726", jobId).toJson());
        SQSBatchResponse result = worker.handleRequest(delivery, null);
        assertTrue(result.getBatchItemFailures().isEmpty());
        JsonNode job = body(jobs.handleRequest(event("get-job.json", "JobId", jobId), null)).get("Job");
        assertEquals("COMPLETED", job.get("Status").asText(), job.toString());
        assertEquals(1, job.get("Progress").asLong());
        assertTrue(job.get("Location").asText().startsWith("http"));
        assertEquals(jobId, body(jobs.handleRequest(event("list-jobs.json", null, null), null)).get("Jobs").get(0)
                .get("Id").asText());

        // and the user's delete
        assertEquals(204, users.handleRequest(event("delete-user.json", "UserId", userId), null).getStatusCode());
        assertEquals(404, users.handleRequest(event("get-user.json", "UserId", userId), null).getStatusCode());
    }

    @Test
    void theSampleImportImportsAUserWhoseShaOnePasswordVerifies() {
        // given events/create-import-job.json: one user with a salted SHA1 hash of "abc123"
        APIGatewayV2HTTPResponse accepted = jobs.handleRequest(event("create-import-job.json", null, null), null);
        assertEquals(202, accepted.getStatusCode(), accepted.getBody());
        String jobId = body(accepted).get("Job").get("Id").asText();
        SQSEvent delivery = EventLoader.loadSQSEvent("events/sqs-job-message.json");
        delivery.getRecords().get(0).setBody(new JobMessage("d733b65803284091a998ab707d820726", jobId).toJson());

        // when the worker runs it
        assertTrue(worker.handleRequest(delivery, null).getBatchItemFailures().isEmpty());

        // then
        JsonNode job = body(jobs.handleRequest(event("get-job.json", "JobId", jobId), null)).get("Job");
        assertEquals("COMPLETED", job.get("Status").asText(), job.toString());
        assertEquals(1, job.get("Inserted").asLong(), job.toString());
        APIGatewayV2HTTPEvent lookup = event("find-user-by-email.json", null, null);
        lookup.setQueryStringParameters(Map.of("Email", "zhangsan@qq.com"));
        JsonNode user = body(users.handleRequest(lookup, null)).get("Users").get(0);
        dev.roster.shared.user.User stored = services.users().get("d733b65803284091a998ab707d820726",
                user.get("UserId").asText());
        assertTrue(dev.roster.shared.security.PasswordVerifier.matches(stored.password(), "abc123"));
        // leave the sample store as it was found: the other test counts its users
        services.users().delete(stored.userStoreId(), stored.userId(), null);
    }

    @Test
    void aMalformedQueueMessageIsDroppedNotRetriedForever() {
        // given
        SQSEvent delivery = EventLoader.loadSQSEvent("events/sqs-job-message.json");
        delivery.getRecords().get(0).setBody("{\"hello\":\"world\"}");

        // when
        SQSBatchResponse result = worker.handleRequest(delivery, null);

        // then
        assertTrue(result.getBatchItemFailures().isEmpty());
    }
}
