package dev.roster.shared.compat.auth0;

import dev.roster.shared.error.UnauthorizedException;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Auth0PrincipalTest {

    @Test
    void allowsAScopeTheTokenHolds() {
        // GIVEN
        Auth0Principal principal = new Auth0Principal("demo", Set.of("read:users", "create:users"));

        // WHEN / THEN
        assertDoesNotThrow(() -> principal.require("read:users"));
        assertDoesNotThrow(() -> principal.require("create:users"));
    }

    @Test
    void refusesAMissingScopeWithAuth0sMessage() {
        // GIVEN
        Auth0Principal principal = new Auth0Principal("demo", Set.of("read:users"));

        // WHEN
        UnauthorizedException e = assertThrows(UnauthorizedException.class, () -> principal.require("delete:users"));

        // THEN
        assertEquals(UnauthorizedException.UNAUTHORIZED_OPERATION, e.code());
        assertEquals("Insufficient scope, expected any of: delete:users", e.getMessage());
    }

    @Test
    void scopesAreCopiedAndANullSetMeansNone() {
        // GIVEN
        Set<String> scopes = new HashSet<>(Set.of("read:users"));
        Auth0Principal principal = new Auth0Principal("demo", scopes);
        Auth0Principal none = new Auth0Principal("demo", null);

        // WHEN
        scopes.add("delete:users");

        // THEN
        assertEquals(Set.of("read:users"), principal.scopes());
        assertTrue(none.scopes().isEmpty());
        assertThrows(UnauthorizedException.class, () -> none.require("read:users"));
    }
}
