package dev.roster.shared.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.roster.shared.error.InvalidRequestException;
import dev.roster.shared.job.ImportOptions;
import dev.roster.shared.json.Json;
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
        return givenRecords(userStoreId, body);
    }

    /** REST's body: the import's options beside its records ({@code Mode}, {@code DryRun}, {@code ReplacePasswords}). */
    public static ImportOptions options(JsonNode body) {
        return ImportOptions.fromRequest(body, FIELDS, false);
    }

    /** REST's records, once {@link #options} has checked the body's fields. */
    public static List<JsonNode> recordsBesideOptions(String userStoreId, JsonNode body) {
        return givenRecords(userStoreId, body);
    }

    /**
     * The options of an upload's request: an optional JSON body ({@code Mode}, {@code DryRun},
     * {@code ReplacePasswords}, {@code SourceFormat}, {@code PasswordHashes}); none means the defaults.
     */
    public static ImportOptions uploadOptions(String userStoreId, String body) {
        if (body == null || body.isBlank()) {
            return ImportOptions.DEFAULTS;
        }
        JsonNode json = Json.parseObject(body);
        JsonFields.requireSameStore(json, userStoreId);
        return ImportOptions.fromRequest(json, Set.of("UserStoreId"), true);
    }

    private static List<JsonNode> givenRecords(String userStoreId, JsonNode body) {
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
