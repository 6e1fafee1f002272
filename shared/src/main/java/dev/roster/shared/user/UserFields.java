package dev.roster.shared.user;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The seeds' {@code User} object as one ordered table of (name, value): what the API returns, and what exports can
 * select. The password credential is not in it, so no response or export can ever carry it.
 */
public final class UserFields {

    /**
     * One property of the User object. Values are String, Long, Boolean, List of String, List of CustomAttribute,
     * a JSON object (AppMetadata) or null.
     */
    public record Field(String name, Function<User, Object> value) {
    }

    /** In the seeds' (alphabetical) order. */
    public static final List<Field> ALL;
    private static final Map<String, Field> BY_LOWER_NAME;

    static {
        // The User object's own properties; the profile's optional strings join them below, then all are sorted.
        List<Field> all = new ArrayList<>(List.of(
                new Field("AlreadyFirstLogin", u -> Boolean.FALSE),
                new Field("AppMetadata", u -> u.appMetadata() == null ? null : AppMetadata.tree(u.appMetadata())),
                new Field("Birthdate", User::birthdate),
                new Field("Blocked", User::blocked),
                new Field("CreatedDate", User::createdDate),
                new Field("CustomAttributes", User::customAttributes),
                new Field("Email", User::email),
                new Field("EmailVerified", User::emailVerified),
                new Field("IdentityVerified", User::identityVerified),
                new Field("LastModifiedDate", User::lastModifiedDate),
                new Field("LastSignOn", u -> null),
                new Field("LockTime", u -> null),
                new Field("LockType", u -> null),
                new Field("PhoneNumber", User::phoneNumber),
                new Field("Primary", u -> Boolean.TRUE),
                new Field("Status", User::shownStatus),
                new Field("TenantId", u -> null),
                new Field("UserDataSourceEnum", User::dataSource),
                new Field("UserGroups", User::userGroups),
                new Field("UserId", User::userId),
                new Field("UserName", User::userName),
                new Field("UserOrgs", User::userOrgs),
                new Field("UserStoreId", User::userStoreId),
                new Field("Version", User::version)));
        for (ProfileField field : ProfileField.values()) {
            String name = field.jsonName();
            all.add(new Field(name, u -> u.profile(name)));
        }
        all.sort(Comparator.comparing(Field::name));
        ALL = Collections.unmodifiableList(all);
        Map<String, Field> byName = new LinkedHashMap<>();
        all.forEach(f -> byName.put(f.name().toLowerCase(Locale.ROOT), f));
        BY_LOWER_NAME = Collections.unmodifiableMap(byName);
    }

    private UserFields() {
    }

    /** A field by name, ignoring case ("nickname" in the seeds' export example is "Nickname"); null if none. */
    public static Field byName(String name) {
        return BY_LOWER_NAME.get(name.toLowerCase(Locale.ROOT));
    }
}
