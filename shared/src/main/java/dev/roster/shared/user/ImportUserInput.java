package dev.roster.shared.user;

import dev.roster.shared.security.PasswordCredential;
import com.fasterxml.jackson.databind.JsonNode;
import dev.roster.shared.error.InvalidRequestException;
import dev.roster.shared.json.JsonFields;
import dev.roster.shared.security.PasswordHasher;
import dev.roster.shared.security.PasswordVerifier;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One record of an import (the seeds' ImportUser): the same rules as CreateUser where the fields are the same, at
 * least one identifier instead of all of them, and a password that may come pre-hashed with its algorithm and salt.
 */
public final class ImportUserInput {

    /** UserDataSourceEnum of imported users. */
    public static final String SOURCE_IMPORT = "IMPORT";
    static final String PLAINTEXT = "PLAINTEXT";
    private static final List<String> IDENTIFIERS = java.util.stream.Stream.concat(
            java.util.stream.Stream.of("UserName", "PhoneNumber", "Email"),
            ProfileField.SOCIAL_IDS.stream().map(ProfileField::jsonName)).toList();
    private static final Set<String> FIELDS;

    static {
        Set<String> all = new HashSet<>(List.of("UserName", "PhoneNumber", "Email", "UserGroup", "UserOrg",
                "Birthdate", "IdentityVerified", "EmailVerified", "Blocked", "AppMetadata", "Password",
                "PasswordEncryptTypeEnum", "Salt", "HmacKey", "CustomizationAttributes", "UserId"));
        for (ProfileField field : ProfileField.values()) {
            all.add(field.jsonName());
        }
        FIELDS = Set.copyOf(all);
    }

    private ImportUserInput() {
    }

    /**
     * A user to insert, or an InvalidRequestException saying why this record cannot be. Its id is the record's
     * {@code UserId} when it gives one (kept as given: see {@link UserRules#USER_ID_CHARS}), else {@code derivedId}.
     */
    public static User parse(String userStoreId, String derivedId, JsonNode record, long now, PasswordHasher hasher) {
        if (record == null || !record.isObject()) {
            throw new InvalidRequestException(InvalidRequestException.INVALID_PARAMETER,
                    "The record is not a JSON object.");
        }
        JsonFields.rejectUnknown(record, FIELDS);
        boolean identified = false;
        for (String identifier : IDENTIFIERS) {
            JsonNode value = record.get(identifier);
            if (value != null && value.isTextual() && value.asText().isBlank()) {
                throw InvalidRequestException.invalidValue(identifier, "must not be blank");
            }
            identified |= value != null && !value.isNull();
        }
        if (!identified) {
            throw new InvalidRequestException(InvalidRequestException.MISSING_PARAMETER,
                    "The record has no identifier: give a UserName, PhoneNumber, Email or social id.");
        }
        String userId = JsonFields.presentAndNotNull(record, "UserId")
                ? UserRules.userId(record.get("UserId").isTextual() ? record.get("UserId").asText() : null, "UserId")
                : derivedId;
        String userName = optional(record, "UserName", UserRules.USER_NAME_MAX);
        String phone = optional(record, "PhoneNumber", UserRules.PHONE_MAX);
        String email = optional(record, "Email", UserRules.EMAIL_MAX);
        Map<String, String> profile = new LinkedHashMap<>();
        for (ProfileField field : ProfileField.values()) {
            if (JsonFields.presentAndNotNull(record, field.jsonName())) {
                profile.put(field.jsonName(), UserValues.profileText(record.get(field.jsonName()), field));
            }
        }
        Long birthdate = JsonFields.presentAndNotNull(record, "Birthdate") ? birthdate(record.get("Birthdate"), now)
                : null;
        List<String> groups = UserValues.groups(record, "UserGroup");
        List<String> orgs = UserValues.groups(record, "UserOrg");
        List<CustomAttribute> custom = JsonFields.presentAndNotNull(record, "CustomizationAttributes")
                ? UserValues.customAttributes(record.get("CustomizationAttributes"), false) : List.of();
        PasswordCredential credential = credential(record, hasher);
        return User.builder(userStoreId, userId).userName(userName == null ? null : UserRules.userName(userName))
                .email(email == null ? null : UserRules.email(email))
                .phoneNumber(phone == null ? null : UserRules.phoneNumber(phone)).profile(Map.copyOf(profile))
                .birthdate(birthdate).userGroups(groups).userOrgs(orgs).customAttributes(custom)
                .identityVerified(flag(record, "IdentityVerified")).emailVerified(flag(record, "EmailVerified"))
                .blocked(flag(record, "Blocked")).appMetadata(AppMetadata.text(record.get("AppMetadata"), "AppMetadata"))
                .dataSource(SOURCE_IMPORT).createdAt(now).password(credential).build();
    }

    /** The fields an upsert updates (Auth0's upsertable ones), as ImportUser names them. */
    private static final List<String> UPSERTABLE_PROFILE = List.of(ProfileField.GIVEN_NAME.jsonName(),
            ProfileField.FAMILY_NAME.jsonName(), ProfileField.NAME.jsonName(), ProfileField.NICKNAME.jsonName(),
            ProfileField.PICTURE.jsonName());

    /**
     * {@code current} with the upsertable fields {@code record} gives taken from {@code imported} (its parse):
     * EmailVerified, Blocked, AppMetadata, CustomizationAttributes (Auth0's user_metadata, replaced whole) and the
     * names and picture; a null given removes the value. Never the id, the identifiers or the password: an
     * existing user's hash is never replaced. Its version is the next one.
     */
    public static User upserted(User current, User imported, JsonNode record, long now) {
        User.Builder updated = current.toBuilder();
        Map<String, String> profile = new LinkedHashMap<>(current.profile());
        for (String field : UPSERTABLE_PROFILE) {
            if (record.has(field)) {
                profile.remove(field);
                if (imported.profile(field) != null) {
                    profile.put(field, imported.profile(field));
                }
            }
        }
        updated.profile(Map.copyOf(profile));
        return withSharedFields(updated, imported, record).lastModifiedDate(now).version(current.version() + 1)
                .build();
    }

    /**
     * {@code current} with every field {@code record} gives taken from {@code imported} (its parse), identifiers
     * included (the store keeps them unique when the update is written); a null given removes the value. The
     * password is replaced only when {@code replacePassword} and the record gives one; the id, creation date, data
     * source and import marker stay. Its version is the next one.
     */
    public static User updated(User current, User imported, JsonNode record, long now, boolean replacePassword) {
        User.Builder updated = current.toBuilder();
        if (record.has("UserName")) {
            updated.userName(imported.userName());
        }
        if (record.has("Email")) {
            updated.email(imported.email());
        }
        if (record.has("PhoneNumber")) {
            updated.phoneNumber(imported.phoneNumber());
        }
        Map<String, String> profile = new LinkedHashMap<>(current.profile());
        for (ProfileField field : ProfileField.values()) {
            if (record.has(field.jsonName())) {
                profile.remove(field.jsonName());
                if (imported.profile(field.jsonName()) != null) {
                    profile.put(field.jsonName(), imported.profile(field.jsonName()));
                }
            }
        }
        updated.profile(Map.copyOf(profile));
        if (record.has("Birthdate")) {
            updated.birthdate(imported.birthdate());
        }
        if (record.has("UserGroup")) {
            updated.userGroups(imported.userGroups());
        }
        if (record.has("UserOrg")) {
            updated.userOrgs(imported.userOrgs());
        }
        if (record.has("IdentityVerified")) {
            updated.identityVerified(imported.identityVerified());
        }
        if (replacePassword && imported.password() != null) {
            updated.password(imported.password());
        }
        return withSharedFields(updated, imported, record).lastModifiedDate(now).version(current.version() + 1)
                .build();
    }

    /** The fields both kinds of update take when the record gives them: EmailVerified, Blocked and the metadata. */
    private static User.Builder withSharedFields(User.Builder updated, User imported, JsonNode record) {
        if (record.has("EmailVerified")) {
            updated.emailVerified(imported.emailVerified());
        }
        if (record.has("Blocked")) {
            updated.blocked(imported.blocked());
        }
        if (record.has("AppMetadata")) {
            updated.appMetadata(imported.appMetadata());
        }
        if (record.has("CustomizationAttributes")) {
            updated.customAttributes(imported.customAttributes());
        }
        return updated;
    }

    /** A name to report a failed record by: its first identifier, else null. */
    public static String identification(JsonNode record) {
        if (record != null && record.isObject()) {
            for (String identifier : IDENTIFIERS) {
                JsonNode value = record.get(identifier);
                if (value != null && value.isTextual() && !value.asText().isBlank()) {
                    return value.asText();
                }
            }
        }
        return null;
    }

    /** An optional boolean: false when absent or null. */
    private static boolean flag(JsonNode record, String field) {
        if (!JsonFields.presentAndNotNull(record, field)) {
            return false;
        }
        if (!record.get(field).isBoolean()) {
            throw InvalidRequestException.invalidValue(field, "must be true or false");
        }
        return record.get(field).asBoolean();
    }

    private static String optional(JsonNode record, String field, int max) {
        return JsonFields.presentAndNotNull(record, field) ? JsonFields.text(record.get(field), field, max) : null;
    }

    /** Epoch milliseconds, or a date as the seed's example gives it ("2022-10-20", midnight UTC). */
    private static long birthdate(JsonNode node, long now) {
        if (node.isTextual()) {
            try {
                long millis = LocalDate.parse(node.asText()).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
                return UserValues.birthdate(com.fasterxml.jackson.databind.node.LongNode.valueOf(millis), now);
            } catch (DateTimeParseException e) {
                throw InvalidRequestException.invalidValue("Birthdate", "must be a date (YYYY-MM-DD) or epoch milliseconds");
            }
        }
        return UserValues.birthdate(node, now);
    }

    /**
     * The record's password: plain text hashed with our KDF, or a hash kept as imported (PasswordEncryptTypeEnum,
     * with Salt for digests and bcrypt, HmacKey for HMAC_*; the self-describing forms carry their own salt). The hash
     * is parsed here, so one that could never verify, or costs more than its family's cap, fails its record.
     */
    private static PasswordCredential credential(JsonNode record, PasswordHasher hasher) {
        if (!JsonFields.presentAndNotNull(record, "Password")) {
            for (String field : List.of("Salt", "HmacKey")) {
                if (JsonFields.presentAndNotNull(record, field)) {
                    throw InvalidRequestException.invalidValue(field, "is given without a Password");
                }
            }
            return null;
        }
        JsonNode passwordNode = record.get("Password");
        if (!passwordNode.isTextual() || passwordNode.asText().isBlank()) {
            throw InvalidRequestException.invalidValue("Password", "must be a non-blank string");
        }
        String password = passwordNode.asText();
        String algorithm = PLAINTEXT;
        if (JsonFields.presentAndNotNull(record, "PasswordEncryptTypeEnum")) {
            algorithm = JsonFields.text(record.get("PasswordEncryptTypeEnum"), "PasswordEncryptTypeEnum", 16);
            if (!PLAINTEXT.equals(algorithm) && !PasswordVerifier.IMPORTED.contains(algorithm)) {
                throw InvalidRequestException.invalidValue("PasswordEncryptTypeEnum", "must be PLAINTEXT (the default), "
                        + String.join(", ", PasswordVerifier.IMPORTED));
            }
        }
        boolean hmac = algorithm.startsWith("HMAC_");
        if (JsonFields.presentAndNotNull(record, "HmacKey") != hmac) {
            if (hmac) {
                throw InvalidRequestException.missing("HmacKey");
            }
            throw InvalidRequestException.invalidValue("HmacKey", "only goes with HMAC_SHA256 or HMAC_SHA512");
        }
        boolean salted = JsonFields.presentAndNotNull(record, "Salt");
        if (salted && PLAINTEXT.equals(algorithm)) {
            throw InvalidRequestException.invalidValue("Salt", "only goes with a hashed Password");
        }
        if (salted && PasswordVerifier.SELF_DESCRIBING.contains(algorithm)) {
            throw InvalidRequestException.invalidValue("Salt", "does not go with " + algorithm
                    + ": its Password carries its own salt");
        }
        if (PLAINTEXT.equals(algorithm)) {
            return hasher.hash(UserRules.password(password));
        }
        if (password.length() > MAX_HASH_LENGTH) {
            throw InvalidRequestException.invalidValue("Password", "is longer than " + MAX_HASH_LENGTH
                    + " characters: no hash Roster imports is");
        }
        String[] salt = salted ? salt(record.get("Salt")) : new String[4];
        String[] key = hmac ? encoded(record.get("HmacKey"), "HmacKey", "KeyValue", "KeyEncoding") : new String[2];
        PasswordCredential credential = new PasswordCredential(algorithm, password, salt[0], salt[1], salt[2], 0,
                salt[3], key[0], key[1]);
        PasswordVerifier.check(credential);
        return credential;
    }

    /** The longest imported hash string (a PBKDF2 string with a 1 KiB salt and the longest hash fits). */
    private static final int MAX_HASH_LENGTH = 2048;

    /** {SaltValue, SaltEncoding (stored only when not UTF8), SaltLocationTypeEnum, Regex (OTHER only)}. */
    private static String[] salt(JsonNode saltNode) {
        if (!saltNode.isObject()) {
            throw InvalidRequestException.invalidValue("Salt", "must be {SaltValue, SaltEncoding, SaltLocation}");
        }
        JsonFields.rejectUnknown(saltNode, Set.of("SaltValue", "SaltEncoding", "SaltLocation"), "Salt.");
        String[] value = encoded(saltNode, "Salt", "SaltValue", "SaltEncoding");
        String location = PasswordVerifier.HEAD;
        String rule = null;
        JsonNode where = saltNode.get("SaltLocation");
        if (where != null && !where.isNull()) {
            if (!where.isObject()) {
                throw InvalidRequestException.invalidValue("Salt.SaltLocation", "must be an object");
            }
            JsonFields.rejectUnknown(where, Set.of("SaltLocationTypeEnum", "SaltLocationRule"));
            if (JsonFields.presentAndNotNull(where, "SaltLocationTypeEnum")) {
                location = JsonFields.text(where.get("SaltLocationTypeEnum"), "SaltLocationTypeEnum", 8);
            }
            JsonNode ruleNode = where.get("SaltLocationRule");
            // The rule matters only for OTHER; HEAD and TAIL ignore it, blank or not (as the seed's example shows).
            JsonNode regex = ruleNode == null ? null : ruleNode.get("Regex");
            if (regex != null && regex.isTextual() && !regex.asText().isBlank()) {
                rule = regex.asText();
                JsonFields.requireWellFormed(rule, "SaltLocationRule.Regex");
            }
        }
        if (!Set.of(PasswordVerifier.HEAD, PasswordVerifier.TAIL, PasswordVerifier.OTHER).contains(location)) {
            throw InvalidRequestException.invalidValue("SaltLocationTypeEnum", "must be HEAD, TAIL or OTHER");
        }
        if (!PasswordVerifier.OTHER.equals(location)) {
            rule = null;
        } else if (rule == null || rule.length() > 256 || !rule.contains("{salt}") || !rule.contains("{password}")) {
            throw InvalidRequestException.invalidValue("SaltLocationRule.Regex",
                    "an OTHER salt location needs a rule placing {salt} and {password}, e.g. {salt}:{password}");
        }
        return new String[] {value[0], location, rule, value[1]};
    }

    /**
     * {value, encoding} of a {@code {<valueField>, <encodingField>}} object (Salt, HmacKey): the value a non-blank
     * string of at most 256 characters, the encoding UTF8 (the default, given back as null), HEX or BASE64.
     */
    private static String[] encoded(JsonNode node, String name, String valueField, String encodingField) {
        if (!node.isObject()) {
            throw InvalidRequestException.invalidValue(name, "must be {" + valueField + ", " + encodingField + "}");
        }
        if (!"Salt".equals(name)) {
            JsonFields.rejectUnknown(node, Set.of(valueField, encodingField), name + ".");
        }
        String value = JsonFields.required(node.get(valueField), name + "." + valueField, 256);
        String encoding = null;
        if (JsonFields.presentAndNotNull(node, encodingField)) {
            encoding = JsonFields.text(node.get(encodingField), name + "." + encodingField, 8);
            if (!List.of(PasswordVerifier.UTF8, PasswordVerifier.HEX, PasswordVerifier.BASE64).contains(encoding)) {
                throw InvalidRequestException.invalidValue(name + "." + encodingField, "must be UTF8, HEX or BASE64");
            }
        }
        return new String[] {value, PasswordVerifier.UTF8.equals(encoding) ? null : encoding};
    }
}
