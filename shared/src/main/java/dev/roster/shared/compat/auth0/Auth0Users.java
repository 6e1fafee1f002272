package dev.roster.shared.compat.auth0;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.roster.shared.error.InvalidRequestException;
import dev.roster.shared.json.JsonFields;
import dev.roster.shared.user.AppMetadata;
import dev.roster.shared.user.CustomAttribute;
import dev.roster.shared.user.NewUser;
import dev.roster.shared.user.ProfileField;
import dev.roster.shared.user.User;
import dev.roster.shared.user.UserPatch;
import dev.roster.shared.user.UserRules;
import dev.roster.shared.user.UserValues;

import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Auth0 Management API v2 user shapes over Roster's: create and update bodies in, the Auth0 user object out.
 * Requests become the user service's commands field by field, under the same rules (and error names) as Roster's.
 */
public final class Auth0Users {

    /** Auth0 profile fields kept as Roster profile properties, each under its Roster name. */
    private static final Map<String, ProfileField> PROFILE = orderedProfile();
    /** Auth0 fields read one by one below, in Roster's order of checks. */
    private static final Set<String> CREATE_FIELDS = Set.of("email", "phone_number", "username", "password",
            "email_verified", "blocked", "app_metadata", "user_metadata");
    private static final Set<String> UPDATE_FIELDS = Set.of("email", "phone_number", "username", "email_verified",
            "blocked", "app_metadata", "user_metadata");
    /**
     * Create fields accepted and dropped: connection is the caller's business; Roster sends no verification email
     * and keeps no phone verification.
     */
    private static final Set<String> CREATE_IGNORED = Set.of("connection", "verify_email", "phone_verified");
    private static final Pattern PICTURE_URL = Pattern.compile("^https?://[^\\s]+$");

    private Auth0Users() {
    }

    private static Map<String, ProfileField> orderedProfile() {
        Map<String, ProfileField> profile = new LinkedHashMap<>();
        profile.put("nickname", ProfileField.NICKNAME);
        profile.put("name", ProfileField.NAME);
        profile.put("given_name", ProfileField.GIVEN_NAME);
        profile.put("family_name", ProfileField.FAMILY_NAME);
        profile.put("picture", ProfileField.PICTURE);
        return java.util.Collections.unmodifiableMap(profile);
    }

    /**
     * An Auth0 create-user body (POST /api/v2/users) as a new user. What an Auth0 database connection requires is
     * required: an email and a password; a username and a phone number only when given. Errors name Roster's fields
     * (UserName, PhoneNumber, Email, Password, Nickname, CustomizationAttributes), as on every door.
     */
    public static NewUser toNewUser(JsonNode auth0) {
        Auth0Shapes.requireObject(auth0);
        for (Iterator<String> it = auth0.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!CREATE_FIELDS.contains(name) && !PROFILE.containsKey(name) && !CREATE_IGNORED.contains(name)) {
                throw InvalidRequestException.unknown(name);
            }
        }
        JsonNode userMetadata = auth0.get("user_metadata");
        List<CustomAttribute> metadata = userMetadata == null || userMetadata.isNull() ? List.of()
                : Auth0Shapes.customAttributes(userMetadata, false);
        String appMetadata = AppMetadata.text(auth0.get("app_metadata"), "app_metadata");
        boolean emailVerified = flag(auth0, "email_verified", false);
        boolean blocked = flag(auth0, "blocked", false);
        String email = UserRules.email(JsonFields.required(auth0.get("email"), "Email", UserRules.EMAIL_MAX));
        String password = UserValues.password(auth0.get("password"));
        String userName = UserValues.userName(auth0.get("username"));
        String phone = UserValues.phoneNumber(auth0.get("phone_number"));
        Map<String, String> profile = new LinkedHashMap<>();
        PROFILE.forEach((name, field) -> {
            JsonNode value = auth0.get(name);
            if (value != null && !value.isNull()) {
                profile.put(field.jsonName(), profileText(value, field));
            }
        });
        return new NewUser(userName, email, phone, password, Map.copyOf(profile), null, List.of(), List.of(),
                UserValues.customAttributes(metadata, false), emailVerified, blocked, appMetadata);
    }

    /**
     * An Auth0 update-user body (PATCH /api/v2/users/{id}) as a patch, as Auth0 applies one: top-level fields
     * replace the user's (a null profile field removes it); user_metadata and app_metadata merge at their root, a
     * null value removing its key and an empty object removing them all. {@code connection} is left to the caller.
     */
    public static UserPatch toUserPatch(JsonNode auth0) {
        Auth0Shapes.requireObject(auth0);
        if (auth0.has("password")) {
            throw InvalidRequestException.invalidValue("password", "password changes are not supported");
        }
        for (Iterator<String> it = auth0.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!UPDATE_FIELDS.contains(name) && !PROFILE.containsKey(name) && !name.equals("connection")) {
                throw InvalidRequestException.unknown(name);
            }
        }
        String userName = UserValues.userName(auth0.get("username"));
        String phone = UserValues.phoneNumber(auth0.get("phone_number"));
        String email = UserValues.email(auth0.get("email"));
        Map<String, Optional<String>> profile = new LinkedHashMap<>();
        PROFILE.forEach((name, field) -> {
            JsonNode value = auth0.get(name);
            if (value != null) {
                profile.put(field.jsonName(), value.isNull() ? Optional.empty() : Optional.of(profileText(value, field)));
            }
        });
        JsonNode userMetadata = metadataPatch(auth0, "user_metadata");
        List<CustomAttribute> attributes = userMetadata == null ? null : Auth0Shapes.customAttributes(userMetadata, true);
        JsonNode appMetadata = metadataPatch(auth0, "app_metadata");
        if (appMetadata != null) {
            AppMetadata.merge(null, appMetadata, "app_metadata");  // its names checked now, before any read
        }
        UserPatch patch = new UserPatch(userName, email, phone, Map.copyOf(profile), null, null,
                attributes == null || attributes.isEmpty() ? null : UserValues.customAttributes(attributes, true),
                null, userMetadata != null && userMetadata.isEmpty(),
                auth0.has("email_verified") ? flag(auth0, "email_verified", null) : null,
                auth0.has("blocked") ? flag(auth0, "blocked", null) : null, appMetadata);
        if (patch.isEmpty()) {
            throw new InvalidRequestException(InvalidRequestException.MISSING_PARAMETER,
                    "The request names no user property to update.");
        }
        return patch;
    }

    /** A metadata object of a patch, or null when not given; null itself is no object (send {} to remove all). */
    private static JsonNode metadataPatch(JsonNode auth0, String name) {
        JsonNode value = auth0.get(name);
        if (value != null && !value.isObject()) {
            throw InvalidRequestException.invalidValue(name, "must be an object (set a key to null to remove it)");
        }
        return value;
    }

    /** A boolean field: true or false; absent or null is {@code otherwise} (a patch's null is refused). */
    private static Boolean flag(JsonNode auth0, String name, Boolean otherwise) {
        JsonNode value = auth0.get(name);
        if (value == null || (value.isNull() && otherwise != null)) {
            return otherwise;
        }
        if (!value.isBoolean()) {
            throw InvalidRequestException.invalidValue(name, "must be true or false");
        }
        return value.booleanValue();
    }

    /** A profile value under Roster's rules; a picture must also be an http(s) URL, as Auth0's is. */
    private static String profileText(JsonNode value, ProfileField field) {
        String text = UserValues.profileText(value, field);
        if (field == ProfileField.PICTURE && !PICTURE_URL.matcher(text).matches()) {
            throw InvalidRequestException.invalidValue("picture", "must be an http or https URL");
        }
        return text;
    }

    /**
     * The Auth0 user object (Management API v2, GET /api/v2/users/{id}). The identifiers and flags are always
     * written (an absent identifier as null); the profile fields (nickname, name, given_name, family_name, picture)
     * only when the user has them, as Auth0 leaves out what a user lacks. Roster records no sign-ins, so there is
     * no last_login.
     */
    public static void write(JsonGenerator gen, User user) throws IOException {
        gen.writeStartObject();
        gen.writeStringField("user_id", Auth0Ids.userId(user.userId()));
        gen.writeStringField("email", user.email());
        gen.writeBooleanField("email_verified", user.emailVerified());
        gen.writeStringField("username", user.userName());
        gen.writeStringField("phone_number", user.phoneNumber());
        gen.writeBooleanField("phone_verified", false);
        for (Map.Entry<String, ProfileField> field : PROFILE.entrySet()) {
            String value = user.profile() == null ? null : user.profile(field.getValue().jsonName());
            if (value != null) {
                gen.writeStringField(field.getKey(), value);
            }
        }
        gen.writeStringField("created_at", Auth0Shapes.iso(user.createdDate()));
        gen.writeStringField("updated_at", Auth0Shapes.iso(user.lastModifiedDate()));
        gen.writeFieldName("user_metadata");
        Auth0Shapes.writeMetadata(gen, user.customAttributes());
        gen.writeFieldName("app_metadata");
        gen.writeTree(AppMetadata.tree(user.appMetadata()));
        gen.writeArrayFieldStart("identities");
        gen.writeStartObject();
        gen.writeStringField("connection", user.userStoreId());
        gen.writeStringField("user_id", user.userId());
        gen.writeStringField("provider", "auth0");
        gen.writeBooleanField("isSocial", false);
        gen.writeEndObject();
        gen.writeEndArray();
        gen.writeBooleanField("blocked", user.blocked());
        gen.writeEndObject();
    }
}
