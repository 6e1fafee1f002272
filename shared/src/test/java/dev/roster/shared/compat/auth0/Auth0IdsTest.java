package dev.roster.shared.compat.auth0;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class Auth0IdsTest {

    @Test
    void userIdsRoundTrip() {
        // GIVEN
        String rosterId = "0f8e7d6c5b4a39281706f5e4d3c2b1a0";

        // WHEN
        String auth0Id = Auth0Ids.userId(rosterId);

        // THEN
        assertEquals("auth0|0f8e7d6c5b4a39281706f5e4d3c2b1a0", auth0Id);
        assertEquals(rosterId, Auth0Ids.rosterUserId(auth0Id));
    }

    @Test
    void jobIdsRoundTrip() {
        // GIVEN
        String rosterId = "0000018c0f2d3e40abcdef";

        // WHEN
        String auth0Id = Auth0Ids.jobId(rosterId);

        // THEN
        assertEquals("job_0000018c0f2d3e40abcdef", auth0Id);
        assertEquals(rosterId, Auth0Ids.rosterJobId(auth0Id));
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "auth0|", "abc", "google-oauth2|123", "AUTH0|abc", "auth0|a|b", "auth0|a/b",
            "auth0|a b", "job_abc"})
    void anythingButAuth0PipeSomethingIsNoRosterUserId(String id) {
        // GIVEN the id above

        // WHEN
        String rosterId = Auth0Ids.rosterUserId(id);

        // THEN
        assertNull(rosterId);
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "job_", "job", "abc", "JOB_abc", "job_a/b", "auth0|abc"})
    void anythingButJobUnderscoreSomethingIsNoRosterJobId(String id) {
        // GIVEN the id above

        // WHEN
        String rosterId = Auth0Ids.rosterJobId(id);

        // THEN
        assertNull(rosterId);
    }
}
