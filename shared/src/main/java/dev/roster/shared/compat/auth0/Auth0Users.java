package dev.roster.shared.compat.auth0;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roster.shared.error.InvalidRequestException;
import dev.roster.shared.json.Json;
import dev.roster.shared.user.User;

import java.io.IOException;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Auth0 Management API v2 user shapes over Roster's: create and update bodies in, the Auth0 user object out.
 * Requests are translated field by field into Roster's own bodies, which Roster's validation then checks as usual.
 */
public final class Auth0Users {

    /** Auth0 fields mapped one to one onto a Roster CreateUser / UpdateUser field. */
    private static final Map<String, String> CREATE_FIELDS = Map.of(
            "email", "Email",
            "phone_number", "PhoneNumber",
            "username", "UserName",
            "password", "Password",
            "nickname", "Nickname");
    private static final Map<String, String> UPDATE_FIELDS = Map.of(
            "email", "Email",
            "phone_number", "PhoneNumber",
            "username", "UserName",
            "nickname", "Nickname");
    /**
     * Create fields accepted and dropped: connection is the caller's business; verification flags and the
     * profile fields Roster's CreateUser has no place for are ignored.
     */
    private static final Set<String> CREATE_IGNORED = Set.of("connection", "email_verified", "verify_email",
            "phone_verified", "given_name", "family_name", "name", "picture");
    private static final Pattern EMAIL_QUERY = Pattern.compile("^email:(?:\"([^\"\\\\]+)\"|([^\\s\"\\\\*?()\\[\\]{}~^:]+))$");
    private static final String QUERY_HELP = "only q=email:\"...\" is supported";

    private Auth0Users() {
    }

    /** An Auth0 create-user body (POST /api/v2/users) as a Roster CreateUser body. */
    public static ObjectNode toCreateUser(JsonNode auth0) {
        Auth0Shapes.requireObject(auth0);
        ObjectNode roster = Json.MAPPER.createObjectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = auth0.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String name = field.getKey();
            JsonNode value = field.getValue();
            if (CREATE_FIELDS.containsKey(name)) {
                roster.set(CREATE_FIELDS.get(name), value);
            } else if (name.equals("user_metadata")) {
                if (!value.isNull()) {
                    ArrayNode attributes = Auth0Shapes.customizationAttributes(value, false);
                    if (!attributes.isEmpty()) {
                        roster.set("CustomizationAttributes", attributes);
                    }
                }
            } else if (name.equals("blocked")) {
                if (!value.isNull() && !(value.isBoolean() && !value.booleanValue())) {
                    throw InvalidRequestException.invalidValue("blocked", "only false is supported");
                }
            } else if (name.equals("app_metadata")) {
                if (!value.isNull() && !(value.isObject() && value.isEmpty())) {
                    throw InvalidRequestException.invalidValue("app_metadata", "only {} is supported");
                }
            } else if (!CREATE_IGNORED.contains(name)) {
                throw InvalidRequestException.unknown(name);
            }
        }
        return roster;
    }

    /**
     * An Auth0 update-user body (PATCH /api/v2/users/{id}) as a Roster UpdateUser body: user_metadata merges into
     * the custom attributes, a null value removing one. {@code connection} is accepted and left to the caller.
     */
    public static ObjectNode toUpdateUser(JsonNode auth0) {
        Auth0Shapes.requireObject(auth0);
        if (auth0.has("password")) {
            throw InvalidRequestException.invalidValue("password", "password changes are not supported");
        }
        ObjectNode roster = Json.MAPPER.createObjectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = auth0.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String name = field.getKey();
            JsonNode value = field.getValue();
            if (UPDATE_FIELDS.containsKey(name)) {
                roster.set(UPDATE_FIELDS.get(name), value);
            } else if (name.equals("user_metadata")) {
                if (value.isNull()) {
                    throw InvalidRequestException.invalidValue("user_metadata",
                            "must be an object (set a key to null to remove it)");
                }
                ArrayNode attributes = Auth0Shapes.customizationAttributes(value, true);
                if (!attributes.isEmpty()) {
                    roster.set("CustomizationAttributes", attributes);
                }
            } else if (!name.equals("connection")) {
                throw InvalidRequestException.unknown(name);
            }
        }
        if (roster.isEmpty()) {
            throw new InvalidRequestException(InvalidRequestException.MISSING_PARAMETER,
                    "The request names no user property to update.");
        }
        return roster;
    }

    /**
     * The Auth0 user object. Every field is always written (null when unknown) except {@code name} and
     * {@code nickname}, which are left out when the user has none, as Auth0 does.
     */
    public static void write(JsonGenerator gen, User user) throws IOException {
        gen.writeStartObject();
        gen.writeStringField("user_id", Auth0Ids.userId(user.userId()));
        gen.writeStringField("email", user.email());
        gen.writeBooleanField("email_verified", false);
        gen.writeStringField("username", user.userName());
        gen.writeStringField("phone_number", user.phoneNumber());
        gen.writeBooleanField("phone_verified", false);
        String nickname = user.profile() == null ? null : user.profile("Nickname");
        if (nickname != null) {
            gen.writeStringField("nickname", nickname);
        }
        String name = user.profile() == null ? null : user.profile("Name");
        if (name != null) {
            gen.writeStringField("name", name);
        }
        gen.writeStringField("created_at", Auth0Shapes.iso(user.createdDate()));
        gen.writeStringField("updated_at", Auth0Shapes.iso(user.lastModifiedDate()));
        gen.writeFieldName("user_metadata");
        Auth0Shapes.writeMetadata(gen, user.customAttributes());
        gen.writeFieldName("app_metadata");
        gen.writeStartObject();
        gen.writeEndObject();
        gen.writeArrayFieldStart("identities");
        gen.writeStartObject();
        gen.writeStringField("connection", user.userStoreId());
        gen.writeStringField("user_id", user.userId());
        gen.writeStringField("provider", "auth0");
        gen.writeBooleanField("isSocial", false);
        gen.writeEndObject();
        gen.writeEndArray();
        gen.writeBooleanField("blocked", false);
        gen.writeEndObject();
    }

    /**
     * The email of a search query {@code email:"a@b.com"} (or {@code email:a@b.com}): the only query Roster can
     * answer, with its exact-match index. Anything else is InvalidParameterValue.
     */
    public static String emailFromQuery(String q) {
        if (q != null) {
            Matcher matcher = EMAIL_QUERY.matcher(q.strip());
            if (matcher.matches()) {
                if (matcher.group(1) != null) {
                    String quoted = matcher.group(1).strip();
                    if (!quoted.isEmpty()) {
                        return quoted;
                    }
                } else if ("+-!".indexOf(matcher.group(2).charAt(0)) < 0) {
                    // A leading +, - or ! would be a Lucene operator, not part of the address.
                    return matcher.group(2);
                }
            }
        }
        throw InvalidRequestException.invalidValue("q", QUERY_HELP);
    }
}
