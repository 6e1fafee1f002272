package dev.roster.shared.user;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roster.shared.error.InvalidRequestException;
import dev.roster.shared.json.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Map;

/**
 * A user's app metadata: a JSON object the application owns (Auth0's app_metadata), kept as its text so that any
 * JSON value survives a round trip. Empty metadata is stored as none.
 */
public final class AppMetadata {

    /** Its text at most: a user item must stay far below DynamoDB's 400 KB. */
    public static final int MAX_CHARS = 64 * 1024;

    private AppMetadata() {
    }

    /** The text to store for a JSON object given as {@code field}; null for null or {}. */
    public static String text(JsonNode object, String field) {
        if (object == null || object.isNull()) {
            return null;
        }
        if (!object.isObject()) {
            throw InvalidRequestException.invalidValue(field, "must be an object");
        }
        JsonNode kept = object.deepCopy();
        check(kept, field, false);
        return kept.isEmpty() ? null : checkSize(kept.toString(), field);
    }

    /** The stored text as a JSON object (empty when none): a copy, free to change. */
    public static ObjectNode tree(String text) {
        if (text == null) {
            return Json.MAPPER.createObjectNode();
        }
        try {
            return (ObjectNode) Json.MAPPER.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException("stored app metadata is not JSON", e);
        }
    }

    /**
     * Applies a patch as Auth0 does: root-level properties replace those of the same name, a null removes one, and
     * an empty object removes all. Deeper levels are replaced, never merged.
     */
    public static String merge(String current, JsonNode changes, String field) {
        check(changes, field, true);
        if (changes.isEmpty()) {
            return null;
        }
        ObjectNode merged = tree(current);
        for (Iterator<Map.Entry<String, JsonNode>> it = changes.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> change = it.next();
            if (change.getValue().isNull()) {
                merged.remove(change.getKey());
            } else {
                merged.set(change.getKey(), change.getValue());
            }
        }
        return merged.isEmpty() ? null : checkSize(merged.toString(), field);
    }

    /** An object whose root keys are names Auth0 accepts (no dot, no leading $); its nulls dropped unless they remove. */
    private static void check(JsonNode object, String field, boolean nullsRemove) {
        if (object == null || !object.isObject()) {
            throw InvalidRequestException.invalidValue(field, "must be an object");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String key = entry.getKey();
            if (key.isEmpty() || key.contains(".") || key.startsWith("$")) {
                throw InvalidRequestException.invalidValue(field, "property names must be non-empty, without a dot"
                        + " and not start with $");
            }
            if (entry.getValue().isNull() && !nullsRemove) {
                it.remove();
            }
        }
    }

    private static String checkSize(String text, String field) {
        if (text.length() > MAX_CHARS) {
            throw InvalidRequestException.invalidValue(field, "longer than " + MAX_CHARS + " characters as JSON");
        }
        return text;
    }
}
