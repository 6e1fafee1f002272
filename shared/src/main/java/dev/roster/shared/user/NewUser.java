package dev.roster.shared.user;

import java.util.List;
import java.util.Map;

/** A validated CreateUser request. The password is plain text only until the service hashes it. */
public record NewUser(String userName, String email, String phoneNumber, String password,
                      Map<String, String> profile, Long birthdate, List<String> userGroups, List<String> userOrgs,
                      List<CustomAttribute> customAttributes) {

    @Override
    public String toString() {
        return "NewUser[" + userName + "]";
    }
}
