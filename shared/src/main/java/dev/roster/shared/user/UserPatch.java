package dev.roster.shared.user;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A validated UpdateUser request: only what is present changes. A JSON null clears an optional property; a custom
 * attribute is merged by name, and one sent with a null Value is removed; {@code clearCustomAttributes} first
 * removes them all (Auth0's {@code "user_metadata": {}}). {@code appMetadata} is merged as {@link AppMetadata#merge}
 * says; the flags, when given, replace the user's (a new email is unverified unless the patch says otherwise).
 */
public record UserPatch(String userName, String email, String phoneNumber,
                        Map<String, Optional<String>> profile, Optional<Long> birthdate,
                        List<String> userGroups, List<CustomAttribute> customAttributes, Long expectedVersion,
                        boolean clearCustomAttributes, Boolean emailVerified, Boolean blocked, JsonNode appMetadata) {

    /** A patch of the seeds' UpdateUser fields only. */
    public UserPatch(String userName, String email, String phoneNumber, Map<String, Optional<String>> profile,
                     Optional<Long> birthdate, List<String> userGroups, List<CustomAttribute> customAttributes,
                     Long expectedVersion) {
        this(userName, email, phoneNumber, profile, birthdate, userGroups, customAttributes, expectedVersion, false,
                null, null, null);
    }

    public boolean isEmpty() {
        return userName == null && email == null && phoneNumber == null && profile.isEmpty() && birthdate == null
                && userGroups == null && customAttributes == null && !clearCustomAttributes && emailVerified == null
                && blocked == null && appMetadata == null;
    }

    public UserPatch withExpectedVersion(Long version) {
        return new UserPatch(userName, email, phoneNumber, profile, birthdate, userGroups, customAttributes, version,
                clearCustomAttributes, emailVerified, blocked, appMetadata);
    }

    /** The user as it is after this patch; the same instance when nothing would change. */
    public User applyTo(User current, long now) {
        Map<String, String> newProfile = new LinkedHashMap<>(current.profile());
        profile.forEach((field, value) -> {
            if (value.isPresent()) {
                newProfile.put(field, value.get());
            } else {
                newProfile.remove(field);
            }
        });
        List<CustomAttribute> baseAttributes = clearCustomAttributes ? List.of() : current.customAttributes();
        User updated = current.toBuilder()
                .userName(userName != null ? userName : current.userName())
                .email(email != null ? email : current.email())
                .phoneNumber(phoneNumber != null ? phoneNumber : current.phoneNumber())
                .profile(Map.copyOf(newProfile))
                .birthdate(birthdate != null ? birthdate.orElse(null) : current.birthdate())
                .userGroups(userGroups != null ? userGroups : current.userGroups())
                .customAttributes(customAttributes != null ? merge(baseAttributes, customAttributes) : baseAttributes)
                .emailVerified(emailVerified != null ? emailVerified : current.emailVerified() && !changesEmail(current))
                .blocked(blocked != null ? blocked : current.blocked())
                .appMetadata(appMetadata != null ? AppMetadata.merge(current.appMetadata(), appMetadata,
                        "app_metadata") : current.appMetadata())
                .build();
        // Every value but the ones set above is carried over, so equal records mean nothing changed.
        if (updated.equals(current)) {
            return current;
        }
        return updated.toBuilder().lastModifiedDate(now).version(current.version() + 1).build();
    }

    /**
     * Whether this patch gives the user another email (not merely another spelling of it): a new address is not
     * verified until a patch says so, as Auth0 resets email_verified when the email changes.
     */
    private boolean changesEmail(User current) {
        return email != null && !UniqueKey.EMAIL.normalize(email).equals(UniqueKey.EMAIL.keyOf(current));
    }

    private static List<CustomAttribute> merge(List<CustomAttribute> current, List<CustomAttribute> changes) {
        Map<String, CustomAttribute> byName = new LinkedHashMap<>();
        for (CustomAttribute attribute : current) {
            byName.put(attribute.name(), attribute);
        }
        for (CustomAttribute change : changes) {
            if (change.value() == null) {
                byName.remove(change.name());
            } else {
                byName.put(change.name(), change);
            }
        }
        return List.copyOf(new ArrayList<>(byName.values()));
    }
}
