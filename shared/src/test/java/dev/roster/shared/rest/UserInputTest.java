package dev.roster.shared.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roster.shared.error.InvalidRequestException;
import dev.roster.shared.json.Json;
import dev.roster.shared.user.CustomAttribute;
import dev.roster.shared.user.NewUser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** CreateUser request validation: {@link UserInput#create}. UpdateUser is covered in {@link UserInputUpdateTest}. */
public class UserInputTest {

    public static final String STORE = "d733b65803284091a998ab707d820726";
    /** 2023-11-14T22:13:20Z. */
    public static final long NOW = 1_700_000_000_000L;
    static final String SEED_BODY = "{\"UserStoreId\":\"d733b65803284091a998ab707d820726\","
            + "\"PhoneNumber\":\"+86-19877755556\",\"Email\":\"testuser006@test.com\",\"Password\":\"@ppServer123\","
            + "\"UserName\":\"testuser006\",\"UserOrg\":[\"8bee9039509c4c3c80b26fbb8cacedb9\"]}";

    public static ObjectNode seed() {
        return (ObjectNode) Json.parseObject(SEED_BODY);
    }

    static void assertInvalid(String expectedCode, Executable call) {
        InvalidRequestException e = assertThrows(InvalidRequestException.class, call);
        assertEquals(expectedCode, e.code(), () -> "message was: " + e.getMessage());
    }

    private static void assertCreateFails(String expectedCode, JsonNode body) {
        assertInvalid(expectedCode, () -> UserInput.create(STORE, body, NOW));
    }

    @Test
    void acceptsTheTencentSeedExample() {
        // given
        JsonNode body = Json.parseObject(SEED_BODY);

        // when
        NewUser user = UserInput.create(STORE, body, NOW);

        // then
        assertEquals("testuser006", user.userName());
        assertEquals("testuser006@test.com", user.email());
        assertEquals("+86-19877755556", user.phoneNumber());
        assertEquals("@ppServer123", user.password());
        assertEquals(List.of("8bee9039509c4c3c80b26fbb8cacedb9"), user.userOrgs());
        assertEquals(List.of(), user.userGroups());
        assertEquals(Map.of(), user.profile());
        assertNull(user.birthdate());
        assertEquals(List.of(), user.customAttributes());
    }

    @Test
    void toStringDoesNotRevealThePassword() {
        // given
        NewUser user = UserInput.create(STORE, seed(), NOW);

        // when
        String text = user.toString();

        // then
        assertFalse(text.contains("@ppServer123"), text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"UserName", "PhoneNumber", "Email", "Password"})
    void refusesAMissingRequiredField(String field) {
        // given
        ObjectNode body = seed();
        body.remove(field);

        // when / then
        assertCreateFails(InvalidRequestException.MISSING_PARAMETER, body);
    }

    @ParameterizedTest
    @ValueSource(strings = {"UserName", "PhoneNumber", "Email", "Password"})
    void refusesANullRequiredField(String field) {
        // given
        ObjectNode body = seed();
        body.putNull(field);

        // when / then
        assertCreateFails(InvalidRequestException.MISSING_PARAMETER, body);
    }

    @ParameterizedTest
    @ValueSource(strings = {"UserName", "PhoneNumber", "Email", "Password"})
    void refusesAnEmptyRequiredField(String field) {
        // given
        ObjectNode body = seed();
        body.put(field, "");

        // when / then
        assertCreateFails(InvalidRequestException.MISSING_PARAMETER, body);
    }

    @ParameterizedTest
    @ValueSource(strings = {"UserName", "PhoneNumber", "Email", "Password"})
    void refusesAWhitespaceOnlyRequiredField(String field) {
        // given
        ObjectNode body = seed();
        body.put(field, "  \t ");

        // when / then
        assertCreateFails(InvalidRequestException.MISSING_PARAMETER, body);
    }

    @Test
    void refusesAnUnknownField() {
        // given
        ObjectNode body = seed();
        body.put("FavouriteColour", "blue");

        // when / then
        assertCreateFails(InvalidRequestException.UNKNOWN_PARAMETER, body);
    }

    @Test
    void refusesANumberForEmail() {
        // given
        ObjectNode body = seed();
        body.put("Email", 42);

        // when / then
        assertCreateFails(InvalidRequestException.INVALID_PARAMETER_VALUE, body);
    }

    @Test
    void refusesAStringForBirthdate() {
        // given
        ObjectNode body = seed();
        body.put("Birthdate", "1990-01-01");

        // when / then
        assertCreateFails(InvalidRequestException.INVALID_PARAMETER_VALUE, body);
    }

    @Test
    void refusesAFractionalBirthdate() {
        // given
        ObjectNode body = (ObjectNode) Json.parseObject(SEED_BODY.replace("{", "{\"Birthdate\":631152000000.5,"));

        // when / then
        assertCreateFails(InvalidRequestException.INVALID_PARAMETER_VALUE, body);
    }

    @Test
    void refusesAnObjectForUserGroup() {
        // given
        ObjectNode body = seed();
        body.putObject("UserGroup").put("Id", "g1");

        // when / then
        assertCreateFails(InvalidRequestException.INVALID_PARAMETER_VALUE, body);
    }

    @ParameterizedTest
    @ValueSource(strings = {"not-an-email", "user@localhost", "two@@test.com", "a b@test.com", "@test.com"})
    void refusesAnInvalidEmail(String email) {
        // given
        ObjectNode body = seed();
        body.put("Email", email);

        // when / then
        assertCreateFails(InvalidRequestException.INVALID_PARAMETER_VALUE, body);
    }

    @ParameterizedTest
    @ValueSource(strings = {"phone", "1234", "+86--19877755556", "198-7775-555x", "123456789012345678901"})
    void refusesAnInvalidPhoneNumber(String phone) {
        // given
        ObjectNode body = seed();
        body.put("PhoneNumber", phone);

        // when / then
        assertCreateFails(InvalidRequestException.INVALID_PARAMETER_VALUE, body);
    }

    @Test
    void refusesAnIndexedAttributeOf513Characters() {
        // given
        ObjectNode body = seed();
        body.put("IndexedAttribute1", "x".repeat(513));

        // when / then
        assertCreateFails(InvalidRequestException.INDEXED_ATTRIBUTE_TOO_LONG, body);
    }

    @Test
    void acceptsAnIndexedAttributeOf512Characters() {
        // given
        ObjectNode body = seed();
        body.put("IndexedAttribute1", "x".repeat(512));

        // when
        NewUser user = UserInput.create(STORE, body, NOW);

        // then
        assertEquals("x".repeat(512), user.profile().get("IndexedAttribute1"));
    }

    @Test
    void keepsValidCustomAttributesWithTheirTypes() {
        // given
        ObjectNode body = seed();
        body.putArray("CustomizationAttributes")
                .add(Json.parseObject("{\"Name\":\"age\",\"Value\":\"42\",\"Type\":\"NUMBER\"}"))
                .add(Json.parseObject("{\"Name\":\"team\",\"Value\":\"blue\"}"));

        // when
        NewUser user = UserInput.create(STORE, body, NOW);

        // then
        assertEquals(List.of(new CustomAttribute("age", "42", "NUMBER"), new CustomAttribute("team", "blue", "STRING")),
                user.customAttributes());
    }

    @Test
    void refusesANumberAttributeThatIsNotANumber() {
        // given
        ObjectNode body = seed();
        body.putArray("CustomizationAttributes")
                .add(Json.parseObject("{\"Name\":\"age\",\"Value\":\"abc\",\"Type\":\"NUMBER\"}"));

        // when / then
        assertCreateFails(InvalidRequestException.ATTRIBUTE_FORMAT_ERROR, body);
    }

    @Test
    void refusesAnUnknownAttributeType() {
        // given
        ObjectNode body = seed();
        body.putArray("CustomizationAttributes")
                .add(Json.parseObject("{\"Name\":\"eyes\",\"Value\":\"green\",\"Type\":\"COLOR\"}"));

        // when / then
        assertCreateFails(InvalidRequestException.INVALID_PARAMETER_VALUE, body);
    }

    @Test
    void refusesTheSameAttributeNameTwice() {
        // given
        ObjectNode body = seed();
        body.putArray("CustomizationAttributes")
                .add(Json.parseObject("{\"Name\":\"team\",\"Value\":\"blue\"}"))
                .add(Json.parseObject("{\"Name\":\"team\",\"Value\":\"red\"}"));

        // when / then
        assertCreateFails(InvalidRequestException.INVALID_PARAMETER_VALUE, body);
    }

    @Test
    void refusesAUserStoreIdThatDiffersFromThePath() {
        // given
        ObjectNode body = seed();
        body.put("UserStoreId", "00000000000000000000000000000000");

        // when / then
        assertCreateFails(InvalidRequestException.INVALID_PARAMETER_VALUE, body);
    }

    @Test
    void acceptsAPastBirthdate() {
        // given
        ObjectNode body = seed();
        body.put("Birthdate", 631_152_000_000L);

        // when
        NewUser user = UserInput.create(STORE, body, NOW);

        // then
        assertEquals(631_152_000_000L, user.birthdate());
    }

    @Test
    void refusesAFutureBirthdate() {
        // given
        ObjectNode body = seed();
        body.put("Birthdate", NOW + 2 * 86_400_000L);

        // when / then
        assertCreateFails(InvalidRequestException.INVALID_PARAMETER_VALUE, body);
    }

    @Test
    void refusesAPasswordShorterThanEightCharacters() {
        // given
        ObjectNode body = seed();
        body.put("Password", "Sh0rt!!");

        // when / then
        assertCreateFails(InvalidRequestException.INVALID_PARAMETER_VALUE, body);
    }
}
