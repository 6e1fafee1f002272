package dev.roster.shared.user;

import dev.roster.shared.security.PasswordCredential;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roster.shared.error.InvalidRequestException;
import dev.roster.shared.json.Json;
import dev.roster.shared.security.PasswordHasher;
import dev.roster.shared.security.PasswordVerifier;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One ImportUser record: {@link ImportUserInput#parse} and {@link ImportUserInput#identification}. */
class ImportUserInputTest {

    private static final String STORE = "d733b65803284091a998ab707d820726";
    private static final String USER_ID = "5a8b4b1d2c3e4f5a6b7c8d9e0f1a2b3c";
    /** 2023-11-14T22:13:20Z. */
    private static final long NOW = 1_700_000_000_000L;
    private static final PasswordHasher HASHER = new PasswordHasher(PasswordHasher.MIN_ITERATIONS);

    /** The seed's ImportUser example record, exactly as the seed gives it (masked phone and email included). */
    private static final String SEED_RECORD = "{\"UserName\":\"zhangsan\",\"PhoneNumber\":\"132****0000\","
            + "\"Email\":\"132****@qq.com\",\"ResidentIdentityCard\":\"123456789012345678\","
            + "\"Nickname\":\"nick name\",\"Address\":\"address\",\"UserGroup\":[\"6cd22e51****************f6f7cb81\"],"
            + "\"QqOpenId\":\"qqopenid\",\"QqUnionId\":\"qqunionid\",\"WechatOpenId\":\"wechatopenid\","
            + "\"WechatUnionId\":\"wechatunionid\",\"AlipayUserId\":\"alipayuserid\",\"WeComUserId\":\"wecomuserid\","
            + "\"Description\":\"user1\",\"Birthdate\":\"2022-10-20\",\"Name\":\"name\",\"Locale\":\"locale\","
            + "\"Gender\":\"male\",\"IdentityVerificationMethod\":\"PASSWORD\",\"IdentityVerified\":true,"
            + "\"Job\":\"employee\",\"Nationality\":\"nationality\",\"Zone\":\"zone\",\"Password\":\"password\","
            + "\"CustomizationAttributes\":[{\"Name\":\"nickname\",\"Value\":\"nike name\",\"Type\":\"STRING\"}],"
            + "\"Salt\":{\"SaltValue\":\"salt***\",\"SaltLocation\":{\"SaltLocationTypeEnum\":\"HEAD\","
            + "\"SaltLocationRule\":{\"Regex\":\"passwordabc123\"}}},\"PasswordEncryptTypeEnum\":\"SHA1\","
            + "\"IndexedAttribute1\":\"value1\",\"IndexedAttribute2\":\"value2\",\"IndexedAttribute3\":\"value3\","
            + "\"IndexedAttribute4\":\"value4\",\"IndexedAttribute5\":\"value5\"}";

    private static final String PHONE = "+86-13200000000";
    private static final String EMAIL = "zhangsan@qq.com";
    /** 2022-10-20T00:00:00Z. */
    private static final long BIRTHDATE_MILLIS = 1_666_224_000_000L;

    private static String sha1Hex(String text) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The seed's record, unmodified. */
    private static ObjectNode seed() {
        return (ObjectNode) Json.parseObject(SEED_RECORD);
    }

    /** The seed's record with real values where the seed masks them; its Password is still "password". */
    private static ObjectNode unmasked() {
        ObjectNode record = seed();
        record.put("PhoneNumber", PHONE);
        record.put("Email", EMAIL);
        return record;
    }

    /** The unmasked seed record with a real SHA1 hash of "abc123" salted at the HEAD with "salt***". */
    private static ObjectNode valid() {
        ObjectNode record = unmasked();
        record.put("Password", sha1Hex("salt***abc123"));
        return record;
    }

    /** A minimal valid record identified by UserName only. */
    private static ObjectNode minimal() {
        return (ObjectNode) Json.parseObject("{\"UserName\":\"lisi\"}");
    }

    private static User parse(JsonNode record) {
        return ImportUserInput.parse(STORE, USER_ID, record, NOW, HASHER);
    }

    private static InvalidRequestException assertRefused(String expectedCode, JsonNode record) {
        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> parse(record));
        assertEquals(expectedCode, e.code(), () -> "message was: " + e.getMessage());
        return e;
    }

    private static void assertMentions(InvalidRequestException e, String field) {
        assertTrue(e.getMessage().contains(field), () -> "expected " + field + " in: " + e.getMessage());
    }

    @Test
    void theSeedRecordAsGivenIsRefusedForItsPassword() {
        // given the seed's record: Password "password" is not a SHA1 hash, and PhoneNumber is masked. The credential
        // is read before the phone number's format is checked, so the Password is what is reported.
        JsonNode record = seed();

        // when
        InvalidRequestException e = assertRefused(InvalidRequestException.INVALID_PARAMETER_VALUE, record);

        // then
        assertMentions(e, "Password");
        assertFalse(e.getMessage().contains("PhoneNumber"), e.getMessage());
        assertFalse(e.getMessage().contains("password\""), e.getMessage());
    }

    @Test
    void theSeedRecordWithRealContactsIsStillRefusedForItsPassword() {
        // given
        JsonNode record = unmasked();

        // when
        InvalidRequestException e = assertRefused(InvalidRequestException.INVALID_PARAMETER_VALUE, record);

        // then
        assertMentions(e, "Password");
        assertMentions(e, "SHA1");
    }

    @Test
    void theSeedsMaskedPhoneNumberIsRefusedOnceThePasswordIsAHash() {
        // given
        ObjectNode record = seed();
        record.put("Password", sha1Hex("salt***abc123"));

        // when
        InvalidRequestException e = assertRefused(InvalidRequestException.INVALID_PARAMETER_VALUE, record);

        // then
        assertMentions(e, "PhoneNumber");
    }

    @Test
    void theSeedRecordWithARealSha1HashParses() {
        // given
        JsonNode record = valid();

        // when
        User user = parse(record);

        // then: identity and contacts
        assertEquals(STORE, user.userStoreId());
        assertEquals(USER_ID, user.userId());
        assertEquals("zhangsan", user.userName());
        assertEquals(EMAIL, user.email());
        assertEquals(PHONE, user.phoneNumber());
        // the profile, under the seed's names
        Map<String, String> profile = user.profile();
        assertEquals("nick name", profile.get("Nickname"));
        assertEquals("address", profile.get("Address"));
        assertEquals("qqopenid", profile.get("QqOpenId"));
        assertEquals("qqunionid", profile.get("QqUnionId"));
        assertEquals("wechatopenid", profile.get("WechatOpenId"));
        assertEquals("wechatunionid", profile.get("WechatUnionId"));
        assertEquals("alipayuserid", profile.get("AlipayUserId"));
        assertEquals("wecomuserid", profile.get("WeComUserId"));
        assertEquals("user1", profile.get("Description"));
        assertEquals("name", profile.get("Name"));
        assertEquals("locale", profile.get("Locale"));
        assertEquals("male", profile.get("Gender"));
        assertEquals("employee", profile.get("Job"));
        assertEquals("nationality", profile.get("Nationality"));
        assertEquals("zone", profile.get("Zone"));
        assertEquals("123456789012345678", profile.get("ResidentIdentityCard"));
        assertEquals("PASSWORD", profile.get("IdentityVerificationMethod"));
        assertEquals("value1", profile.get("IndexedAttribute1"));
        assertEquals("value2", profile.get("IndexedAttribute2"));
        assertEquals("value3", profile.get("IndexedAttribute3"));
        assertEquals("value4", profile.get("IndexedAttribute4"));
        assertEquals("value5", profile.get("IndexedAttribute5"));
        // Every profile field but Auth0's given and family names and picture, which the seed's ImportUser lacks.
        assertEquals(ProfileField.values().length - List.of(ProfileField.GIVEN_NAME, ProfileField.FAMILY_NAME,
                ProfileField.PICTURE).size(), profile.size(), profile.keySet().toString());
        // the rest of the record
        assertTrue(user.identityVerified());
        assertEquals(BIRTHDATE_MILLIS, user.birthdate());
        assertEquals(List.of("6cd22e51****************f6f7cb81"), user.userGroups());
        assertEquals(List.of(), user.userOrgs());
        assertEquals(List.of(new CustomAttribute("nickname", "nike name", "STRING")), user.customAttributes());
        // how an imported user starts out
        assertEquals(User.STATUS_NOT_ENABLED, user.status());
        assertEquals(ImportUserInput.SOURCE_IMPORT, user.dataSource());
        assertEquals(NOW, user.createdDate());
        assertEquals(NOW, user.lastModifiedDate());
        assertEquals(1, user.version());
    }

    @Test
    void theSeedRecordsCredentialIsKeptAsImportedAndVerifies() {
        // given
        String hash = sha1Hex("salt***abc123");
        JsonNode record = valid();

        // when
        User user = parse(record);

        // then
        PasswordCredential credential = user.password();
        assertNotNull(credential);
        assertEquals("SHA1", credential.algorithm());
        assertEquals(hash, credential.hash());
        assertEquals("salt***", credential.salt());
        assertEquals("HEAD", credential.saltLocation());
        assertNull(credential.saltRegex(), "a HEAD salt ignores the seed's Regex");
        assertEquals(0, credential.iterations());
        assertTrue(PasswordVerifier.matches(user.password(), "abc123"));
        assertFalse(PasswordVerifier.matches(user.password(), "abc124"));
        assertFalse(PasswordVerifier.matches(user.password(), "salt***abc123"));
    }

    @Test
    void aRecordWithoutAnyIdentifierIsRefused() {
        // given
        JsonNode record = Json.parseObject("{\"Nickname\":\"nick name\"}");

        // when
        InvalidRequestException e = assertRefused(InvalidRequestException.MISSING_PARAMETER, record);

        // then
        assertMentions(e, "identifier");
    }

    @Test
    void nullIdentifiersDoNotIdentify() {
        // given
        JsonNode record = Json.parseObject("{\"UserName\":null,\"Email\":null,\"WechatOpenId\":null,"
                + "\"Nickname\":\"nick name\"}");

        // when / then
        assertRefused(InvalidRequestException.MISSING_PARAMETER, record);
    }

    @Test
    void aWechatOpenIdAloneIdentifiesARecord() {
        // given
        JsonNode record = Json.parseObject("{\"WechatOpenId\":\"o6_bmjrPTlm6_2sgVt7hMZOPfL2M\"}");

        // when
        User user = parse(record);

        // then
        assertNull(user.userName());
        assertNull(user.email());
        assertNull(user.phoneNumber());
        assertEquals("o6_bmjrPTlm6_2sgVt7hMZOPfL2M", user.profile("WechatOpenId"));
        assertNull(user.password());
        assertNull(user.birthdate());
        assertFalse(user.identityVerified());
        assertEquals(List.of(), user.userGroups());
        assertEquals(List.of(), user.customAttributes());
    }

    @Test
    void aPlainTextPasswordIsHashedWithOurOwnKdf() {
        // given
        ObjectNode record = minimal();
        record.put("Password", "@ppServer123");

        // when
        User user = parse(record);

        // then
        PasswordCredential credential = user.password();
        assertEquals(PasswordHasher.ALGORITHM, credential.algorithm());
        assertEquals(PasswordHasher.MIN_ITERATIONS, credential.iterations());
        assertNotEquals("@ppServer123", credential.hash());
        assertFalse(credential.hash().contains("@ppServer123"));
        assertTrue(PasswordVerifier.matches(user.password(), "@ppServer123"));
        assertFalse(PasswordVerifier.matches(user.password(), "@ppServer124"));
    }

    @Test
    void aPlainTextPasswordIsHeldToThePasswordRules() {
        // given
        ObjectNode record = minimal();
        record.put("Password", "short");

        // when
        InvalidRequestException e = assertRefused(InvalidRequestException.INVALID_PARAMETER_VALUE, record);

        // then
        assertMentions(e, "Password");
    }

    @Test
    void aPlainTextPasswordWithASaltIsRefused() {
        // given
        ObjectNode record = minimal();
        record.put("Password", "@ppServer123");
        record.putObject("Salt").put("SaltValue", "salt***");

        // when
        InvalidRequestException e = assertRefused(InvalidRequestException.INVALID_PARAMETER_VALUE, record);

        // then
        assertMentions(e, "Salt");
    }

    @Test
    void aSaltWithoutAPasswordIsRefused() {
        // given
        ObjectNode record = minimal();
        record.putObject("Salt").put("SaltValue", "salt***");

        // when
        InvalidRequestException e = assertRefused(InvalidRequestException.INVALID_PARAMETER_VALUE, record);

        // then
        assertMentions(e, "Salt");
    }

    @Test
    void anUnknownEncryptionTypeIsRefused() {
        // given
        ObjectNode record = valid();
        record.put("PasswordEncryptTypeEnum", "ROT13");

        // when
        InvalidRequestException e = assertRefused(InvalidRequestException.INVALID_PARAMETER_VALUE, record);

        // then
        assertMentions(e, "PasswordEncryptTypeEnum");
    }

    @Test
    void aMalformedBcryptHashIsRefused() {
        // given
        ObjectNode record = minimal();
        record.put("Password", "$2a$10$tooShort");
        record.put("PasswordEncryptTypeEnum", "BCRYPT");

        // when
        InvalidRequestException e = assertRefused(InvalidRequestException.INVALID_PARAMETER_VALUE, record);

        // then
        assertMentions(e, "Password");
        assertMentions(e, "BCRYPT");
    }

    @Test
    void aBcryptHashIsKeptAndVerifies() {
        // given
        String hash = at.favre.lib.crypto.bcrypt.BCrypt.withDefaults().hashToString(4, "abc123salt***".toCharArray());
        ObjectNode record = minimal();
        record.put("Password", hash);
        record.put("PasswordEncryptTypeEnum", "BCRYPT");
        record.putObject("Salt").put("SaltValue", "salt***").putObject("SaltLocation")
                .put("SaltLocationTypeEnum", "TAIL");

        // when
        User user = parse(record);

        // then
        assertEquals("BCRYPT", user.password().algorithm());
        assertEquals(hash, user.password().hash());
        assertEquals("TAIL", user.password().saltLocation());
        assertTrue(PasswordVerifier.matches(user.password(), "abc123"));
        assertFalse(PasswordVerifier.matches(user.password(), "abc124"));
    }

    @Test
    void aSaltWithoutALocationGoesAtTheHead() {
        // given
        ObjectNode record = minimal();
        record.put("Password", sha1Hex("salt***abc123"));
        record.put("PasswordEncryptTypeEnum", "SHA1");
        record.putObject("Salt").put("SaltValue", "salt***");

        // when
        User user = parse(record);

        // then
        assertEquals("HEAD", user.password().saltLocation());
        assertTrue(PasswordVerifier.matches(user.password(), "abc123"));
    }

    @Test
    void anUnknownSaltLocationIsRefused() {
        // given
        ObjectNode record = valid();
        ((ObjectNode) record.get("Salt").get("SaltLocation")).put("SaltLocationTypeEnum", "MIDDLE");

        // when
        InvalidRequestException e = assertRefused(InvalidRequestException.INVALID_PARAMETER_VALUE, record);

        // then
        assertMentions(e, "SaltLocationTypeEnum");
    }

    @Test
    void anOtherSaltLocationWithoutPlaceholdersIsRefused() {
        // given the seed's rule "passwordabc123", which places neither {salt} nor {password}
        ObjectNode record = valid();
        ((ObjectNode) record.get("Salt").get("SaltLocation")).put("SaltLocationTypeEnum", "OTHER");

        // when
        InvalidRequestException e = assertRefused(InvalidRequestException.INVALID_PARAMETER_VALUE, record);

        // then
        assertMentions(e, "SaltLocationRule");
    }

    @Test
    void anOtherSaltLocationWithOnlyOnePlaceholderIsRefused() {
        // given
        ObjectNode record = valid();
        ObjectNode where = (ObjectNode) record.get("Salt").get("SaltLocation");
        where.put("SaltLocationTypeEnum", "OTHER");
        ((ObjectNode) where.get("SaltLocationRule")).put("Regex", "{salt}:password");

        // when / then
        assertRefused(InvalidRequestException.INVALID_PARAMETER_VALUE, record);
    }

    @Test
    void anOtherSaltLocationWithoutAnyRuleIsRefused() {
        // given
        ObjectNode record = valid();
        ObjectNode where = (ObjectNode) record.get("Salt").get("SaltLocation");
        where.put("SaltLocationTypeEnum", "OTHER");
        where.remove("SaltLocationRule");

        // when / then
        assertRefused(InvalidRequestException.INVALID_PARAMETER_VALUE, record);
    }

    @Test
    void anOtherSaltLocationWithARuleParsesAndVerifies() {
        // given
        ObjectNode record = valid();
        record.put("Password", sha1Hex("salt***:abc123"));
        ObjectNode where = (ObjectNode) record.get("Salt").get("SaltLocation");
        where.put("SaltLocationTypeEnum", "OTHER");
        ((ObjectNode) where.get("SaltLocationRule")).put("Regex", "{salt}:{password}");

        // when
        User user = parse(record);

        // then
        assertEquals("OTHER", user.password().saltLocation());
        assertEquals("{salt}:{password}", user.password().saltRegex());
        assertTrue(PasswordVerifier.matches(user.password(), "abc123"));
        assertFalse(PasswordVerifier.matches(user.password(), "abc124"));
    }

    @Test
    void anUnknownFieldIsRefused() {
        // given
        ObjectNode record = valid();
        record.put("FavouriteColour", "blue");

        // when
        InvalidRequestException e = assertRefused(InvalidRequestException.UNKNOWN_PARAMETER, record);

        // then
        assertMentions(e, "FavouriteColour");
    }

    @Test
    void anUnknownFieldInsideSaltIsRefused() {
        // given
        ObjectNode record = valid();
        ((ObjectNode) record.get("Salt")).put("SaltPepper", "x");

        // when
        InvalidRequestException e = assertRefused(InvalidRequestException.UNKNOWN_PARAMETER, record);

        // then
        assertMentions(e, "SaltPepper");
    }

    @Test
    void aBirthdateNotInIsoFormIsRefused() {
        // given
        ObjectNode record = valid();
        record.put("Birthdate", "20/10/2022");

        // when
        InvalidRequestException e = assertRefused(InvalidRequestException.INVALID_PARAMETER_VALUE, record);

        // then
        assertMentions(e, "Birthdate");
    }

    @Test
    void aBirthdateInEpochMillisecondsIsAccepted() {
        // given
        ObjectNode record = valid();
        record.put("Birthdate", BIRTHDATE_MILLIS);

        // when
        User user = parse(record);

        // then
        assertEquals(BIRTHDATE_MILLIS, user.birthdate());
    }

    @Test
    void aBirthdateInTheFutureIsRefused() {
        // given
        ObjectNode record = valid();
        record.put("Birthdate", "2099-01-01");

        // when
        InvalidRequestException e = assertRefused(InvalidRequestException.INVALID_PARAMETER_VALUE, record);

        // then
        assertMentions(e, "Birthdate");
    }

    @Test
    void identityVerifiedMustBeABoolean() {
        // given
        ObjectNode record = valid();
        record.put("IdentityVerified", "yes");

        // when
        InvalidRequestException e = assertRefused(InvalidRequestException.INVALID_PARAMETER_VALUE, record);

        // then
        assertMentions(e, "IdentityVerified");
    }

    @Test
    void aRecordThatIsNotAnObjectIsRefused() throws Exception {
        // given
        JsonNode array = Json.MAPPER.readTree("[1]");
        JsonNode text = Json.MAPPER.readTree("\"zhangsan\"");

        // when / then
        assertRefused(InvalidRequestException.INVALID_PARAMETER, array);
        assertRefused(InvalidRequestException.INVALID_PARAMETER, text);
        assertRefused(InvalidRequestException.INVALID_PARAMETER, null);
    }

    @Test
    void identificationIsTheFirstIdentifierInOrder() {
        // given
        JsonNode all = valid();
        JsonNode emailAndPhone = Json.parseObject("{\"Email\":\"a@b.com\",\"PhoneNumber\":\"+86-13200000000\"}");
        JsonNode emailAndSocial = Json.parseObject("{\"WeComUserId\":\"wecom\",\"Email\":\"a@b.com\"}");
        JsonNode socialOnly = Json.parseObject("{\"AlipayUserId\":\"alipay\",\"WeComUserId\":\"wecom\"}");
        JsonNode blankName = Json.parseObject("{\"UserName\":\"  \",\"QqOpenId\":\"qq\"}");
        JsonNode numericName = Json.parseObject("{\"UserName\":42,\"Email\":\"a@b.com\"}");

        // when / then
        assertEquals("zhangsan", ImportUserInput.identification(all));
        assertEquals("+86-13200000000", ImportUserInput.identification(emailAndPhone));
        assertEquals("a@b.com", ImportUserInput.identification(emailAndSocial));
        assertEquals("alipay", ImportUserInput.identification(socialOnly));
        assertEquals("qq", ImportUserInput.identification(blankName));
        assertEquals("a@b.com", ImportUserInput.identification(numericName));
    }

    @Test
    void identificationIsNullWithoutAnIdentifier() throws Exception {
        // given
        JsonNode noIdentifier = Json.parseObject("{\"Nickname\":\"nick name\"}");
        JsonNode nullIdentifier = Json.parseObject("{\"UserName\":null}");
        JsonNode array = Json.MAPPER.readTree("[1]");

        // when / then
        assertNull(ImportUserInput.identification(noIdentifier));
        assertNull(ImportUserInput.identification(nullIdentifier));
        assertNull(ImportUserInput.identification(array));
        assertNull(ImportUserInput.identification(null));
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"", "   "})
    void aBlankSocialIdIsNoIdentifier(String blank) {
        // given a record whose only identifier is blank
        ObjectNode record = dev.roster.shared.json.Json.MAPPER.createObjectNode();
        record.put("WechatOpenId", blank);

        // when / then
        InvalidRequestException e = org.junit.jupiter.api.Assertions.assertThrows(InvalidRequestException.class,
                () -> ImportUserInput.parse("store", "0123456789abcdef0123456789abcdef", record, 1_800_000_000_000L,
                        new dev.roster.shared.security.PasswordHasher(dev.roster.shared.security.PasswordHasher.MIN_ITERATIONS)));
        org.junit.jupiter.api.Assertions.assertEquals("InvalidParameterValue", e.code());
        assertMentions(e, "WechatOpenId");
    }

    @Test
    void aRecordsUserIdIsKeptAndWithoutOneTheIdIsTheDerivedOne() {
        // given
        JsonNode kept = Json.parseObject("{\"UserName\":\"ann\",\"UserId\":\"Legacy_ID-7\"}");
        JsonNode derived = Json.parseObject("{\"UserName\":\"ann\",\"UserId\":null}");

        // when / then
        assertEquals("Legacy_ID-7", parse(kept).userId());
        assertEquals(USER_ID, parse(derived).userId());
    }

    @Test
    void aUserIdOutsideTheCharsetOrTooLongIsRefused() {
        // given: 65 characters, a separator, a non-ASCII letter
        for (String id : List.of("a".repeat(65), "auth0|x", "ünïcode")) {
            JsonNode record = Json.parseObject("{\"UserName\":\"ann\",\"UserId\":\"" + id + "\"}");

            // when
            InvalidRequestException e = assertRefused(InvalidRequestException.INVALID_PARAMETER_VALUE, record);

            // then
            assertEquals("UserId", e.field());
        }
        assertEquals("a".repeat(64), parse(Json.parseObject("{\"UserName\":\"ann\",\"UserId\":\""
                + "a".repeat(64) + "\"}")).userId());
    }
}
