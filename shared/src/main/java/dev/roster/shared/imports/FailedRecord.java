package dev.roster.shared.imports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.roster.shared.json.Json;

import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * A failed import record as its job keeps it, for the errors a door shows (Auth0's {@code user}): its fields in
 * order, without passwords, hashes and salts, and at most {@link #MAX_BYTES} of JSON (fields past that are left out
 * whole, so what is kept is still a JSON object).
 */
final class FailedRecord {

    static final int MAX_BYTES = 4096;
    /**
     * Fields that hold a password, a key or what derives from one, in Roster's ImportUser names and the providers'
     * (Auth0's, Keycloak's credentials and secretData, Cognito's none).
     */
    private static final Set<String> SECRETS = Set.of("Password", "Salt", "HmacKey", "password", "password_hash",
            "passwordHash", "custom_password_hash", "credentials", "secretData");

    private FailedRecord() {
    }

    /** The record as JSON text to keep, or null when the line was no JSON object. */
    static String of(JsonNode record) {
        if (record == null || !record.isObject()) {
            return null;
        }
        ObjectNode kept = Json.MAPPER.createObjectNode();
        int size = 2;
        for (Iterator<Map.Entry<String, JsonNode>> it = record.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (isSecret(field.getKey())) {
                continue;
            }
            int fieldSize = utf8Length(new TextNode(field.getKey()).toString()) + 1
                    + utf8Length(field.getValue().toString()) + (kept.isEmpty() ? 0 : 1);
            if (size + fieldSize <= MAX_BYTES) {
                kept.set(field.getKey(), field.getValue());
                size += fieldSize;
            }
        }
        return kept.toString();
    }

    /** A secret field, or one the Auth0 door marks as a custom_password_hash it could not carry over. */
    private static boolean isSecret(String name) {
        return SECRETS.contains(name) || name.startsWith("custom_password_hash.");
    }

    private static int utf8Length(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }
}
