package dev.roster.shared.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.roster.shared.error.InvalidRequestException;
import dev.roster.shared.job.ExportSpec;
import dev.roster.shared.json.JsonFields;
import dev.roster.shared.user.UserFilters;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The seeds' CreateFileExportUserJob body (REST's and Tencent's) as an {@link ExportSpec}. */
public final class ExportInput {

    private static final Set<String> FIELDS = Set.of("UserStoreId", "Format", "Filters", "ExportPropertyMaps", "Limit");
    private static final Set<String> COLUMN_FIELDS = Set.of("UserPropertyCode", "ColumnName");

    private ExportInput() {
    }

    public static ExportSpec parse(String userStoreId, JsonNode body) {
        JsonFields.rejectUnknown(body, FIELDS);
        JsonFields.requireSameStore(body, userStoreId);
        String format = ExportSpec.NDJSON;
        JsonNode formatNode = body.get("Format");
        if (formatNode != null && !formatNode.isNull()) {
            format = formatNode.isTextual() ? formatNode.asText().toUpperCase(Locale.ROOT) : "";
            if (!format.equals(ExportSpec.NDJSON) && !format.equals(ExportSpec.CSV)) {
                throw InvalidRequestException.invalidValue("Format", "must be NDJSON or CSV");
            }
        }
        Long limit = JsonFields.positive(body.get("Limit"), "Limit");
        return new ExportSpec(format, UserFilters.parse(body.get("Filters")), columns(body.get("ExportPropertyMaps")),
                limit);
    }

    private static List<ExportSpec.Column> columns(JsonNode node) {
        if (node == null || node.isNull() || (node.isArray() && node.isEmpty())) {
            return List.of();
        }
        if (!node.isArray()) {
            throw InvalidRequestException.invalidValue("ExportPropertyMaps",
                    "must be an array of {UserPropertyCode, ColumnName}");
        }
        ExportSpec.requireColumnCount(node.size());
        List<ExportSpec.Column> columns = new ArrayList<>();
        for (JsonNode item : node) {
            JsonNode code = item.get("UserPropertyCode");
            if (code == null || !code.isTextual() || code.asText().isBlank()) {
                throw InvalidRequestException.missing("ExportPropertyMaps.UserPropertyCode");
            }
            JsonFields.rejectUnknown(item, COLUMN_FIELDS, "ExportPropertyMaps.");
            JsonNode columnName = item.get("ColumnName");
            if (columnName != null && !columnName.isNull() && (!columnName.isTextual() || columnName.asText().isBlank())) {
                throw InvalidRequestException.invalidValue("ExportPropertyMaps.ColumnName", "must be a non-blank string");
            }
            String name = columnName == null || columnName.isNull() ? code.asText() : columnName.asText();
            columns.add(ExportSpec.column(code.asText(), name));
        }
        return List.copyOf(columns);
    }
}
