package dev.roster.shared.user;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roster.shared.error.InvalidRequestException;
import dev.roster.shared.json.Json;
import dev.roster.shared.rest.UserInput;
import dev.roster.shared.rest.UserInputTest;
import dev.roster.shared.security.PasswordHasher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue #11 item 5: identifiers and passwords per RFC 8265 (PRECIS). Refusals are 400 InvalidParameterValue naming
 * the field; look-alike spellings of one identifier have one comparison key. Values are written as JSON escapes, as
 * a client sends them, so lone surrogates reach the parser exactly as they do over HTTP.
 */
class UnicodeInputTest {

    private static JsonNode withField(String field, String jsonString) {
        ObjectNode body = UserInputTest.seed();
        body.set(field, Json.parseObject("{\"v\":\"" + jsonString + "\"}").get("v"));
        return body;
    }

    private static void assertRefusedNaming(String field, JsonNode body) {
        InvalidRequestException e = assertThrows(InvalidRequestException.class,
                () -> UserInput.create(UserInputTest.STORE, body, UserInputTest.NOW));
        assertEquals(InvalidRequestException.INVALID_PARAMETER_VALUE, e.code(), e.getMessage());
        assertTrue(e.getMessage().contains(field), e.getMessage());
    }

    @ParameterizedTest(name = "UserName {0}")
    @ValueSource(strings = {
            "john\\ud800", // lone high surrogate
            "\\udc00john", // lone low surrogate
            "jo\\ufffdhn", // U+FFFD: what a lossy decode of invalid UTF-8 leaves
            "\\u202ejohn", // RIGHT-TO-LEFT OVERRIDE
            "jo\\u2066hn", // LEFT-TO-RIGHT ISOLATE
            "jo\\u200bhn", // ZERO WIDTH SPACE
            "jo\\u200dhn", // ZERO WIDTH JOINER
            "john\\ufeff", // ZERO WIDTH NO-BREAK SPACE
            "jo\\u00adhn", // SOFT HYPHEN
            "jo\\u0085hn", // C1 control NEXT LINE
            "jo\\u009bhn", // C1 control CSI
            "john doe", // a space: PRECIS user names have none
            "john\\u00a0doe", // NO-BREAK SPACE
            "john\\ud83d\\ude00", // emoji (a symbol)
            "john\\u2122", // TRADE MARK SIGN (compatibility form of "TM")
            "\\ufb01sh", // LATIN SMALL LIGATURE FI
            "\\u2168", // ROMAN NUMERAL NINE
            "jo\\ue000hn", // private use
            "jo\\u0378hn", // unassigned
            "jo\\u2028hn", // LINE SEPARATOR
            "\\u05d0john", // Hebrew then Latin: the Bidi Rule refuses the mix
            "\\u0661\\u06f1\\u0628", // the two kinds of Arabic-Indic digits together
    })
    void refusesUserNamesThatIdentitySystemsMustRefuse(String userName) {
        // GIVEN a CreateUser body whose UserName holds the code point(s)
        JsonNode body = withField("UserName", userName);

        // WHEN it is read THEN it is refused naming UserName
        assertRefusedNaming("UserName", body);
    }

    @ParameterizedTest(name = "UserName {0}")
    @ValueSource(strings = {"testuser006", "Jos\\u00e9", "jose\\u0301", "\\u674e\\u96f7", "\\u00dfmith",
            "\\u05d3\\u05d5\\u05d3", "\\u0645\\u062d\\u0645\\u062f_1", "a.b-c_d+e@f", "\\u0928\\u092e\\u0938\\u094d\\u0924\\u0947"})
    void acceptsLettersDigitsMarksAndPrintableAscii(String userName) {
        // GIVEN a user name of letters (any script), combining marks, digits and printable ASCII
        JsonNode body = withField("UserName", userName);

        // WHEN it is read THEN it is accepted
        UserInput.create(UserInputTest.STORE, body, UserInputTest.NOW);
    }

    @Test
    void storesTheUserNameWidthMappedInNfcWithItsCase() {
        // GIVEN a full-width user name, and one with a decomposed accent
        JsonNode fullWidth = withField("UserName", "\\uff2a\\uff4f\\uff48\\uff4e");
        JsonNode decomposed = withField("UserName", "Jose\\u0301");

        // WHEN they are read
        NewUser wide = UserInput.create(UserInputTest.STORE, fullWidth, UserInputTest.NOW);
        NewUser accented = UserInput.create(UserInputTest.STORE, decomposed, UserInputTest.NOW);

        // THEN the stored forms are ASCII and precomposed, case kept
        assertEquals("John", wide.userName());
        assertEquals("Jos\u00e9", accented.userName());
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({
            "john, \uff4a\uff4f\uff48\uff4e", // full-width
            "john, JOHN",
            "jos\u00e9, JOSE\u0301", // precomposed and decomposed
            "stra\u00dfe, STRA\u00dfE",
            "\uff76\uff9e, \u30ac", // half-width katakana KA + voiced mark, and GA
    })
    void lookAlikeUserNamesHaveOneKey(String one, String other) {
        assertEquals(UserRules.userNameKey(UserRules.userName(one)), UserRules.userNameKey(UserRules.userName(other)));
        assertEquals(UserRules.userNameKey(one), UserRules.userNameKey(other));
    }

    @Test
    void differentUserNamesKeepDifferentKeys() {
        assertNotEquals(UserRules.userNameKey("john?"), UserRules.userNameKey("john\u00e9"));
        assertNotEquals(UserRules.userNameKey("strasse"), UserRules.userNameKey("stra\u00dfe"));
    }

    @ParameterizedTest(name = "Email {0}")
    @ValueSource(strings = {"a\\ud800@b.co", "a\\ufffd@b.co", "a\\u202e@b.co", "a\\u200b@b.co", "a\\u0085@b.co",
            "\\ud83d\\ude00@b.co", "a@b\\u3002co"})
    void refusesEmailsThatIdentitySystemsMustRefuse(String email) {
        assertRefusedNaming("Email", withField("Email", email));
    }

    @Test
    void emailsAreWidthMappedAndComparedWholeIgnoringCase() {
        // GIVEN a full-width email
        JsonNode body = withField("Email", "\\uff21\\uff4c\\uff49\\uff43\\uff45\\uff20\\uff25\\uff58.com");

        // WHEN it is read
        NewUser user = UserInput.create(UserInputTest.STORE, body, UserInputTest.NOW);

        // THEN it is stored in ASCII, and collides with any case of the same address
        assertEquals("Alice@Ex.com", user.email());
        assertEquals(UserRules.emailKey("alice@ex.com"), UserRules.emailKey(user.email()));
        assertEquals(UserRules.emailKey("ALICE@EX.COM"), UserRules.emailKey("\uff41lice@ex.com"));
    }

    @Test
    void fullWidthPhoneDigitsAreAscii() {
        // GIVEN a phone number in full-width digits and signs
        JsonNode body = withField("PhoneNumber", "\\uff0b\\uff18\\uff16\\uff0d\\uff11\\uff19\\uff18\\uff17\\uff17\\uff17");

        // WHEN it is read
        NewUser user = UserInput.create(UserInputTest.STORE, body, UserInputTest.NOW);

        // THEN it is stored in ASCII and keyed as the ASCII spelling is
        assertEquals("+86-198777", user.phoneNumber());
        assertEquals(UserRules.phoneKey("+861987777"), UserRules.phoneKey("\uff0b\uff18\uff16\uff11\uff19\uff18\uff17\uff17\uff17\uff17"));
    }

    @ParameterizedTest(name = "PhoneNumber {0}")
    @ValueSource(strings = {"+86\\ud800-19877755556", "+86\\ufffd19877755556", "+86\\u202e19877755556",
            "\\u0668\\u0666\\u0661\\u0669\\u0668\\u0667\\u0667"})
    void refusesPhoneNumbersOutsideAsciiAfterWidthMapping(String phone) {
        assertRefusedNaming("PhoneNumber", withField("PhoneNumber", phone));
    }

    @ParameterizedTest(name = "Password {0}")
    @ValueSource(strings = {
            "\\u0000\\u0000\\u0000\\u0000\\u0000\\u0000\\u0000\\u0000\\u0000\\u0000", // ten NULs
            "password\\u0007", "pass\\u0085word", "pass\\u202eword", "pass\\u200bword", "pass\\ud800word",
            "pass\\ufffdword", "pass\\u2028word", "pass\\ue000word", "password\\u0378"})
    void refusesPasswordsOutsideTheOpaqueStringProfile(String password) {
        assertRefusedNaming("Password", withField("Password", password));
    }

    @Test
    void passwordsAreEnforcedAsOpaqueStrings() {
        // GIVEN passwords with a non-ASCII space, a decomposed accent, symbols, emoji and full-width letters
        JsonNode spaces = withField("Password", "correct\\u00a0horse\\u3000battery");
        JsonNode decomposed = withField("Password", "cafe\\u0301-cafe\\u0301");
        JsonNode symbols = withField("Password", "\\uff30\\uff41\\uff53\\uff53\\u2122\\ud83d\\ude00!");

        // WHEN they are read
        // THEN spaces become U+0020, the accent is composed, and width, symbols and emoji are kept
        assertEquals("correct horse battery", UserInput.create(UserInputTest.STORE, spaces, UserInputTest.NOW)
                .password());
        assertEquals("caf\u00e9-caf\u00e9", UserInput.create(UserInputTest.STORE, decomposed, UserInputTest.NOW)
                .password());
        assertEquals("\uff30\uff41\uff53\uff53\u2122\ud83d\ude00!",
                UserInput.create(UserInputTest.STORE, symbols, UserInputTest.NOW).password());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"Nickname", "Address", "IndexedAttribute1"})
    void refusesLoneSurrogatesInFreeText(String field) {
        assertRefusedNaming(field, withField(field, "nick\\udfff"));
    }

    @Test
    void refusesLoneSurrogatesInCustomAttributeValues() {
        ObjectNode body = UserInputTest.seed();
        body.set("CustomizationAttributes",
                Json.parseObject("{\"a\":[{\"Name\":\"plan\",\"Value\":\"gold\\ud800\"}]}").get("a"));
        assertRefusedNaming("CustomizationAttributes.Value", body);
    }

    @Test
    void updatesApplyTheSameUserNameRules() {
        // GIVEN an UpdateUser body with a bidi override in the user name
        JsonNode body = Json.parseObject("{\"UserName\":\"\\u202ejohn\"}");

        // WHEN it is read THEN it is refused naming UserName
        InvalidRequestException e = assertThrows(InvalidRequestException.class,
                () -> UserInput.update(UserInputTest.STORE, "0".repeat(32), body, UserInputTest.NOW));
        assertEquals(InvalidRequestException.INVALID_PARAMETER_VALUE, e.code());
        assertTrue(e.getMessage().contains("UserName"), e.getMessage());
        // AND a full-width one is stored width-mapped
        assertEquals("john", UserInput.update(UserInputTest.STORE, "0".repeat(32),
                Json.parseObject("{\"UserName\":\"\\uff4a\\uff4f\\uff48\\uff4e\"}"), UserInputTest.NOW).userName());
    }

    @Test
    void importsApplyTheSameRulesRecordByRecord() {
        PasswordHasher hasher = new PasswordHasher(PasswordHasher.MIN_ITERATIONS);
        // GIVEN import records with a zero-width user name, a full-width one, and a password of NULs
        JsonNode zeroWidth = Json.parseObject("{\"UserName\":\"jo\\u200bhn\"}");
        JsonNode fullWidth = Json.parseObject("{\"UserName\":\"\\uff4a\\uff4f\\uff48\\uff4e\"}");
        JsonNode nulPassword = Json.parseObject("{\"UserName\":\"nul\",\"Password\":\""
                + "\\u0000".repeat(10) + "\"}");

        // WHEN they are parsed THEN the first and last are refused naming their field, the second is width-mapped
        InvalidRequestException name = assertThrows(InvalidRequestException.class, () -> ImportUserInput.parse(
                UserInputTest.STORE, "1".repeat(32), zeroWidth, UserInputTest.NOW, hasher));
        assertEquals(InvalidRequestException.INVALID_PARAMETER_VALUE, name.code());
        assertTrue(name.getMessage().contains("UserName"), name.getMessage());
        assertEquals("john", ImportUserInput.parse(UserInputTest.STORE, "1".repeat(32), fullWidth, UserInputTest.NOW,
                hasher).userName());
        InvalidRequestException password = assertThrows(InvalidRequestException.class, () -> ImportUserInput.parse(
                UserInputTest.STORE, "1".repeat(32), nulPassword, UserInputTest.NOW, hasher));
        assertEquals(InvalidRequestException.INVALID_PARAMETER_VALUE, password.code());
        assertTrue(password.getMessage().contains("Password"), password.getMessage());
    }
}
