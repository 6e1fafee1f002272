package dev.roster.local;

import dev.roster.local.twin.ProductionTwin;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The production twin as template.yaml deploys it: SnapStart on every function, so no key variables, only the
 * container-credentials endpoint.
 */
class SnapStartTwinTest extends ProductionTwinContract {

    @Override
    ProductionTwin.Options deployment(ProductionTwin.Options options) {
        return options.withStackName("roster-snapstart");
    }

    @Test
    void everyFunctionTookItsCredentialsFromTheContainerEndpoint() {
        // given a journey through every function
        userCrudThroughApiGatewayEvents();

        // then: the functions that called AWS fetched credentials, and no function had keys to fall back on
        assertTrue(twin.credentialFetches("UsersFunction") >= 1, functionLogs());
        for (String function : new String[]{"UsersFunction", "JobsFunction", "JobWorkerFunction",
                "JobDeadLetterFunction", "TencentApiFunction", "Auth0ApiFunction"}) {
            assertEquals(1, twin.environments(function), function + " needed a new execution environment");
        }
    }
}
