package dev.roster.shared.user;

import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.util.List;

/**
 * Writes the seeds' {@code User} object: every documented field, alphabetical as in the seeds' examples, unknown
 * ones as null. The password credential is not a field here and so can never be written.
 */
public final class UserJson {

    private UserJson() {
    }

    public static void write(JsonGenerator gen, User user) throws IOException {
        gen.writeStartObject();
        profile(gen, user, "Address");
        profile(gen, user, "AlipayUserId");
        gen.writeBooleanField("AlreadyFirstLogin", false);
        nullableNumber(gen, "Birthdate", user.birthdate());
        gen.writeNumberField("CreatedDate", user.createdDate());
        gen.writeArrayFieldStart("CustomAttributes");
        for (CustomAttribute attribute : user.customAttributes()) {
            gen.writeStartObject();
            gen.writeStringField("Name", attribute.name());
            gen.writeStringField("Value", attribute.value());
            gen.writeStringField("Type", attribute.type());
            gen.writeEndObject();
        }
        gen.writeEndArray();
        profile(gen, user, "Description");
        gen.writeStringField("Email", user.email());
        profile(gen, user, "Gender");
        profile(gen, user, "IdentityVerificationMethod");
        gen.writeBooleanField("IdentityVerified", user.identityVerified());
        for (int i = 1; i <= 5; i++) {
            profile(gen, user, "IndexedAttribute" + i);
        }
        profile(gen, user, "Job");
        gen.writeNumberField("LastModifiedDate", user.lastModifiedDate());
        gen.writeNullField("LastSignOn");
        profile(gen, user, "Locale");
        gen.writeNullField("LockTime");
        gen.writeNullField("LockType");
        profile(gen, user, "Name");
        profile(gen, user, "Nationality");
        profile(gen, user, "Nickname");
        gen.writeStringField("PhoneNumber", user.phoneNumber());
        gen.writeBooleanField("Primary", true);
        profile(gen, user, "QqOpenId");
        profile(gen, user, "QqUnionId");
        profile(gen, user, "ResidentIdentityCard");
        gen.writeStringField("Status", user.status());
        gen.writeNullField("TenantId");
        gen.writeStringField("UserDataSourceEnum", user.dataSource());
        strings(gen, "UserGroups", user.userGroups());
        gen.writeStringField("UserId", user.userId());
        gen.writeStringField("UserName", user.userName());
        strings(gen, "UserOrgs", user.userOrgs());
        gen.writeStringField("UserStoreId", user.userStoreId());
        gen.writeNumberField("Version", user.version());
        profile(gen, user, "WeComUserId");
        profile(gen, user, "WechatOpenId");
        profile(gen, user, "WechatUnionId");
        profile(gen, user, "Zone");
        gen.writeEndObject();
    }

    private static void profile(JsonGenerator gen, User user, String field) throws IOException {
        gen.writeStringField(field, user.profile(field));
    }

    private static void nullableNumber(JsonGenerator gen, String field, Long value) throws IOException {
        if (value == null) {
            gen.writeNullField(field);
        } else {
            gen.writeNumberField(field, value);
        }
    }

    private static void strings(JsonGenerator gen, String field, List<String> values) throws IOException {
        gen.writeArrayFieldStart(field);
        for (String value : values) {
            gen.writeString(value);
        }
        gen.writeEndArray();
    }
}
