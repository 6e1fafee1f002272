package dev.roster.shared.imports.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roster.shared.error.InvalidRequestException;
import dev.roster.shared.imports.BoundedLineReader;
import dev.roster.shared.imports.ImportLimits;
import dev.roster.shared.json.Json;
import dev.roster.shared.user.UserRules;

import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@link SourceFormat#AUTH0}: the NDJSON output of an Auth0 users-exports job (format json), one user a line,
 * optionally joined with Auth0's password-hash export ({@link PasswordHashIndex}) on the hash line's
 * {@code _id.$oid} = the user's id without {@code auth0|}. Record numbers are line numbers, blank lines counted.
 *
 * <p>The fields Auth0's export shares with its import schema map as {@link Auth0ImportRecords} maps them;
 * {@code user_id} {@code auth0|<id>} is kept as {@code <id>}, another provider's {@code <provider>|<id>} as
 * {@code <provider>_<id>} (so that every exported user keeps a stable id; such users have no password here and must
 * reset it), and one that is no valid UserId fails its record at {@code user_id}. Every other field of the export
 * ({@code identities}, {@code created_at}, {@code updated_at}, {@code last_login}, {@code logins_count},
 * {@code phone_verified}, ...) is something Roster does not keep, and is ignored. A joined {@code passwordHash} is
 * the user's BCRYPT password.
 */
final class Auth0ExportReader implements RecordReader {

    private final BoundedLineReader lines;
    private final ImportLimits limits;
    private final Supplier<InputStream> passwordHashes;
    private PasswordHashIndex hashes;

    Auth0ExportReader(InputStream data, ImportLimits limits, Supplier<InputStream> passwordHashes) {
        this.lines = new BoundedLineReader(data, limits.maxDecompressedBytes(), limits.maxLineBytes());
        this.limits = limits;
        this.passwordHashes = passwordHashes;
    }

    @Override
    public SourceRecord next() throws IOException {
        if (hashes == null && passwordHashes != null) {
            // Read once per reader (each segment of a job), before the first user needs it.
            hashes = PasswordHashIndex.read(passwordHashes.get(), limits);
        }
        for (String text = lines.readLine(); text != null; text = lines.readLine()) {
            long number = lines.lineNumber();
            if (text.isBlank()) {
                continue;
            }
            if (!lines.lastLineWasUtf8()) {
                return SourceRecord.failed(number, InvalidRequestException.invalidValue("line " + number,
                        "is not valid UTF-8"), null);
            }
            JsonNode user;
            try {
                user = Json.parseObject(text);
            } catch (InvalidRequestException e) {
                return SourceRecord.failed(number, e, null);
            }
            try {
                return SourceRecord.of(number, record(user), user);
            } catch (InvalidRequestException e) {
                return SourceRecord.failed(number, e, user);
            }
        }
        return null;
    }

    /** An exported user as an ImportUser record, its password joined from the hash file. */
    private ObjectNode record(JsonNode user) {
        ObjectNode record = Json.MAPPER.createObjectNode();
        String hashId = null;
        for (Iterator<Map.Entry<String, JsonNode>> it = user.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String name = field.getKey();
            JsonNode value = field.getValue();
            if (name.equals("user_id")) {
                if (!value.isNull()) {
                    hashId = keptId(value);
                    record.put("UserId", rosterId(value.asText()));
                }
            } else if (name.equals("user_metadata")) {
                if (!value.isNull()) {
                    record.set(Auth0ImportRecords.CUSTOM_ATTRIBUTES, Auth0ImportRecords.customAttributes(value));
                }
            } else if (Auth0ImportRecords.rosterName(name) != null) {
                record.set(Auth0ImportRecords.rosterName(name), value);
            }
        }
        if (hashes != null && hashId != null) {
            PasswordHashIndex.Found found = hashes.find(hashId);
            if (found != null && found.problem() != null) {
                throw InvalidRequestException.invalidValue("passwordHash", found.problem());
            }
            if (found != null) {
                record.put("Password", found.hash());
                record.put(Auth0ImportRecords.ENCRYPT_TYPE, "BCRYPT");
            }
        }
        return record;
    }

    /** The id the hash export knows the user by: its user_id without {@code auth0|}. */
    private static String keptId(JsonNode value) {
        if (!value.isTextual() || value.asText().isEmpty()) {
            throw InvalidRequestException.invalidValue("user_id", "must be a non-empty string");
        }
        String id = value.asText();
        return id.startsWith(Auth0ImportRecords.USER_ID_PREFIX)
                ? id.substring(Auth0ImportRecords.USER_ID_PREFIX.length()) : id;
    }

    /** {@code auth0|<id>} as {@code <id>}, {@code <provider>|<id>} as {@code <provider>_<id>}, if a valid UserId. */
    private static String rosterId(String auth0Id) {
        String id = auth0Id.startsWith(Auth0ImportRecords.USER_ID_PREFIX)
                ? auth0Id.substring(Auth0ImportRecords.USER_ID_PREFIX.length()) : auth0Id.replace('|', '_');
        if (!UserRules.isUserId(id)) {
            throw InvalidRequestException.invalidValue("user_id", "cannot be kept as a Roster user id: "
                    + UserRules.USER_ID_CHARS + " once auth0| is removed (or another provider's | made _)");
        }
        return id;
    }

    @Override
    public void close() throws IOException {
        lines.close();
    }
}
