package dev.roster.shared.json;

import com.fasterxml.jackson.databind.JsonNode;
import dev.roster.shared.error.InvalidRequestException;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Typed, strict reads of request fields (JSON bodies and query strings), shared by every door and by the core's
 * import-file parser. Every failure is a 400 naming the field.
 */
public final class JsonFields {

    /**
     * The largest body an API import may carry (Lambda's synchronous payload limit): the users travel in the body, so
     * every door's import takes this much.
     */
    public static final long MAX_IMPORT_BODY_BYTES = 6L * 1024 * 1024;

    private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");

    private JsonFields() {
    }

    /** Fails with UnknownParameter on the first field of the object that is not in {@code allowed}. */
    public static void rejectUnknown(JsonNode body, Set<String> allowed) {
        rejectUnknown(body, allowed, "");
    }

    /** As {@link #rejectUnknown(JsonNode, Set)}, naming a nested object's field {@code prefix + name}. */
    public static void rejectUnknown(JsonNode body, Set<String> allowed, String prefix) {
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw InvalidRequestException.unknown(prefix + name);
            }
        }
    }

    /** Fails with UnknownParameter on the first name (a query parameter, a form part) not in {@code allowed}. */
    public static void rejectUnknown(Iterable<String> names, Set<String> allowed) {
        for (String name : names) {
            if (!allowed.contains(name)) {
                throw InvalidRequestException.unknown(name);
            }
        }
    }

    /**
     * A body may repeat the user store the path (or the credentials) name, as the Tencent API's bodies do: accepted
     * only when it agrees.
     */
    public static void requireSameStore(JsonNode body, String userStoreId) {
        if (presentAndNotNull(body, "UserStoreId")
                && !userStoreId.equals(text(body.get("UserStoreId"), "UserStoreId", 64))) {
            throw InvalidRequestException.invalidValue("UserStoreId", "does not match the user store of the path");
        }
    }

    public static boolean present(JsonNode body, String field) {
        return body.has(field);
    }

    public static boolean presentAndNotNull(JsonNode body, String field) {
        return body.has(field) && !body.get(field).isNull();
    }

    /** A required non-blank string. */
    public static String requiredText(JsonNode body, String field, int maxLength) {
        return required(body.get(field), field, maxLength);
    }

    /** A required non-blank string, read from the node a door found it at (null when absent). */
    public static String required(JsonNode node, String field, int maxLength) {
        if (node == null || node.isNull() || (node.isTextual() && node.asText().isBlank())) {
            throw InvalidRequestException.missing(field);
        }
        return text(node, field, maxLength);
    }

    /** A string value; blank strings are refused, since they would be stored as a meaningless value. */
    public static String text(JsonNode node, String field, int maxLength) {
        if (!node.isTextual()) {
            throw InvalidRequestException.invalidValue(field, "must be a string");
        }
        return text(node.asText(), field, maxLength);
    }

    /** The checks of {@link #text(JsonNode, String, int)} on a string a door already has. */
    public static String text(String value, String field, int maxLength) {
        requireWellFormed(value, field);
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

    /** Unicode text: an unpaired surrogate would make two different byte strings one value. */
    public static void requireWellFormed(String value, String field) {
        if (unpairedSurrogateAt(value) >= 0) {
            throw InvalidRequestException.invalidValue(field, "contains an unpaired surrogate (not Unicode text)");
        }
    }

    /** The index of the first unpaired surrogate, or -1. */
    private static int unpairedSurrogateAt(CharSequence value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                    i++;
                } else {
                    return i;
                }
            } else if (Character.isLowSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }

    /** An array of strings, each as {@link #text(JsonNode, String, int)} reads it, duplicates dropped. */
    public static List<String> textList(JsonNode node, String field, int maxItems, int maxLength) {
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

    public static long integer(JsonNode node, String field) {
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            throw InvalidRequestException.invalidValue(field, "must be an integer");
        }
        return node.asLong();
    }

    /** An optional JSON integer that fits an int; {@code otherwise} when absent or null. */
    public static int integer(JsonNode object, String field, int otherwise) {
        JsonNode node = object.get(field);
        if (node == null || node.isNull()) {
            return otherwise;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            throw InvalidRequestException.invalidValue(field, "must be an integer");
        }
        return node.asInt();
    }

    /** An optional JSON integer of 1 or more (a limit); null when absent or null. */
    public static Long positive(JsonNode node, String field) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong() || node.asLong() < 1) {
            throw InvalidRequestException.invalidValue(field, "must be an integer of 1 or more");
        }
        return node.asLong();
    }

    /** An optional query-string integer from {@code min} to {@code max}; {@code otherwise} when absent. */
    public static int queryInt(Map<String, String> query, String name, int otherwise, int min, int max) {
        String raw = query.get(name);
        if (raw == null) {
            return otherwise;
        }
        try {
            int value = Integer.parseInt(raw);
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // falls through to the error below
        }
        throw InvalidRequestException.invalidValue(name, "must be an integer from " + min + " to " + max);
    }
}
