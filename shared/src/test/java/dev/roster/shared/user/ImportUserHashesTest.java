package dev.roster.shared.user;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roster.shared.error.InvalidRequestException;
import dev.roster.shared.json.Json;
import dev.roster.shared.security.PasswordCredential;
import dev.roster.shared.security.PasswordHasher;
import dev.roster.shared.security.PasswordVerifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ImportUser's hash forms: HmacKey, SaltEncoding, the self-describing strings, and every way each can be wrong. */
class ImportUserHashesTest {

    private static final PasswordHasher HASHER = new PasswordHasher(PasswordHasher.MIN_ITERATIONS);
    /** The argon2 reference implementation's test.c vector: "password", salt "somesalt". */
    private static final String ARGON2ID =
            "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc";
    /** RFC 4231 test case 2: HMAC-SHA256, key "Jefe", of "what do ya want for nothing?". */
    private static final String JEFE = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843";
    private static final String JEFE_PASSWORD = "what do ya want for nothing?";

    private static ObjectNode record(String json) {
        ObjectNode record = (ObjectNode) Json.parseObject(json);
        record.put("UserName", "lisi");
        return record;
    }

    private static User parse(ObjectNode record) {
        return ImportUserInput.parse("store", "u-1", record, 1L, HASHER);
    }

    private static InvalidRequestException refused(String code, String field, ObjectNode record) {
        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> parse(record));
        assertEquals(code, e.code(), e.getMessage());
        assertTrue(e.getMessage().contains(field), () -> "expected " + field + " in: " + e.getMessage());
        return e;
    }

    @Test
    void anHmacWithItsKeyIsKeptWithTheKeyAndVerifies() {
        // given
        ObjectNode record = record("{\"Password\":\"" + JEFE + "\",\"PasswordEncryptTypeEnum\":\"HMAC_SHA256\","
                + "\"HmacKey\":{\"KeyValue\":\"4a656665\",\"KeyEncoding\":\"HEX\"}}");

        // when
        PasswordCredential credential = parse(record).password();

        // then
        assertEquals("HMAC_SHA256", credential.algorithm());
        assertEquals("4a656665", credential.hmacKey());
        assertEquals("HEX", credential.hmacKeyEncoding());
        assertTrue(PasswordVerifier.matches(credential, JEFE_PASSWORD));
        assertFalse(PasswordVerifier.matches(credential, JEFE_PASSWORD + "!"));
        assertFalse(credential.toString().contains("4a656665"), credential.toString());
    }

    @Test
    void aBinarySaltIsKeptWithItsEncodingAndPrefixesThePasswordBytes() {
        // given SHA256(0x00 0xff || "abc123") and the same salt in BASE64
        byte[] salt = {0x00, (byte) 0xff};
        java.io.ByteArrayOutputStream hashed = new java.io.ByteArrayOutputStream();
        hashed.writeBytes(salt);
        hashed.writeBytes("abc123".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        String hash = java.util.HexFormat.of().formatHex(new org.bouncycastle.crypto.digests.SHA256Digest() {
            byte[] of(byte[] in) {
                update(in, 0, in.length);
                byte[] out = new byte[32];
                doFinal(out, 0);
                return out;
            }
        }.of(hashed.toByteArray()));
        ObjectNode hex = record("{\"Password\":\"" + hash + "\",\"PasswordEncryptTypeEnum\":\"SHA256\","
                + "\"Salt\":{\"SaltValue\":\"00FF\",\"SaltEncoding\":\"HEX\"}}");
        ObjectNode base64 = record("{\"Password\":\"" + hash + "\",\"PasswordEncryptTypeEnum\":\"SHA256\","
                + "\"Salt\":{\"SaltValue\":\"AP8=\",\"SaltEncoding\":\"BASE64\"}}");
        ObjectNode asText = record("{\"Password\":\"" + hash + "\",\"PasswordEncryptTypeEnum\":\"SHA256\","
                + "\"Salt\":{\"SaltValue\":\"00FF\",\"SaltEncoding\":\"UTF8\"}}");

        // when
        PasswordCredential fromHex = parse(hex).password();
        PasswordCredential fromBase64 = parse(base64).password();
        PasswordCredential fromText = parse(asText).password();

        // then
        assertEquals("HEX", fromHex.saltEncoding());
        assertTrue(PasswordVerifier.matches(fromHex, "abc123"));
        assertTrue(PasswordVerifier.matches(fromBase64, "abc123"));
        assertNull(fromText.saltEncoding(), "UTF8 is the default, not stored");
        assertFalse(PasswordVerifier.matches(fromText, "abc123"));
    }

    static Stream<Arguments> selfDescribing() {
        return Stream.of(
                Arguments.of("ARGON2", ARGON2ID),
                Arguments.of("PBKDF2", "$pbkdf2-sha256$i=1,l=64$c2FsdA$VawEblbjCJ/sFpHCJUS2BflBhSFt3gRl5oudV8INrLx"
                        + "JypzM8Xm2RZkWZLOdd+8xfHG4RbHjC9UJESBB06GXgw"),
                Arguments.of("SCRYPT", "$scrypt$ln=10,r=8,p=16$TmFDbA$/bq+HJ00cgB4VucZDQHp/nxq18vII3gw53N2Y0s3MWIu"
                        + "rzDZLiKjiG/xCSedmDDaxyevuUqD7m2DYMvfoswGQA"),
                Arguments.of("LDAP", "{SSHA}hRjlmD1te9w/hM35Lj/s841OtqFW+e2s"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("selfDescribing")
    void aSelfDescribingHashIsKeptAsIsAndRefusesASalt(String algorithm, String hash) {
        // given
        ObjectNode plain = record("{\"PasswordEncryptTypeEnum\":\"" + algorithm + "\"}").put("Password", hash);
        ObjectNode salted = plain.deepCopy();
        salted.putObject("Salt").put("SaltValue", "pepper");

        // when
        PasswordCredential credential = parse(plain).password();

        // then
        assertEquals(algorithm, credential.algorithm());
        assertEquals(hash, credential.hash());
        assertNull(credential.salt());
        refused(InvalidRequestException.INVALID_PARAMETER_VALUE, "Salt", salted);
    }

    @Test
    void hmacKeyIsRequiredForHmacAndRefusedElsewhere() {
        // given
        ObjectNode keyless = record("{\"Password\":\"" + JEFE + "\",\"PasswordEncryptTypeEnum\":\"HMAC_SHA256\"}");
        ObjectNode keyedSha = record("{\"Password\":\"" + JEFE + "\",\"PasswordEncryptTypeEnum\":\"SHA256\","
                + "\"HmacKey\":{\"KeyValue\":\"Jefe\"}}");
        ObjectNode keyedPlain = record("{\"Password\":\"abc123abc\",\"HmacKey\":{\"KeyValue\":\"Jefe\"}}");
        ObjectNode keyedNothing = record("{\"HmacKey\":{\"KeyValue\":\"Jefe\"}}");
        ObjectNode emptyKey = record("{\"Password\":\"" + JEFE + "\",\"PasswordEncryptTypeEnum\":\"HMAC_SHA256\","
                + "\"HmacKey\":{\"KeyValue\":\"\"}}");
        ObjectNode keyedArgon = record("{\"PasswordEncryptTypeEnum\":\"ARGON2\",\"HmacKey\":{\"KeyValue\":\"k\"}}")
                .put("Password", ARGON2ID);

        // then
        refused(InvalidRequestException.MISSING_PARAMETER, "HmacKey", keyless);
        refused(InvalidRequestException.MISSING_PARAMETER, "HmacKey.KeyValue", emptyKey);
        refused(InvalidRequestException.INVALID_PARAMETER_VALUE, "HmacKey", keyedSha);
        refused(InvalidRequestException.INVALID_PARAMETER_VALUE, "HmacKey", keyedPlain);
        refused(InvalidRequestException.INVALID_PARAMETER_VALUE, "HmacKey", keyedNothing);
        refused(InvalidRequestException.INVALID_PARAMETER_VALUE, "HmacKey", keyedArgon);
    }

    static Stream<Arguments> malformed() {
        String hmac = "{\"Password\":\"" + JEFE + "\",\"PasswordEncryptTypeEnum\":\"HMAC_SHA256\",";
        String sha = "{\"Password\":\"" + JEFE + "\",\"PasswordEncryptTypeEnum\":\"SHA256\",";
        return Stream.of(
                Arguments.of(hmac + "\"HmacKey\":\"Jefe\"}", "HmacKey"),
                Arguments.of(hmac + "\"HmacKey\":{\"KeyValue\":\"zz\",\"KeyEncoding\":\"HEX\"}}", "HmacKey.KeyValue"),
                Arguments.of(hmac + "\"HmacKey\":{\"KeyValue\":\"a!b\",\"KeyEncoding\":\"BASE64\"}}", "HmacKey.KeyValue"),
                Arguments.of(hmac + "\"HmacKey\":{\"KeyValue\":\"Jefe\",\"KeyEncoding\":\"ROT13\"}}", "HmacKey.KeyEncoding"),
                Arguments.of(hmac + "\"HmacKey\":{\"KeyValue\":\"Jefe\",\"KeyEncoding\":7}}", "HmacKey.KeyEncoding"),
                Arguments.of(sha + "\"Salt\":{\"SaltValue\":\"abc\",\"SaltEncoding\":\"HEX\"}}", "Salt.SaltValue"),
                Arguments.of(sha + "\"Salt\":{\"SaltValue\":\"@@\",\"SaltEncoding\":\"BASE64\"}}", "Salt.SaltValue"),
                Arguments.of(sha + "\"Salt\":{\"SaltValue\":\"abc\",\"SaltEncoding\":\"utf8\"}}", "Salt.SaltEncoding"),
                Arguments.of("{\"Password\":\"" + JEFE + "\",\"PasswordEncryptTypeEnum\":\"SHA384\"}",
                        "PasswordEncryptTypeEnum"),
                Arguments.of("{\"Password\":\"" + JEFE + "\",\"PasswordEncryptTypeEnum\":\"SHA512\"}", "Password"),
                Arguments.of("{\"Password\":\"abcd\",\"PasswordEncryptTypeEnum\":\"MD4\"}", "Password"),
                Arguments.of("{\"Password\":\"$argon2id$v=19$m=65536,t=2$c29tZXNhbHQ$CTFh\","
                        + "\"PasswordEncryptTypeEnum\":\"ARGON2\"}", "Password"),
                Arguments.of("{\"Password\":\"$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFh\","
                        + "\"PasswordEncryptTypeEnum\":\"PBKDF2\"}", "Password"),
                Arguments.of("{\"Password\":\"{CRYPT}abc\",\"PasswordEncryptTypeEnum\":\"LDAP\"}", "Password"),
                Arguments.of("{\"Password\":\"$scrypt$ln=10,r=8$TmFDbA$AAAA\",\"PasswordEncryptTypeEnum\":\"SCRYPT\"}",
                        "Password"));
    }

    @ParameterizedTest(name = "{1}: {0}")
    @MethodSource("malformed")
    void aMalformedValueIsRefusedNamingItsField(String json, String field) {
        // given
        ObjectNode record = record(json);

        // when / then
        refused(InvalidRequestException.INVALID_PARAMETER_VALUE, field, record);
    }

    @ParameterizedTest
    @ValueSource(strings = {"HmacKey", "Salt"})
    void anUnknownFieldInsideHmacKeyOrSaltIsNamed(String object) {
        // given
        ObjectNode record = record("{\"Password\":\"" + JEFE + "\",\"PasswordEncryptTypeEnum\":\"HMAC_SHA256\","
                + "\"HmacKey\":{\"KeyValue\":\"Jefe\"},\"Salt\":{\"SaltValue\":\"s\"}}");
        ((ObjectNode) record.get(object)).put("Pepper", "x");

        // when / then
        refused(InvalidRequestException.UNKNOWN_PARAMETER, object + ".Pepper", record);
    }

    static Stream<Arguments> overCap() {
        String b64 = "c29tZXNhbHRzb21lc2FsdA";
        String hash32 = "CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc";
        String hash64 = java.util.Base64.getEncoder().withoutPadding().encodeToString(new byte[64]);
        return Stream.of(
                Arguments.of("PBKDF2", "$pbkdf2-sha256$i=4000001$" + b64 + "$" + hash32, "4000000"),
                Arguments.of("PBKDF2", "$pbkdf2-sha256$i=2000001,l=64$" + b64 + "$" + hash64, "4000000"),
                Arguments.of("PBKDF2", "pbkdf2_sha256$9999999999$salt$" + hash32 + "=", "4000000"),
                Arguments.of("ARGON2", "$argon2id$v=19$m=2097152,t=1,p=4$" + b64 + "$" + hash32, "262144"),
                Arguments.of("ARGON2", "$argon2id$v=19$m=262144,t=5,p=1$" + b64 + "$" + hash32, "1048576"),
                Arguments.of("ARGON2", "$argon2id$v=19$m=65536,t=17,p=1$" + b64 + "$" + hash32, "1048576"),
                Arguments.of("ARGON2", "$argon2id$v=19$m=65536,t=1,p=17$" + b64 + "$" + hash32, "16"),
                Arguments.of("SCRYPT", "$scrypt$ln=20,r=8,p=1$" + b64 + "$" + hash32, String.valueOf(256L << 20)),
                Arguments.of("SCRYPT", "$scrypt$ln=16,r=8,p=16$" + b64 + "$" + hash32, String.valueOf(1L << 21)),
                Arguments.of("BCRYPT", "$2b$17$" + "a".repeat(53), "16"));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("overCap")
    void aHashCostlierThanItsCapFailsItsRecordNamingTheCap(String algorithm, String hash, String cap) {
        // given
        ObjectNode record = record("{\"PasswordEncryptTypeEnum\":\"" + algorithm + "\"}").put("Password", hash);

        // when
        InvalidRequestException e = refused(InvalidRequestException.INVALID_PARAMETER_VALUE, "Password", record);

        // then
        assertTrue(e.getMessage().contains(cap), e.getMessage());
    }

    static Stream<Arguments> realWorldDefaults() {
        String b64 = "c29tZXNhbHRzb21lc2FsdA";
        String hash32 = "CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc";
        String hash64 = java.util.Base64.getEncoder().withoutPadding().encodeToString(new byte[64]);
        return Stream.of(
                Arguments.of("Keycloak pbkdf2-sha256 (before 24)", "PBKDF2", "$pbkdf2-sha256$i=27500,l=64$" + b64 + "$" + hash64),
                Arguments.of("Keycloak pbkdf2-sha256 (24+)", "PBKDF2", "$pbkdf2-sha256$i=600000,l=64$" + b64 + "$" + hash64),
                Arguments.of("Keycloak pbkdf2-sha512", "PBKDF2", "$pbkdf2-sha512$i=210000,l=64$" + b64 + "$" + hash64),
                Arguments.of("Keycloak pbkdf2 (sha1)", "PBKDF2", "$pbkdf2$i=27500,l=64$" + b64 + "$" + hash64),
                Arguments.of("Django 5.2", "PBKDF2", "pbkdf2_sha256$1000000$salt$" + hash32 + "="),
                Arguments.of("Django 6.0", "PBKDF2", "pbkdf2_sha256$1200000$salt$" + hash32 + "="),
                Arguments.of("OWASP PBKDF2-SHA1", "PBKDF2", "$pbkdf2$1300000$" + b64 + "$" + hash32.substring(0, 27)),
                Arguments.of("Keycloak argon2", "ARGON2", "$argon2id$v=19$m=7168,t=5,p=1$" + b64 + "$" + hash32),
                Arguments.of("OWASP argon2id 19 MiB", "ARGON2", "$argon2id$v=19$m=19456,t=2,p=1$" + b64 + "$" + hash32),
                Arguments.of("OWASP argon2id 46 MiB", "ARGON2", "$argon2id$v=19$m=47104,t=1,p=1$" + b64 + "$" + hash32),
                Arguments.of("passlib/Django argon2", "ARGON2", "$argon2id$v=19$m=102400,t=2,p=8$" + b64 + "$" + hash32),
                Arguments.of("RFC 9106 second choice", "ARGON2", "$argon2id$v=19$m=65536,t=3,p=4$" + b64 + "$" + hash32),
                Arguments.of("libsodium MODERATE", "ARGON2", "$argon2id$v=19$m=262144,t=3,p=1$" + b64 + "$" + hash32),
                Arguments.of("passlib scrypt", "SCRYPT", "$scrypt$ln=16,r=8,p=1$" + b64 + "$" + hash32),
                Arguments.of("OWASP scrypt", "SCRYPT", "$scrypt$ln=17,r=8,p=1$" + b64 + "$" + hash32),
                Arguments.of("bcrypt cost 16", "BCRYPT", "$2b$16$" + "a".repeat(53)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("realWorldDefaults")
    void everyRealWorldDefaultIsWithinTheCaps(String name, String algorithm, String hash) {
        // given
        ObjectNode record = record("{\"PasswordEncryptTypeEnum\":\"" + algorithm + "\"}").put("Password", hash);

        // when
        PasswordCredential credential = parse(record).password();

        // then
        assertEquals(hash, credential.hash(), name);
    }

    @Test
    void theStoredCredentialRoundTripsThroughTheItemWithItsKeyAndEncoding() {
        // given
        User user = parse(record("{\"Password\":\"" + JEFE + "\",\"PasswordEncryptTypeEnum\":\"HMAC_SHA256\","
                + "\"HmacKey\":{\"KeyValue\":\"SmVmZQ==\",\"KeyEncoding\":\"BASE64\"}}"));
        User salted = parse(record("{\"Password\":\"" + JEFE + "\",\"PasswordEncryptTypeEnum\":\"SHA256\","
                + "\"Salt\":{\"SaltValue\":\"00ff\",\"SaltEncoding\":\"HEX\","
                + "\"SaltLocation\":{\"SaltLocationTypeEnum\":\"TAIL\"}}}"));

        // when
        User read = UserItemMapper.fromItem(UserItemMapper.toItem(user));
        User readSalted = UserItemMapper.fromItem(UserItemMapper.toItem(salted));

        // then
        assertEquals(user.password(), read.password());
        assertEquals("SmVmZQ==", read.password().hmacKey());
        assertTrue(PasswordVerifier.matches(read.password(), JEFE_PASSWORD));
        assertEquals(salted.password(), readSalted.password());
        assertEquals("HEX", readSalted.password().saltEncoding());
    }

    @Test
    void anItemWrittenBeforeSaltEncodingsAndKeysReadsAsBefore() {
        // given an item's credential map as it was written before: no SaltEncoding, HmacKey, HmacKeyEncoding
        User user = parse(record("{\"Password\":\"e10adc3949ba59abbe56e057f20f883e\",\"PasswordEncryptTypeEnum\":\"MD5\"}"));
        var item = new java.util.HashMap<>(UserItemMapper.toItem(user));
        var credential = new java.util.HashMap<>(item.get("Password").m());
        credential.remove("SaltEncoding");
        credential.remove("HmacKey");
        credential.remove("HmacKeyEncoding");
        item.put("Password", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromM(credential));

        // when
        PasswordCredential read = UserItemMapper.fromItem(item).password();

        // then
        assertNull(read.saltEncoding());
        assertNull(read.hmacKey());
        assertTrue(PasswordVerifier.matches(read, "123456"));
    }
}
