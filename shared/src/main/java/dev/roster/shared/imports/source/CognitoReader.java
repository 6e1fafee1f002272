package dev.roster.shared.imports.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roster.shared.error.InvalidRequestException;
import dev.roster.shared.imports.BoundedLineReader.LimitExceededException;
import dev.roster.shared.imports.ImportLimits;
import dev.roster.shared.json.Json;

import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * COGNITO: a user pool's users as {@code aws cognito-idp list-users} prints them (a JSON object whose {@code Users}
 * array holds {@code {Username, Attributes: [{Name, Value}], Enabled, UserStatus, ...}}; several pages one after
 * another are read in turn), or as the CSV file whose header {@code GetCSVHeader} gives (a {@code cognito:username}
 * column, one column per attribute, {@code custom:*} columns). The first byte that is not blank tells them apart:
 * {@code {} or {@code [} is JSON. Record N is the N-th user (JSON) or the N-th data row (CSV, blank lines skipped).
 *
 * <p>Both map through the same attribute names: {@code sub} is the kept UserId, {@code email}, {@code email_verified},
 * {@code phone_number}, {@code name}, {@code given_name}, {@code family_name}, {@code nickname}, {@code picture},
 * {@code gender}, {@code birthdate}, {@code zoneinfo}, {@code locale} and {@code address} their Roster fields,
 * {@code custom:x} (and {@code dev:custom:x}) the STRING custom attribute x, {@code middle_name}, {@code profile},
 * {@code website} and any other attribute a custom attribute of its own name, {@code identities} (a federated user's
 * links) AppMetadata {@code {"cognito": {"identities": ...}}}; {@code Enabled: false} is Blocked. Cognito's own
 * bookkeeping ({@code updated_at}, {@code cognito:mfa_enabled}, {@code phone_number_verified}) has no Roster field.
 * A pool that signs in by email or phone gives every user its {@code sub} as Username: such a Username is no name
 * anyone typed, so UserName is then the {@code preferred_username}, or nothing when the user has an email or phone.
 *
 * <p>Cognito never exports password hashes: every user is imported without a password and must reset it.
 */
final class CognitoReader {

    private static final Map<String, String> FIELDS = Map.ofEntries(Map.entry("sub", "UserId"),
            Map.entry("email", "Email"), Map.entry("phone_number", "PhoneNumber"), Map.entry("name", "Name"),
            Map.entry("given_name", "GivenName"), Map.entry("family_name", "FamilyName"),
            Map.entry("nickname", "Nickname"), Map.entry("picture", "Picture"), Map.entry("gender", "Gender"),
            Map.entry("birthdate", "Birthdate"), Map.entry("zoneinfo", "Zone"), Map.entry("locale", "Locale"),
            Map.entry("address", "Address"));
    private static final Set<String> IGNORED = Set.of("updated_at", "phone_number_verified", "cognito:mfa_enabled");
    private static final String USERNAME_COLUMN = "cognito:username";
    /** No real attribute value comes near this (Cognito's own cap is 2048 characters). */
    static final int MAX_FIELD_CHARS = 64 * 1024;

    private CognitoReader() {
    }

    static RecordReader open(InputStream data, ImportLimits limits) throws IOException {
        PushbackInputStream in = new PushbackInputStream(new CappedInputStream(data, limits.maxDecompressedBytes()), 1);
        int first = in.read();
        // Blanks and a UTF-8 byte order mark (spreadsheets write one) before the first character.
        while (first == ' ' || first == '\t' || first == '\r' || first == '\n' || first == 0xEF || first == 0xBB
                || first == 0xBF) {
            first = in.read();
        }
        if (first < 0) {
            in.close();
            throw new LimitExceededException("The import file is empty.");
        }
        in.unread(first);
        return first == '{' || first == '[' ? new JsonUsers(in, limits) : new CsvUsers(in, limits);
    }

    /** ListUsers output: each element of Users. */
    private static final class JsonUsers implements RecordReader {
        private final JsonArrayElements users;

        JsonUsers(InputStream in, ImportLimits limits) throws IOException {
            this.users = new JsonArrayElements(in, limits, "Users", "User");
        }

        @Override
        public SourceRecord next() throws IOException {
            JsonNode user = users.next();
            if (user == null) {
                return null;
            }
            try {
                if (users.duplicateField() != null) {
                    throw InvalidRequestException.invalidValue(users.duplicateField(), "is given twice");
                }
                return SourceRecord.of(users.count(), listedUser(user), user);
            } catch (InvalidRequestException e) {
                return SourceRecord.failed(users.count(), e, user);
            }
        }

        @Override
        public void close() throws IOException {
            users.close();
        }
    }

    static ObjectNode listedUser(JsonNode user) {
        if (!user.isObject()) {
            throw new InvalidRequestException(InvalidRequestException.INVALID_PARAMETER,
                    "The user is not a JSON object.");
        }
        JsonNode listed = user.path("Attributes");
        if (!listed.isMissingNode() && !listed.isNull() && !listed.isArray()) {
            throw InvalidRequestException.invalidValue("Attributes", "must be an array of {Name, Value}");
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        for (JsonNode attribute : listed) {
            JsonNode name = attribute.get("Name");
            JsonNode value = attribute.get("Value");
            if (name == null || !name.isTextual() || (value != null && !value.isNull() && !value.isTextual())) {
                throw InvalidRequestException.invalidValue("Attributes", "must be an array of {Name, Value} strings");
            }
            if (value != null && !value.isNull() && attributes.put(name.asText(), value.asText()) != null) {
                throw InvalidRequestException.invalidValue("Attributes", "the attribute " + name.asText()
                        + " is given twice");
            }
        }
        JsonNode username = user.get("Username");
        if (username != null && !username.isNull() && !username.isTextual()) {
            throw InvalidRequestException.invalidValue("Username", "must be a string");
        }
        JsonNode enabled = user.get("Enabled");
        if (enabled != null && !enabled.isNull() && !enabled.isBoolean()) {
            throw InvalidRequestException.invalidValue("Enabled", "must be true or false");
        }
        return record(username == null ? null : username.textValue(), attributes,
                enabled == null || enabled.isNull() ? null : enabled.asBoolean());
    }

    /** The GetCSVHeader file: a header row, then one user a row. */
    private static final class CsvUsers implements RecordReader {
        private final CsvRows rows;
        private final List<String> header;

        CsvUsers(InputStream in, ImportLimits limits) throws IOException {
            this.rows = new CsvRows(in, limits.maxLineBytes(), MAX_FIELD_CHARS);
            CsvRows.Row first = rows.next();
            if (first == null || first.error() != null) {
                rows.close();
                throw new LimitExceededException("The import file's header row is not readable"
                        + (first == null ? "." : ": " + first.error() + "."));
            }
            Set<String> seen = new HashSet<>();
            this.header = first.fields().stream().map(String::strip).toList();
            for (String column : header) {
                if (column.isEmpty() || !seen.add(column)) {
                    rows.close();
                    throw new LimitExceededException("The import file's header row " + (column.isEmpty()
                            ? "has an empty column name." : "names the column " + column + " twice."));
                }
            }
        }

        @Override
        public SourceRecord next() throws IOException {
            CsvRows.Row row = rows.next();
            if (row == null) {
                return null;
            }
            long number = rows.count() - 1;
            ObjectNode original = Json.MAPPER.createObjectNode();
            for (int i = 0; i < Math.min(header.size(), row.fields().size()); i++) {
                if (!row.fields().get(i).isEmpty()) {
                    original.put(header.get(i), row.fields().get(i));
                }
            }
            try {
                if (row.error() != null) {
                    throw new InvalidRequestException(InvalidRequestException.INVALID_PARAMETER,
                            "The row is not readable: " + row.error() + ".");
                }
                if (row.fields().size() != header.size()) {
                    throw new InvalidRequestException(InvalidRequestException.INVALID_PARAMETER, "The row has "
                            + row.fields().size() + " fields where the header has " + header.size() + ".");
                }
                Map<String, String> attributes = new LinkedHashMap<>();
                original.fields().forEachRemaining(cell -> attributes.put(cell.getKey(), cell.getValue().asText()));
                String username = attributes.remove(USERNAME_COLUMN);
                return SourceRecord.of(number, record(username, attributes, null), original);
            } catch (InvalidRequestException e) {
                return SourceRecord.failed(number, e, original);
            }
        }

        @Override
        public void close() throws IOException {
            rows.close();
        }
    }

    /** A Cognito user as an ImportUser record; values are handed on for Roster's rules to check. */
    static ObjectNode record(String username, Map<String, String> attributes, Boolean enabled) {
        ObjectNode record = Json.MAPPER.createObjectNode();
        ArrayNode custom = Json.MAPPER.createArrayNode();
        String sub = attributes.get("sub");
        boolean uuidName = username != null && username.equals(sub);
        String preferred = attributes.get("preferred_username");
        if (uuidName && preferred != null) {
            record.put("UserName", preferred);
        } else if (username != null && !(uuidName && (attributes.containsKey("email")
                || attributes.containsKey("phone_number")))) {
            record.put("UserName", username);
        }
        for (Map.Entry<String, String> attribute : attributes.entrySet()) {
            String name = attribute.getKey();
            String value = attribute.getValue();
            if (FIELDS.containsKey(name)) {
                record.put(FIELDS.get(name), value);
            } else if (name.equals("email_verified")) {
                record.set("EmailVerified", bool(value));
            } else if (name.equals("identities")) {
                record.putObject("AppMetadata").putObject("cognito").set("identities", identities(value));
            } else if (name.equals("preferred_username") && uuidName) {
                continue;
            } else if (!IGNORED.contains(name)) {
                String bare = name.startsWith("custom:") ? name.substring("custom:".length())
                        : name.startsWith("dev:custom:") ? name.substring("dev:custom:".length()) : name;
                custom.addObject().put("Name", bare).put("Value", value).put("Type", "STRING");
            }
        }
        if (!custom.isEmpty()) {
            record.set("CustomizationAttributes", custom);
        }
        if (enabled != null) {
            record.put("Blocked", !enabled);
        }
        return record;
    }

    /** "true" or "false" as Cognito writes them (any case); anything else handed on for Roster to refuse. */
    private static JsonNode bool(String value) {
        String lower = value.strip().toLowerCase(Locale.ROOT);
        return lower.equals("true") || lower.equals("false") ? Json.MAPPER.getNodeFactory().booleanNode(
                lower.equals("true")) : Json.MAPPER.getNodeFactory().textNode(value);
    }

    /** Cognito's identities attribute is a JSON array in a string: kept as that JSON, or as the text if it is not. */
    private static JsonNode identities(String value) {
        try {
            JsonNode parsed = Json.MAPPER.readTree(value);
            if (parsed != null && parsed.isContainerNode()) {
                return parsed;
            }
        } catch (IOException e) {
            // Kept as text below.
        }
        return Json.MAPPER.getNodeFactory().textNode(value);
    }
}
