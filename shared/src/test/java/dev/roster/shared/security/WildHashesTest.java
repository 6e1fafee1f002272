package dev.roster.shared.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roster.shared.json.Json;
import dev.roster.shared.user.ImportUserInput;
import dev.roster.shared.user.User;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hashes made by the tools that make them in the wild (argon2's CLI, PHP, htpasswd, slappasswd, passlib, Django,
 * OpenSSL, Keycloak's PBKDF2), kept in {@code password-hashes/wild-hashes.ndjson} with the command that made each
 * ({@code make-fixtures.py} ran them once): each imported as an ImportUser record, then checked.
 */
class WildHashesTest {

    static Stream<Arguments> hashes() {
        List<Arguments> cases = new ArrayList<>();
        try (InputStream in = WildHashesTest.class.getResourceAsStream("/password-hashes/wild-hashes.ndjson");
             BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                JsonNode entry = Json.MAPPER.readTree(line);
                cases.add(Arguments.of(entry.get("name").asText(), entry.get("command").asText(),
                        entry.get("password").asText(), entry.get("import")));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hashes")
    void aToolsHashImportsAndVerifiesItsPasswordOnly(String name, String command, String password, JsonNode fields) {
        // given an ImportUser record with the tool's hash
        ObjectNode record = Json.MAPPER.createObjectNode().put("UserName", "wild");
        record.setAll((ObjectNode) fields.deepCopy());

        // when
        User user = ImportUserInput.parse("store", "u-1", record, 1L, new PasswordHasher(PasswordHasher.MIN_ITERATIONS));

        // then
        PasswordCredential credential = user.password();
        assertNotNull(credential, command);
        assertEquals(fields.get("PasswordEncryptTypeEnum").asText(), credential.algorithm(), command);
        assertEquals(fields.get("Password").asText(), credential.hash(), "kept as imported: " + command);
        assertTrue(PasswordVerifier.matches(credential, password), command);
        assertFalse(PasswordVerifier.matches(credential, password.toUpperCase(java.util.Locale.ROOT)), command);
    }
}
