package dev.roster.shared.user;

import java.util.ArrayList;
import java.util.Collections;
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
        List<Field> all = new ArrayList<>();
        profile(all, "Address");
        profile(all, "AlipayUserId");
        all.add(new Field("AlreadyFirstLogin", u -> Boolean.FALSE));
        all.add(new Field("AppMetadata", u -> u.appMetadata() == null ? null : AppMetadata.tree(u.appMetadata())));
        all.add(new Field("Birthdate", User::birthdate));
        all.add(new Field("Blocked", User::blocked));
        all.add(new Field("CreatedDate", User::createdDate));
        all.add(new Field("CustomAttributes", User::customAttributes));
        profile(all, "Description");
        all.add(new Field("Email", User::email));
        all.add(new Field("EmailVerified", User::emailVerified));
        profile(all, "FamilyName");
        profile(all, "Gender");
        profile(all, "GivenName");
        profile(all, "IdentityVerificationMethod");
        all.add(new Field("IdentityVerified", User::identityVerified));
        for (int i = 1; i <= 5; i++) {
            profile(all, "IndexedAttribute" + i);
        }
        profile(all, "Job");
        all.add(new Field("LastModifiedDate", User::lastModifiedDate));
        all.add(new Field("LastSignOn", u -> null));
        profile(all, "Locale");
        all.add(new Field("LockTime", u -> null));
        all.add(new Field("LockType", u -> null));
        profile(all, "Name");
        profile(all, "Nationality");
        profile(all, "Nickname");
        all.add(new Field("PhoneNumber", User::phoneNumber));
        profile(all, "Picture");
        all.add(new Field("Primary", u -> Boolean.TRUE));
        profile(all, "QqOpenId");
        profile(all, "QqUnionId");
        profile(all, "ResidentIdentityCard");
        all.add(new Field("Status", User::shownStatus));
        all.add(new Field("TenantId", u -> null));
        all.add(new Field("UserDataSourceEnum", User::dataSource));
        all.add(new Field("UserGroups", User::userGroups));
        all.add(new Field("UserId", User::userId));
        all.add(new Field("UserName", User::userName));
        all.add(new Field("UserOrgs", User::userOrgs));
        all.add(new Field("UserStoreId", User::userStoreId));
        all.add(new Field("Version", User::version));
        profile(all, "WeComUserId");
        profile(all, "WechatOpenId");
        profile(all, "WechatUnionId");
        profile(all, "Zone");
        ALL = Collections.unmodifiableList(all);
        Map<String, Field> byName = new LinkedHashMap<>();
        all.forEach(f -> byName.put(f.name().toLowerCase(Locale.ROOT), f));
        BY_LOWER_NAME = Collections.unmodifiableMap(byName);
    }

    private UserFields() {
    }

    private static void profile(List<Field> all, String name) {
        all.add(new Field(name, u -> u.profile(name)));
    }

    /** A field by name, ignoring case ("nickname" in the seeds' export example is "Nickname"); null if none. */
    public static Field byName(String name) {
        return BY_LOWER_NAME.get(name.toLowerCase(Locale.ROOT));
    }
}
