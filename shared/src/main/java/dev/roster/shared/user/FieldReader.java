package dev.roster.shared.user;

import com.fasterxml.jackson.databind.JsonNode;
import dev.roster.shared.error.InvalidRequestException;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Typed, strict reads of request JSON fields. Every failure is a 400 naming the field. */
final class FieldReader {

    private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");

    private FieldReader() {
    }

    /** Fails with UnknownParameter on the first field that is not in {@code allowed}. */
    static void rejectUnknown(JsonNode body, Set<String> allowed) {
        Iterator<String> names = body.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw InvalidRequestException.unknown(name);
            }
        }
    }

    static boolean present(JsonNode body, String field) {
        return body.has(field);
    }

    static boolean presentAndNotNull(JsonNode body, String field) {
        return body.has(field) && !body.get(field).isNull();
    }

    /** A required non-blank string. */
    static String requiredText(JsonNode body, String field, int maxLength) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull() || (node.isTextual() && node.asText().isBlank())) {
            throw InvalidRequestException.missing(field);
        }
        return text(node, field, maxLength);
    }

    /** A string value; blank strings are refused, since they would be stored as a meaningless value. */
    static String text(JsonNode node, String field, int maxLength) {
        if (!node.isTextual()) {
            throw InvalidRequestException.invalidValue(field, "must be a string");
        }
        String value = node.asText();
        Precis.requireWellFormed(value, field);
        if (value.isBlank()) {
            throw InvalidRequestException.invalidValue(field, "must not be blank");
        }
        if (value.length() > maxLength) {
            throw InvalidRequestException.invalidValue(field, "longer than " + maxLength + " characters");
        }
        if (CONTROL.matcher(value).find()) {
            throw InvalidRequestException.invalidValue(field, "must not contain control characters");
        }
        return value;
    }

    /** A free-text value that may hold line breaks (addresses, descriptions) but no other control characters. */
    static String freeText(JsonNode node, ProfileField field) {
        if (!node.isTextual()) {
            throw InvalidRequestException.invalidValue(field.jsonName(), "must be a string");
        }
        String value = node.asText();
        Precis.requireWellFormed(value, field.jsonName());
        field.checkLength(value);
        if (value.chars().anyMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t')) {
            throw InvalidRequestException.invalidValue(field.jsonName(), "must not contain control characters");
        }
        return value;
    }

    static List<String> textList(JsonNode node, String field, int maxItems, int maxLength) {
        if (!node.isArray()) {
            throw InvalidRequestException.invalidValue(field, "must be an array of strings");
        }
        if (node.size() > maxItems) {
            throw InvalidRequestException.invalidValue(field, "more than " + maxItems + " entries");
        }
        Set<String> values = new LinkedHashSet<>();
        for (JsonNode item : node) {
            values.add(text(item, field, maxLength));
        }
        return List.copyOf(new ArrayList<>(values));
    }

    static long integer(JsonNode node, String field) {
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            throw InvalidRequestException.invalidValue(field, "must be an integer");
        }
        return node.asLong();
    }
}
