package dev.roster.shared.job;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.roster.shared.error.InvalidRequestException;
import dev.roster.shared.json.Json;
import dev.roster.shared.user.CustomAttribute;
import dev.roster.shared.user.User;
import dev.roster.shared.user.UserFields;
import dev.roster.shared.user.UserFilters;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A validated export request (the seeds' CreateFileExportUserJob merged with Auth0's users-exports): format,
 * filters, the columns to write and a limit. Parsed once at job creation; the worker re-reads it from the job.
 */
public record ExportSpec(String format, List<UserFilters.Filter> filters, List<Column> columns, Long limit) {

    public static final String NDJSON = "NDJSON";
    public static final String CSV = "CSV";
    public static final int MAX_COLUMNS = 30;
    private static final Set<String> FIELDS = Set.of("UserStoreId", "Format", "Filters", "ExportPropertyMaps", "Limit");
    private static final String CUSTOM_PREFIX = "customattributes.";

    /** One output column: the property code as given, the column name, and how to read it from a user. */
    public record Column(String code, String name, Function<User, Object> value) {
    }

    public static ExportSpec parse(String userStoreId, JsonNode body) {
        Iterator<String> names = body.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw InvalidRequestException.unknown(name);
            }
        }
        JsonNode store = body.get("UserStoreId");
        if (store != null && !store.isNull() && !userStoreId.equals(store.asText())) {
            throw InvalidRequestException.invalidValue("UserStoreId", "does not match the user store of the path");
        }
        String format = NDJSON;
        JsonNode formatNode = body.get("Format");
        if (formatNode != null && !formatNode.isNull()) {
            format = formatNode.isTextual() ? formatNode.asText().toUpperCase(Locale.ROOT) : "";
            if (!format.equals(NDJSON) && !format.equals(CSV)) {
                throw InvalidRequestException.invalidValue("Format", "must be NDJSON or CSV");
            }
        }
        Long limit = null;
        JsonNode limitNode = body.get("Limit");
        if (limitNode != null && !limitNode.isNull()) {
            if (!limitNode.isIntegralNumber() || !limitNode.canConvertToLong() || limitNode.asLong() < 1) {
                throw InvalidRequestException.invalidValue("Limit", "must be an integer of 1 or more");
            }
            limit = limitNode.asLong();
        }
        return new ExportSpec(format, UserFilters.parse(body.get("Filters")), columns(body.get("ExportPropertyMaps")),
                limit);
    }

    private static List<Column> columns(JsonNode node) {
        if (node == null || node.isNull() || (node.isArray() && node.isEmpty())) {
            return List.of();
        }
        if (!node.isArray()) {
            throw InvalidRequestException.invalidValue("ExportPropertyMaps",
                    "must be an array of {UserPropertyCode, ColumnName}");
        }
        if (node.size() > MAX_COLUMNS) {
            throw InvalidRequestException.invalidValue("ExportPropertyMaps",
                    "at most " + MAX_COLUMNS + " columns can be exported");
        }
        List<Column> columns = new ArrayList<>();
        for (JsonNode item : node) {
            JsonNode code = item.get("UserPropertyCode");
            if (code == null || !code.isTextual() || code.asText().isBlank()) {
                throw InvalidRequestException.missing("ExportPropertyMaps.UserPropertyCode");
            }
            for (Iterator<String> it = item.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                if (!name.equals("UserPropertyCode") && !name.equals("ColumnName")) {
                    throw InvalidRequestException.unknown("ExportPropertyMaps." + name);
                }
            }
            JsonNode columnName = item.get("ColumnName");
            if (columnName != null && !columnName.isNull() && (!columnName.isTextual() || columnName.asText().isBlank())) {
                throw InvalidRequestException.invalidValue("ExportPropertyMaps.ColumnName", "must be a non-blank string");
            }
            String name = columnName == null || columnName.isNull() ? code.asText() : columnName.asText();
            columns.add(column(code.asText(), name));
        }
        return List.copyOf(columns);
    }

    /** A property code: a User field (any case), or {@code CustomAttributes.<name>} for one custom attribute. */
    static Column column(String code, String name) {
        if (code.toLowerCase(Locale.ROOT).startsWith(CUSTOM_PREFIX) && code.length() > CUSTOM_PREFIX.length()) {
            String attribute = code.substring(CUSTOM_PREFIX.length());
            return new Column(code, name, user -> {
                for (CustomAttribute custom : user.customAttributes()) {
                    if (custom.name().equals(attribute)) {
                        return custom.value();
                    }
                }
                return null;
            });
        }
        UserFields.Field field = UserFields.byName(code);
        if (field == null) {
            throw InvalidRequestException.invalidValue("ExportPropertyMaps.UserPropertyCode",
                    "unknown user property " + code);
        }
        return new Column(code, name, field.value());
    }

    /** The columns to write: the requested ones, or every User property. */
    public List<Column> effectiveColumns() {
        if (!columns.isEmpty()) {
            return columns;
        }
        List<Column> all = new ArrayList<>();
        for (UserFields.Field field : UserFields.ALL) {
            all.add(new Column(field.name(), field.name(), field.value()));
        }
        return all;
    }

    /** The users this export keeps. */
    public Predicate<User> matcher() {
        return UserFilters.matcher(filters);
    }

    /** The spec as stored in the job record. */
    public String toJson() {
        return Json.write(gen -> {
            gen.writeStartObject();
            gen.writeStringField("Format", format);
            UserFilters.write(gen, filters);
            writeColumns(gen);
            if (limit != null) {
                gen.writeNumberField("Limit", limit);
            }
            gen.writeEndObject();
        });
    }

    private void writeColumns(JsonGenerator gen) throws IOException {
        gen.writeArrayFieldStart("ExportPropertyMaps");
        for (Column column : columns) {
            gen.writeStartObject();
            gen.writeStringField("UserPropertyCode", column.code());
            gen.writeStringField("ColumnName", column.name());
            gen.writeEndObject();
        }
        gen.writeEndArray();
    }

    public static ExportSpec fromJson(String userStoreId, String json) {
        return parse(userStoreId, Json.parseObject(json));
    }
}
