package dev.roster.shared.user;

import com.fasterxml.jackson.databind.JsonNode;
import dev.roster.shared.error.InvalidRequestException;
import dev.roster.shared.json.JsonFields;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rules of a user's property values that every door and the import file share: password, groups, birthdate,
 * profile text and custom attributes, read from JSON or checked as typed values. Errors name the seeds' fields, as Roster reports
 * them on every door.
 */
public final class UserValues {

    public static final int MAX_GROUPS = 100;
    public static final int GROUP_MAX = 64;
    static final int MAX_CUSTOM_ATTRIBUTES = 50;
    static final int CUSTOM_VALUE_MAX = 2048;
    /** 1800-01-01T00:00:00Z: older birthdates are typing mistakes. */
    static final long BIRTHDATE_MIN = -5_364_662_400_000L;
    private static final long ONE_DAY_MS = 86_400_000L;
    private static final String CUSTOM = "CustomizationAttributes";
    private static final Pattern CUSTOM_NAME = Pattern.compile("^[A-Za-z_][A-Za-z0-9_-]{0,63}$");
    private static final Set<String> CUSTOM_TYPES = Set.of("STRING", "NUMBER", "BOOLEAN", "DATE", "DATETIME");

    private UserValues() {
    }

    /** A new user's password, as found at the node a door reads it from (null when absent). */
    public static String password(JsonNode node) {
        // Spaces inside a password are fine; a password of nothing but spaces is no password.
        if (node == null || node.isNull() || (node.isTextual() && node.asText().isBlank())) {
            throw InvalidRequestException.missing("Password");
        }
        if (!node.isTextual()) {
            throw InvalidRequestException.invalidValue("Password", "must be a string");
        }
        return UserRules.password(node.asText());
    }

    /** A user name a door found at {@code node}, under Roster's rules; null when absent (a JSON null is refused). */
    public static String userName(JsonNode node) {
        return node == null ? null : UserRules.userName(JsonFields.text(node, "UserName", UserRules.USER_NAME_MAX));
    }

    /** A phone number as {@link #userName(JsonNode)} reads a user name. */
    public static String phoneNumber(JsonNode node) {
        return node == null ? null : UserRules.phoneNumber(JsonFields.text(node, "PhoneNumber", UserRules.PHONE_MAX));
    }

    /** An email as {@link #userName(JsonNode)} reads a user name. */
    public static String email(JsonNode node) {
        return node == null ? null : UserRules.email(JsonFields.text(node, "Email", UserRules.EMAIL_MAX));
    }

    /** An optional list of groups (or organizations); empty when absent or null. */
    public static List<String> groups(JsonNode body, String field) {
        return JsonFields.presentAndNotNull(body, field)
                ? JsonFields.textList(body.get(field), field, MAX_GROUPS, GROUP_MAX) : List.of();
    }

    /** A birthdate in epoch milliseconds: a past date after 1800 (a day of clock skew allowed). */
    public static long birthdate(JsonNode node, long now) {
        return birthdate(JsonFields.integer(node, "Birthdate"), now);
    }

    static long birthdate(long value, long now) {
        if (value < BIRTHDATE_MIN || value > now + ONE_DAY_MS) {
            throw InvalidRequestException.invalidValue("Birthdate",
                    "must be a past date in epoch milliseconds after 1800");
        }
        return value;
    }

    /** A free-text profile value that may hold line breaks (addresses, descriptions) but no other control characters. */
    public static String profileText(JsonNode node, ProfileField field) {
        if (!node.isTextual()) {
            throw InvalidRequestException.invalidValue(field.jsonName(), "must be a string");
        }
        String value = node.asText();
        JsonFields.requireWellFormed(value, field.jsonName());
        field.checkLength(value);
        if (value.chars().anyMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t')) {
            throw InvalidRequestException.invalidValue(field.jsonName(), "must not contain control characters");
        }
        return value;
    }

    /** CustomizationAttributes [{Name, Value, Type}]; in a patch a null Value means "remove this attribute". */
    public static List<CustomAttribute> customAttributes(JsonNode node, boolean forPatch) {
        if (!node.isArray()) {
            throw InvalidRequestException.invalidValue(CUSTOM, "must be an array of {Name, Value, Type}");
        }
        checkCount(node.size());
        List<CustomAttribute> result = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (JsonNode item : node) {
            if (!item.isObject()) {
                throw InvalidRequestException.invalidValue(CUSTOM, "each entry must be an object {Name, Value, Type}");
            }
            JsonFields.rejectUnknown(item, Set.of("Name", "Value", "Type"));
            String name = checkName(JsonFields.requiredText(item, "Name", 64), names);
            String type = checkType(JsonFields.presentAndNotNull(item, "Type")
                    ? JsonFields.text(item.get("Type"), CUSTOM + ".Type", 16) : "STRING");
            JsonNode valueNode = item.get("Value");
            if (valueNode != null && !valueNode.isNull() && !valueNode.isTextual()) {
                throw InvalidRequestException.invalidValue(CUSTOM + ".Value", "must be a string");
            }
            String value = valueNode == null || valueNode.isNull() ? null : valueNode.asText();
            result.add(checkValue(name, value, type, forPatch));
        }
        return List.copyOf(result);
    }

    /** The rules of {@link #customAttributes(JsonNode, boolean)} over attributes a door built itself. */
    public static List<CustomAttribute> customAttributes(List<CustomAttribute> attributes, boolean forPatch) {
        checkCount(attributes.size());
        Set<String> names = new HashSet<>();
        List<CustomAttribute> result = new ArrayList<>();
        for (CustomAttribute attribute : attributes) {
            String name = checkName(JsonFields.required(attribute.name() == null ? null
                    : com.fasterxml.jackson.databind.node.TextNode.valueOf(attribute.name()), "Name", 64), names);
            result.add(checkValue(name, attribute.value(), checkType(attribute.type()), forPatch));
        }
        return List.copyOf(result);
    }

    private static void checkCount(int count) {
        if (count > MAX_CUSTOM_ATTRIBUTES) {
            throw InvalidRequestException.invalidValue(CUSTOM, "more than " + MAX_CUSTOM_ATTRIBUTES + " entries");
        }
    }

    private static String checkName(String name, Set<String> seen) {
        if (!CUSTOM_NAME.matcher(name).matches()) {
            throw InvalidRequestException.invalidValue(CUSTOM + ".Name",
                    "must start with a letter or _ and hold only letters, digits, _ and -");
        }
        if (!seen.add(name)) {
            throw InvalidRequestException.invalidValue(CUSTOM, "the attribute " + name + " is given twice");
        }
        return name;
    }

    private static String checkType(String type) {
        if (!CUSTOM_TYPES.contains(type)) {
            throw InvalidRequestException.invalidValue(CUSTOM + ".Type", "must be one of " + CUSTOM_TYPES);
        }
        return type;
    }

    private static CustomAttribute checkValue(String name, String value, String type, boolean forPatch) {
        if (value == null) {
            if (!forPatch) {
                throw InvalidRequestException.missing(CUSTOM + ".Value");
            }
            return new CustomAttribute(name, null, type);
        }
        JsonFields.requireWellFormed(value, CUSTOM + ".Value");
        if (value.length() > CUSTOM_VALUE_MAX) {
            throw InvalidRequestException.invalidValue(CUSTOM + ".Value",
                    "longer than " + CUSTOM_VALUE_MAX + " characters");
        }
        checkFormat(name, value, type);
        return new CustomAttribute(name, value, type);
    }

    private static void checkFormat(String name, String value, String type) {
        boolean ok = switch (type) {
            case "NUMBER" -> parses(() -> new BigDecimal(value));
            case "BOOLEAN" -> value.equals("true") || value.equals("false");
            case "DATE" -> parses(() -> LocalDate.parse(value));
            case "DATETIME" -> value.chars().allMatch(Character::isDigit) && !value.isEmpty() && value.length() < 16
                    || parses(() -> OffsetDateTime.parse(value));
            default -> true;
        };
        if (!ok) {
            throw new InvalidRequestException(InvalidRequestException.ATTRIBUTE_FORMAT_ERROR,
                    "The custom attribute " + name + " is not a valid " + type + ".");
        }
    }

    private static boolean parses(Runnable parse) {
        try {
            parse.run();
            return true;
        } catch (NumberFormatException | DateTimeParseException e) {
            return false;
        }
    }
}
