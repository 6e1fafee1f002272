package dev.roster.shared.user;

import java.util.List;
import java.util.Map;

/**
 * A validated CreateUser request. Identifiers a door does not require may be null, but not all of them (see
 * {@link UserService#create}). The password is plain text only until the service hashes it; null means none.
 * {@code appMetadata} is the text of a JSON object, or null ({@link AppMetadata#text}).
 */
public record NewUser(String userName, String email, String phoneNumber, String password,
                      Map<String, String> profile, Long birthdate, List<String> userGroups, List<String> userOrgs,
                      List<CustomAttribute> customAttributes, boolean emailVerified, boolean blocked,
                      String appMetadata) {

    /** A new user with none of the flags or app metadata: what the seeds' CreateUser can say. */
    public NewUser(String userName, String email, String phoneNumber, String password, Map<String, String> profile,
                   Long birthdate, List<String> userGroups, List<String> userOrgs,
                   List<CustomAttribute> customAttributes) {
        this(userName, email, phoneNumber, password, profile, birthdate, userGroups, userOrgs, customAttributes,
                false, false, null);
    }

    @Override
    public String toString() {
        return "NewUser[" + (userName != null ? userName : email != null ? email : phoneNumber) + "]";
    }
}
