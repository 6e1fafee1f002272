package dev.roster.shared.user;

import dev.roster.shared.security.PasswordCredential;
import dev.roster.shared.storage.TableLayout;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.roster.shared.storage.TableLayout.n;
import static dev.roster.shared.storage.TableLayout.s;
import static dev.roster.shared.storage.TableLayout.string;

/** Hand-written mapping between {@link User} and its DynamoDB item: no reflection, no per-request schema. */
public final class UserItemMapper {

    static final String USER_ID = "UserId";
    static final String VERSION = "Version";
    static final String STATUS = "Status";
    static final String PASSWORD = "Password";
    static final String LAST_MODIFIED_DATE = "LastModifiedDate";
    static final String USER_GROUPS = "UserGroups";
    /** The import line that inserted the user ({@code <JobId>#<line>}), on users and their tombstones. */
    static final String IMPORT_MARKER = "ImportMarker";

    private UserItemMapper() {
    }

    public static Map<String, AttributeValue> toItem(User user) {
        Map<String, AttributeValue> item = new HashMap<>(32);
        item.putAll(TableLayout.userKey(user.userStoreId(), user.userId()));
        item.put("UserStoreId", s(user.userStoreId()));
        item.put(USER_ID, s(user.userId()));
        putIfSet(item, "UserName", user.userName());
        putIfSet(item, "Email", user.email());
        putIfSet(item, "PhoneNumber", user.phoneNumber());
        user.profile().forEach((field, value) -> item.put(field, s(value)));
        if (user.birthdate() != null) {
            item.put("Birthdate", n(user.birthdate()));
        }
        item.put(USER_GROUPS, stringList(user.userGroups()));
        item.put("UserOrgs", stringList(user.userOrgs()));
        List<AttributeValue> custom = new ArrayList<>(user.customAttributes().size());
        for (CustomAttribute attribute : user.customAttributes()) {
            custom.add(AttributeValue.fromM(Map.of("Name", s(attribute.name()), "Value", s(attribute.value()),
                    "Type", s(attribute.type()))));
        }
        item.put("CustomAttributes", AttributeValue.fromL(custom));
        item.put("IdentityVerified", AttributeValue.fromBool(user.identityVerified()));
        item.put("EmailVerified", AttributeValue.fromBool(user.emailVerified()));
        item.put("Blocked", AttributeValue.fromBool(user.blocked()));
        putIfSet(item, "AppMetadata", user.appMetadata());
        putIfSet(item, IMPORT_MARKER, user.importMarker());
        item.put(STATUS, s(user.status()));
        putIfSet(item, TableLayout.STATUS_REASON, user.statusReason());
        if (user.failedChecks() > 0) {
            item.put(TableLayout.FAILED_CHECKS, n(user.failedChecks()));
        }
        item.put("UserDataSourceEnum", s(user.dataSource()));
        item.put("CreatedDate", n(user.createdDate()));
        item.put(LAST_MODIFIED_DATE, n(user.lastModifiedDate()));
        item.put(VERSION, n(user.version()));
        if (user.password() != null) {
            item.put(PASSWORD, credential(user.password()));
        }
        return item;
    }

    /**
     * The guard item that reserves one of a user's unique identifiers, or null when the user has none of that kind.
     * Its key is the normalized identifier, so a conditional put of it fails while another user holds the value.
     */
    public static Map<String, AttributeValue> guardItem(User user, UniqueKey key) {
        String value = key.keyOf(user);
        if (value == null) {
            return null;
        }
        Map<String, AttributeValue> item = new HashMap<>(TableLayout.guardKey(user.userStoreId(), key.name(), value));
        item.put(USER_ID, s(user.userId()));
        item.put("Kind", s(key.name()));
        return Map.copyOf(item);
    }

    public static User fromItem(Map<String, AttributeValue> item) {
        Map<String, String> profile = new LinkedHashMap<>();
        for (ProfileField field : ProfileField.values()) {
            AttributeValue value = item.get(field.jsonName());
            if (value != null && value.s() != null) {
                profile.put(field.jsonName(), value.s());
            }
        }
        List<CustomAttribute> custom = new ArrayList<>();
        AttributeValue customList = item.get("CustomAttributes");
        if (customList != null && customList.hasL()) {
            for (AttributeValue entry : customList.l()) {
                Map<String, AttributeValue> m = entry.m();
                custom.add(new CustomAttribute(string(m, "Name"), string(m, "Value"), string(m, "Type")));
            }
        }
        AttributeValue birthdate = item.get("Birthdate");
        return User.builder(string(item, "UserStoreId"), string(item, USER_ID)).userName(string(item, "UserName"))
                .email(string(item, "Email")).phoneNumber(string(item, "PhoneNumber")).profile(Map.copyOf(profile))
                .birthdate(birthdate == null ? null : Long.parseLong(birthdate.n()))
                .userGroups(strings(item.get(USER_GROUPS))).userOrgs(strings(item.get("UserOrgs")))
                .customAttributes(List.copyOf(custom))
                .identityVerified(flag(item, "IdentityVerified")).emailVerified(flag(item, "EmailVerified"))
                .blocked(flag(item, "Blocked")).appMetadata(string(item, "AppMetadata"))
                .importMarker(string(item, IMPORT_MARKER))
                .status(string(item, STATUS)).statusReason(string(item, TableLayout.STATUS_REASON))
                .failedChecks((int) Math.min(Integer.MAX_VALUE, TableLayout.number(item, TableLayout.FAILED_CHECKS)))
                .dataSource(string(item, "UserDataSourceEnum"))
                .createdAt(Long.parseLong(item.get("CreatedDate").n()))
                .lastModifiedDate(Long.parseLong(item.get(LAST_MODIFIED_DATE).n()))
                .version(Long.parseLong(item.get(VERSION).n())).password(credential(item.get(PASSWORD))).build();
    }

    /** A boolean attribute; false when absent (items written before the flag existed). */
    private static boolean flag(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value != null && Boolean.TRUE.equals(value.bool());
    }

    static AttributeValue credential(PasswordCredential c) {
        Map<String, AttributeValue> m = new HashMap<>();
        m.put("Algorithm", s(c.algorithm()));
        m.put("Hash", s(c.hash()));
        putIfSet(m, "Salt", c.salt());
        putIfSet(m, "SaltLocation", c.saltLocation());
        putIfSet(m, "SaltRegex", c.saltRegex());
        putIfSet(m, "SaltEncoding", c.saltEncoding());
        putIfSet(m, "HmacKey", c.hmacKey());
        putIfSet(m, "HmacKeyEncoding", c.hmacKeyEncoding());
        m.put("Iterations", n(c.iterations()));
        return AttributeValue.fromM(m);
    }

    private static PasswordCredential credential(AttributeValue value) {
        if (value == null || !value.hasM()) {
            return null;
        }
        Map<String, AttributeValue> m = value.m();
        // Items written before salt encodings and HMAC keys existed have neither: null reads as UTF8 and no key.
        return new PasswordCredential(string(m, "Algorithm"), string(m, "Hash"), string(m, "Salt"),
                string(m, "SaltLocation"), string(m, "SaltRegex"), Integer.parseInt(m.get("Iterations").n()),
                string(m, "SaltEncoding"), string(m, "HmacKey"), string(m, "HmacKeyEncoding"));
    }

    private static void putIfSet(Map<String, AttributeValue> item, String name, String value) {
        if (value != null) {
            item.put(name, s(value));
        }
    }

    private static AttributeValue stringList(List<String> values) {
        List<AttributeValue> list = new ArrayList<>(values.size());
        for (String value : values) {
            list.add(s(value));
        }
        return AttributeValue.fromL(list);
    }

    private static List<String> strings(AttributeValue value) {
        if (value == null || !value.hasL()) {
            return List.of();
        }
        List<String> result = new ArrayList<>(value.l().size());
        for (AttributeValue entry : value.l()) {
            result.add(entry.s());
        }
        return List.copyOf(result);
    }}
