package dev.roster.shared.imports.source;

import com.fasterxml.jackson.databind.JsonNode;
import dev.roster.shared.error.InvalidRequestException;
import dev.roster.shared.imports.BoundedLineReader.LimitExceededException;
import dev.roster.shared.imports.ImportLimits;
import dev.roster.shared.security.PasswordHasher;
import dev.roster.shared.security.PasswordVerifier;
import dev.roster.shared.user.ImportUserInput;
import dev.roster.shared.user.User;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Auth0ExportReaderTest {

    private static final String EXPORT = "auth0-export.ndjson";
    private static final String HASHES = "auth0-password-hashes.ndjson";
    private static final PasswordHasher HASHER = new PasswordHasher(PasswordHasher.MIN_ITERATIONS);

    private static RecordReader reader(InputStream data, ImportLimits limits, Supplier<InputStream> hashes)
            throws IOException {
        return SourceFormat.AUTH0.open(data, limits, hashes);
    }

    private static List<SourceRecord> sample(Supplier<InputStream> hashes) throws IOException {
        return Samples.records(reader(Samples.open(EXPORT), ImportLimits.DEFAULTS, hashes));
    }

    @Test
    void theSampleExportJoinedWithItsHashesGivesItsImportUserRecordsAndFailsItsBadLinesAlone() throws IOException {
        // GIVEN events/import-files/auth0-export.ndjson and its auth0-password-hashes.ndjson

        // WHEN
        List<String> read = Samples.read(reader(Samples.open(EXPORT), ImportLimits.DEFAULTS, Samples.opener(HASHES)));

        // THEN every user is its record, numbered by its line (line 6 is blank); 9 and 17 are no JSON, 11's
        // enterprise id is no Roster id, 12 has two hashes in the hash file; 5 (google-oauth2) keeps its id with _,
        // 8 has no hash and comes without a password; what Roster does not keep (identities, logins...) is left out
        assertEquals(Samples.expected("auth0-export.expected"), read);
    }

    @Test
    void theJoinedHashesVerifyTheKnownPassword() throws IOException {
        // GIVEN
        List<SourceRecord> records = sample(Samples.opener(HASHES));
        int verified = 0;

        for (SourceRecord record : records) {
            if (record.record() == null || !record.record().has("Password") || record.number() == 13) {
                // 13's nested user_metadata fails its validation (aNestedMetadataValueFailsTheRecord)
                continue;
            }
            // WHEN
            User user = ImportUserInput.parse("demo", "u" + record.number(), record.record(), 0, HASHER);

            // THEN
            assertTrue(PasswordVerifier.matches(user.password(), Samples.PASSWORD), "line " + record.number());
            verified++;
        }
        assertEquals(9, verified);
    }

    @Test
    void aNestedMetadataValueFailsTheRecord() throws IOException {
        // GIVEN line 13: user_metadata {"address": {"city": ..., "state": ...}}; Roster's attributes are scalars
        JsonNode record = sample(Samples.opener(HASHES)).stream().filter(r -> r.number() == 13).findFirst()
                .orElseThrow().record();

        // WHEN
        InvalidRequestException e = assertThrows(InvalidRequestException.class,
                () -> ImportUserInput.parse("demo", "u13", record, 0, HASHER));

        // THEN
        assertEquals("CustomizationAttributes.Value", e.field());
    }

    @Test
    void withoutAHashFileTheUsersComeWithoutPasswords() throws IOException {
        // GIVEN / WHEN
        List<SourceRecord> records = sample(null);

        // THEN
        assertEquals(16, records.size());
        assertTrue(records.stream().filter(r -> r.record() != null).noneMatch(r -> r.record().has("Password")));
        assertEquals(List.of(9L, 11L, 17L), records.stream().filter(r -> r.error() != null)
                .map(SourceRecord::number).toList());
    }

    @Test
    void theOriginalIsTheExportedLine() throws IOException {
        // GIVEN
        SourceRecord first = sample(Samples.opener(HASHES)).get(0);

        // WHEN
        JsonNode original = first.original();

        // THEN
        assertEquals("auth0|60425da93519d90068f82901", original.get("user_id").asText());
        assertEquals(3, original.get("logins_count").asInt());
        assertNull(original.get("passwordHash"));
    }

    @Test
    void aGzippedHashFileIsReadAsItIs() throws IOException {
        // GIVEN the sample hash file, gzip'd
        byte[] gzipped;
        try (InputStream in = Samples.open(HASHES); ByteArrayOutputStream bytes = new ByteArrayOutputStream()) {
            try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
                in.transferTo(gzip);
            }
            gzipped = bytes.toByteArray();
        }

        // WHEN
        List<String> read = Samples.read(reader(Samples.open(EXPORT), ImportLimits.DEFAULTS,
                () -> new ByteArrayInputStream(gzipped)));

        // THEN
        assertEquals(Samples.expected("auth0-export.expected"), read);
    }

    @Test
    void aHashFileThatIsNotAuth0sFailsTheJobNamingItsLine() throws IOException {
        // GIVEN
        String hashes = "{\"_id\":{\"$oid\":\"60425da93519d90068f82901\"},\"passwordHash\":\"$2b$10$x\"}\n\nnot json\n";
        RecordReader reader = reader(Samples.open(EXPORT), ImportLimits.DEFAULTS, () -> Samples.text(hashes));

        // WHEN
        LimitExceededException e = assertThrows(LimitExceededException.class, reader::next);

        // THEN
        assertEquals("Line 3 of the password-hash file is not a JSON object with _id.$oid, as Auth0's "
                + "password-hash export has.", e.getMessage());
    }

    @Test
    void aHashFileOverItsCapsFailsTheJob() throws IOException {
        // GIVEN a hash file over the line cap
        String longLine = "{\"_id\":{\"$oid\":\"a\"},\"passwordHash\":\"" + "x".repeat(300) + "\"}\n";
        RecordReader reader = reader(Samples.open(EXPORT), Samples.limits(1 << 20, 200), () -> Samples.text(longLine));

        // WHEN
        LimitExceededException e = assertThrows(LimitExceededException.class, reader::next);

        // THEN
        assertEquals("Line 1 of the password-hash file is longer than 200 bytes.", e.getMessage());
    }

    @Test
    void anExportLineOverTheCapFailsTheJob() throws IOException {
        // GIVEN lines of the export are about 450 bytes
        RecordReader reader = reader(Samples.open(EXPORT), Samples.limits(1 << 20, 300), null);

        // WHEN
        LimitExceededException e = assertThrows(LimitExceededException.class, reader::next);

        // THEN
        assertEquals("Line 1 of the import file is longer than 300 bytes.", e.getMessage());
    }

    @Test
    void aLineThatIsNotUtf8FailsAlone() throws IOException {
        // GIVEN
        byte[] bad = "{\"user_id\":\"auth0|abc\",\"name\":\"\u00e9\"}\n{\"user_id\":\"auth0|def\",\"email\":\"d@example.com\"}\n"
                .getBytes(StandardCharsets.ISO_8859_1);

        // WHEN
        List<SourceRecord> records = Samples.records(reader(new ByteArrayInputStream(bad), ImportLimits.DEFAULTS, null));

        // THEN
        assertEquals("The value of line 1 is invalid: is not valid UTF-8", records.get(0).error().getMessage());
        assertEquals("def", records.get(1).record().get("UserId").asText());
    }

    @Test
    void theIndexFindsEveryHashOfALargeFileAndRefusesMoreThanItsCap() throws IOException {
        // GIVEN 20,000 hash lines
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 20_000; i++) {
            lines.append("{\"_id\":{\"$oid\":\"").append(oid(i)).append("\"},\"passwordHash\":\"h")
                    .append(i).append("\"}\n");
        }

        // WHEN
        PasswordHashIndex index = PasswordHashIndex.read(Samples.text(lines.toString()), ImportLimits.DEFAULTS);
        LimitExceededException e = assertThrows(LimitExceededException.class,
                () -> PasswordHashIndex.read(Samples.text(lines.toString()), ImportLimits.DEFAULTS, 19_999));

        // THEN
        assertEquals(20_000, index.size());
        for (int i = 0; i < 20_000; i += 7) {
            assertEquals("h" + i, index.find(oid(i)).hash());
        }
        assertNull(index.find(oid(20_000)));
        assertEquals("The password-hash file holds more than 19999 hashes: import the users in parts, each with "
                + "the hashes of its users.", e.getMessage());
    }

    private static String oid(int i) {
        String hex = Integer.toHexString(i);
        return "0".repeat(24 - hex.length()) + hex;
    }

    @Test
    void theSameHashTwiceIsNoConflict() throws IOException {
        // GIVEN one id twice with the same hash, another with two
        String lines = "{\"_id\":{\"$oid\":\"a\"},\"passwordHash\":\"h1\"}\n{\"_id\":{\"$oid\":\"a\"},\"passwordHash\":\"h1\"}\n"
                + "{\"_id\":{\"$oid\":\"b\"},\"passwordHash\":\"h1\"}\n{\"_id\":{\"$oid\":\"b\"},\"passwordHash\":\"h2\"}\n";

        // WHEN
        PasswordHashIndex index = PasswordHashIndex.read(Samples.text(lines), ImportLimits.DEFAULTS);

        // THEN
        assertEquals("h1", index.find("a").hash());
        assertEquals("the password-hash file has two hashes for this user", index.find("b").problem());
    }
}
