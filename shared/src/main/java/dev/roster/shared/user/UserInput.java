package dev.roster.shared.user;

import com.fasterxml.jackson.databind.JsonNode;
import dev.roster.shared.error.InvalidRequestException;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Turns CreateUser and UpdateUser request bodies into validated values, with the seeds' field names. */
public final class UserInput {

    static final int MAX_GROUPS = 100;
    static final int MAX_CUSTOM_ATTRIBUTES = 50;
    static final int CUSTOM_VALUE_MAX = 2048;
    /** 1800-01-01T00:00:00Z: older birthdates are typing mistakes. */
    static final long BIRTHDATE_MIN = -5_364_662_400_000L;
    private static final long ONE_DAY_MS = 86_400_000L;
    private static final Pattern CUSTOM_NAME = Pattern.compile("^[A-Za-z_][A-Za-z0-9_-]{0,63}$");
    private static final Set<String> CUSTOM_TYPES = Set.of("STRING", "NUMBER", "BOOLEAN", "DATE", "DATETIME");

    private static final Set<String> CREATE_FIELDS = fields("UserStoreId", "UserName", "PhoneNumber", "Email",
            "Password", "UserGroup", "Birthdate", "CustomizationAttributes", "UserOrg");
    private static final Set<String> UPDATE_FIELDS = fields("UserStoreId", "UserId", "UserName", "PhoneNumber",
            "Email", "UserGroup", "Birthdate", "CustomizationAttributes", "Version");

    private UserInput() {
    }

    private static Set<String> fields(String... names) {
        Set<String> all = new HashSet<>(List.of(names));
        ProfileField.EDITABLE.forEach(f -> all.add(f.jsonName()));
        return Set.copyOf(all);
    }

    public static NewUser create(String userStoreId, JsonNode body, long now) {
        FieldReader.rejectUnknown(body, CREATE_FIELDS);
        requireSameStore(body, userStoreId);
        String userName = UserRules.userName(FieldReader.requiredText(body, "UserName", UserRules.USER_NAME_MAX));
        String phone = UserRules.phoneNumber(FieldReader.requiredText(body, "PhoneNumber", UserRules.PHONE_MAX));
        String email = UserRules.email(FieldReader.requiredText(body, "Email", UserRules.EMAIL_MAX));
        JsonNode passwordNode = body.get("Password");
        // Spaces inside a password are fine; a password of nothing but spaces is no password.
        if (passwordNode == null || passwordNode.isNull() || (passwordNode.isTextual() && passwordNode.asText().isBlank())) {
            throw InvalidRequestException.missing("Password");
        }
        if (!passwordNode.isTextual()) {
            throw InvalidRequestException.invalidValue("Password", "must be a string");
        }
        String password = UserRules.password(passwordNode.asText());

        Map<String, String> profile = new LinkedHashMap<>();
        for (ProfileField field : ProfileField.EDITABLE) {
            if (FieldReader.presentAndNotNull(body, field.jsonName())) {
                profile.put(field.jsonName(), FieldReader.freeText(body.get(field.jsonName()), field));
            }
        }
        Long birthdate = FieldReader.presentAndNotNull(body, "Birthdate") ? birthdate(body.get("Birthdate"), now) : null;
        List<String> groups = optionalList(body, "UserGroup");
        List<String> orgs = optionalList(body, "UserOrg");
        List<CustomAttribute> custom = FieldReader.presentAndNotNull(body, "CustomizationAttributes")
                ? customAttributes(body.get("CustomizationAttributes"), false) : List.of();
        return new NewUser(userName, email, phone, password, Map.copyOf(profile), birthdate, groups, orgs, custom);
    }

    public static UserPatch update(String userStoreId, String userId, JsonNode body, long now) {
        FieldReader.rejectUnknown(body, UPDATE_FIELDS);
        requireSameStore(body, userStoreId);
        if (FieldReader.presentAndNotNull(body, "UserId")
                && !userId.equals(FieldReader.text(body.get("UserId"), "UserId", 64))) {
            throw InvalidRequestException.invalidValue("UserId", "does not match the user addressed by the path");
        }
        String userName = FieldReader.present(body, "UserName")
                ? UserRules.userName(FieldReader.text(body.get("UserName"), "UserName", UserRules.USER_NAME_MAX))
                : null;
        String phone = FieldReader.present(body, "PhoneNumber")
                ? UserRules.phoneNumber(FieldReader.text(body.get("PhoneNumber"), "PhoneNumber", UserRules.PHONE_MAX))
                : null;
        String email = FieldReader.present(body, "Email")
                ? UserRules.email(FieldReader.text(body.get("Email"), "Email", UserRules.EMAIL_MAX)) : null;
        Map<String, Optional<String>> profile = new LinkedHashMap<>();
        for (ProfileField field : ProfileField.EDITABLE) {
            if (FieldReader.present(body, field.jsonName())) {
                JsonNode node = body.get(field.jsonName());
                profile.put(field.jsonName(),
                        node.isNull() ? Optional.empty() : Optional.of(FieldReader.freeText(node, field)));
            }
        }
        Optional<Long> birthdate = null;
        if (FieldReader.present(body, "Birthdate")) {
            JsonNode node = body.get("Birthdate");
            birthdate = node.isNull() ? Optional.empty() : Optional.of(birthdate(node, now));
        }
        List<String> groups = FieldReader.present(body, "UserGroup")
                ? (body.get("UserGroup").isNull() ? List.of() : optionalList(body, "UserGroup")) : null;
        List<CustomAttribute> custom = FieldReader.presentAndNotNull(body, "CustomizationAttributes")
                ? customAttributes(body.get("CustomizationAttributes"), true) : null;
        Long version = null;
        if (FieldReader.presentAndNotNull(body, "Version")) {
            version = FieldReader.integer(body.get("Version"), "Version");
            if (version < 1) {
                throw InvalidRequestException.invalidValue("Version", "must be 1 or greater");
            }
        }
        UserPatch patch = new UserPatch(userName, email, phone, Map.copyOf(profile), birthdate, groups, custom, version);
        if (patch.isEmpty()) {
            throw new InvalidRequestException(InvalidRequestException.MISSING_PARAMETER,
                    "The request names no user property to update.");
        }
        return patch;
    }

    /** The Tencent API carries UserStoreId in the body: accept it only when it agrees with the path. */
    private static void requireSameStore(JsonNode body, String userStoreId) {
        if (FieldReader.presentAndNotNull(body, "UserStoreId")
                && !userStoreId.equals(FieldReader.text(body.get("UserStoreId"), "UserStoreId", 64))) {
            throw InvalidRequestException.invalidValue("UserStoreId", "does not match the user store of the path");
        }
    }

    private static List<String> optionalList(JsonNode body, String field) {
        return FieldReader.presentAndNotNull(body, field)
                ? FieldReader.textList(body.get(field), field, MAX_GROUPS, 64) : List.of();
    }

    static long birthdate(JsonNode node, long now) {
        long value = FieldReader.integer(node, "Birthdate");
        if (value < BIRTHDATE_MIN || value > now + ONE_DAY_MS) {
            throw InvalidRequestException.invalidValue("Birthdate",
                    "must be a past date in epoch milliseconds after 1800");
        }
        return value;
    }

    /** Custom attributes; in a patch a null Value means "remove this attribute". */
    static List<CustomAttribute> customAttributes(JsonNode node, boolean forPatch) {
        String field = "CustomizationAttributes";
        if (!node.isArray()) {
            throw InvalidRequestException.invalidValue(field, "must be an array of {Name, Value, Type}");
        }
        if (node.size() > MAX_CUSTOM_ATTRIBUTES) {
            throw InvalidRequestException.invalidValue(field, "more than " + MAX_CUSTOM_ATTRIBUTES + " entries");
        }
        List<CustomAttribute> result = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (JsonNode item : node) {
            if (!item.isObject()) {
                throw InvalidRequestException.invalidValue(field, "each entry must be an object {Name, Value, Type}");
            }
            FieldReader.rejectUnknown(item, Set.of("Name", "Value", "Type"));
            String name = FieldReader.requiredText(item, "Name", 64);
            if (!CUSTOM_NAME.matcher(name).matches()) {
                throw InvalidRequestException.invalidValue(field + ".Name",
                        "must start with a letter or _ and hold only letters, digits, _ and -");
            }
            if (!names.add(name)) {
                throw InvalidRequestException.invalidValue(field, "the attribute " + name + " is given twice");
            }
            String type = FieldReader.presentAndNotNull(item, "Type")
                    ? FieldReader.text(item.get("Type"), field + ".Type", 16) : "STRING";
            if (!CUSTOM_TYPES.contains(type)) {
                throw InvalidRequestException.invalidValue(field + ".Type", "must be one of " + CUSTOM_TYPES);
            }
            JsonNode valueNode = item.get("Value");
            if (valueNode == null || valueNode.isNull()) {
                if (!forPatch) {
                    throw InvalidRequestException.missing(field + ".Value");
                }
                result.add(new CustomAttribute(name, null, type));
                continue;
            }
            if (!valueNode.isTextual()) {
                throw InvalidRequestException.invalidValue(field + ".Value", "must be a string");
            }
            String value = valueNode.asText();
            Precis.requireWellFormed(value, field + ".Value");
            if (value.length() > CUSTOM_VALUE_MAX) {
                throw InvalidRequestException.invalidValue(field + ".Value",
                        "longer than " + CUSTOM_VALUE_MAX + " characters");
            }
            checkFormat(name, value, type);
            result.add(new CustomAttribute(name, value, type));
        }
        return List.copyOf(result);
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
