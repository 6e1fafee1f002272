package dev.roster.shared.config;

import dev.roster.shared.user.UserService;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@link RosterConfig#from}: what the environment sets, and the defaults of what it leaves out. */
class RosterConfigTest {

    @Test
    void theFailedCheckLimitDefaultsToFiveAndIsReadFromTheEnvironment() {
        // GIVEN / WHEN
        RosterConfig defaults = RosterConfig.from(Map.of(RosterConfig.TABLE_NAME, "roster"));
        RosterConfig off = RosterConfig.from(Map.of(RosterConfig.TABLE_NAME, "roster",
                RosterConfig.PASSWORD_MAX_FAILED_CHECKS, "0"));

        // THEN, and the withers keep it
        assertEquals(5, UserService.DEFAULT_MAX_FAILED_CHECKS);
        assertEquals(UserService.DEFAULT_MAX_FAILED_CHECKS, defaults.passwordMaxFailedChecks());
        assertEquals(0, off.passwordMaxFailedChecks());
        assertEquals(0, off.withRateLimit(1).passwordMaxFailedChecks());
    }
}
