package dev.roster.shared.imports.source;

import com.fasterxml.jackson.databind.JsonNode;
import dev.roster.shared.error.InvalidRequestException;
import dev.roster.shared.imports.BoundedLineReader.LimitExceededException;
import dev.roster.shared.imports.ImportLimits;
import dev.roster.shared.json.Json;
import dev.roster.shared.user.ImportUserInput;
import org.junit.jupiter.api.Test;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;

import static dev.roster.shared.imports.source.SourceFiles.readAll;
import static dev.roster.shared.imports.source.SourceFiles.sample;
import static dev.roster.shared.imports.source.SourceFiles.text;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KeycloakReaderTest {

    private static JsonNode json(String text) {
        return Json.parseObject(text);
    }

    @Test
    void realmExportUsersBecomeImportUsersWithTheirNumbers() throws IOException {
        // GIVEN the sample realm export: 12 users among the realm's roles, groups, clients and keys
        // WHEN it is read as KEYCLOAK
        List<SourceRecord> records = readAll(SourceFormat.KEYCLOAK, sample("keycloak-realm-export.json"));

        // THEN every user is a record numbered by its place in the users array
        assertEquals(12, records.size());
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L),
                records.stream().map(SourceRecord::number).toList());
        // AND alice carries every field kind, her PBKDF2-SHA256 credential as a PHC string
        assertEquals(json("""
                {"UserId": "a3e1d4a4-b1e3-5a65-a5d9-4e2c8c4b8bd3", "UserName": "alice", "Email": "alice@acme.example",
                 "EmailVerified": true, "GivenName": "Alice", "FamilyName": "Martin", "Blocked": false,
                 "UserGroup": ["/staff", "/staff/engineering"], "Locale": "fr",
                 "CustomizationAttributes": [
                   {"Name": "department", "Value": "engineering", "Type": "STRING"},
                   {"Name": "phoneNumber", "Value": "+33 6 12 34 56 78", "Type": "STRING"},
                   {"Name": "projects", "Value": "[\\"apollo\\",\\"gemini\\"]", "Type": "STRING"}],
                 "AppMetadata": {"keycloak": {"realmRoles": ["default-roles-acme", "offline_access", "admin"],
                   "clientRoles": {"billing-app": ["invoice-reader", "invoice-writer"]}}},
                 "Password": "%s", "PasswordEncryptTypeEnum": "PBKDF2"}
                """.formatted(records.get(0).record().get("Password").asText())
                .replace("a3e1d4a4-b1e3-5a65-a5d9-4e2c8c4b8bd3", records.get(0).record().get("UserId").asText())),
                records.get(0).record());
        assertTrue(records.get(0).record().get("UserId").asText().matches("[0-9a-f-]{36}"));
        // AND the original kept for the failure report holds no credential
        assertFalse(records.get(0).original().has("credentials"));
        assertEquals("alice", records.get(0).original().get("username").asText());
    }

    @Test
    void pbkdf2CredentialsAreThePhcStringsOfTheKnownPasswords() throws Exception {
        // GIVEN the sample's PBKDF2 users and their documented passwords (events/import-files/README.md)
        List<SourceRecord> records = readAll(SourceFormat.KEYCLOAK, sample("keycloak-realm-export.json"));

        // THEN each PHC string verifies its password with the JDK's own PBKDF2, at the stored key length
        assertPbkdf2("Correct-Horse-7", "PBKDF2WithHmacSHA256", "$pbkdf2-sha256$i=27500$", 64, records.get(0));
        assertPbkdf2("Sha512-Bob-2024", "PBKDF2WithHmacSHA512", "$pbkdf2-sha512$i=210000$", 64, records.get(1));
        // dave: a realm from before Keycloak 7 (hashedSaltedValue on the credential), HMAC-SHA1
        assertPbkdf2("Legacy-Dave-1", "PBKDF2WithHmacSHA1", "$pbkdf2$i=20000$", 64, records.get(3));
        // erin: Keycloak 24's 256-bit pbkdf2-sha256 key
        assertPbkdf2("Newer-Erin-99", "PBKDF2WithHmacSHA256", "$pbkdf2-sha256$i=600000$", 32, records.get(4));
    }

    private static void assertPbkdf2(String password, String jdkName, String prefix, int keyBytes, SourceRecord record)
            throws Exception {
        String phc = record.record().get("Password").asText();
        assertEquals("PBKDF2", record.record().get("PasswordEncryptTypeEnum").asText());
        assertTrue(phc.startsWith(prefix), phc);
        String[] parts = phc.split("\\$");
        byte[] salt = Base64.getDecoder().decode(parts[3]);
        byte[] hash = Base64.getDecoder().decode(parts[4]);
        assertEquals(keyBytes, hash.length);
        int iterations = Integer.parseInt(parts[2].substring(2));
        byte[] derived = SecretKeyFactory.getInstance(jdkName)
                .generateSecret(new PBEKeySpec(password.toCharArray(), salt, iterations, keyBytes * 8)).getEncoded();
        assertArrayEquals(hash, derived);
    }

    @Test
    void argon2CredentialIsThePhcStringTheArgon2ToolPrints() throws IOException {
        // GIVEN carol's Keycloak argon2 credential, made by the reference argon2 CLI (type id, v1.3, m=7168, t=5, p=1)
        SourceRecord carol = readAll(SourceFormat.KEYCLOAK, sample("keycloak-realm-export.json")).get(2);

        // THEN it is exactly the encoded string `argon2 c4r0l-s4lt-16byt -id -t 5 -k 7168 -p 1 -l 32 -e` prints
        assertEquals("$argon2id$v=19$m=7168,t=5,p=1$YzRyMGwtczRsdC0xNmJ5dA$"
                + "zQ8ZdYXZwfp/Gq5XArqIqQ33x63sNNHJEsA/x8zokIc", carol.record().get("Password").asText());
        assertEquals("ARGON2", carol.record().get("PasswordEncryptTypeEnum").asText());
    }

    @Test
    void usersWithoutAVerifiablePasswordAreImportedWithoutOne() throws IOException {
        List<SourceRecord> records = readAll(SourceFormat.KEYCLOAK, sample("keycloak-realm-export.json"));
        // GIVEN frank (federated, no credential), grace (an OTP only) and heidi (a custom provider's hash)
        // THEN each is a record without Password, and erin's and frank's federated identities are kept
        for (int i : new int[] {5, 6, 7}) {
            assertNull(records.get(i).error());
            assertFalse(records.get(i).record().has("Password"), records.get(i).record().toString());
        }
        assertEquals("github", records.get(5).record().at("/AppMetadata/keycloak/federatedIdentities/0/identityProvider")
                .asText());
        // AND erin, disabled in Keycloak, is Blocked
        assertTrue(records.get(4).record().get("Blocked").asBoolean());
        assertEquals("google", records.get(4).record().at("/AppMetadata/keycloak/federatedIdentities/0/identityProvider")
                .asText());
    }

    @Test
    void badUsersFailAloneWithTheirNumbersAndReasons() throws IOException {
        List<SourceRecord> records = readAll(SourceFormat.KEYCLOAK, sample("keycloak-realm-export.json"));
        // THEN the service account (9), the credential that is no base64 (11) and enabled "yes" (12) fail alone
        assertEquals(List.of(9L, 11L, 12L), records.stream().filter(r -> r.error() != null)
                .map(SourceRecord::number).toList());
        assertTrue(records.get(8).error().getMessage().contains("service account of client billing-app"));
        assertTrue(records.get(10).error().getMessage().contains("not base64"), records.get(10).error().getMessage());
        assertTrue(records.get(11).error().getMessage().contains("enabled"));
        assertFalse(records.get(10).original().has("credentials"));
        // AND a user name Roster refuses (a space, which Keycloak allows) fails when the record is parsed
        InvalidRequestException refused = assertThrows(InvalidRequestException.class, () -> ImportUserInput.parse(
                "store", "derived", withoutPassword(records.get(9).record()), 0, null));
        assertEquals("UserName", refused.field());
    }

    private static JsonNode withoutPassword(JsonNode record) {
        com.fasterxml.jackson.databind.node.ObjectNode copy = record.deepCopy();
        copy.remove(List.of("Password", "PasswordEncryptTypeEnum"));
        return copy;
    }

    @Test
    void usersFileOfADifferentFilesExportIsReadTheSameWay() throws IOException {
        // GIVEN acme-users-0.json ({"realm", "users"}): pbkdf2 of each digest, a disabled user, two bad elements
        List<SourceRecord> records = readAll(SourceFormat.KEYCLOAK, sample("keycloak-users-0.json"));

        assertEquals(8, records.size());
        assertEquals("$pbkdf2$i=27500$", records.get(1).record().get("Password").asText().substring(0, 16));
        assertEquals("[\"CC-7\",\"CC-9\"]", records.get(4).record().at("/CustomizationAttributes/1/Value").asText());
        assertTrue(records.get(3).record().get("Blocked").asBoolean());
        // THEN the credential without hashIterations (7) and the element that is no object (8) fail alone
        assertEquals(List.of(7L, 8L), records.stream().filter(r -> r.error() != null)
                .map(SourceRecord::number).toList());
        assertTrue(records.get(6).error().getMessage().contains("hashIterations"));
    }

    @Test
    void aRootArrayOfUsersAndADuplicatedFieldAreRead() throws IOException {
        List<SourceRecord> records = readAll(SourceFormat.KEYCLOAK,
                text("[{\"username\": \"a\"}, {\"username\": \"b\", \"username\": \"c\"}]"));
        assertEquals("a", records.get(0).record().get("UserName").asText());
        assertEquals("username", records.get(1).error().field());
    }

    @Test
    void aUserOverTheLineCapFailsTheFile() {
        // GIVEN a cap of 1 KiB a user and a user with a 2 KiB attribute
        String big = "x".repeat(2048);
        ImportLimits limits = new ImportLimits(1 << 20, 1024);
        LimitExceededException e = assertThrows(LimitExceededException.class, () -> readAll(SourceFormat.KEYCLOAK,
                text("{\"users\": [{\"username\": \"a\"}, {\"username\": \"b\", \"attributes\": {\"n\": [\"" + big
                        + "\", \"" + big + "\"]}}]}"), limits));
        assertTrue(e.getMessage().contains("longer than 1 KiB"), e.getMessage());
    }

    @Test
    void aFileOverTheFileCapFailsWithoutBeingReadToItsEnd() {
        // GIVEN an endless stream of users and a 64 KiB file cap
        InputStream endless = new InputStream() {
            private final byte[] user = ",{\"username\": \"someone\"}".getBytes(StandardCharsets.UTF_8);
            private final byte[] head = "{\"users\": [{\"username\": \"first\"}".getBytes(StandardCharsets.UTF_8);
            private long position;

            @Override
            public int read() {
                long at = position++;
                return at < head.length ? head[(int) at] : user[(int) ((at - head.length) % user.length)];
            }
        };
        LimitExceededException e = assertThrows(LimitExceededException.class,
                () -> readAll(SourceFormat.KEYCLOAK, endless, new ImportLimits(64 << 10, 1024)));
        assertTrue(e.getMessage().contains("larger than 64 KiB"), e.getMessage());
    }

    @Test
    void aFileThatIsNoUsersJsonFailsWithAClearReason() {
        assertTrue(assertThrows(LimitExceededException.class, () -> readAll(SourceFormat.KEYCLOAK,
                text("{\"realm\": \"acme\", \"clients\": []}"))).getMessage().contains("no \"users\" array"));
        assertTrue(assertThrows(LimitExceededException.class, () -> readAll(SourceFormat.KEYCLOAK,
                text("{\"users\": [{\"username\": \"a\"} {]}"))).getMessage().contains("not readable as JSON at line 1"));
        assertTrue(assertThrows(LimitExceededException.class, () -> readAll(SourceFormat.KEYCLOAK,
                text("{\"users\": [{\"username\": \"a\"}"))).getMessage().contains("Unexpected end-of-input"));
    }

    @Test
    void manyUsersStreamOneAtATime() throws IOException {
        // GIVEN 20,000 users behind a large skipped field, under a 1 KiB line cap (the whole file is ~1.5 MB)
        String users = String.join(",", IntStream.range(0, 20_000)
                .mapToObj(i -> "{\"username\": \"u" + i + "\", \"enabled\": true}").toList());
        String file = "{\"clients\": [" + String.join(",", Collections.nCopies(2_000, "{\"clientId\": \"c\"}"))
                + "], \"users\": [" + users + "]}";
        try (RecordReader reader = SourceFormat.KEYCLOAK.open(text(file), new ImportLimits(4 << 20, 1024), null)) {
            long n = 0;
            for (SourceRecord r = reader.next(); r != null; r = reader.next()) {
                n++;
                assertEquals(n, r.number());
                assertEquals("u" + (n - 1), r.record().get("UserName").asText());
            }
            assertEquals(20_000, n);
        }
    }

    private static String credentialUser(String credential) {
        return "{\"users\": [{\"username\": \"u\", \"credentials\": [{\"type\": \"otp\"}, " + credential + "]}]}";
    }

    private static SourceRecord readOne(String file) throws IOException {
        return readAll(SourceFormat.KEYCLOAK, text(file)).get(0);
    }

    @Test
    void everyCredentialFormKeycloakWrites() throws IOException {
        // GIVEN a hand-written realm file's clear password: Roster hashes it (PLAINTEXT, the default)
        assertEquals(json("{\"UserName\": \"u\", \"Password\": \"Clear-Pass-1\"}"),
                readOne(credentialUser("{\"type\": \"password\", \"value\": \"Clear-Pass-1\"}")).record());
        // AND a bcrypt provider's modular string, and credential documents given as objects
        SourceRecord bcrypt = readOne(credentialUser("{\"type\": \"password\", \"secretData\": {\"value\":"
                + " \"$2b$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy\"}, \"credentialData\":"
                + " {\"algorithm\": \"bcrypt\", \"hashIterations\": 10}}"));
        assertEquals("BCRYPT", bcrypt.record().get("PasswordEncryptTypeEnum").asText());
        // AND argon2 of version 1.0, type i, parameters as bare values
        SourceRecord argon2i = readOne(credentialUser("{\"type\": \"password\", \"secretData\":"
                + " \"{\\\"value\\\":\\\"AAECAw==\\\",\\\"salt\\\":\\\"c2FsdHNhbHQ=\\\"}\","
                + " \"credentialData\": \"{\\\"hashIterations\\\":3,\\\"algorithm\\\":\\\"argon2\\\","
                + "\\\"additionalParameters\\\":{\\\"type\\\":\\\"i\\\",\\\"version\\\":\\\"1.0\\\","
                + "\\\"memory\\\":\\\"4096\\\",\\\"parallelism\\\":2,\\\"hashLength\\\":[\\\"4\\\"]}}\"}"));
        assertEquals("$argon2i$v=16$m=4096,t=3,p=2$c2FsdHNhbHQ$AAECAw", argon2i.record().get("Password").asText());
        // THEN an argon2 hashLength that is not the value's length, or an unknown type, fails the user
        assertTrue(readOne(credentialUser("{\"type\": \"password\", \"secretData\": {\"value\": \"AAECAw==\","
                + " \"salt\": \"c2FsdA==\"}, \"credentialData\": {\"algorithm\": \"argon2\", \"hashIterations\": 1,"
                + " \"additionalParameters\": {\"hashLength\": [\"32\"], \"memory\": [\"8\"], \"parallelism\": [\"1\"]}}}"))
                .error().getMessage().contains("hashLength"));
        assertTrue(readOne(credentialUser("{\"type\": \"password\", \"secretData\": {\"value\": \"AAECAw==\","
                + " \"salt\": \"c2FsdA==\"}, \"credentialData\": {\"algorithm\": \"argon2\", \"hashIterations\": 1,"
                + " \"additionalParameters\": {\"type\": [\"x\"]}}}")).error().getMessage().contains("argon2 type"));
        assertTrue(readOne(credentialUser("{\"type\": \"password\", \"secretData\": \"{not json\"}"))
                .error().getMessage().contains("secretData"));
    }
}
