package dev.roster.shared.compat.auth0;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roster.shared.error.InvalidRequestException;
import dev.roster.shared.imports.source.Auth0ImportRecords;
import dev.roster.shared.job.ExportSpec;
import dev.roster.shared.job.Job;
import dev.roster.shared.job.JobService;
import dev.roster.shared.json.Json;
import dev.roster.shared.json.JsonFields;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
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
    private static final String CUSTOM_ATTRIBUTES = Auth0ImportRecords.CUSTOM_ATTRIBUTES;
    private static final String ENCRYPT_TYPE = Auth0ImportRecords.ENCRYPT_TYPE;
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
     * and booleans as such (the reverse of {@link Auth0ImportRecords#customAttributes}); what is no such list is kept as is.
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
        String auth0 = Auth0ImportRecords.auth0Name(head);
        if (auth0 == null) {
            return rosterName;
        }
        return head.equals(CUSTOM_ATTRIBUTES) ? auth0 : auth0 + (dot < 0 ? "" : rosterName.substring(dot));
    }

    // ----- imports -----

    /**
     * An Auth0 users-imports file (a JSON array of users) as Roster ImportUser records, one per element, in order,
     * each mapped by {@link Auth0ImportRecords} (the mapping the AUTH0_IMPORT file format shares). Nothing in a
     * record is refused here: the import worker validates each record and reports its failures, so a field the
     * mapping cannot translate is handed on under its Auth0 name (an element that is not an object as it is), and
     * a custom_password_hash it cannot carry over as {@code custom_password_hash.<path>}, and the worker names it.
     * Only a file that is not an array is refused.
     */
    public static List<JsonNode> toImportRecords(JsonNode usersArray) {
        if (usersArray == null || !usersArray.isArray()) {
            throw InvalidRequestException.invalidValue("users", "the users file must be a JSON array of users");
        }
        List<JsonNode> records = new ArrayList<>(usersArray.size());
        for (JsonNode user : usersArray) {
            records.add(user.isObject() ? Auth0ImportRecords.map(user).record() : user);
        }
        return records;
    }
}
