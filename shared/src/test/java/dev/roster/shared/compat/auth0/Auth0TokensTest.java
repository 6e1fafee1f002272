package dev.roster.shared.compat.auth0;

import dev.roster.shared.error.UnauthorizedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class Auth0TokensTest {

    static final String CONFIG = "{\"tokenA\":{\"store\":\"demo\",\"scopes\":[\"read:users\",\"create:users\","
            + "\"update:users\",\"delete:users\"]},\"tokenB\":{\"store\":\"other\",\"scopes\":[\"read:users\"]}}";

    private static void assertAuthFailure(Auth0Tokens tokens, String header) {
        UnauthorizedException e = assertThrows(UnauthorizedException.class, () -> tokens.authenticate(header));
        assertEquals(UnauthorizedException.AUTH_FAILURE, e.code());
        assertEquals("Missing or invalid bearer token.", e.getMessage());
    }

    @Test
    void aKnownBearerTokenOpensItsStoreWithItsScopes() {
        // GIVEN
        Auth0Tokens tokens = Auth0Tokens.parse(CONFIG);

        // WHEN
        Auth0Principal a = tokens.authenticate("Bearer tokenA");
        Auth0Principal b = tokens.authenticate("Bearer tokenB");

        // THEN
        assertEquals(new Auth0Principal("demo", Set.of("read:users", "create:users", "update:users", "delete:users")), a);
        assertEquals(new Auth0Principal("other", Set.of("read:users")), b);
        assertEquals(2, tokens.size());
    }

    @Test
    void theSchemeIsCaseInsensitiveAndSurroundingSpaceIsIgnored() {
        // GIVEN
        Auth0Tokens tokens = Auth0Tokens.parse(CONFIG);

        // WHEN
        Auth0Principal principal = tokens.authenticate("  bearer   tokenA ");

        // THEN
        assertEquals("demo", principal.userStoreId());
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", " ", "tokenA", "Bearer", "Bearer ", "Basic tokenA", "Bearer tokenC", "Bearer tokena",
            "Bearer tokenA tokenB", "Bearer tokenAx", "Bearer token", "Bearertoken", "Bearer \"tokenA\""})
    void aMissingMalformedOrUnknownTokenIsAnAuthFailure(String header) {
        // GIVEN
        Auth0Tokens tokens = Auth0Tokens.parse(CONFIG);

        // WHEN / THEN
        assertAuthFailure(tokens, header);
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "  ", "{}"})
    void noConfigurationMeansNoTokenIsValid(String config) {
        // GIVEN
        Auth0Tokens tokens = Auth0Tokens.parse(config);

        // WHEN / THEN
        assertEquals(0, tokens.size());
        assertAuthFailure(tokens, "Bearer tokenA");
    }

    @Test
    void aTokenWithoutScopesAuthenticatesButMayDoNothing() {
        // GIVEN
        Auth0Tokens tokens = Auth0Tokens.parse("{\"t0k3n\":{\"store\":\"demo\"}}");

        // WHEN
        Auth0Principal principal = tokens.authenticate("Bearer t0k3n");

        // THEN
        assertEquals("demo", principal.userStoreId());
        assertThrows(UnauthorizedException.class, () -> principal.require("read:users"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"not json", "[]", "{\"t\":1}", "{\"t\":{}}", "{\"t\":{\"store\":\" \"}}",
            "{\"t\":{\"store\":\"demo\",\"scopes\":\"read:users\"}}", "{\"t\":{\"store\":\"demo\",\"scopes\":[1]}}",
            "{\"t\":{\"store\":\"demo\",\"extra\":true}}", "{\"bad token\":{\"store\":\"demo\"}}",
            "{\"t\":{\"store\":\"a\"},\"t\":{\"store\":\"b\"}}"})
    void aMalformedConfigurationIsRefusedWithoutQuotingTokens(String config) {
        // GIVEN the configuration above

        // WHEN
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Auth0Tokens.parse(config));

        // THEN
        assertFalse(e.getMessage().contains("bad token"), e.getMessage());
    }
}
