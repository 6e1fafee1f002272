package dev.roster.local;

import dev.roster.local.twin.ProductionTwin;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The production twin as Lambda runs functions without SnapStart: credentials are key variables. */
class OnDemandTwinTest extends ProductionTwinContract {

    @Override
    ProductionTwin.Options deployment(ProductionTwin.Options options) {
        return options.withStackName("roster-on-demand").withoutSnapStart();
    }

    @Test
    void noFunctionUsesTheContainerEndpoint() {
        // given
        userCrudThroughApiGatewayEvents();

        // then
        assertEquals(0, twin.credentialFetches("UsersFunction"));
    }
}
