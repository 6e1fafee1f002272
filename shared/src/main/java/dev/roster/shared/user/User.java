package dev.roster.shared.user;

import dev.roster.shared.security.PasswordCredential;
import java.util.List;
import java.util.Map;

/**
 * A stored user. {@code profile} holds the seeds' optional string properties (Nickname, Address,
 * IndexedAttribute1..5, the social ids, GivenName, FamilyName, Picture, ...) under their seed names, only those that
 * are set. A user has at least one identifier (user name, email, phone number or a social id); which ones a door
 * requires is that door's rule. {@code emailVerified} is the email's own flag (IdentityVerified is Tencent's
 * identity check, a different fact); {@code blocked} refuses the user sign-in whatever its status;
 * {@code appMetadata} is the text of a JSON object the application owns (Auth0's app_metadata), null when none.
 * {@code importMarker} ({@code <JobId>#<line>}) names the import line that inserted the user, null for users created
 * otherwise: a redelivered import recognises by it a user it inserted itself under an id the file gave.
 * {@code failedChecks} counts the password checks that failed since the last success or unlock (the lockout counts it
 * up to its limit); {@code statusReason} is the administrator's reason for the last status change, null when none.
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
        PasswordCredential password,
        boolean emailVerified,
        boolean blocked,
        String appMetadata,
        String importMarker,
        int failedChecks,
        String statusReason) {

    /** A user without the flags and app metadata (none verified, not blocked), as users were before they existed. */
    public User(String userStoreId, String userId, String userName, String email, String phoneNumber,
                Map<String, String> profile, Long birthdate, List<String> userGroups, List<String> userOrgs,
                List<CustomAttribute> customAttributes, boolean identityVerified, String status, String dataSource,
                long createdDate, long lastModifiedDate, long version, PasswordCredential password) {
        this(userStoreId, userId, userName, email, phoneNumber, profile, birthdate, userGroups, userOrgs,
                customAttributes, identityVerified, status, dataSource, createdDate, lastModifiedDate, version,
                password, false, false, null, null, 0, null);
    }

    /** Status of a user created through the API, as the seed's CreateUser example returns. */
    public static final String STATUS_NOT_ENABLED = "NOT_ENABLED";
    /** Tencent CIAM's status of a frozen user, which no sign-in reaches: what a blocked user shows. */
    public static final String STATUS_FREEZE = "FREEZE";
    /** Tencent CIAM's status of a user in good standing: what an administrator's unlock sets. */
    public static final String STATUS_NORMAL = "NORMAL";
    /** Tencent CIAM's status of a locked user: set by too many failed password checks, or by an administrator. */
    public static final String STATUS_LOCK = "LOCK";
    /** The seed's UserDataSourceEnum for a user an administrator created through the API. */
    public static final String SOURCE_ADMIN = "管理员添加";

    /** A new user of the store, with the given id; everything else is set on the builder (empty when not). */
    public static Builder builder(String userStoreId, String userId) {
        return new Builder(userStoreId, userId);
    }

    /** A builder holding this user's every value, to change some of them. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * Builds a {@link User} by named values: a user has over 20 of them, too many to pass by position. Unset lists and
     * maps are empty; the status is {@link #STATUS_NOT_ENABLED} and the version 1 unless set.
     */
    public static final class Builder {
        private final String userStoreId;
        private final String userId;
        private String userName;
        private String email;
        private String phoneNumber;
        private Map<String, String> profile = Map.of();
        private Long birthdate;
        private List<String> userGroups = List.of();
        private List<String> userOrgs = List.of();
        private List<CustomAttribute> customAttributes = List.of();
        private boolean identityVerified;
        private String status = STATUS_NOT_ENABLED;
        private String dataSource;
        private long createdDate;
        private long lastModifiedDate;
        private long version = 1;
        private PasswordCredential password;
        private boolean emailVerified;
        private boolean blocked;
        private String appMetadata;
        private String importMarker;
        private int failedChecks;
        private String statusReason;

        private Builder(String userStoreId, String userId) {
            this.userStoreId = userStoreId;
            this.userId = userId;
        }

        private Builder(User user) {
            this(user.userStoreId, user.userId);
            userName = user.userName;
            email = user.email;
            phoneNumber = user.phoneNumber;
            profile = user.profile;
            birthdate = user.birthdate;
            userGroups = user.userGroups;
            userOrgs = user.userOrgs;
            customAttributes = user.customAttributes;
            identityVerified = user.identityVerified;
            status = user.status;
            dataSource = user.dataSource;
            createdDate = user.createdDate;
            lastModifiedDate = user.lastModifiedDate;
            version = user.version;
            password = user.password;
            emailVerified = user.emailVerified;
            blocked = user.blocked;
            appMetadata = user.appMetadata;
            importMarker = user.importMarker;
            failedChecks = user.failedChecks;
            statusReason = user.statusReason;
        }

        public Builder userName(String value) {
            userName = value;
            return this;
        }

        public Builder email(String value) {
            email = value;
            return this;
        }

        public Builder phoneNumber(String value) {
            phoneNumber = value;
            return this;
        }

        public Builder profile(Map<String, String> value) {
            profile = value;
            return this;
        }

        public Builder birthdate(Long value) {
            birthdate = value;
            return this;
        }

        public Builder userGroups(List<String> value) {
            userGroups = value;
            return this;
        }

        public Builder userOrgs(List<String> value) {
            userOrgs = value;
            return this;
        }

        public Builder customAttributes(List<CustomAttribute> value) {
            customAttributes = value;
            return this;
        }

        public Builder identityVerified(boolean value) {
            identityVerified = value;
            return this;
        }

        public Builder status(String value) {
            status = value;
            return this;
        }

        public Builder dataSource(String value) {
            dataSource = value;
            return this;
        }

        /** Created and last modified at the same instant, as every new user is. */
        public Builder createdAt(long millis) {
            createdDate = millis;
            lastModifiedDate = millis;
            return this;
        }

        public Builder lastModifiedDate(long value) {
            lastModifiedDate = value;
            return this;
        }

        public Builder version(long value) {
            version = value;
            return this;
        }

        public Builder password(PasswordCredential value) {
            password = value;
            return this;
        }

        public Builder emailVerified(boolean value) {
            emailVerified = value;
            return this;
        }

        public Builder blocked(boolean value) {
            blocked = value;
            return this;
        }

        /** The text of a JSON object, or null for none. */
        public Builder appMetadata(String value) {
            appMetadata = value;
            return this;
        }

        /** The import line that inserts the user: {@code <JobId>#<line>}. */
        public Builder importMarker(String value) {
            importMarker = value;
            return this;
        }

        /** Password checks failed since the last success or unlock. */
        public Builder failedChecks(int value) {
            failedChecks = value;
            return this;
        }

        /** Why an administrator last set the status; null for none. */
        public Builder statusReason(String value) {
            statusReason = value;
            return this;
        }

        public User build() {
            return new User(userStoreId, userId, userName, email, phoneNumber, profile, birthdate, userGroups,
                    userOrgs, customAttributes, identityVerified, status, dataSource, createdDate, lastModifiedDate,
                    version, password, emailVerified, blocked, appMetadata, importMarker, failedChecks, statusReason);
        }
    }

    /**
     * The status the seed-shaped User object shows: FREEZE while blocked, else the stored one. Blocking does not
     * overwrite the stored status, so unblocking gives the user back the status it had.
     */
    public String shownStatus() {
        return blocked ? STATUS_FREEZE : status;
    }

    /** Whether the user must set a password before any password check can pass: it has none (a Cognito user). */
    public boolean passwordResetRequired() {
        return password == null;
    }

    /** Whether a password check of this user may succeed: neither locked nor frozen (by status or block). */
    public boolean mayPassPasswordCheck() {
        String shown = shownStatus();
        return !STATUS_LOCK.equals(shown) && !STATUS_FREEZE.equals(shown);
    }

    public String profile(String field) {
        return profile.get(field);
    }

    @Override
    public String toString() {
        // Keep personal data and the credential out of logs: identify the user only.
        return "User[" + userStoreId + "/" + userId + " v" + version + "]";
    }
}
