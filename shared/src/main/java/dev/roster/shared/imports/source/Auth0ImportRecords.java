package dev.roster.shared.imports.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roster.shared.error.InvalidRequestException;
import dev.roster.shared.json.Json;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One user of Auth0's bulk-import schema as a Roster ImportUser record: the one mapping that the Auth0 door's
 * users-imports and the {@link SourceFormat#AUTH0_IMPORT} file format share (and that {@link SourceFormat#AUTH0}
 * uses for the fields Auth0's export shares with it).
 *
 * <p>The mapping is lenient: the import worker validates each record and names what is wrong, so a field this layer
 * does not translate is handed on under its Auth0 name and fails there. Only what Roster could misread is decided
 * here: a {@code custom_password_hash} that cannot be carried over faithfully (an algorithm, digest, encoding or
 * salt Roster cannot verify) is marked on the record as {@code custom_password_hash.<path>} (so the worker fails it
 * as an unknown parameter, the door's way) and described by {@link Mapped#error()} (a reader's way). A hash is never
 * imported as a plain password.
 *
 * <p>{@code custom_password_hash} onto ImportUser's password forms:
 * <ul>
 * <li>md4, md5, sha1, sha256, sha512: the digest (hex, or base64 re-encoded as hex) with the algorithm upper-cased;
 * a salt as {@code Salt} HEAD (prefix) or TAIL (suffix), a hex or base64 salt decoded when it is UTF-8 text, else
 * kept with its {@code SaltEncoding}.</li>
 * <li>hmac with {@code hash.digest} sha256 or sha512: HMAC_SHA256 / HMAC_SHA512 with {@code HmacKey} from
 * {@code hash.key}, the salt as for digests.</li>
 * <li>bcrypt, argon2, pbkdf2 (PHC, digests sha1, sha256, sha512), scrypt (PHC), ldap ({SHA}, {SSHA}, {SSHA256},
 * {SSHA512}, {MD5}, {SMD5}): the string as is, its salt inside it (a separate salt is refused).</li>
 * </ul>
 */
public final class Auth0ImportRecords {

    public static final String CUSTOM_HASH = "custom_password_hash";
    /** Auth0 prefixes a database user's id with its connection's strategy. */
    public static final String USER_ID_PREFIX = "auth0|";
    public static final String ENCRYPT_TYPE = "PasswordEncryptTypeEnum";
    public static final String CUSTOM_ATTRIBUTES = "CustomizationAttributes";
    public static final String STRING = "STRING";
    public static final String NUMBER = "NUMBER";
    public static final String BOOLEAN = "BOOLEAN";

    /** Auth0 import fields mapped one to one onto an ImportUser field. */
    private static final Map<String, String> FIELDS;
    /** Import fields dropped: a flag Roster keeps nowhere (phone numbers are not verified here). */
    private static final Set<String> IGNORED = Set.of("phone_verified");
    private static final Map<String, String> DIGESTS = Map.of("md4", "MD4", "md5", "MD5", "sha1", "SHA1",
            "sha256", "SHA256", "sha512", "SHA512");
    private static final Map<String, String> HMAC_DIGESTS = Map.of("sha256", "HMAC_SHA256", "sha512", "HMAC_SHA512");
    private static final Set<String> PBKDF2_DIGESTS = Set.of("sha1", "sha256", "sha512");
    private static final Set<String> LDAP_SCHEMES = Set.of("SHA", "SSHA", "SSHA256", "SSHA512", "MD5", "SMD5");
    private static final String ALGORITHMS = "argon2, bcrypt, hmac, ldap, md4, md5, sha1, sha256, sha512, pbkdf2 "
            + "or scrypt";

    static {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("email", "Email");
        fields.put("email_verified", "EmailVerified");
        fields.put("username", "UserName");
        fields.put("phone_number", "PhoneNumber");
        fields.put("given_name", "GivenName");
        fields.put("family_name", "FamilyName");
        fields.put("name", "Name");
        fields.put("nickname", "Nickname");
        fields.put("picture", "Picture");
        fields.put("blocked", "Blocked");
        fields.put("app_metadata", "AppMetadata");
        fields.put("user_id", "UserId");
        FIELDS = java.util.Collections.unmodifiableMap(fields);
    }

    private Auth0ImportRecords() {
    }

    /**
     * An element mapped: the ImportUser record, and why its custom_password_hash cannot be carried over (null when
     * nothing is wrong that this layer decides; the worker still validates the record).
     */
    public record Mapped(ObjectNode record, InvalidRequestException error) {
    }

    /** One user object of Auth0's import schema as an ImportUser record. */
    public static Mapped map(JsonNode user) {
        ObjectNode record = Json.MAPPER.createObjectNode();
        InvalidRequestException error = null;
        for (Iterator<Map.Entry<String, JsonNode>> it = user.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String name = field.getKey();
            JsonNode value = field.getValue();
            if (name.equals("user_id")) {
                record.set("UserId", keptUserId(value));
            } else if (FIELDS.containsKey(name)) {
                record.set(FIELDS.get(name), value);
            } else if (name.equals("user_metadata")) {
                if (!value.isNull()) {
                    record.set(CUSTOM_ATTRIBUTES, customAttributes(value));
                }
            } else if (name.equals("password_hash")) {
                if (user.has(CUSTOM_HASH)) {
                    // Auth0: the two are mutually exclusive. Hand both on: the record fails, naming one.
                    record.set(name, value);
                } else if (!value.isNull()) {
                    record.set("Password", value);
                    record.put(ENCRYPT_TYPE, "BCRYPT");
                }
            } else if (name.equals(CUSTOM_HASH)) {
                if (!value.isNull()) {
                    error = customPasswordHash(record, value);
                }
            } else if (!IGNORED.contains(name)) {
                record.set(name, value);
            }
        }
        return new Mapped(record, error);
    }

    /** The Auth0 import name of an ImportUser field ({@code CustomizationAttributes}: user_metadata), or null. */
    public static String auth0Name(String rosterName) {
        if (rosterName.equals(CUSTOM_ATTRIBUTES)) {
            return "user_metadata";
        }
        for (Map.Entry<String, String> entry : FIELDS.entrySet()) {
            if (entry.getValue().equals(rosterName)) {
                return entry.getKey();
            }
        }
        return null;
    }

    /** The ImportUser field an Auth0 user field maps onto one to one (user_id: UserId), or null. */
    static String rosterName(String auth0Name) {
        return FIELDS.get(auth0Name);
    }

    /**
     * An Auth0 user_id as the id to keep: Auth0 prefixes it with the connection's strategy ({@code auth0|}), and a
     * file exported from Auth0 may still carry that prefix, so it is read with or without it. Anything else is
     * handed on for Roster's check to refuse.
     */
    static JsonNode keptUserId(JsonNode value) {
        if (value.isTextual() && value.asText().startsWith(USER_ID_PREFIX)) {
            return Json.MAPPER.getNodeFactory().textNode(value.asText().substring(USER_ID_PREFIX.length()));
        }
        return value;
    }

    /** The Roster custom attribute type of a scalar metadata value; null for anything else. */
    public static String attributeType(JsonNode value) {
        if (value.isTextual()) {
            return STRING;
        }
        if (value.isNumber()) {
            return NUMBER;
        }
        if (value.isBoolean()) {
            return BOOLEAN;
        }
        return null;
    }

    /**
     * user_metadata as CustomizationAttributes {@code [{Name, Value, Type}]}, leniently: a value that is no scalar is
     * handed on as the attribute's Value and a user_metadata that is no object as it is, so that Roster's own
     * validation names what is wrong. Null values are skipped.
     */
    public static JsonNode customAttributes(JsonNode metadata) {
        if (!metadata.isObject()) {
            return metadata;
        }
        ArrayNode attributes = Json.MAPPER.createArrayNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = metadata.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            JsonNode value = entry.getValue();
            if (value.isNull()) {
                continue;
            }
            String type = attributeType(value);
            ObjectNode attribute = attributes.addObject();
            attribute.put("Name", entry.getKey());
            if (type == null) {
                attribute.set("Value", value);
                attribute.put("Type", STRING);
            } else {
                attribute.put("Value", value.asText());
                attribute.put("Type", type);
            }
        }
        return attributes;
    }

    // ----- custom_password_hash -----

    /** Why a part of custom_password_hash cannot be carried over: its path under it, its value, and why. */
    private static final class Untranslatable extends Exception {
        final String path;
        final JsonNode value;

        Untranslatable(String path, JsonNode value, String why) {
            super(why, null, false, false);
            this.path = path;
            this.value = value;
        }
    }

    /** Adds the password fields of {@code custom} to {@code record}; the error (and a marker) when it cannot. */
    private static InvalidRequestException customPasswordHash(ObjectNode record, JsonNode custom) {
        try {
            record.setAll(passwordFields(custom));
            return null;
        } catch (Untranslatable e) {
            String field = e.path.isEmpty() ? CUSTOM_HASH : CUSTOM_HASH + "." + e.path;
            record.set(field, e.value == null ? Json.MAPPER.nullNode() : e.value);
            return InvalidRequestException.invalidValue(field, e.getMessage());
        }
    }

    private static ObjectNode passwordFields(JsonNode custom) throws Untranslatable {
        if (!custom.isObject()) {
            throw new Untranslatable("", custom, "must be an object {algorithm, hash, salt, password}");
        }
        JsonNode algorithmNode = custom.get("algorithm");
        if (algorithmNode == null || !algorithmNode.isTextual() || algorithmNode.asText().isBlank()) {
            throw new Untranslatable("algorithm", algorithmNode, "is required: " + ALGORITHMS);
        }
        String algorithm = algorithmNode.asText().strip().toLowerCase(Locale.ROOT);
        JsonNode hash = custom.get("hash");
        if (hash == null || !hash.isObject()) {
            throw new Untranslatable("hash", hash, "is required: {value, encoding}");
        }
        JsonNode valueNode = hash.get("value");
        if (valueNode == null || !valueNode.isTextual() || valueNode.asText().isBlank()) {
            throw new Untranslatable("hash.value", valueNode, "is required: the hash as a string");
        }
        requireUtf8Password(custom.get("password"));
        String value = valueNode.asText().strip();
        ObjectNode fields = Json.MAPPER.createObjectNode();
        String digest = DIGESTS.get(algorithm);
        if (digest != null || algorithm.equals("hmac")) {
            fields.put("Password", digestHex(hash, value, algorithm));
            fields.put(ENCRYPT_TYPE, digest != null ? digest : hmac(hash, fields));
            JsonNode salt = custom.get("salt");
            if (salt != null && !salt.isNull()) {
                fields.set("Salt", salt(salt));
            }
            return fields;
        }
        String type = switch (algorithm) {
            case "bcrypt" -> "BCRYPT";
            case "argon2" -> requirePrefix(value, "ARGON2", "$argon2id$", "$argon2i$", "$argon2d$");
            case "scrypt" -> requirePrefix(value, "SCRYPT", "$scrypt$");
            case "pbkdf2" -> pbkdf2(value);
            case "ldap" -> ldap(value);
            default -> throw new Untranslatable("algorithm", algorithmNode, "must be " + ALGORITHMS);
        };
        // These strings describe themselves: salt and parameters are inside the hash.
        String encoding = textOr(hash.get("encoding"), "utf8").toLowerCase(Locale.ROOT);
        if (!encoding.equals("utf8")) {
            throw new Untranslatable("hash.encoding", hash.get("encoding"), "must be utf8 with " + algorithm
                    + ": the hash is its own string form");
        }
        JsonNode salt = custom.get("salt");
        if (salt != null && !salt.isNull()) {
            throw new Untranslatable("salt", salt, "is not allowed with " + algorithm + ": its salt is inside "
                    + "the hash");
        }
        fields.put("Password", value);
        fields.put(ENCRYPT_TYPE, type);
        return fields;
    }

    /** Roster hashes a candidate password's UTF-8 bytes: any other password encoding would never match. */
    private static void requireUtf8Password(JsonNode password) throws Untranslatable {
        if (password == null || password.isNull()) {
            return;
        }
        if (!password.isObject()) {
            throw new Untranslatable("password", password, "must be an object {encoding}");
        }
        String encoding = textOr(password.get("encoding"), "utf8").toLowerCase(Locale.ROOT);
        if (!encoding.equals("utf8") && !encoding.equals("utf-8")) {
            throw new Untranslatable("password.encoding", password.get("encoding"),
                    "only utf8 can be carried over: Roster checks a password's UTF-8 bytes");
        }
    }

    /** A digest's value as hex: given as hex (the default) or base64 (re-encoded, so it is never read as hex). */
    private static String digestHex(JsonNode hash, String value, String algorithm) throws Untranslatable {
        String encoding = textOr(hash.get("encoding"), "hex").toLowerCase(Locale.ROOT);
        switch (encoding) {
            case "hex" -> {
                return value;
            }
            case "base64" -> {
                byte[] digest = base64(value);
                // Not base64 after all: left as it is, Roster reports it as no hash of the algorithm.
                return digest == null ? value : HexFormat.of().formatHex(digest);
            }
            default -> throw new Untranslatable("hash.encoding", hash.get("encoding"), "must be hex or base64 with "
                    + algorithm);
        }
    }

    /** hmac's digest as Roster's algorithm, its key added to {@code fields} as HmacKey. */
    private static String hmac(JsonNode hash, ObjectNode fields) throws Untranslatable {
        JsonNode digestNode = hash.get("digest");
        if (digestNode == null || !digestNode.isTextual() || digestNode.asText().isBlank()) {
            throw new Untranslatable("hash.digest", digestNode, "is required with hmac: sha256 or sha512");
        }
        String type = HMAC_DIGESTS.get(digestNode.asText().strip().toLowerCase(Locale.ROOT));
        if (type == null) {
            throw new Untranslatable("hash.digest", digestNode, "Roster verifies hmac with sha256 or sha512, not "
                    + digestNode.asText());
        }
        JsonNode key = hash.get("key");
        if (key == null || !key.isObject()) {
            throw new Untranslatable("hash.key", key, "is required with hmac: {value, encoding}");
        }
        JsonNode keyValue = key.get("value");
        if (keyValue == null || !keyValue.isTextual() || keyValue.asText().isEmpty()) {
            throw new Untranslatable("hash.key.value", keyValue, "is required with hmac");
        }
        String encoding = encodingName(key.get("encoding"), "hash.key.encoding");
        ObjectNode hmacKey = fields.putObject("HmacKey");
        hmacKey.put("KeyValue", keyValue.asText());
        hmacKey.put("KeyEncoding", encoding);
        return type;
    }

    /** utf8, hex or base64 (absent: utf8) as Roster's UTF8, HEX or BASE64. */
    private static String encodingName(JsonNode node, String path) throws Untranslatable {
        String encoding = textOr(node, "utf8").toLowerCase(Locale.ROOT);
        return switch (encoding) {
            case "utf8" -> "UTF8";
            case "hex" -> "HEX";
            case "base64" -> "BASE64";
            default -> throw new Untranslatable(path, node, "must be utf8, hex or base64");
        };
    }

    private static String requirePrefix(String value, String type, String... prefixes) throws Untranslatable {
        for (String prefix : prefixes) {
            if (value.startsWith(prefix)) {
                return type;
            }
        }
        throw new Untranslatable("hash.value", null, "must be a PHC string starting with "
                + String.join(" or ", prefixes));
    }

    /** A pbkdf2 PHC string ({@code $pbkdf2-<digest>$i=..,l=..$salt$hash}) of a digest Roster verifies. */
    private static String pbkdf2(String value) throws Untranslatable {
        if (!value.startsWith("$pbkdf2")) {
            throw new Untranslatable("hash.value", null, "must be a PHC string $pbkdf2-<digest>$i=<iterations>,"
                    + "l=<key length>$<salt>$<hash>");
        }
        int end = value.indexOf('$', 1);
        String id = end < 0 ? value.substring(1) : value.substring(1, end);
        String digest = id.equals("pbkdf2") ? "sha1" : id.startsWith("pbkdf2-") ? id.substring(7) : id;
        if (!PBKDF2_DIGESTS.contains(digest.toLowerCase(Locale.ROOT))) {
            throw new Untranslatable("hash.value", null, "Roster verifies pbkdf2 with sha1, sha256 or sha512, not "
                    + id);
        }
        return "PBKDF2";
    }

    /** An RFC 2307 value ({SSHA}base64...) of a scheme Roster verifies. */
    private static String ldap(String value) throws Untranslatable {
        int close = value.indexOf('}');
        String scheme = value.startsWith("{") && close > 1 ? value.substring(1, close).toUpperCase(Locale.ROOT) : null;
        if (scheme == null || !LDAP_SCHEMES.contains(scheme)) {
            throw new Untranslatable("hash.value", null, "must be an RFC 2307 value {SHA}, {SSHA}, {SSHA256}, "
                    + "{SSHA512}, {MD5} or {SMD5} followed by base64"
                    + (scheme == null ? "" : ", not {" + scheme + "}"));
        }
        return "LDAP";
    }

    /**
     * {@code {value, encoding, position}} as Roster's Salt: HEAD for prefix (the default), TAIL for suffix; a hex or
     * base64 salt decoded when its bytes are printable UTF-8 text (as every Roster verifier reads it), else kept as
     * given with its SaltEncoding.
     */
    private static ObjectNode salt(JsonNode saltNode) throws Untranslatable {
        JsonNode valueNode = saltNode.isObject() ? saltNode.get("value") : null;
        if (valueNode == null || !valueNode.isTextual() || valueNode.asText().isEmpty()) {
            throw new Untranslatable("salt", saltNode, "must be an object {value, encoding, position} with a value");
        }
        String value = valueNode.asText();
        String encoding = encodingName(saltNode.get("encoding"), "salt.encoding");
        ObjectNode salt = Json.MAPPER.createObjectNode();
        if (!encoding.equals("UTF8")) {
            byte[] bytes = encoding.equals("HEX") ? hex(value) : base64(value);
            if (bytes == null) {
                throw new Untranslatable("salt.value", null, "is not " + encoding.toLowerCase(Locale.ROOT));
            }
            String text = printableUtf8(bytes);
            if (text != null) {
                value = text;
                encoding = "UTF8";
            }
        }
        salt.put("SaltValue", value);
        if (!encoding.equals("UTF8")) {
            salt.put("SaltEncoding", encoding);
        }
        String position = textOr(saltNode.get("position"), "prefix").toLowerCase(Locale.ROOT);
        String location = switch (position) {
            case "prefix" -> "HEAD";
            case "suffix" -> "TAIL";
            default -> throw new Untranslatable("salt.position", saltNode.get("position"),
                    "must be prefix or suffix");
        };
        salt.putObject("SaltLocation").put("SaltLocationTypeEnum", location);
        return salt;
    }

    private static String textOr(JsonNode node, String otherwise) {
        return node == null || node.isNull() ? otherwise : node.asText("");
    }

    private static byte[] base64(String text) {
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            try {
                return Base64.getUrlDecoder().decode(text);
            } catch (IllegalArgumentException again) {
                return null;
            }
        }
    }

    private static byte[] hex(String text) {
        try {
            return HexFormat.of().parseHex(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The bytes as text when they are UTF-8 without control characters; null otherwise. */
    private static String printableUtf8(byte[] bytes) {
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
            return text.chars().anyMatch(Character::isISOControl) ? null : text;
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
