package dev.roster.shared.compat.auth0;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roster.shared.error.InvalidRequestException;
import dev.roster.shared.job.ExportSpec;
import dev.roster.shared.job.Job;
import dev.roster.shared.job.JobService;
import dev.roster.shared.json.Json;
import dev.roster.shared.json.JsonFields;

import java.io.IOException;
import java.math.BigDecimal;
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
    private static final String CUSTOM_ATTRIBUTES_PREFIX = "CustomAttributes.";
    /** user_metadata as a whole: Roster's custom attributes, written as one object. */
    private static final String USER_METADATA_PROPERTY = "CustomAttributes";
    private static final String APP_METADATA_PREFIX = "app_metadata.";
    private static final String APP_METADATA_PROPERTY_PREFIX = "AppMetadata.";
    private static final String CUSTOM_ATTRIBUTES = "CustomizationAttributes";
    private static final String ENCRYPT_TYPE = "PasswordEncryptTypeEnum";
    private static final Set<String> EXPORT_FIELDS = Set.of("connection_id", "format", "limit", "fields");
    private static final Set<String> EXPORT_FIELD_FIELDS = Set.of("name", "export_as");

    /** Auth0 export field names and the Roster property each one reads. */
    private static final Map<String, String> EXPORT_PROPERTIES;
    /** The fields of an export that names none, in their order: the first nine of {@link #EXPORT_PROPERTIES}. */
    private static final List<String> DEFAULT_EXPORT_FIELDS;

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
        DEFAULT_EXPORT_FIELDS = List.copyOf(properties.keySet());
        // Auth0's user fields Roster keeps as its own (#13), exportable by name like the others
        properties.put("email_verified", "EmailVerified");
        properties.put("given_name", "GivenName");
        properties.put("family_name", "FamilyName");
        properties.put("picture", "Picture");
        properties.put("blocked", "Blocked");
        properties.put("app_metadata", "AppMetadata");
        EXPORT_PROPERTIES = java.util.Collections.unmodifiableMap(properties);
    }

    /** Import fields mapped one to one onto an ImportUser field (Auth0's bulk-import schema). */
    private static final Map<String, String> IMPORT_FIELDS = Map.ofEntries(
            Map.entry("email", "Email"),
            Map.entry("email_verified", "EmailVerified"),
            Map.entry("username", "UserName"),
            Map.entry("phone_number", "PhoneNumber"),
            Map.entry("given_name", "GivenName"),
            Map.entry("family_name", "FamilyName"),
            Map.entry("name", "Name"),
            Map.entry("nickname", "Nickname"),
            Map.entry("picture", "Picture"),
            Map.entry("blocked", "Blocked"),
            Map.entry("app_metadata", "AppMetadata"),
            Map.entry("user_id", "UserId"));
    /** Import fields dropped: a flag Roster keeps nowhere (phone numbers are not verified here). */
    private static final Set<String> IMPORT_IGNORED = Set.of("phone_verified");
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
            DEFAULT_EXPORT_FIELDS.forEach(name -> columns.add(column(name, name)));
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
            columns.add(column(name, column));
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

    /** An export column whose values are Auth0's: user ids with their {@code auth0|} prefix, times as ISO-8601. */
    private static ExportSpec.Column column(String auth0Name, String columnName) {
        String property = property(auth0Name);
        if (property.equals(USER_METADATA_PROPERTY) || property.startsWith(CUSTOM_ATTRIBUTES_PREFIX)) {
            // Auth0 exports metadata as JSON values of their own types (objects in json, flattened in csv).
            return ExportSpec.column(property, columnName, ExportSpec.TYPED, null);
        }
        return switch (auth0Name) {
            case "user_id" -> ExportSpec.column(property, columnName, null, Auth0Ids.USER_PREFIX);
            case "created_at", "updated_at" -> ExportSpec.column(property, columnName, ExportSpec.ISO_8601, null);
            default -> ExportSpec.column(property, columnName);
        };
    }

    private static String property(String auth0Name) {
        String property = EXPORT_PROPERTIES.get(auth0Name);
        if (property != null) {
            return property;
        }
        if (auth0Name.equals("user_metadata")) {
            return USER_METADATA_PROPERTY;
        }
        if (auth0Name.startsWith(METADATA_PREFIX) && auth0Name.length() > METADATA_PREFIX.length()) {
            return CUSTOM_ATTRIBUTES_PREFIX + auth0Name.substring(METADATA_PREFIX.length());
        }
        if (auth0Name.startsWith(APP_METADATA_PREFIX) && auth0Name.length() > APP_METADATA_PREFIX.length()) {
            return APP_METADATA_PROPERTY_PREFIX + auth0Name.substring(APP_METADATA_PREFIX.length());
        }
        throw InvalidRequestException.invalidValue("fields.name", "cannot export " + auth0Name + "; supported: "
                + String.join(", ", EXPORT_PROPERTIES.keySet()) + ", user_metadata, user_metadata.<name>, "
                + "app_metadata.<name>");
    }

    // ----- the job object -----

    /**
     * The Auth0 job object: id, type, status, connection_id and connection (both the user store), created_at; for
     * exports format, limit and fields as exported; for imports external_id and, once counted, summary; location
     * once an export is completed; percentage_done (100 once completed) and, while processing, the estimate
     * {@code progress} gives (percentage_done, time_left_seconds when known); status_details for a failed job.
     */
    public static void write(JsonGenerator gen, Job job, String location, JobService.Progress progress)
            throws IOException {
        boolean export = Job.EXPORT_USER.equals(job.type());
        gen.writeStartObject();
        gen.writeStringField("type", export ? USERS_EXPORT
                : Job.IMPORT_USER.equals(job.type()) ? USERS_IMPORT : job.type().toLowerCase(Locale.ROOT));
        gen.writeStringField("status", job.status().toLowerCase(Locale.ROOT));
        gen.writeStringField("connection_id", job.userStoreId());
        gen.writeStringField("connection", job.userStoreId());
        if (export && job.format() != null) {
            gen.writeStringField("format", ExportSpec.NDJSON.equals(job.format()) ? "json"
                    : job.format().toLowerCase(Locale.ROOT));
        }
        if (export && job.spec() != null) {
            writeExportRequest(gen, ExportSpec.fromStored(job.spec()));
        }
        if (job.externalId() != null) {
            gen.writeStringField("external_id", job.externalId());
        }
        if (location != null) {
            gen.writeStringField("location", location);
        }
        gen.writeStringField("created_at", Auth0Shapes.iso(job.createdDate()));
        gen.writeStringField("id", Auth0Ids.jobId(job.jobId()));
        if (Job.COMPLETED.equals(job.status())) {
            gen.writeNumberField("percentage_done", 100);
        } else if (progress != null) {
            gen.writeNumberField("percentage_done", progress.percentageDone());
            if (progress.timeLeftSeconds() != null) {
                gen.writeNumberField("time_left_seconds", progress.timeLeftSeconds());
            }
        }
        if (Job.FAILED.equals(job.status()) && !job.errorDetails().isEmpty()) {
            gen.writeStringField("status_details", job.errorDetails().get(job.errorDetails().size() - 1).error());
        }
        if (!export && job.counts() != null) {
            gen.writeObjectFieldStart("summary");
            gen.writeNumberField("failed", job.counts().failed());
            gen.writeNumberField("updated", job.counts().updated());
            gen.writeNumberField("inserted", job.counts().inserted());
            gen.writeNumberField("total", job.counts().total());
            gen.writeEndObject();
        }
        gen.writeEndObject();
    }

    /** An export's limit and fields, under Auth0's field names ({@code export_as} where the column is renamed). */
    private static void writeExportRequest(JsonGenerator gen, ExportSpec spec) throws IOException {
        if (spec.limit() != null) {
            gen.writeNumberField("limit", spec.limit());
        }
        if (spec.columns().isEmpty()) {
            return;
        }
        Json.writeObjectArray(gen, "fields", spec.columns(), (g, column) -> {
            String name = auth0ExportName(column.code());
            g.writeStringField("name", name);
            if (!name.equals(column.name())) {
                g.writeStringField("export_as", column.name());
            }
        });
    }

    /** The Auth0 export field name of a Roster property code: the reverse of {@link #property}. */
    private static String auth0ExportName(String code) {
        for (Map.Entry<String, String> entry : EXPORT_PROPERTIES.entrySet()) {
            if (entry.getValue().equals(code)) {
                return entry.getKey();
            }
        }
        if (code.equals(USER_METADATA_PROPERTY)) {
            return "user_metadata";
        }
        if (code.startsWith(APP_METADATA_PROPERTY_PREFIX)) {
            return APP_METADATA_PREFIX + code.substring(APP_METADATA_PROPERTY_PREFIX.length());
        }
        return code.regionMatches(true, 0, CUSTOM_ATTRIBUTES_PREFIX, 0, CUSTOM_ATTRIBUTES_PREFIX.length())
                ? METADATA_PREFIX + code.substring(CUSTOM_ATTRIBUTES_PREFIX.length()) : code;
    }

    /**
     * Failed users as Auth0's job errors: {@code [{"user": {...}, "errors": [{"code", "message", "path"}]}]}, the
     * user being the record as the import file gave it (Roster's names turned back into Auth0's; passwords and hashes
     * were removed when it was kept; {@code {}} for a line that was no JSON object), with each failure's own code
     * and message, and the field at fault as {@code path} when known.
     */
    public static void writeErrors(JsonGenerator gen, List<Job.FailedUser> failed) throws IOException {
        gen.writeStartArray();
        for (Job.FailedUser user : failed) {
            gen.writeStartObject();
            gen.writeFieldName("user");
            gen.writeTree(auth0Record(user.record()));
            gen.writeArrayFieldStart("errors");
            gen.writeStartObject();
            gen.writeStringField("code", user.code());
            gen.writeStringField("message", user.message());
            if (user.path() != null) {
                gen.writeStringField("path", auth0ImportName(user.path()));
            }
            gen.writeEndObject();
            gen.writeEndArray();
            gen.writeEndObject();
        }
        gen.writeEndArray();
    }

    /** A kept ImportUser record under Auth0's import names, as {@link #importRecord} translated it the other way. */
    private static ObjectNode auth0Record(String kept) {
        ObjectNode user = Json.MAPPER.createObjectNode();
        if (kept == null) {
            return user;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = Json.parseObject(kept).fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (field.getKey().equals(CUSTOM_ATTRIBUTES)) {
                user.set("user_metadata", metadata(field.getValue()));
            } else if (!field.getKey().equals(ENCRYPT_TYPE)) {
                user.set(auth0ImportName(field.getKey()), field.getValue());
            }
        }
        return user;
    }

    /**
     * CustomizationAttributes back as user_metadata: {@code [{Name, Value, Type}]} as {@code {Name: value}}, numbers
     * and booleans as such (the reverse of {@link Auth0Shapes#importAttributes}); what is no such list is kept as is.
     */
    private static JsonNode metadata(JsonNode attributes) {
        if (!attributes.isArray()) {
            return attributes;
        }
        ObjectNode metadata = Json.MAPPER.createObjectNode();
        for (JsonNode attribute : attributes) {
            JsonNode name = attribute.get("Name");
            JsonNode value = attribute.get("Value");
            if (name == null || !name.isTextual() || value == null) {
                return attributes;
            }
            metadata.set(name.asText(), typed(value, attribute.path("Type").asText()));
        }
        return metadata;
    }

    private static JsonNode typed(JsonNode value, String type) {
        if (!value.isTextual()) {
            return value;
        }
        try {
            return switch (type) {
                case Auth0Shapes.NUMBER -> DecimalNode.valueOf(new BigDecimal(value.asText()));
                case Auth0Shapes.BOOLEAN -> BooleanNode.valueOf(Boolean.parseBoolean(value.asText()));
                default -> value;
            };
        } catch (NumberFormatException e) {
            return value;
        }
    }

    /** The Auth0 import name of an ImportUser field (or of a path inside it), as Auth0's import file names it. */
    private static String auth0ImportName(String rosterName) {
        int dot = rosterName.indexOf('.');
        String head = dot < 0 ? rosterName : rosterName.substring(0, dot);
        String tail = dot < 0 ? "" : rosterName.substring(dot);
        if (head.equals(CUSTOM_ATTRIBUTES)) {
            return "user_metadata";
        }
        for (Map.Entry<String, String> entry : IMPORT_FIELDS.entrySet()) {
            if (entry.getValue().equals(head)) {
                return entry.getKey() + tail;
            }
        }
        return rosterName;
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
            if (name.equals("user_id")) {
                record.set("UserId", keptUserId(value));
            } else if (IMPORT_FIELDS.containsKey(name)) {
                record.set(IMPORT_FIELDS.get(name), value);
            } else if (name.equals("user_metadata")) {
                if (!value.isNull()) {
                    record.set(CUSTOM_ATTRIBUTES, Auth0Shapes.importAttributes(value));
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
                    customPasswordHash(record, value);
                }
            } else if (!IMPORT_IGNORED.contains(name)) {
                record.set(name, value);
            }
        }
        return record;
    }

    /**
     * An Auth0 user_id as the id to keep: Auth0 prefixes it with the connection's strategy ({@code auth0|}), and a
     * file exported from Auth0 may still carry that prefix, so it is read with or without it. Anything else is
     * handed on for Roster's check to refuse.
     */
    private static JsonNode keptUserId(JsonNode value) {
        if (value.isTextual() && value.asText().startsWith(Auth0Ids.USER_PREFIX)) {
            return Json.MAPPER.getNodeFactory().textNode(value.asText().substring(Auth0Ids.USER_PREFIX.length()));
        }
        return value;
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
        record.put(ENCRYPT_TYPE, algorithm);
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
