package dev.roster.shared.user;

import dev.roster.shared.error.InvalidRequestException;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The seeds' optional free-text user properties, with the longest value each accepts. */
public enum ProfileField {
    NICKNAME("Nickname", 128),
    ADDRESS("Address", 512),
    DESCRIPTION("Description", 1024),
    NAME("Name", 128),
    /** Auth0's given_name and family_name (150 characters each there). */
    GIVEN_NAME("GivenName", 150),
    FAMILY_NAME("FamilyName", 150),
    /** The URL of the user's picture (Auth0's picture). */
    PICTURE("Picture", 2048),
    LOCALE("Locale", 64),
    GENDER("Gender", 32),
    JOB("Job", 128),
    NATIONALITY("Nationality", 64),
    ZONE("Zone", 64),
    RESIDENT_IDENTITY_CARD("ResidentIdentityCard", 64),
    IDENTITY_VERIFICATION_METHOD("IdentityVerificationMethod", 64),
    QQ_OPEN_ID("QqOpenId", 128),
    QQ_UNION_ID("QqUnionId", 128),
    WECHAT_OPEN_ID("WechatOpenId", 128),
    WECHAT_UNION_ID("WechatUnionId", 128),
    ALIPAY_USER_ID("AlipayUserId", 128),
    WECOM_USER_ID("WeComUserId", 128),
    INDEXED_ATTRIBUTE_1("IndexedAttribute1", ProfileField.INDEXED_MAX),
    INDEXED_ATTRIBUTE_2("IndexedAttribute2", ProfileField.INDEXED_MAX),
    INDEXED_ATTRIBUTE_3("IndexedAttribute3", ProfileField.INDEXED_MAX),
    INDEXED_ATTRIBUTE_4("IndexedAttribute4", ProfileField.INDEXED_MAX),
    INDEXED_ATTRIBUTE_5("IndexedAttribute5", ProfileField.INDEXED_MAX);

    /** The seeds: "indexedAttribute最长512字符". */
    static final int INDEXED_MAX = 512;

    private static final Map<String, ProfileField> BY_NAME = java.util.Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(ProfileField::jsonName, Function.identity()));

    /** The properties CreateUser and UpdateUser accept (the seeds list only these for them). */
    public static final List<ProfileField> EDITABLE = List.of(NICKNAME, ADDRESS, INDEXED_ATTRIBUTE_1,
            INDEXED_ATTRIBUTE_2, INDEXED_ATTRIBUTE_3, INDEXED_ATTRIBUTE_4, INDEXED_ATTRIBUTE_5);

    /** The social ids, each of which identifies a user as a user name, email or phone number does. */
    public static final List<ProfileField> SOCIAL_IDS = List.of(QQ_OPEN_ID, QQ_UNION_ID, WECHAT_OPEN_ID,
            WECHAT_UNION_ID, ALIPAY_USER_ID, WECOM_USER_ID);

    private final String jsonName;
    private final int maxLength;

    ProfileField(String jsonName, int maxLength) {
        this.jsonName = jsonName;
        this.maxLength = maxLength;
    }

    public String jsonName() {
        return jsonName;
    }

    public static ProfileField byName(String name) {
        return BY_NAME.get(name);
    }

    boolean indexed() {
        return jsonName.startsWith("IndexedAttribute");
    }

    /** Checks a value's length: indexed attributes fail with the seeds' own code. */
    void checkLength(String value) {
        if (value.length() <= maxLength) {
            return;
        }
        if (indexed()) {
            throw new InvalidRequestException(InvalidRequestException.INDEXED_ATTRIBUTE_TOO_LONG,
                    jsonName + " can contain up to " + maxLength + " characters.");
        }
        throw InvalidRequestException.invalidValue(jsonName, "longer than " + maxLength + " characters");
    }
}
