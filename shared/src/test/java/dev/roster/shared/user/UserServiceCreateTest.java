package dev.roster.shared.user;

import dev.roster.shared.error.ConflictException;
import dev.roster.shared.error.InvalidRequestException;
import dev.roster.shared.fakes.InMemoryUserStore;
import dev.roster.shared.fakes.TestClock;
import dev.roster.shared.security.PasswordHasher;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link UserService#create}: the core asks for one identifier, and guards only those present. */
class UserServiceCreateTest {

    private final InMemoryUserStore store = new InMemoryUserStore();
    private final UserService users = new UserService(store, new PasswordHasher(PasswordHasher.MIN_ITERATIONS),
            new TestClock());

    private static NewUser withIdentifiers(String userName, String email, String phone, Map<String, String> profile) {
        return new NewUser(userName, email, phone, "correct horse battery", profile, null, List.of(), List.of(),
                List.of());
    }

    @Test
    void aUserWithOnlyAnEmailIsCreatedAndKeepsItsFlagsAndAppMetadata() {
        // GIVEN
        NewUser input = new NewUser(null, "a@b.com", null, "correct horse battery", Map.of("GivenName", "A"), null,
                List.of(), List.of(), List.of(), true, true, "{\"plan\":\"gold\"}");

        // WHEN
        User created = users.create("demo", input);

        // THEN
        User stored = users.get("demo", created.userId());
        assertNull(stored.userName());
        assertNull(stored.phoneNumber());
        assertEquals("a@b.com", stored.email());
        assertTrue(stored.emailVerified() && stored.blocked());
        assertEquals("{\"plan\":\"gold\"}", stored.appMetadata());
        assertEquals("A", stored.profile("GivenName"));
    }

    @Test
    void usersWithoutAUserNameOrPhoneDoNotCollideOnTheMissingOnes() {
        // GIVEN
        users.create("demo", withIdentifiers(null, "a@b.com", null, Map.of()));

        // WHEN
        users.create("demo", withIdentifiers(null, "c@d.com", null, Map.of()));

        // THEN a present identifier is still guarded
        assertThrows(ConflictException.class, () -> users.create("demo", withIdentifiers(null, "A@b.com", null,
                Map.of())));
    }

    @Test
    void aSocialIdAloneIdentifiesAUser() {
        // GIVEN
        NewUser input = withIdentifiers(null, null, null, Map.of("WechatOpenId", "wx-1"));

        // WHEN
        User created = users.create("demo", input);

        // THEN
        assertEquals("wx-1", created.profile("WechatOpenId"));
    }

    @Test
    void aUserWithNoIdentifierIsRefused() {
        // GIVEN
        NewUser input = withIdentifiers(null, null, null, Map.of("Nickname", "nobody"));

        // WHEN
        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> users.create("demo", input));

        // THEN
        assertEquals(InvalidRequestException.MISSING_PARAMETER, e.code());
    }
}
