package dev.roster.shared.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.roster.shared.error.InvalidRequestException;
import dev.roster.shared.json.JsonFields;
import dev.roster.shared.user.CustomAttribute;
import dev.roster.shared.user.NewUser;
import dev.roster.shared.user.PasswordCheck;
import dev.roster.shared.user.StatusChange;
import dev.roster.shared.user.ProfileField;
import dev.roster.shared.user.UserPatch;
import dev.roster.shared.user.UserRules;
import dev.roster.shared.user.UserValues;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The seeds' CreateUser and UpdateUser bodies (REST's and Tencent's, which carry UserStoreId and UserId in the body)
 * as the service's commands, with the seeds' field names.
 */
public final class UserInput {

    private static final Set<String> CREATE_FIELDS = fields("UserStoreId", "UserName", "PhoneNumber", "Email",
            "Password", "UserGroup", "Birthdate", "CustomizationAttributes", "UserOrg");
    private static final Set<String> UPDATE_FIELDS = fields("UserStoreId", "UserId", "UserName", "PhoneNumber",
            "Email", "UserGroup", "Birthdate", "CustomizationAttributes", "Version");

    private static final Set<String> PASSWORD_CHECK_FIELDS = Set.of("Identifier", "Password");
    private static final Set<String> STATUS_FIELDS = Set.of("Status", "Reason");
    /** The longest identifier of any kind: an email. */
    static final int IDENTIFIER_MAX = Math.max(UserRules.EMAIL_MAX,
            Math.max(UserRules.USER_NAME_MAX, UserRules.PHONE_MAX));

    private UserInput() {
    }

    /** A password check's body: {@code {"Identifier": user name, email or phone number, "Password"}}. */
    public static PasswordCheck passwordCheck(JsonNode body) {
        JsonFields.rejectUnknown(body, PASSWORD_CHECK_FIELDS);
        String identifier = JsonFields.requiredText(body, "Identifier", IDENTIFIER_MAX);
        JsonNode password = body.get("Password");
        // A password of nothing but spaces is no password, as at creation.
        if (password == null || password.isNull() || (password.isTextual() && password.asText().isBlank())) {
            throw InvalidRequestException.missing("Password");
        }
        if (!password.isTextual()) {
            throw InvalidRequestException.invalidValue("Password", "must be a string");
        }
        return new PasswordCheck(identifier, UserRules.candidatePassword(password.asText()));
    }

    /** UpdateUserStatus' body: {@code {"Status": "NORMAL" | "LOCK" | "FREEZE", "Reason"}}. */
    public static StatusChange statusChange(JsonNode body) {
        JsonFields.rejectUnknown(body, STATUS_FIELDS);
        String status = JsonFields.requiredText(body, "Status", 16);
        String reason = JsonFields.presentAndNotNull(body, "Reason")
                ? JsonFields.text(body.get("Reason"), "Reason", StatusChange.REASON_MAX) : null;
        return new StatusChange(status, reason);
    }

    private static Set<String> fields(String... names) {
        Set<String> all = new HashSet<>(List.of(names));
        ProfileField.EDITABLE.forEach(f -> all.add(f.jsonName()));
        return Set.copyOf(all);
    }

    public static NewUser create(String userStoreId, JsonNode body, long now) {
        JsonFields.rejectUnknown(body, CREATE_FIELDS);
        JsonFields.requireSameStore(body, userStoreId);
        String userName = UserRules.userName(JsonFields.requiredText(body, "UserName", UserRules.USER_NAME_MAX));
        String phone = UserRules.phoneNumber(JsonFields.requiredText(body, "PhoneNumber", UserRules.PHONE_MAX));
        String email = UserRules.email(JsonFields.requiredText(body, "Email", UserRules.EMAIL_MAX));
        String password = UserValues.password(body.get("Password"));

        Map<String, String> profile = new LinkedHashMap<>();
        for (ProfileField field : ProfileField.EDITABLE) {
            if (JsonFields.presentAndNotNull(body, field.jsonName())) {
                profile.put(field.jsonName(), UserValues.profileText(body.get(field.jsonName()), field));
            }
        }
        Long birthdate = JsonFields.presentAndNotNull(body, "Birthdate") ? UserValues.birthdate(body.get("Birthdate"), now) : null;
        List<String> groups = UserValues.groups(body, "UserGroup");
        List<String> orgs = UserValues.groups(body, "UserOrg");
        List<CustomAttribute> custom = JsonFields.presentAndNotNull(body, "CustomizationAttributes")
                ? UserValues.customAttributes(body.get("CustomizationAttributes"), false) : List.of();
        return new NewUser(userName, email, phone, password, Map.copyOf(profile), birthdate, groups, orgs, custom);
    }

    public static UserPatch update(String userStoreId, String userId, JsonNode body, long now) {
        JsonFields.rejectUnknown(body, UPDATE_FIELDS);
        JsonFields.requireSameStore(body, userStoreId);
        if (JsonFields.presentAndNotNull(body, "UserId")
                && !userId.equals(JsonFields.text(body.get("UserId"), "UserId", 64))) {
            throw InvalidRequestException.invalidValue("UserId", "does not match the user addressed by the path");
        }
        String userName = UserValues.userName(body.get("UserName"));
        String phone = UserValues.phoneNumber(body.get("PhoneNumber"));
        String email = UserValues.email(body.get("Email"));
        Map<String, Optional<String>> profile = new LinkedHashMap<>();
        for (ProfileField field : ProfileField.EDITABLE) {
            if (JsonFields.present(body, field.jsonName())) {
                JsonNode node = body.get(field.jsonName());
                profile.put(field.jsonName(),
                        node.isNull() ? Optional.empty() : Optional.of(UserValues.profileText(node, field)));
            }
        }
        Optional<Long> birthdate = null;
        if (JsonFields.present(body, "Birthdate")) {
            JsonNode node = body.get("Birthdate");
            birthdate = node.isNull() ? Optional.empty() : Optional.of(UserValues.birthdate(node, now));
        }
        List<String> groups = JsonFields.present(body, "UserGroup")
                ? (body.get("UserGroup").isNull() ? List.of() : UserValues.groups(body, "UserGroup")) : null;
        List<CustomAttribute> custom = JsonFields.presentAndNotNull(body, "CustomizationAttributes")
                ? UserValues.customAttributes(body.get("CustomizationAttributes"), true) : null;
        Long version = null;
        if (JsonFields.presentAndNotNull(body, "Version")) {
            version = JsonFields.integer(body.get("Version"), "Version");
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
}
