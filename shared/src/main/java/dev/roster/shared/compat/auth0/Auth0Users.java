package dev.roster.shared.compat.auth0;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.roster.shared.error.InvalidRequestException;
import dev.roster.shared.json.JsonFields;
import dev.roster.shared.user.CustomAttribute;
import dev.roster.shared.user.NewUser;
import dev.roster.shared.user.ProfileField;
import dev.roster.shared.user.User;
import dev.roster.shared.user.UserPatch;
import dev.roster.shared.user.UserRules;
import dev.roster.shared.user.UserValues;

import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Auth0 Management API v2 user shapes over Roster's: create and update bodies in, the Auth0 user object out.
 * Requests become the user service's commands field by field, under the same rules (and error names) as Roster's.
 */
public final class Auth0Users {

    /** Auth0 fields that are one Roster user property each (Email, PhoneNumber, UserName, Password, Nickname). */
    private static final Set<String> CREATE_FIELDS = Set.of("email", "phone_number", "username", "password", "nickname");
    private static final Set<String> UPDATE_FIELDS = Set.of("email", "phone_number", "username", "nickname");
    private static final ProfileField NICKNAME = ProfileField.NICKNAME;
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

    /**
     * An Auth0 create-user body (POST /api/v2/users) as a new user, under Roster's rules for CreateUser: errors name
     * Roster's fields (UserName, PhoneNumber, Email, Password, Nickname, CustomizationAttributes), as on every door.
     */
    public static NewUser toNewUser(JsonNode auth0) {
        Auth0Shapes.requireObject(auth0);
        List<CustomAttribute> metadata = List.of();
        for (Iterator<Map.Entry<String, JsonNode>> it = auth0.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String name = field.getKey();
            JsonNode value = field.getValue();
            if (CREATE_FIELDS.contains(name)) {
                continue;  // read below, in Roster's order of checks
            } else if (name.equals("user_metadata")) {
                if (!value.isNull()) {
                    metadata = Auth0Shapes.customAttributes(value, false);
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
        String userName = UserRules.userName(JsonFields.required(auth0.get("username"), "UserName",
                UserRules.USER_NAME_MAX));
        String phone = UserRules.phoneNumber(JsonFields.required(auth0.get("phone_number"), "PhoneNumber",
                UserRules.PHONE_MAX));
        String email = UserRules.email(JsonFields.required(auth0.get("email"), "Email", UserRules.EMAIL_MAX));
        String password = UserValues.password(auth0.get("password"));
        JsonNode nickname = auth0.get("nickname");
        Map<String, String> profile = nickname == null || nickname.isNull() ? Map.of()
                : Map.of(NICKNAME.jsonName(), UserValues.profileText(nickname, NICKNAME));
        return new NewUser(userName, email, phone, password, profile, null, List.of(), List.of(),
                UserValues.customAttributes(metadata, false));
    }

    /**
     * An Auth0 update-user body (PATCH /api/v2/users/{id}) as a patch: user_metadata merges into the custom
     * attributes, a null value removing one. {@code connection} is accepted and left to the caller.
     */
    public static UserPatch toUserPatch(JsonNode auth0) {
        Auth0Shapes.requireObject(auth0);
        if (auth0.has("password")) {
            throw InvalidRequestException.invalidValue("password", "password changes are not supported");
        }
        List<CustomAttribute> metadata = null;
        boolean changes = false;
        for (Iterator<Map.Entry<String, JsonNode>> it = auth0.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String name = field.getKey();
            JsonNode value = field.getValue();
            if (UPDATE_FIELDS.contains(name)) {
                changes = true;
            } else if (name.equals("user_metadata")) {
                if (value.isNull()) {
                    throw InvalidRequestException.invalidValue("user_metadata",
                            "must be an object (set a key to null to remove it)");
                }
                List<CustomAttribute> attributes = Auth0Shapes.customAttributes(value, true);
                if (!attributes.isEmpty()) {
                    metadata = attributes;
                    changes = true;
                }
            } else if (!name.equals("connection")) {
                throw InvalidRequestException.unknown(name);
            }
        }
        if (!changes) {
            throw new InvalidRequestException(InvalidRequestException.MISSING_PARAMETER,
                    "The request names no user property to update.");
        }
        String userName = auth0.has("username") ? UserRules.userName(JsonFields.text(auth0.get("username"),
                "UserName", UserRules.USER_NAME_MAX)) : null;
        String phone = auth0.has("phone_number") ? UserRules.phoneNumber(JsonFields.text(auth0.get("phone_number"),
                "PhoneNumber", UserRules.PHONE_MAX)) : null;
        String email = auth0.has("email")
                ? UserRules.email(JsonFields.text(auth0.get("email"), "Email", UserRules.EMAIL_MAX)) : null;
        JsonNode nickname = auth0.get("nickname");
        Map<String, Optional<String>> profile = nickname == null ? Map.of() : Map.of(NICKNAME.jsonName(),
                nickname.isNull() ? Optional.empty() : Optional.of(UserValues.profileText(nickname, NICKNAME)));
        return new UserPatch(userName, email, phone, profile, null, null,
                metadata == null ? null : UserValues.customAttributes(metadata, true), null);
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
