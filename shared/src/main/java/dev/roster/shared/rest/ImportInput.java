package dev.roster.shared.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.roster.shared.error.InvalidRequestException;
import dev.roster.shared.json.JsonFields;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The seeds' CreateApiImportUserJob body (REST's and Tencent's): its ImportUser records, for the service. */
public final class ImportInput {

    private static final String LIST = "DataFlowUserCreateList";
    private static final Set<String> FIELDS = Set.of(LIST, "UserStoreId");

    private ImportInput() {
    }

    /** The records as given (each one is checked by the worker); none when the list is absent or null. */
    public static List<JsonNode> records(String userStoreId, JsonNode body) {
        JsonFields.rejectUnknown(body, FIELDS);
        JsonFields.requireSameStore(body, userStoreId);
        JsonNode list = body.get(LIST);
        if (list == null || list.isNull()) {
            return List.of();
        }
        if (!list.isArray()) {
            throw InvalidRequestException.invalidValue(LIST, "must be an array of ImportUser");
        }
        List<JsonNode> records = new ArrayList<>(list.size());
        list.forEach(records::add);
        return records;
    }
}
