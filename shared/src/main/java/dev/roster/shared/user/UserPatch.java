package dev.roster.shared.user;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A validated UpdateUser request: only what is present changes. A JSON null clears an optional property; a custom
 * attribute is merged by name, and one sent with a null Value is removed.
 */
public record UserPatch(String userName, String email, String phoneNumber,
                        Map<String, Optional<String>> profile, Optional<Long> birthdate,
                        List<String> userGroups, List<CustomAttribute> customAttributes, Long expectedVersion) {

    public boolean isEmpty() {
        return userName == null && email == null && phoneNumber == null && profile.isEmpty() && birthdate == null
                && userGroups == null && customAttributes == null;
    }

    public UserPatch withExpectedVersion(Long version) {
        return new UserPatch(userName, email, phoneNumber, profile, birthdate, userGroups, customAttributes, version);
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
        User updated = current.toBuilder()
                .userName(userName != null ? userName : current.userName())
                .email(email != null ? email : current.email())
                .phoneNumber(phoneNumber != null ? phoneNumber : current.phoneNumber())
                .profile(Map.copyOf(newProfile))
                .birthdate(birthdate != null ? birthdate.orElse(null) : current.birthdate())
                .userGroups(userGroups != null ? userGroups : current.userGroups())
                .customAttributes(customAttributes != null ? merge(current.customAttributes(), customAttributes)
                        : current.customAttributes())
                .build();
        if (sameContent(current, updated)) {
            return current;
        }
        return updated.toBuilder().lastModifiedDate(now).version(current.version() + 1).build();
    }

    private static boolean sameContent(User a, User b) {
        return Objects.equals(a.userName(), b.userName()) && Objects.equals(a.email(), b.email())
                && Objects.equals(a.phoneNumber(), b.phoneNumber()) && a.profile().equals(b.profile())
                && Objects.equals(a.birthdate(), b.birthdate()) && a.userGroups().equals(b.userGroups())
                && a.customAttributes().equals(b.customAttributes());
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
