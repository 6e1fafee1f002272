package dev.roster.shared.imports.source;

import com.fasterxml.jackson.databind.JsonNode;
import dev.roster.shared.error.InvalidRequestException;
import dev.roster.shared.imports.BoundedLineReader.LimitExceededException;
import dev.roster.shared.imports.ImportLimits;
import dev.roster.shared.json.Json;
import dev.roster.shared.security.PasswordHasher;
import dev.roster.shared.security.PasswordVerifier;
import dev.roster.shared.user.ImportUserInput;
import dev.roster.shared.user.User;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Auth0ImportReaderTest {

    private static final String SAMPLE = "auth0-import.json";
    private static final PasswordHasher HASHER = new PasswordHasher(PasswordHasher.MIN_ITERATIONS);

    private static RecordReader reader(InputStream data, ImportLimits limits) throws IOException {
        return SourceFormat.AUTH0_IMPORT.open(data, limits, null);
    }

    private static List<SourceRecord> sample() throws IOException {
        return Samples.records(reader(Samples.open(SAMPLE), ImportLimits.DEFAULTS));
    }

    private static SourceRecord numbered(List<SourceRecord> records, long number) {
        return records.stream().filter(r -> r.number() == number).findFirst().orElseThrow();
    }

    @Test
    void theSampleFileGivesItsImportUserRecordsAndFailsItsBadElementsAlone() throws IOException {
        // GIVEN events/import-files/auth0-import.json: 20 users, every algorithm Auth0 documents, 4 bad elements

        // WHEN
        List<String> read = Samples.read(reader(Samples.open(SAMPLE), ImportLimits.DEFAULTS));

        // THEN each element is its record, numbered by its place; the bad ones (14 no object, 15 an hmac digest and
        // 16 a pbkdf2 digest Roster lacks, 18 a field twice, 19 a UTF-16 password) fail alone, naming the field
        assertEquals(Samples.expected("auth0-import.expected"), read);
    }

    @Test
    void aFailedElementKeepsWhatTheFileGaveForItsReport() throws IOException {
        // GIVEN
        List<SourceRecord> records = sample();

        // WHEN
        SourceRecord digest = numbered(records, 15);
        SourceRecord notObject = numbered(records, 14);

        // THEN
        assertEquals("custom_password_hash.hash.digest", digest.error().field());
        assertEquals("user15@example.com", digest.original().get("email").asText());
        assertNull(digest.record());
        assertEquals("not a user", notObject.original().asText());
        assertEquals("auth0|60425da93519d90068f82901", numbered(records, 1).original().get("user_id").asText());
    }

    @Test
    void theSampleHashesRosterVerifiesTodayVerifyTheKnownPassword() throws IOException {
        // GIVEN the records of bcrypt (password_hash and custom), md5, sha1 with a suffix salt, sha256 with a hex salt
        List<SourceRecord> records = sample();

        for (long number : new long[]{1, 2, 3, 4, 13}) {
            // WHEN
            User user = ImportUserInput.parse("demo", "u" + number, numbered(records, number).record(), 0, HASHER);

            // THEN
            assertTrue(PasswordVerifier.matches(user.password(), Samples.PASSWORD), "record " + number);
            assertFalse(PasswordVerifier.matches(user.password(), Samples.PASSWORD + "x"), "record " + number);
        }
    }

    @Test
    void theSampleHashesOfTheNewAlgorithmsAreHashesOfTheKnownPassword() throws Exception {
        // GIVEN the records whose algorithms the JDK computes (the verifier of each lands with the hashes work)
        List<SourceRecord> records = sample();
        byte[] password = Samples.PASSWORD.getBytes(StandardCharsets.UTF_8);

        // WHEN / THEN sha512 with a binary base64 salt in front
        JsonNode sha512 = numbered(records, 5).record();
        byte[] salt = Base64.getDecoder().decode(sha512.get("Salt").get("SaltValue").asText());
        assertEquals("BASE64", sha512.get("Salt").get("SaltEncoding").asText());
        assertEquals(hex(MessageDigest.getInstance("SHA-512").digest(concat(salt, password))),
                sha512.get("Password").asText());
        // hmac-sha256 with a UTF-8 key; hmac-sha512 with a base64 key and a suffix salt
        JsonNode hmac256 = numbered(records, 7).record();
        assertEquals(hex(hmac("HmacSHA256", "auth0-import-key".getBytes(StandardCharsets.UTF_8), password)),
                hmac256.get("Password").asText());
        JsonNode hmac512 = numbered(records, 8).record();
        byte[] key = Base64.getDecoder().decode(hmac512.get("HmacKey").get("KeyValue").asText());
        assertEquals(hex(hmac("HmacSHA512", key, concat(password, "salt2".getBytes(StandardCharsets.UTF_8)))),
                hmac512.get("Password").asText());
        // {SSHA}: sha1(password + salt) + salt
        byte[] ssha = Base64.getDecoder().decode(numbered(records, 9).record().get("Password").asText().substring(6));
        byte[] sshaSalt = Arrays.copyOfRange(ssha, 20, ssha.length);
        assertArrayEquals(Arrays.copyOf(ssha, 20), MessageDigest.getInstance("SHA-1").digest(concat(password, sshaSalt)));
        // pbkdf2-sha256, 10,000 iterations, 32 bytes
        String[] phc = numbered(records, 10).record().get("Password").asText().split("\\$");
        byte[] pbkdf2 = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(new PBEKeySpec(
                Samples.PASSWORD.toCharArray(), Base64.getDecoder().decode(phc[3]), 10_000, 256)).getEncoded();
        assertArrayEquals(Base64.getDecoder().decode(phc[4]), pbkdf2);
    }

    @Test
    void aRecordWithoutAnIdentifierIsReadAndFailsItsValidation() throws IOException {
        // GIVEN element 17: a given name and metadata, no email, username or phone
        JsonNode record = numbered(sample(), 17).record();

        // WHEN
        InvalidRequestException e = assertThrows(InvalidRequestException.class,
                () -> ImportUserInput.parse("demo", "u17", record, 0, HASHER));

        // THEN
        assertEquals(InvalidRequestException.MISSING_PARAMETER, e.code());
    }

    @Test
    void anElementOverTheLineCapFailsTheJobAfterTheElementsBeforeIt() throws IOException {
        // GIVEN a cap of 100 bytes an element, and a second element of 150
        String big = "{\"email\":\"b@example.com\",\"name\":\"" + "x".repeat(120) + "\"}";
        RecordReader reader = reader(Samples.text("[{\"email\":\"a@example.com\"}, " + big + "]"),
                Samples.limits(1 << 20, 100));

        // WHEN
        SourceRecord first = reader.next();
        LimitExceededException e = assertThrows(LimitExceededException.class, reader::next);

        // THEN
        assertEquals("a@example.com", first.record().get("Email").asText());
        assertEquals("Element 2 of the import file is longer than 100 bytes.", e.getMessage());
    }

    @Test
    void aHugeStringIsRefusedBeforeItIsBuffered() throws IOException {
        // GIVEN one element holding a 5 MB string, under a 1 KiB cap
        String huge = "[{\"email\":\"" + "x".repeat(5_000_000) + "\"}]";

        // WHEN
        RecordReader reader = reader(Samples.text(huge), Samples.limits(1L << 30, 1024));

        // THEN
        LimitExceededException e = assertThrows(LimitExceededException.class, reader::next);
        assertEquals("Element 1 of the import file is longer than 1 KiB.", e.getMessage());
    }

    @Test
    void aFileOverTheSizeCapFailsTheJob() throws IOException {
        // GIVEN a 60-byte cap on the file
        String file = "[{\"email\":\"a@example.com\"},{\"email\":\"b@example.com\"},{\"email\":\"c@example.com\"}]";

        // WHEN / THEN (the parser may read ahead past the cap as it opens)
        LimitExceededException e = assertThrows(LimitExceededException.class,
                () -> Samples.records(reader(Samples.text(file), Samples.limits(60, 1 << 20))));
        assertEquals("The import file is larger than 60 bytes once decompressed.", e.getMessage());
    }

    @Test
    void malformedJsonKeepsTheElementsBeforeItAndFailsTheJobSayingWhere() throws IOException {
        // GIVEN two good elements, then JSON broken inside the third
        RecordReader reader = reader(Samples.text("[{\"email\":\"a@example.com\"},{\"email\":\"b@example.com\"},"
                + "{\"email\": ]"), ImportLimits.DEFAULTS);

        // WHEN
        SourceRecord first = reader.next();
        SourceRecord second = reader.next();
        LimitExceededException e = assertThrows(LimitExceededException.class, reader::next);

        // THEN
        assertEquals(List.of(1L, 2L), List.of(first.number(), second.number()));
        assertTrue(e.getMessage().startsWith("The import file is not readable as JSON at line 1, column "), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{\"users\":[]}", "\"[]\"", "[{\"email\":\"a@example.com\"}] []", "[{\"email\":1}"})
    void aFileThatIsNoJsonArrayFailsTheJob(String file) throws IOException {
        // GIVEN the file above
        // WHEN / THEN
        LimitExceededException e = assertThrows(LimitExceededException.class,
                () -> Samples.records(reader(Samples.text(file), ImportLimits.DEFAULTS)));
        assertTrue(e.getMessage().startsWith("The import file "), e.getMessage());
    }

    @Test
    void anEmptyArrayIsNoRecords() throws IOException {
        // GIVEN / WHEN
        List<SourceRecord> records = Samples.records(reader(Samples.text(" [ ] \n"), ImportLimits.DEFAULTS));

        // THEN
        assertTrue(records.isEmpty());
    }

    @Test
    void numbersAndNestedValuesKeepTheirTypes() throws IOException {
        // GIVEN
        String file = "[{\"email\":\"a@example.com\",\"app_metadata\":{\"big\":12345678901234567890,\"n\":7,"
                + "\"l\":12345678901,\"f\":1.5,\"list\":[true,null,\"x\"]},\"user_metadata\":{\"age\":42}}]";

        // WHEN
        JsonNode record = Samples.records(reader(Samples.text(file), ImportLimits.DEFAULTS)).get(0).record();

        // THEN the tree is the one Roster's own parser makes of the same text
        assertEquals(Json.parseObject("{\"big\":12345678901234567890,\"n\":7,\"l\":12345678901,\"f\":1.5,"
                + "\"list\":[true,null,\"x\"]}"), record.get("AppMetadata"));
        assertEquals("NUMBER", record.get("CustomizationAttributes").get(0).get("Type").asText());
    }

    private static byte[] hmac(String algorithm, byte[] key, byte[] data) throws Exception {
        Mac mac = Mac.getInstance(algorithm);
        mac.init(new SecretKeySpec(key, algorithm));
        return mac.doFinal(data);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
