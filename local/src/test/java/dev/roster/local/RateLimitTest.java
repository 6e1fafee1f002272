package dev.roster.local;

import dev.roster.local.ApiClient.Reply;
import dev.roster.shared.config.RosterConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The default limit, 20 requests a second per route and user store, through the local front. */
class RateLimitTest {

    private static LocalDeployment limited;

    @BeforeAll
    static void deploy() throws Exception {
        limited = new LocalDeployment(TestAws.aws().endpoints(),
                TestAws.CONFIG.withRateLimit(RosterConfig.DEFAULT_RATE_LIMIT), "127.0.0.1", 0,
                LocalDeployment.Options.defaults().withoutWorkers());
    }

    @AfterAll
    static void undeploy() {
        limited.close();
    }

    @Test
    void aBurstPastTwentyIsRefusedWith429AndOtherStoresAreUnaffected() {
        // given
        ApiClient api = new ApiClient(limited.port());

        // when 60 requests go to one route of one store as fast as they can (a lookup that needs no database
        // work, so that the loop outruns the refill of 20 a second)
        int refused = 0;
        for (int i = 0; i < 60; i++) {
            Reply reply = api.get("/userstores/busy/users/nobody");
            if (i < 20) {
                assertEquals(404, reply.status(), "the first 20 fit the burst");
            } else if (reply.status() == 429) {
                assertEquals("RequestLimitExceeded", reply.errorCode());
                refused++;
            }
        }

        // then
        assertTrue(refused > 0, "no request was refused");
        assertNotEquals(429, api.get("/userstores/quiet/users/nobody").status(), "another store has its own budget");
    }
}
