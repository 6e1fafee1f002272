package dev.roster.shared.user;

import dev.roster.shared.json.Json;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.roster.shared.error.InvalidRequestException;
import dev.roster.shared.json.JsonFields;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The seeds' user Filters ({@code [{Key, Values, Logic}]}), shared by exports and Tencent's ListUser: key
 * {@code condition} matches a user id, user name, phone or email; {@code userGroupId} a group; Logic false negates.
 */
public final class UserFilters {

    public record Filter(String key, List<String> values, boolean logic) {
    }

    /** The filter key whose values name users (an id, user name, email or phone number). */
    public static final String CONDITION = "condition";
    private static final Set<String> FILTER_FIELDS = Set.of("Key", "Values", "Logic");

    private UserFilters() {
    }

    public static List<Filter> parse(JsonNode node) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw InvalidRequestException.invalidValue("Filters", "must be an array of {Key, Values, Logic}");
        }
        List<Filter> filters = new ArrayList<>();
        for (JsonNode item : node) {
            if (!item.isObject()) {
                throw InvalidRequestException.invalidValue("Filters", "each filter must be an object");
            }
            JsonFields.rejectUnknown(item, FILTER_FIELDS, "Filters.");
            JsonNode key = item.get("Key");
            if (key == null || !key.isTextual()) {
                throw InvalidRequestException.missing("Filters.Key");
            }
            if (!key.asText().equals("condition") && !key.asText().equals("userGroupId")) {
                throw InvalidRequestException.invalidValue("Filters.Key", "must be condition or userGroupId");
            }
            JsonNode values = item.get("Values");
            if (values == null || !values.isArray() || values.isEmpty() || values.size() > 100) {
                throw InvalidRequestException.invalidValue("Filters.Values", "must be an array of 1 to 100 strings");
            }
            List<String> list = new ArrayList<>();
            for (JsonNode value : values) {
                if (!value.isTextual() || value.asText().isBlank()) {
                    throw InvalidRequestException.invalidValue("Filters.Values", "must hold non-blank strings");
                }
                list.add(value.asText());
            }
            JsonNode logic = item.get("Logic");
            if (logic != null && !logic.isNull() && !logic.isBoolean()) {
                throw InvalidRequestException.invalidValue("Filters.Logic", "must be true or false");
            }
            filters.add(new Filter(key.asText(), List.copyOf(list), logic == null || logic.isNull() || logic.asBoolean()));
        }
        return List.copyOf(filters);
    }

    /** The users the filters keep: every filter must hold. */
    public static Predicate<User> matcher(List<Filter> filters) {
        Predicate<User> all = user -> true;
        for (Filter filter : filters) {
            Predicate<User> one = filter.key().equals("userGroupId")
                    ? user -> filter.values().stream().anyMatch(user.userGroups()::contains)
                    : user -> filter.values().stream().anyMatch(value -> identifies(user, value));
            all = all.and(filter.logic() ? one : one.negate());
        }
        return all;
    }

    private static boolean identifies(User user, String value) {
        return value.equals(user.userId())
                || (user.userName() != null && UserRules.userNameKey(value).equals(UserRules.userNameKey(user.userName())))
                || (user.email() != null && UserRules.emailKey(value).equals(UserRules.emailKey(user.email())))
                || (user.phoneNumber() != null && UserRules.phoneKey(value).equals(UserRules.phoneKey(user.phoneNumber())));
    }

    public static void write(JsonGenerator gen, List<Filter> filters) throws IOException {
        Json.writeObjectArray(gen, "Filters", filters, (g, filter) -> {
            g.writeStringField("Key", filter.key());
            g.writeArrayFieldStart("Values");
            for (String value : filter.values()) {
                g.writeString(value);
            }
            g.writeEndArray();
            g.writeBooleanField("Logic", filter.logic());
        });
    }
}
