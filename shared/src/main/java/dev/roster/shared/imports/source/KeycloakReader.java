package dev.roster.shared.imports.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roster.shared.error.InvalidRequestException;
import dev.roster.shared.imports.ImportLimits;
import dev.roster.shared.json.Json;

import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.Map;

/**
 * KEYCLOAK: a realm export ({@code kc.sh export --realm R --users same_file}: the realm object, its {@code users}
 * array among its fields) or one of the {@code R-users-N.json} files of {@code --users different_files}
 * ({@code {"realm": R, "users": [...]}}), read user by user; record N is the array's N-th user.
 *
 * <p>A user becomes an ImportUser record: {@code id} the kept UserId, {@code username} UserName, {@code email},
 * {@code emailVerified}, {@code firstName} GivenName, {@code lastName} FamilyName, {@code enabled: false} Blocked,
 * {@code groups} (paths such as {@code /staff/admins}) UserGroup, the {@code locale} attribute Locale and every other
 * attribute a STRING custom attribute (one value as it is; several as the JSON array of them, so none is lost),
 * realm and client roles and federated identities (links to Google, GitHub...) AppMetadata
 * {@code {"keycloak": {...}}} for the application to use, and the password credential as
 * {@link KeycloakCredentials} says. Values are handed on as the file gives them: Roster's own rules (the same as
 * for its NDJSON) refuse what they refuse, and that record fails alone, with the reason. So does a user name Roster
 * refuses (Keycloak allows spaces and symbols that RFC 8265 user names do not): dropping it would leave a user who
 * cannot sign in by the name it knows. A client's service account is no person: its record fails, saying so.
 */
final class KeycloakReader implements RecordReader {

    private static final Map<String, String> FIELDS = Map.of("id", "UserId", "username", "UserName", "email", "Email",
            "emailVerified", "EmailVerified", "firstName", "GivenName", "lastName", "FamilyName", "groups",
            "UserGroup");
    /** What Roster has no field for, kept for the application: AppMetadata.keycloak.<name>. */
    private static final String[] KEPT = {"realmRoles", "clientRoles", "federatedIdentities"};

    private final JsonArrayElements users;

    KeycloakReader(InputStream data, ImportLimits limits) throws IOException {
        this.users = new JsonArrayElements(data, limits, "users", "User");
    }

    @Override
    public SourceRecord next() throws IOException {
        JsonNode user = users.next();
        if (user == null) {
            return null;
        }
        long number = users.count();
        ObjectNode record = null;
        InvalidRequestException error = null;
        try {
            if (users.duplicateField() != null) {
                throw InvalidRequestException.invalidValue(users.duplicateField(), "is given twice");
            }
            record = record(user);
        } catch (InvalidRequestException e) {
            error = e;
        }
        if (user.isObject()) {
            // The user is kept as the original for the failure report: what the file gave, but never a hash.
            ((ObjectNode) user).remove("credentials");
        }
        return error == null ? SourceRecord.of(number, record, user) : SourceRecord.failed(number, error, user);
    }

    static ObjectNode record(JsonNode user) {
        if (!user.isObject()) {
            throw new InvalidRequestException(InvalidRequestException.INVALID_PARAMETER,
                    "The user is not a JSON object.");
        }
        JsonNode serviceAccount = user.get("serviceAccountClientId");
        if (serviceAccount != null && !serviceAccount.isNull()) {
            throw InvalidRequestException.invalidValue("serviceAccountClientId", "the user is the service account of "
                    + "client " + serviceAccount.asText() + ", not a person: Roster has no service accounts");
        }
        ObjectNode record = Json.MAPPER.createObjectNode();
        for (Map.Entry<String, String> field : FIELDS.entrySet()) {
            JsonNode value = user.get(field.getKey());
            if (value != null && !value.isNull()) {
                record.set(field.getValue(), value);
            }
        }
        JsonNode enabled = user.get("enabled");
        if (enabled != null && !enabled.isNull()) {
            if (!enabled.isBoolean()) {
                throw InvalidRequestException.invalidValue("enabled", "must be true or false");
            }
            record.put("Blocked", !enabled.asBoolean());
        }
        attributes(user.get("attributes"), record);
        ObjectNode kept = Json.MAPPER.createObjectNode();
        for (String name : KEPT) {
            JsonNode value = user.get(name);
            if (value != null && !value.isNull() && !value.isEmpty()) {
                kept.set(name, value);
            }
        }
        if (!kept.isEmpty()) {
            record.putObject("AppMetadata").set("keycloak", kept);
        }
        KeycloakCredentials.apply(user.get("credentials"), record);
        return record;
    }

    /** Keycloak's attributes: a map of string lists (a bare string is read as a list of one). */
    private static void attributes(JsonNode attributes, ObjectNode record) {
        if (attributes == null || attributes.isNull()) {
            return;
        }
        if (!attributes.isObject()) {
            throw InvalidRequestException.invalidValue("attributes", "must be an object of string lists");
        }
        ArrayNode custom = Json.MAPPER.createArrayNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = attributes.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> attribute = it.next();
            String value = value(attribute.getKey(), attribute.getValue());
            if (value == null) {
                continue;
            }
            if (attribute.getKey().equals("locale")) {
                record.put("Locale", value);
            } else {
                custom.addObject().put("Name", attribute.getKey()).put("Value", value).put("Type", "STRING");
            }
        }
        if (!custom.isEmpty()) {
            record.set("CustomizationAttributes", custom);
        }
    }

    /** One value as it is, several as their JSON array's text; null for none. */
    private static String value(String name, JsonNode values) {
        if (values.isNull() || (values.isArray() && values.isEmpty())) {
            return null;
        }
        if (values.isTextual()) {
            return values.asText();
        }
        if (!values.isArray()) {
            throw InvalidRequestException.invalidValue("attributes." + name, "must be a list of strings");
        }
        for (JsonNode value : values) {
            if (!value.isTextual()) {
                throw InvalidRequestException.invalidValue("attributes." + name, "must be a list of strings");
            }
        }
        return values.size() == 1 ? values.get(0).asText() : values.toString();
    }

    @Override
    public void close() throws IOException {
        users.close();
    }
}
