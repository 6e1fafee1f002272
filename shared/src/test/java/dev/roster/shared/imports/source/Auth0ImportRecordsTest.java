package dev.roster.shared.imports.source;

import com.fasterxml.jackson.databind.JsonNode;
import dev.roster.shared.error.InvalidRequestException;
import dev.roster.shared.json.Json;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Auth0ImportRecordsTest {

    private static Auth0ImportRecords.Mapped mapped(String custom) {
        return Auth0ImportRecords.map(Json.parseObject("{\"email\":\"a@example.com\",\"custom_password_hash\":"
                + custom.replace('\'', '"') + "}"));
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "'md5:5f4dcc3b'|custom_password_hash",
            "{'hash':{'value':'ab'}}|custom_password_hash.algorithm",
            "{'algorithm':'crc32','hash':{'value':'ab'}}|custom_password_hash.algorithm",
            "{'algorithm':'md5'}|custom_password_hash.hash",
            "{'algorithm':'md5','hash':{}}|custom_password_hash.hash.value",
            "{'algorithm':'md5','hash':{'value':'ab','encoding':'utf8'}}|custom_password_hash.hash.encoding",
            "{'algorithm':'bcrypt','hash':{'value':'$2b$10$x','encoding':'base64'}}|custom_password_hash.hash.encoding",
            "{'algorithm':'bcrypt','hash':{'value':'$2b$10$x'},'salt':{'value':'s'}}|custom_password_hash.salt",
            "{'algorithm':'argon2','hash':{'value':'$argon2x$v=19$m=1,t=1,p=1$a$b'}}|custom_password_hash.hash.value",
            "{'algorithm':'scrypt','hash':{'value':'16384:8:1:salt:hash'}}|custom_password_hash.hash.value",
            "{'algorithm':'ldap','hash':{'value':'{CRYPT}abc'}}|custom_password_hash.hash.value",
            "{'algorithm':'ldap','hash':{'value':'abc'}}|custom_password_hash.hash.value",
            "{'algorithm':'pbkdf2','hash':{'value':'$pbkdf2-md5$i=1,l=16$a$b'}}|custom_password_hash.hash.value",
            "{'algorithm':'pbkdf2','hash':{'value':'pbkdf2_sha256$1$a$b'}}|custom_password_hash.hash.value",
            "{'algorithm':'hmac','hash':{'value':'ab','key':{'value':'k'}}}|custom_password_hash.hash.digest",
            "{'algorithm':'hmac','hash':{'value':'ab','digest':'sha1','key':{'value':'k'}}}|custom_password_hash.hash.digest",
            "{'algorithm':'hmac','hash':{'value':'ab','digest':'sha256'}}|custom_password_hash.hash.key",
            "{'algorithm':'hmac','hash':{'value':'ab','digest':'sha256','key':{}}}|custom_password_hash.hash.key.value",
            "{'algorithm':'hmac','hash':{'value':'ab','digest':'sha256','key':{'value':'k','encoding':'latin1'}}}"
                    + "|custom_password_hash.hash.key.encoding",
            "{'algorithm':'sha1','hash':{'value':'ab'},'salt':'s'}|custom_password_hash.salt",
            "{'algorithm':'sha1','hash':{'value':'ab'},'salt':{'value':'s','position':'middle'}}"
                    + "|custom_password_hash.salt.position",
            "{'algorithm':'sha1','hash':{'value':'ab'},'salt':{'value':'s','encoding':'latin1'}}"
                    + "|custom_password_hash.salt.encoding",
            "{'algorithm':'sha1','hash':{'value':'ab'},'salt':{'value':'zz','encoding':'hex'}}"
                    + "|custom_password_hash.salt.value",
            "{'algorithm':'sha1','hash':{'value':'ab'},'password':{'encoding':'utf16le'}}"
                    + "|custom_password_hash.password.encoding"})
    void whatRosterCannotCarryFailsTheRecordNamingTheField(String custom, String field) {
        // GIVEN the custom_password_hash above

        // WHEN
        Auth0ImportRecords.Mapped mapped = mapped(custom);

        // THEN the error names the field; the record is marked with it for the door, and holds no password
        InvalidRequestException e = mapped.error();
        assertEquals(InvalidRequestException.INVALID_PARAMETER_VALUE, e.code());
        assertEquals(field, e.field());
        assertTrue(e.getMessage().startsWith("The value of " + field + " is invalid: "), e.getMessage());
        assertTrue(mapped.record().has(field), mapped.record()::toString);
        assertFalse(mapped.record().has("Password"), mapped.record()::toString);
    }

    @Test
    void aPrintableHexOrBase64SaltIsDecodedToText() {
        // GIVEN "NaCl" in hex, and in base64 as a suffix
        Auth0ImportRecords.Mapped hex = mapped("{'algorithm':'sha256','hash':{'value':'ab'},"
                + "'salt':{'value':'4e61436c','encoding':'hex'}}");
        Auth0ImportRecords.Mapped base64 = mapped("{'algorithm':'sha256','hash':{'value':'ab'},"
                + "'salt':{'value':'TmFDbA==','encoding':'base64','position':'suffix'}}");

        // WHEN / THEN
        assertEquals(Json.parseObject("{\"SaltValue\":\"NaCl\",\"SaltLocation\":{\"SaltLocationTypeEnum\":\"HEAD\"}}"),
                hex.record().get("Salt"));
        assertEquals(Json.parseObject("{\"SaltValue\":\"NaCl\",\"SaltLocation\":{\"SaltLocationTypeEnum\":\"TAIL\"}}"),
                base64.record().get("Salt"));
        assertNull(hex.error());
    }

    @Test
    void aBinarySaltKeepsItsEncoding() {
        // GIVEN bytes 00 ff: no text
        Auth0ImportRecords.Mapped mapped = mapped("{'algorithm':'md5','hash':{'value':'ab'},"
                + "'salt':{'value':'00ff','encoding':'hex','position':'suffix'}}");

        // WHEN
        JsonNode salt = mapped.record().get("Salt");

        // THEN
        assertEquals(Json.parseObject("{\"SaltValue\":\"00ff\",\"SaltEncoding\":\"HEX\","
                + "\"SaltLocation\":{\"SaltLocationTypeEnum\":\"TAIL\"}}"), salt);
    }

    @Test
    void hmacCarriesItsKeyAndABase64DigestBecomesHex() {
        // GIVEN
        Auth0ImportRecords.Mapped mapped = mapped("{'algorithm':'hmac','hash':{'value':'q80=','encoding':'base64',"
                + "'digest':'SHA512','key':{'value':'6b6579','encoding':'hex'}}}");

        // WHEN
        JsonNode record = mapped.record();

        // THEN
        assertEquals("HMAC_SHA512", record.get("PasswordEncryptTypeEnum").asText());
        assertEquals("abcd", record.get("Password").asText());
        assertEquals(Json.parseObject("{\"KeyValue\":\"6b6579\",\"KeyEncoding\":\"HEX\"}"), record.get("HmacKey"));
    }

    @Test
    void selfDescribingHashesAreKeptAsTheyAre() {
        // GIVEN pbkdf2 without a digest (sha1), ldap in lower case, argon2i
        String[][] cases = {
                {"pbkdf2", "$pbkdf2$i=1000,l=20$c2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhcw", "PBKDF2"},
                {"pbkdf2", "$pbkdf2-sha512$i=1000,l=64$c2FsdA$aGFzaA", "PBKDF2"},
                {"ldap", "{ssha512}aGFzaA==", "LDAP"},
                {"argon2", "$argon2i$v=19$m=512,t=2,p=1$c2FsdHNhbHQ$aGFzaA", "ARGON2"}};
        for (String[] c : cases) {
            // WHEN
            JsonNode record = mapped("{'algorithm':'" + c[0] + "','hash':{'value':'" + c[1] + "'}}").record();

            // THEN
            assertEquals(c[1], record.get("Password").asText());
            assertEquals(c[2], record.get("PasswordEncryptTypeEnum").asText());
        }
    }

    @Test
    void auth0NamesOfImportUserFields() {
        // GIVEN / WHEN / THEN
        assertEquals("user_id", Auth0ImportRecords.auth0Name("UserId"));
        assertEquals("user_metadata", Auth0ImportRecords.auth0Name("CustomizationAttributes"));
        assertEquals("given_name", Auth0ImportRecords.auth0Name("GivenName"));
        assertNull(Auth0ImportRecords.auth0Name("Password"));
    }
}
