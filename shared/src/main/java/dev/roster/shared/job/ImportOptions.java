package dev.roster.shared.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roster.shared.error.InvalidRequestException;
import dev.roster.shared.imports.source.SourceFormat;
import dev.roster.shared.json.Json;
import dev.roster.shared.json.JsonFields;

import java.util.Arrays;
import java.util.Set;

/**
 * How an import treats its records, as its request chose and its job keeps it (in the job's spec).
 * {@code passwordHashes}: an AUTH0 upload comes with Auth0's separate password-hash export as a second file.
 */
public record ImportOptions(Mode mode, boolean dryRun, SourceFormat sourceFormat, boolean replacePasswords,
                            boolean passwordHashes) {

    /** What an import does with a record that matches an existing user. */
    public enum Mode {
        /** Inserts every record: one matching an existing user fails (a taken id or identifier). */
        INSERT,
        /**
         * Updates the user a record matches (by UserId, else by user name, email or phone) in the fields the record
         * gives, inserts the others.
         */
        UPSERT,
        /** Leaves the user a record matches as it is (counted Skipped), inserts the others. */
        SKIP_EXISTING,
        /**
         * Auth0's {@code upsert=true}, which only the Auth0 door asks for: a record whose email is an existing user's
         * updates Auth0's upsertable fields of that user, never its id, identifiers nor password hash.
         */
        AUTH0_UPSERT;

        /** The modes a request may name. */
        static final Set<Mode> REQUESTABLE = Set.of(INSERT, UPSERT, SKIP_EXISTING);
    }

    public static final ImportOptions DEFAULTS = new ImportOptions(Mode.INSERT, false, SourceFormat.ROSTER, false,
            false);
    /** Auth0's upsert, as the Auth0 door asks for it. */
    public static final ImportOptions AUTH0_UPSERT = DEFAULTS.withMode(Mode.AUTH0_UPSERT);

    /** The spec an Auth0 upsert was stored with before options had their own form: still read as AUTH0_UPSERT. */
    static final String LEGACY_UPSERT_SPEC = "{\"Upsert\":true}";
    /** The options a request carrying its records may give (its records are ROSTER). */
    public static final Set<String> RECORDS_REQUEST_FIELDS = Set.of("Mode", "DryRun", "ReplacePasswords");
    /** The options an upload's request may give. */
    public static final Set<String> UPLOAD_REQUEST_FIELDS = Set.of("Mode", "DryRun", "ReplacePasswords",
            "SourceFormat", "PasswordHashes");

    public ImportOptions {
        if (mode == null || sourceFormat == null) {
            throw new IllegalArgumentException("an import needs a mode and a source format");
        }
    }

    public ImportOptions withMode(Mode newMode) {
        return new ImportOptions(newMode, dryRun, sourceFormat, replacePasswords, passwordHashes);
    }

    public ImportOptions withDryRun(boolean newDryRun) {
        return new ImportOptions(mode, newDryRun, sourceFormat, replacePasswords, passwordHashes);
    }

    public ImportOptions withSourceFormat(SourceFormat newFormat) {
        return new ImportOptions(mode, dryRun, newFormat, replacePasswords, passwordHashes);
    }

    /**
     * The options a request gives in {@code body} (null or absent fields keep their defaults): {@code Mode},
     * {@code DryRun}, {@code ReplacePasswords}, and, where {@code withSource}, {@code SourceFormat} and
     * {@code PasswordHashes} (an uploaded file; records a request carries are always ROSTER). A field it does not
     * know, or a value it does not, is an InvalidRequestException.
     */
    public static ImportOptions fromRequest(JsonNode body, Set<String> otherFields, boolean withSource) {
        Set<String> allowed = new java.util.HashSet<>(otherFields);
        allowed.addAll(withSource ? UPLOAD_REQUEST_FIELDS : RECORDS_REQUEST_FIELDS);
        JsonFields.rejectUnknown(body, allowed);
        Mode mode = JsonFields.presentAndNotNull(body, "Mode") ? mode(body.get("Mode")) : Mode.INSERT;
        SourceFormat format = JsonFields.presentAndNotNull(body, "SourceFormat")
                ? sourceFormat(body.get("SourceFormat")) : SourceFormat.ROSTER;
        boolean hashes = flag(body, "PasswordHashes");
        if (hashes && format != SourceFormat.AUTH0) {
            throw InvalidRequestException.invalidValue("PasswordHashes",
                    "a password-hash file goes only with SourceFormat AUTH0");
        }
        return new ImportOptions(mode, flag(body, "DryRun"), format, flag(body, "ReplacePasswords"), hashes);
    }

    private static Mode mode(JsonNode node) {
        String value = node.isTextual() ? node.asText() : "";
        return Mode.REQUESTABLE.stream().filter(m -> m.name().equals(value)).findFirst().orElseThrow(() ->
                InvalidRequestException.invalidValue("Mode", "must be INSERT, UPSERT or SKIP_EXISTING"));
    }

    private static SourceFormat sourceFormat(JsonNode node) {
        String value = node.isTextual() ? node.asText() : "";
        return Arrays.stream(SourceFormat.values()).filter(f -> f.name().equals(value)).findFirst().orElseThrow(() ->
                InvalidRequestException.invalidValue("SourceFormat", "must be one of "
                        + Arrays.toString(SourceFormat.values()).replaceAll("[\\[\\]]", "")));
    }

    private static boolean flag(JsonNode body, String field) {
        if (!JsonFields.presentAndNotNull(body, field)) {
            return false;
        }
        if (!body.get(field).isBoolean()) {
            throw InvalidRequestException.invalidValue(field, "must be true or false");
        }
        return body.get(field).asBoolean();
    }

    /** The options as a job keeps them (its spec); null for the defaults, as imports were stored before options. */
    public String toStored() {
        if (equals(DEFAULTS)) {
            return null;
        }
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("Mode", mode.name());
        node.put("DryRun", dryRun);
        node.put("SourceFormat", sourceFormat.name());
        node.put("ReplacePasswords", replacePasswords);
        node.put("PasswordHashes", passwordHashes);
        return node.toString();
    }

    /** The options of a stored import's spec: null is the defaults, Auth0's old upsert spec is AUTH0_UPSERT. */
    public static ImportOptions fromStored(String spec) {
        if (spec == null) {
            return DEFAULTS;
        }
        if (LEGACY_UPSERT_SPEC.equals(spec)) {
            return AUTH0_UPSERT;
        }
        JsonNode node = Json.parseObject(spec);
        return new ImportOptions(Mode.valueOf(node.get("Mode").asText()), node.path("DryRun").asBoolean(false),
                SourceFormat.valueOf(node.path("SourceFormat").asText(SourceFormat.ROSTER.name())),
                node.path("ReplacePasswords").asBoolean(false), node.path("PasswordHashes").asBoolean(false));
    }
}
