package dev.roster.local;

import dev.roster.local.ApiClient.Reply;
import dev.roster.shared.http.StoreRequestLimit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The exact per-store limit (STORE_REQUESTS_PER_SECOND) on DynamoDB: one budget a second per store, shared by every
 * container and door, where the per-container limiter would admit its limit once per container.
 */
class StoreRequestLimitTest {

    private static final int LIMIT = 5;
    private static LocalDeployment first;
    private static LocalDeployment second;

    @BeforeAll
    static void deployTwoContainers() throws Exception {
        // two deployments on the same table stand for two Lambda containers; the per-container limiter is off
        for (int i = 0; i < 2; i++) {
            LocalDeployment deployment = new LocalDeployment(TestAws.aws().endpoints(),
                    TestAws.CONFIG.withStoreRequestsPerSecond(LIMIT), "127.0.0.1", 0,
                    LocalDeployment.Options.defaults().withoutWorkers());
            if (i == 0) {
                first = deployment;
            } else {
                second = deployment;
            }
        }
    }

    @AfterAll
    static void undeploy() {
        first.close();
        second.close();
    }

    @Test
    void twoContainersShareOneBudgetASecondPerStoreExactly() {
        // given two containers' limits of 10 a second, and a clock stopped inside one second
        Clock now = Clock.fixed(Instant.parse("2026-11-30T08:00:00.250Z"), ZoneOffset.UTC);
        var dynamo = TestAws.aws().endpoints().dynamoClient();
        StoreRequestLimit a = new StoreRequestLimit(() -> dynamo, LocalDeployment.TABLE, 10, now);
        StoreRequestLimit b = new StoreRequestLimit(() -> dynamo, LocalDeployment.TABLE, 10, now);
        String store = "limited-" + UUID.randomUUID().toString().substring(0, 8);

        // when 25 requests of the store alternate between them
        int admitted = 0;
        for (int i = 0; i < 25; i++) {
            admitted += (i % 2 == 0 ? a : b).tryAcquire(store) ? 1 : 0;
        }

        // then exactly 10 pass; another store has its own budget; the next second starts afresh
        assertEquals(10, admitted);
        assertTrue(a.tryAcquire(store + "-other"));
        StoreRequestLimit later = new StoreRequestLimit(() -> dynamo, LocalDeployment.TABLE, 10,
                Clock.offset(now, java.time.Duration.ofSeconds(1)));
        assertTrue(later.tryAcquire(store));
        // and the second's item expires by TTL a minute after it
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(LocalDeployment.TABLE).key(Map.of(
                "pk", AttributeValue.fromS("US#" + store + "#RATE"),
                "sk", AttributeValue.fromS(Long.toString(now.instant().getEpochSecond()))))).item();
        assertEquals(Long.toString(now.instant().getEpochSecond() + 60), item.get("ExpiresAt").n());
    }

    @Test
    void requestsThroughTwoContainersAndTwoDoorsAreRefusedPastTheStoresLimit() {
        // given the REST door of one container and the Auth0 door of another, for the same store
        ApiClient rest = new ApiClient(first.port());
        ApiClient auth0 = new ApiClient(second.port());
        String store = TestAws.AUTH0_STORE;

        // when 30 lookups alternate between them as fast as they can
        long startSecond = Instant.now().getEpochSecond();
        int admitted = 0;
        int refused = 0;
        for (int i = 0; i < 30; i++) {
            Reply reply = i % 2 == 0
                    ? rest.get("/userstores/" + store + "/users/nobody")
                    : auth0.send("GET", "/api/v2/users/auth0%7Cnobody", (String) null,
                    "Authorization", "Bearer " + TestAws.AUTH0_TOKEN);
            if (reply.status() == 429) {
                refused++;
            } else {
                assertEquals(404, reply.status(), reply.raw().body());
                admitted++;
            }
        }
        long seconds = Instant.now().getEpochSecond() - startSecond + 1;

        // then no more than the store's limit passed in each second the loop spanned, and the rest were refused
        assertTrue(admitted <= LIMIT * seconds, admitted + " admitted in " + seconds + " second(s)");
        assertTrue(refused > 0, "nothing was refused");
        Reply refusal = rest.get("/userstores/" + store + "/users/nobody");
        if (refusal.status() == 429) {
            assertEquals("RequestLimitExceeded", refusal.errorCode());
        }
        assertFalse(admitted == 0, "nothing was admitted");
    }
}
