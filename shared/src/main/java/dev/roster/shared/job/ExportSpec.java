package dev.roster.shared.job;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roster.shared.error.InvalidRequestException;
import dev.roster.shared.json.Json;
import dev.roster.shared.user.AppMetadata;
import dev.roster.shared.user.CustomAttribute;
import dev.roster.shared.user.User;
import dev.roster.shared.user.UserFields;
import dev.roster.shared.user.UserFilters;

import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A validated export request (the seeds' CreateFileExportUserJob merged with Auth0's users-exports): format,
 * filters, the columns to write and a limit. Each door builds it from its own request; the job stores it
 * ({@link #toStored}) and the worker reads it back ({@link #fromStored}).
 */
public record ExportSpec(String format, List<UserFilters.Filter> filters, List<Column> columns, Long limit) {

    public static final String NDJSON = "NDJSON";
    public static final String CSV = "CSV";
    public static final int MAX_COLUMNS = 30;
    private static final String CUSTOM_PREFIX = "customattributes.";

    /** A column format: a time in epoch milliseconds written as ISO-8601 text, UTC with milliseconds. */
    public static final String ISO_8601 = "ISO_8601";
    /** A custom-attribute column written as JSON values of the attributes' types (see {@link #typedReader}). */
    public static final String TYPED = "TYPED";
    private static final String APP_METADATA_PREFIX = "appmetadata.";
    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    /**
     * One output column: the property code as given, the column name, and how to read it from a user, with what a
     * door asked of its values: a {@code format} ({@link #ISO_8601}; null: as the user has it) and a {@code prefix}
     * before each value that is not null (Auth0's {@code auth0|} before a user id; null: none).
     */
    public record Column(String code, String name, Function<User, Object> value, String format, String prefix) {

        public Column(String code, String name, Function<User, Object> value) {
            this(code, name, value, null, null);
        }
    }

    /** At most {@link #MAX_COLUMNS} columns: checked by each door before it reads the columns one by one. */
    public static void requireColumnCount(int count) {
        if (count > MAX_COLUMNS) {
            throw InvalidRequestException.invalidValue("ExportPropertyMaps",
                    "at most " + MAX_COLUMNS + " columns can be exported");
        }
    }

    /** A property code: a User field (any case), or {@code CustomAttributes.<name>} for one custom attribute. */
    public static Column column(String code, String name) {
        return column(code, name, null, null);
    }

    /** A column whose values are written in {@code format} and after {@code prefix}, each null for none. */
    public static Column column(String code, String name, String format, String prefix) {
        if (format != null && !format.equals(ISO_8601) && !format.equals(TYPED)) {
            throw new IllegalArgumentException("unknown column format " + format);
        }
        Function<User, Object> read = TYPED.equals(format) ? typedReader(code) : reader(code);
        if (TYPED.equals(format)) {
            return new Column(code, name, read, format, prefix);
        }
        if (format == null && prefix == null) {
            return new Column(code, name, read);
        }
        return new Column(code, name, user -> {
            Object value = read.apply(user);
            if (value instanceof Long millis && format != null) {
                value = iso8601(millis);
            }
            return value == null || prefix == null ? value : prefix + value;
        }, format, prefix);
    }

    /** Epoch milliseconds as {@link #ISO_8601} text: 2026-11-23T13:00:00.000Z. */
    public static String iso8601(long epochMillis) {
        return ISO.format(Instant.ofEpochMilli(epochMillis));
    }

    /**
     * A {@link #TYPED} column: custom attributes as JSON values of their type (a NUMBER a number, a BOOLEAN a
     * boolean, others strings) — {@code CustomAttributes} all of them as one object {@code {name: value}},
     * {@code CustomAttributes.<name>} one of them.
     */
    private static Function<User, Object> typedReader(String code) {
        boolean one = code.toLowerCase(Locale.ROOT).startsWith(CUSTOM_PREFIX) && code.length() > CUSTOM_PREFIX.length();
        if (!one && !code.equalsIgnoreCase("CustomAttributes")) {
            throw new IllegalArgumentException("a typed column reads custom attributes, not " + code);
        }
        String attribute = one ? code.substring(CUSTOM_PREFIX.length()) : null;
        return user -> {
            ObjectNode all = Json.MAPPER.createObjectNode();
            for (CustomAttribute custom : user.customAttributes()) {
                if (attribute == null) {
                    all.set(custom.name(), typed(custom));
                } else if (custom.name().equals(attribute)) {
                    return typedValue(custom);
                }
            }
            return attribute == null ? all : null;
        };
    }

    private static JsonNode typed(CustomAttribute custom) {
        JsonNodeFactory nodes = Json.MAPPER.getNodeFactory();
        try {
            return switch (custom.type()) {
                case "NUMBER" -> nodes.numberNode(new java.math.BigDecimal(custom.value()));
                case "BOOLEAN" -> nodes.booleanNode(Boolean.parseBoolean(custom.value()));
                default -> nodes.textNode(custom.value());
            };
        } catch (NumberFormatException stored) {
            // Checked when written; a value that still is no number is exported as the text it is.
            return nodes.textNode(custom.value());
        }
    }

    /** One attribute's typed value as a column holds it: a string stays a String, as untyped columns hold it. */
    private static Object typedValue(CustomAttribute custom) {
        JsonNode value = typed(custom);
        return value.isTextual() ? value.asText() : value;
    }

    private static Function<User, Object> reader(String code) {
        if (code.toLowerCase(Locale.ROOT).startsWith(APP_METADATA_PREFIX) && code.length() > APP_METADATA_PREFIX.length()) {
            String key = code.substring(APP_METADATA_PREFIX.length());
            return user -> user.appMetadata() == null ? null : AppMetadata.tree(user.appMetadata()).get(key);
        }
        if (code.toLowerCase(Locale.ROOT).startsWith(CUSTOM_PREFIX) && code.length() > CUSTOM_PREFIX.length()) {
            String attribute = code.substring(CUSTOM_PREFIX.length());
            return user -> {
                for (CustomAttribute custom : user.customAttributes()) {
                    if (custom.name().equals(attribute)) {
                        return custom.value();
                    }
                }
                return null;
            };
        }
        UserFields.Field field = UserFields.byName(code);
        if (field == null) {
            throw InvalidRequestException.invalidValue("ExportPropertyMaps.UserPropertyCode",
                    "unknown user property " + code);
        }
        return field.value();
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

    /** The spec as stored in the job record (the seeds' export body, so records stored before still read). */
    public String toStored() {
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
        Json.writeObjectArray(gen, "ExportPropertyMaps", columns, (g, column) -> {
            g.writeStringField("UserPropertyCode", column.code());
            g.writeStringField("ColumnName", column.name());
            if (column.format() != null) {
                g.writeStringField("Format", column.format());
            }
            if (column.prefix() != null) {
                g.writeStringField("Prefix", column.prefix());
            }
        });
    }

    /**
     * The spec a job record stores, as {@link #toStored} wrote it: validated when the job was created, so only read
     * back here (a property code still has to name a column reader).
     */
    public static ExportSpec fromStored(String stored) {
        JsonNode node = Json.parseObject(stored);
        List<Column> columns = new ArrayList<>();
        for (JsonNode map : node.path("ExportPropertyMaps")) {
            columns.add(column(map.get("UserPropertyCode").asText(), map.get("ColumnName").asText(),
                    map.path("Format").textValue(), map.path("Prefix").textValue()));
        }
        JsonNode limit = node.get("Limit");
        return new ExportSpec(node.get("Format").asText(), UserFilters.parse(node.get("Filters")), List.copyOf(columns),
                limit == null || limit.isNull() ? null : limit.asLong());
    }
}
