package dev.roster.shared.compat.auth0;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roster.shared.error.InvalidRequestException;
import dev.roster.shared.job.ExportSpec;
import dev.roster.shared.job.Job;
import dev.roster.shared.json.Json;
import dev.roster.shared.json.JsonFields;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Auth0 Management API v2 job shapes over Roster's: the users-exports request, the job object, the users-imports
 * file and the job errors.
 */
public final class Auth0Jobs {

    public static final String USERS_EXPORT = "users_export";
    public static final String USERS_IMPORT = "users_import";
    private static final String METADATA_PREFIX = "user_metadata.";
    private static final Set<String> EXPORT_FIELDS = Set.of("connection_id", "format", "limit", "fields");
    private static final Set<String> EXPORT_FIELD_FIELDS = Set.of("name", "export_as");

    /** Auth0 export field names and the Roster property each one reads, in the order of a default export. */
    private static final Map<String, String> EXPORT_PROPERTIES;

    static {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("user_id", "UserId");
        properties.put("email", "Email");
        properties.put("username", "UserName");
        properties.put("phone_number", "PhoneNumber");
        properties.put("nickname", "Nickname");
        properties.put("name", "Name");
        properties.put("created_at", "CreatedDate");
        properties.put("updated_at", "LastModifiedDate");
        properties.put("identities[0].connection", "UserStoreId");
        EXPORT_PROPERTIES = java.util.Collections.unmodifiableMap(properties);
    }

    /** Import fields mapped one to one onto an ImportUser field. */
    private static final Map<String, String> IMPORT_FIELDS = Map.of(
            "email", "Email",
            "username", "UserName",
            "phone_number", "PhoneNumber",
            "nickname", "Nickname",
            "name", "Name",
            "email_verified", "IdentityVerified");
    /** Import fields dropped: profile details and flags Roster keeps nowhere. */
    private static final Set<String> IMPORT_IGNORED = Set.of("given_name", "family_name", "picture", "phone_verified");
    private static final Set<String> ROSTER_ALGORITHMS = Set.of("MD5", "SHA1", "SHA256", "BCRYPT");
    private static final String CUSTOM_HASH = "custom_password_hash";

    private Auth0Jobs() {
    }

    // ----- exports -----

    /**
     * An Auth0 users-exports body {@code {connection_id, format, limit, fields: [{name, export_as}]}} as an export
     * spec. The format defaults to csv, as Auth0's does; with no
     * fields the export has the columns {@code user_id, email, username, phone_number, nickname, name, created_at,
     * updated_at, identities[0].connection}. {@code connection_id} is for the caller: {@link #connectionId}.
     */
    public static ExportSpec toExportSpec(JsonNode auth0) {
        Auth0Shapes.requireObject(auth0);
        JsonFields.rejectUnknown(auth0, EXPORT_FIELDS);
        connectionId(auth0);
        String format = format(auth0.get("format"));
        Long limit = JsonFields.positive(auth0.get("limit"), "limit");
        List<ExportSpec.Column> columns = new ArrayList<>();
        JsonNode fields = auth0.get("fields");
        if (fields == null || fields.isNull() || (fields.isArray() && fields.isEmpty())) {
            EXPORT_PROPERTIES.forEach((name, property) -> columns.add(ExportSpec.column(property, name)));
            return new ExportSpec(format, List.of(), List.copyOf(columns), limit);
        }
        if (!fields.isArray()) {
            throw InvalidRequestException.invalidValue("fields", "must be an array of {name, export_as}");
        }
        for (JsonNode field : fields) {
            if (!field.isObject()) {
                throw InvalidRequestException.invalidValue("fields", "each field must be an object {name, export_as}");
            }
            JsonFields.rejectUnknown(field, EXPORT_FIELD_FIELDS, "fields.");
            JsonNode nameNode = field.get("name");
            if (nameNode == null || nameNode.isNull() || (nameNode.isTextual() && nameNode.asText().isBlank())) {
                throw InvalidRequestException.missing("fields.name");
            }
            if (!nameNode.isTextual()) {
                throw InvalidRequestException.invalidValue("fields.name", "must be a string");
            }
            String name = nameNode.asText();
            JsonNode exportAs = field.get("export_as");
            String column = name;
            if (exportAs != null && !exportAs.isNull()) {
                if (!exportAs.isTextual() || exportAs.asText().isBlank()) {
                    throw InvalidRequestException.invalidValue("fields.export_as", "must be a non-blank string");
                }
                column = exportAs.asText();
            }
            columns.add(ExportSpec.column(property(name), column));
        }
        ExportSpec.requireColumnCount(columns.size());
        return new ExportSpec(format, List.of(), List.copyOf(columns), limit);
    }

    /** The connection_id of a users-exports body: the user store to export, or null when not given. */
    public static String connectionId(JsonNode auth0) {
        JsonNode node = auth0 == null ? null : auth0.get("connection_id");
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual() || node.asText().isBlank()) {
            throw InvalidRequestException.invalidValue("connection_id", "must be a non-blank string");
        }
        return node.asText();
    }

    private static String format(JsonNode node) {
        if (node == null || node.isNull()) {
            return ExportSpec.CSV;
        }
        String format = node.isTextual() ? node.asText().toLowerCase(Locale.ROOT) : "";
        return switch (format) {
            case "csv" -> ExportSpec.CSV;
            case "json" -> ExportSpec.NDJSON;
            default -> throw InvalidRequestException.invalidValue("format", "must be csv or json");
        };
    }

    private static String property(String auth0Name) {
        String property = EXPORT_PROPERTIES.get(auth0Name);
        if (property != null) {
            return property;
        }
        if (auth0Name.startsWith(METADATA_PREFIX) && auth0Name.length() > METADATA_PREFIX.length()) {
            return "CustomAttributes." + auth0Name.substring(METADATA_PREFIX.length());
        }
        throw InvalidRequestException.invalidValue("fields.name", "cannot export " + auth0Name + "; supported: "
                + String.join(", ", EXPORT_PROPERTIES.keySet()) + ", user_metadata.<name>");
    }

    // ----- the job object -----

    /**
     * The Auth0 job object: type, status, connection_id, format (exports), location (when given), created_at, id,
     * percentage_done (100, once completed) and summary (imports with counts).
     */
    public static void write(JsonGenerator gen, Job job, String location) throws IOException {
        boolean export = Job.EXPORT_USER.equals(job.type());
        gen.writeStartObject();
        gen.writeStringField("type", export ? USERS_EXPORT
                : Job.IMPORT_USER.equals(job.type()) ? USERS_IMPORT : job.type().toLowerCase(Locale.ROOT));
        gen.writeStringField("status", job.status().toLowerCase(Locale.ROOT));
        gen.writeStringField("connection_id", job.userStoreId());
        if (export && job.format() != null) {
            gen.writeStringField("format", ExportSpec.NDJSON.equals(job.format()) ? "json"
                    : job.format().toLowerCase(Locale.ROOT));
        }
        if (location != null) {
            gen.writeStringField("location", location);
        }
        gen.writeStringField("created_at", Auth0Shapes.iso(job.createdDate()));
        gen.writeStringField("id", Auth0Ids.jobId(job.jobId()));
        if (Job.COMPLETED.equals(job.status())) {
            gen.writeNumberField("percentage_done", 100);
        }
        if (!export && job.counts() != null) {
            gen.writeObjectFieldStart("summary");
            gen.writeNumberField("failed", job.counts().failed());
            gen.writeNumberField("updated", 0);
            gen.writeNumberField("inserted", job.counts().inserted());
            gen.writeNumberField("total", job.counts().total());
            gen.writeEndObject();
        }
        gen.writeEndObject();
    }

    /**
     * Failed users as Auth0's job errors: {@code [{"user": {"identification": ...}, "errors": [{"code", "message"}]}]},
     * with each failure's own code and message.
     */
    public static void writeErrors(JsonGenerator gen, List<Job.FailedUser> failed) throws IOException {
        gen.writeStartArray();
        for (Job.FailedUser user : failed) {
            gen.writeStartObject();
            gen.writeObjectFieldStart("user");
            gen.writeStringField("identification", user.failedUserIdentification());
            gen.writeEndObject();
            gen.writeArrayFieldStart("errors");
            gen.writeStartObject();
            gen.writeStringField("code", user.code());
            gen.writeStringField("message", user.message());
            gen.writeEndObject();
            gen.writeEndArray();
            gen.writeEndObject();
        }
        gen.writeEndArray();
    }

    // ----- imports -----

    /**
     * An Auth0 users-imports file (a JSON array of users) as Roster ImportUser records, one per element, in order.
     * Nothing in a record is refused here: the import worker validates each record and reports its failures, so a
     * field this layer cannot translate is handed on under its Auth0 name (an element that is not an object as it
     * is), and the worker names it. Only a file that is not an array is refused.
     *
     * <p>Passwords: {@code password_hash} is a BCRYPT hash; {@code custom_password_hash} becomes Password,
     * PasswordEncryptTypeEnum (the algorithm upper-cased, so one Roster lacks such as PBKDF2 fails the record) and
     * Salt. A base64 hash is re-encoded as hex, so Roster can never read it as the other encoding. What cannot be
     * carried over faithfully (a non-UTF-8 password or salt encoding, a salt with bcrypt, a missing value) is handed
     * on as {@code custom_password_hash.<path>} and fails the record: a hash is never imported as a plain password.
     */
    public static List<JsonNode> toImportRecords(JsonNode usersArray) {
        if (usersArray == null || !usersArray.isArray()) {
            throw InvalidRequestException.invalidValue("users", "the users file must be a JSON array of users");
        }
        List<JsonNode> records = new ArrayList<>(usersArray.size());
        for (JsonNode user : usersArray) {
            records.add(user.isObject() ? importRecord(user) : user);
        }
        return records;
    }

    private static ObjectNode importRecord(JsonNode user) {
        ObjectNode record = Json.MAPPER.createObjectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = user.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String name = field.getKey();
            JsonNode value = field.getValue();
            if (IMPORT_FIELDS.containsKey(name)) {
                record.set(IMPORT_FIELDS.get(name), value);
            } else if (name.equals("user_metadata")) {
                if (!value.isNull()) {
                    record.set("CustomizationAttributes", Auth0Shapes.importAttributes(value));
                }
            } else if (name.equals("password_hash")) {
                if (user.has(CUSTOM_HASH)) {
                    // Auth0: the two are mutually exclusive. Hand both on: the record fails, naming one.
                    record.set(name, value);
                } else if (!value.isNull()) {
                    record.set("Password", value);
                    record.put("PasswordEncryptTypeEnum", "BCRYPT");
                }
            } else if (name.equals(CUSTOM_HASH)) {
                if (!value.isNull()) {
                    customPasswordHash(record, value);
                }
            } else if (name.equals("blocked") && value.isBoolean() && !value.booleanValue()) {
                continue;
            } else if (name.equals("app_metadata") && value.isObject() && value.isEmpty()) {
                continue;
            } else if (!IMPORT_IGNORED.contains(name)) {
                record.set(name, value);
            }
        }
        return record;
    }

    private static void customPasswordHash(ObjectNode record, JsonNode custom) {
        if (!custom.isObject()) {
            record.set(CUSTOM_HASH, custom);
            return;
        }
        JsonNode algorithmNode = custom.get("algorithm");
        if (algorithmNode == null || !algorithmNode.isTextual() || algorithmNode.asText().isBlank()) {
            untranslatable(record, "algorithm", algorithmNode);
            return;
        }
        String algorithm = algorithmNode.asText().strip().toUpperCase(Locale.ROOT);
        JsonNode hash = custom.get("hash");
        JsonNode value = hash == null || !hash.isObject() ? null : hash.get("value");
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            untranslatable(record, "hash", hash);
            return;
        }
        JsonNode password = custom.get("password");
        if (password != null && !password.isNull()) {
            // Roster hashes a candidate password's UTF-8 bytes: any other password encoding would never match.
            String encoding = password.isObject() ? textOr(password.get("encoding"), "utf8") : "";
            if (!encoding.equalsIgnoreCase("utf8") && !encoding.equalsIgnoreCase("utf-8")) {
                untranslatable(record, "password", password);
                return;
            }
        }
        String hashValue = value.asText().strip();
        if (ROSTER_ALGORITHMS.contains(algorithm)) {
            String encoding = textOr(hash.get("encoding"), "BCRYPT".equals(algorithm) ? "utf8" : "hex")
                    .toLowerCase(Locale.ROOT);
            if ("BCRYPT".equals(algorithm)) {
                if (!encoding.equals("utf8")) {
                    untranslatable(record, "hash.encoding", hash.get("encoding"));
                    return;
                }
            } else if (encoding.equals("base64")) {
                byte[] digest = base64(hashValue);
                if (digest != null) {
                    hashValue = HexFormat.of().formatHex(digest);
                }
                // Not base64 after all: left as it is, Roster reports it as no hash of the algorithm.
            } else if (!encoding.equals("hex")) {
                untranslatable(record, "hash.encoding", hash.get("encoding"));
                return;
            }
        }
        ObjectNode salt = null;
        JsonNode saltNode = custom.get("salt");
        if (saltNode != null && !saltNode.isNull()) {
            if ("BCRYPT".equals(algorithm)) {
                untranslatable(record, "salt", saltNode);
                return;
            }
            salt = salt(record, saltNode);
            if (salt == null) {
                return;
            }
        }
        record.put("Password", hashValue);
        record.put("PasswordEncryptTypeEnum", algorithm);
        if (salt != null) {
            record.set("Salt", salt);
        }
    }

    /** {@code {value, encoding, position}} as Roster's Salt; null (with the record marked) when it cannot be. */
    private static ObjectNode salt(ObjectNode record, JsonNode saltNode) {
        JsonNode valueNode = saltNode.isObject() ? saltNode.get("value") : null;
        if (valueNode == null || !valueNode.isTextual() || valueNode.asText().isEmpty()) {
            untranslatable(record, "salt", saltNode);
            return null;
        }
        String value = valueNode.asText();
        String encoding = textOr(saltNode.get("encoding"), "utf8").toLowerCase(Locale.ROOT);
        if (!encoding.equals("utf8")) {
            byte[] bytes = switch (encoding) {
                case "hex" -> hex(value);
                case "base64" -> base64(value);
                default -> null;
            };
            value = bytes == null ? null : utf8(bytes);
            if (value == null) {
                // Roster salts are text: bytes that are no UTF-8 text cannot be carried over.
                untranslatable(record, "salt.encoding", saltNode.get("encoding"));
                return null;
            }
        }
        String position = textOr(saltNode.get("position"), "prefix").toLowerCase(Locale.ROOT);
        String location = switch (position) {
            case "prefix" -> "HEAD";
            case "suffix" -> "TAIL";
            default -> null;
        };
        if (location == null) {
            untranslatable(record, "salt.position", saltNode.get("position"));
            return null;
        }
        ObjectNode salt = Json.MAPPER.createObjectNode();
        salt.put("SaltValue", value);
        salt.putObject("SaltLocation").put("SaltLocationTypeEnum", location);
        return salt;
    }

    /** Marks the record so the worker fails it, naming the part of custom_password_hash at fault. */
    private static void untranslatable(ObjectNode record, String path, JsonNode value) {
        record.set(CUSTOM_HASH + "." + path, value == null ? Json.MAPPER.nullNode() : value);
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

    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
