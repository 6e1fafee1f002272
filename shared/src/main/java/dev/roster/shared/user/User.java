package dev.roster.shared.user;

import java.util.List;
import java.util.Map;

/**
 * A stored user. {@code profile} holds the seeds' optional string properties (Nickname, Address,
 * IndexedAttribute1..5, the social ids, ...) under their seed names, only those that are set.
 */
public record User(
        String userStoreId,
        String userId,
        String userName,
        String email,
        String phoneNumber,
        Map<String, String> profile,
        Long birthdate,
        List<String> userGroups,
        List<String> userOrgs,
        List<CustomAttribute> customAttributes,
        boolean identityVerified,
        String status,
        String dataSource,
        long createdDate,
        long lastModifiedDate,
        long version,
        PasswordCredential password) {

    /** Status of a user created through the API, as the seed's CreateUser example returns. */
    public static final String STATUS_NOT_ENABLED = "NOT_ENABLED";
    /** The seed's UserDataSourceEnum for a user an administrator created through the API. */
    public static final String SOURCE_ADMIN = "管理员添加";

    public String profile(String field) {
        return profile.get(field);
    }

    @Override
    public String toString() {
        // Keep personal data and the credential out of logs: identify the user only.
        return "User[" + userStoreId + "/" + userId + " v" + version + "]";
    }
}
