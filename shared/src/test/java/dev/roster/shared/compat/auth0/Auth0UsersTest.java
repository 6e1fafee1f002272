package dev.roster.shared.compat.auth0;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roster.shared.error.InvalidRequestException;
import dev.roster.shared.json.Json;
import dev.roster.shared.user.CustomAttribute;
import dev.roster.shared.user.NewUser;
import dev.roster.shared.user.User;
import dev.roster.shared.user.UserPatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Auth0UsersTest {

    static final String STORE = "demo";
    /** 2026-11-23T13:00:00Z. */
    static final long CREATED = 1_795_438_800_000L;
    static final long NOW = CREATED + 60_000;
    /** The fields a create body must have, as JSON members. */
    private static final String REQUIRED = "\"email\":\"a@b.com\",\"phone_number\":\"+15550100\",\"username\":\"a\","
            + "\"password\":\"correct horse battery\"";

    static JsonNode json(String text) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static InvalidRequestException assertInvalid(String code, Executable call) {
        InvalidRequestException e = assertThrows(InvalidRequestException.class, call);
        assertEquals(code, e.code(), () -> "message was: " + e.getMessage());
        return e;
    }

    static User user(Map<String, String> profile, List<CustomAttribute> custom) {
        return new User(STORE, "u123", "alice", "alice@example.com", "+1-555-0100", profile, null, List.of(),
                List.of(), custom, false, User.STATUS_NOT_ENABLED, User.SOURCE_ADMIN, CREATED, CREATED + 1_234, 3,
                null);
    }

    static JsonNode written(User user) {
        return json(Json.write(gen -> Auth0Users.write(gen, user)));
    }

    // ----- create -----

    @Test
    void mapsACreateUserBodyOntoRosterNames() {
        // GIVEN
        JsonNode auth0 = json("{\"connection\":\"Username-Password-Authentication\",\"email\":\"alice@example.com\","
                + "\"phone_number\":\"+15550100\",\"username\":\"alice\",\"password\":\"correct horse battery\","
                + "\"nickname\":\"al\",\"user_metadata\":{\"plan\":\"gold\",\"seats\":3,\"ratio\":0.5,\"beta\":true}}");

        // WHEN
        NewUser user = Auth0Users.toNewUser(auth0);

        // THEN
        assertEquals(new NewUser("alice", "alice@example.com", "+15550100", "correct horse battery",
                Map.of("Nickname", "al"), null, List.of(), List.of(), List.of(
                new CustomAttribute("plan", "gold", "STRING"), new CustomAttribute("seats", "3", "NUMBER"),
                new CustomAttribute("ratio", "0.5", "NUMBER"), new CustomAttribute("beta", "true", "BOOLEAN"))),
                user);
    }

    @Test
    void aTranslatedCreateBodyPassesRostersCreateUserValidation() {
        // GIVEN
        JsonNode auth0 = json("{\"email\":\"alice@example.com\",\"phone_number\":\"+15550100\",\"username\":\"alice\","
                + "\"password\":\"correct horse battery\",\"nickname\":\"al\",\"user_metadata\":{\"seats\":3}}");

        // WHEN
        NewUser user = Auth0Users.toNewUser(auth0);

        // THEN
        assertEquals("alice", user.userName());
        assertEquals("al", user.profile().get("Nickname"));
        assertEquals(List.of(new CustomAttribute("seats", "3", "NUMBER")), user.customAttributes());
    }

    @Test
    void keepsTheAuth0ProfileFieldsFlagsAndAppMetadata() {
        // GIVEN
        JsonNode auth0 = json("{" + REQUIRED + ",\"connection\":\"c\",\"email_verified\":true,\"verify_email\":false,"
                + "\"phone_verified\":false,\"blocked\":true,\"app_metadata\":{\"roles\":[\"admin\"],\"gone\":null},"
                + "\"given_name\":\"A\",\"family_name\":\"B\",\"name\":\"A B\",\"picture\":\"https://x/p.png\"}");

        // WHEN
        NewUser user = Auth0Users.toNewUser(auth0);

        // THEN
        assertEquals(Map.of("GivenName", "A", "FamilyName", "B", "Name", "A B", "Picture", "https://x/p.png"),
                user.profile());
        assertTrue(user.emailVerified());
        assertTrue(user.blocked());
        assertEquals(json("{\"roles\":[\"admin\"]}"), json(user.appMetadata()));
    }

    @Test
    void anEmailAndAPasswordAreAllADatabaseUserNeeds() {
        // GIVEN
        JsonNode auth0 = json("{\"connection\":\"demo\",\"email\":\"a@b.com\",\"password\":\"correct horse battery\"}");

        // WHEN
        NewUser user = Auth0Users.toNewUser(auth0);

        // THEN
        assertEquals(new NewUser(null, "a@b.com", null, "correct horse battery", Map.of(), null, List.of(), List.of(),
                List.of()), user);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"password\":\"correct horse battery\"}", "{\"email\":\"a@b.com\"}",
            "{\"username\":\"a\",\"phone_number\":\"+15550100\",\"password\":\"correct horse battery\"}"})
    void anEmailAndAPasswordAreRequired(String body) {
        // GIVEN the body above

        // WHEN / THEN
        assertInvalid(InvalidRequestException.MISSING_PARAMETER, () -> Auth0Users.toNewUser(json(body)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"picture\":\"javascript:alert(1)\"", "\"blocked\":\"yes\"", "\"email_verified\":1",
            "\"app_metadata\":[1]", "\"app_metadata\":{\"a.b\":1}", "\"app_metadata\":{\"$x\":1}"})
    void refusesAMalformedProfileFieldFlagOrAppMetadata(String member) {
        // GIVEN
        JsonNode auth0 = json("{" + REQUIRED + "," + member + "}");

        // WHEN / THEN
        assertInvalid(InvalidRequestException.INVALID_PARAMETER_VALUE, () -> Auth0Users.toNewUser(auth0));
    }

    @Test
    void aNullOrEmptyUserMetadataAddsNoAttributes() {
        // GIVEN
        JsonNode empty = json("{" + REQUIRED + ",\"user_metadata\":{}}");
        JsonNode nulled = json("{" + REQUIRED + ",\"user_metadata\":null,\"app_metadata\":null}");

        // WHEN
        NewUser fromEmpty = Auth0Users.toNewUser(empty);
        NewUser fromNull = Auth0Users.toNewUser(nulled);

        // THEN
        assertTrue(fromEmpty.customAttributes().isEmpty());
        assertTrue(fromNull.customAttributes().isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"user_id", "Email", "mfa_factors", "client_id"})
    void anUnknownCreateFieldIsReportedByItsAuth0Name(String field) {
        // GIVEN
        ObjectNode auth0 = (ObjectNode) json("{\"email\":\"a@b.com\"}");
        auth0.put(field, "x");

        // WHEN
        InvalidRequestException e = assertInvalid(InvalidRequestException.UNKNOWN_PARAMETER,
                () -> Auth0Users.toNewUser(auth0));

        // THEN
        assertTrue(e.getMessage().contains(field), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"user_metadata\":\"gold\"}", "{\"user_metadata\":[1]}",
            "{\"user_metadata\":{\"prefs\":{\"theme\":\"dark\"}}}", "{\"user_metadata\":{\"tags\":[\"a\"]}}"})
    void userMetadataMustBeAnObjectOfScalars(String body) {
        // GIVEN the body above

        // WHEN
        InvalidRequestException e = assertInvalid(InvalidRequestException.INVALID_PARAMETER_VALUE,
                () -> Auth0Users.toNewUser(json(body)));

        // THEN
        assertTrue(e.getMessage().contains("user_metadata"), e.getMessage());
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"[]", "\"text\""})
    void aCreateBodyMustBeAnObject(String body) {
        // GIVEN
        JsonNode node = body == null ? null : json(body);

        // WHEN / THEN
        assertInvalid(InvalidRequestException.INVALID_PARAMETER, () -> Auth0Users.toNewUser(node));
    }

    // ----- update -----

    @Test
    void mapsAPatchBodyWithMetadataMergeAndRemoval() {
        // GIVEN
        JsonNode auth0 = json("{\"email\":\"new@example.com\",\"phone_number\":\"+15550199\",\"username\":\"al2\","
                + "\"nickname\":null,\"user_metadata\":{\"plan\":\"silver\",\"legacy\":null}}");

        // WHEN
        UserPatch patch = Auth0Users.toUserPatch(auth0);

        // THEN
        assertEquals(new UserPatch("al2", "new@example.com", "+15550199", Map.of("Nickname", Optional.empty()),
                null, null, List.of(new CustomAttribute("plan", "silver", "STRING"),
                new CustomAttribute("legacy", null, "STRING")), null), patch);
    }

    @Test
    void aTranslatedPatchPassesRostersUpdateUserValidation() {
        // GIVEN
        JsonNode auth0 = json("{\"nickname\":\"ally\",\"user_metadata\":{\"beta\":false,\"legacy\":null}}");

        // WHEN
        UserPatch patch = Auth0Users.toUserPatch(auth0);

        // THEN
        assertEquals(java.util.Optional.of("ally"), patch.profile().get("Nickname"));
        assertEquals(List.of(new CustomAttribute("beta", "false", "BOOLEAN"),
                new CustomAttribute("legacy", null, "STRING")), patch.customAttributes());
    }

    @Test
    void aPatchMayNameItsConnection() {
        // GIVEN
        JsonNode auth0 = json("{\"connection\":\"demo\",\"email\":\"new@example.com\"}");

        // WHEN
        UserPatch patch = Auth0Users.toUserPatch(auth0);

        // THEN
        assertEquals(new UserPatch(null, "new@example.com", null, Map.of(), null, null, null, null), patch);
    }

    @Test
    void passwordChangesAreRefusedWhereverThePasswordIs() {
        // GIVEN
        JsonNode auth0 = json("{\"nickname\":\"x\",\"password\":\"new secret 123\",\"whatever\":1}");

        // WHEN
        InvalidRequestException e = assertInvalid(InvalidRequestException.INVALID_PARAMETER_VALUE,
                () -> Auth0Users.toUserPatch(auth0));

        // THEN
        assertTrue(e.getMessage().contains("password changes are not supported"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"user_id", "Nickname", "client_id", "verify_email"})
    void anUnknownPatchFieldIsReportedByItsAuth0Name(String field) {
        // GIVEN
        ObjectNode auth0 = (ObjectNode) json("{\"nickname\":\"x\"}");
        auth0.put(field, "y");

        // WHEN
        InvalidRequestException e = assertInvalid(InvalidRequestException.UNKNOWN_PARAMETER,
                () -> Auth0Users.toUserPatch(auth0));

        // THEN
        assertTrue(e.getMessage().contains(field), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "{\"connection\":\"demo\"}"})
    void aPatchThatChangesNothingIsMissingParameters(String body) {
        // GIVEN the body above

        // WHEN / THEN
        assertInvalid(InvalidRequestException.MISSING_PARAMETER, () -> Auth0Users.toUserPatch(json(body)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"user_metadata\":null}", "{\"user_metadata\":\"x\"}",
            "{\"user_metadata\":{\"a\":{\"b\":1}}}"})
    void aPatchsUserMetadataMustBeAnObjectOfScalarsOrNulls(String body) {
        // GIVEN the body above

        // WHEN / THEN
        assertInvalid(InvalidRequestException.INVALID_PARAMETER_VALUE, () -> Auth0Users.toUserPatch(json(body)));
    }

    @Test
    void aPatchReplacesTopLevelFieldsAndMergesBothMetadata() {
        // GIVEN
        JsonNode auth0 = json("{\"blocked\":true,\"email_verified\":true,\"given_name\":\"Al\",\"picture\":null,"
                + "\"user_metadata\":{},\"app_metadata\":{\"plan\":\"gold\",\"trial\":null}}");

        // WHEN
        UserPatch patch = Auth0Users.toUserPatch(auth0);

        // THEN
        assertEquals(Boolean.TRUE, patch.blocked());
        assertEquals(Boolean.TRUE, patch.emailVerified());
        assertEquals(Map.of("GivenName", Optional.of("Al"), "Picture", Optional.empty()), patch.profile());
        assertTrue(patch.clearCustomAttributes());
        assertNull(patch.customAttributes());
        assertEquals(json("{\"plan\":\"gold\",\"trial\":null}"), patch.appMetadata());
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"blocked\":null}", "{\"email_verified\":\"true\"}", "{\"app_metadata\":null}",
            "{\"app_metadata\":[]}", "{\"app_metadata\":{\"a.b\":1}}", "{\"picture\":\"ftp://x\"}"})
    void aPatchRefusesMalformedFlagsAppMetadataAndPictures(String body) {
        // GIVEN the body above

        // WHEN / THEN
        assertInvalid(InvalidRequestException.INVALID_PARAMETER_VALUE, () -> Auth0Users.toUserPatch(json(body)));
    }

    // ----- the user object -----

    @Test
    void writesTheAuth0UserObject() {
        // GIVEN
        User user = user(Map.of("Nickname", "al", "Name", "Alice Liddell"), List.of(
                new CustomAttribute("plan", "gold", "STRING"),
                new CustomAttribute("seats", "3", "NUMBER"),
                new CustomAttribute("ratio", "0.25", "NUMBER"),
                new CustomAttribute("beta", "true", "BOOLEAN"),
                new CustomAttribute("since", "2024-01-02", "DATE")));

        // WHEN
        JsonNode written = written(user);

        // THEN
        assertEquals(json("{\"user_id\":\"auth0|u123\",\"email\":\"alice@example.com\",\"email_verified\":false,"
                + "\"username\":\"alice\",\"phone_number\":\"+1-555-0100\",\"phone_verified\":false,"
                + "\"nickname\":\"al\",\"name\":\"Alice Liddell\","
                + "\"created_at\":\"2026-11-23T13:00:00.000Z\",\"updated_at\":\"2026-11-23T13:00:01.234Z\","
                + "\"user_metadata\":{\"plan\":\"gold\",\"seats\":3,\"ratio\":0.25,\"beta\":true,\"since\":\"2024-01-02\"},"
                + "\"app_metadata\":{},"
                + "\"identities\":[{\"connection\":\"demo\",\"user_id\":\"u123\",\"provider\":\"auth0\",\"isSocial\":false}],"
                + "\"blocked\":false}"), written);
        assertTrue(written.get("user_metadata").get("seats").isNumber());
        assertTrue(written.get("user_metadata").get("beta").isBoolean());
    }

    @Test
    void writesUnknownIdentifiersAsNullAndLeavesOutAnAbsentNameAndNickname() {
        // GIVEN
        User user = new User(STORE, "u9", null, "bo@example.com", null, Map.of(), null, List.of(), List.of(),
                List.of(), true, User.STATUS_NOT_ENABLED, "IMPORT", 0, 0, 1, null);

        // WHEN
        JsonNode written = written(user);

        // THEN
        assertTrue(written.has("username") && written.get("username").isNull());
        assertTrue(written.has("phone_number") && written.get("phone_number").isNull());
        assertFalse(written.has("name"));
        assertFalse(written.has("nickname"));
        assertEquals("1970-01-01T00:00:00.000Z", written.get("created_at").asText());
        assertEquals(json("{}"), written.get("user_metadata"));
    }

    @Test
    void writesTheFlagsProfileFieldsAndAppMetadataRosterKeeps() {
        // GIVEN
        User user = user(Map.of("GivenName", "Alice", "FamilyName", "Liddell", "Picture", "https://x/a.png"),
                List.of()).toBuilder().emailVerified(true).blocked(true).appMetadata("{\"roles\":[\"admin\"]}").build();

        // WHEN
        JsonNode written = written(user);

        // THEN
        assertTrue(written.get("email_verified").booleanValue());
        assertTrue(written.get("blocked").booleanValue());
        assertEquals("Alice", written.get("given_name").asText());
        assertEquals("Liddell", written.get("family_name").asText());
        assertEquals("https://x/a.png", written.get("picture").asText());
        assertEquals(json("{\"roles\":[\"admin\"]}"), written.get("app_metadata"));
        assertFalse(written.has("last_login"));
    }

    @Test
    void aCustomAttributeThatIsNotItsTypeIsWrittenAsAString() {
        // GIVEN
        User user = user(Map.of(), List.of(new CustomAttribute("n", "many", "NUMBER"),
                new CustomAttribute("b", "yes", "BOOLEAN")));

        // WHEN
        JsonNode metadata = written(user).get("user_metadata");

        // THEN
        assertEquals(json("{\"n\":\"many\",\"b\":\"yes\"}"), metadata);
    }

    @Test
    void createThenWriteGivesBackTheMetadataTypes() {
        // GIVEN
        JsonNode metadata = json("{\"plan\":\"gold\",\"seats\":3,\"beta\":false}");
        List<CustomAttribute> custom = Auth0Users.toNewUser(json("{" + REQUIRED + ",\"user_metadata\":" + metadata
                + "}")).customAttributes();

        // WHEN
        JsonNode written = written(user(Map.of(), custom)).get("user_metadata");

        // THEN
        assertEquals(metadata, written);
    }

    // ----- q -----

    @ParameterizedTest
    @ValueSource(strings = {"email:\"alice@example.com\"", "email:alice@example.com", "  email:\"alice@example.com\" "})
    void readsTheEmailOfAnEmailQuery(String q) {
        // GIVEN the query above

        // WHEN
        Auth0UserQuery query = Auth0UserQuery.parse(q);

        // THEN
        assertEquals(List.of(new Auth0UserQuery.Term("email", "alice@example.com")), query.terms());
    }

    @Test
    void aQuotedValueMayHoldAPlusSpacesAndEscapedQuotes() {
        // GIVEN
        String q = "email:\"a+tag@example.com\" AND name:\"Jane \\\"JJ\\\" Smith\" AND user_id:auth0|abc";

        // WHEN
        Auth0UserQuery query = Auth0UserQuery.parse(q);

        // THEN
        assertEquals(List.of(new Auth0UserQuery.Term("email", "a+tag@example.com"),
                new Auth0UserQuery.Term("name", "Jane \"JJ\" Smith"),
                new Auth0UserQuery.Term("user_id", "auth0|abc")), query.terms());
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "alice@example.com", "email:", "email:\"\"", "email:*@example.com",
            "email:\"alice@example.com\" OR email:\"bob@example.com\"", "email:a@b.com and name:x",
            "email:a@b.com AND", "EMAIL:alice@example.com", "email: alice@example.com", "email:\"alice@example.com",
            "-email:a@b.com", "email:-a@b.com", "email:(a@b.com)", "email:a@b.com~", "NOT email:a@b.com",
            "app_metadata.plan:gold", "email_verified:yes", "name:jo*", "logins_count:[1 TO 5]"})
    void refusesAnyOtherQueryWithTheSupportedSyntax(String q) {
        // GIVEN the query above

        // WHEN
        InvalidRequestException e = assertInvalid(InvalidRequestException.INVALID_PARAMETER_VALUE,
                () -> Auth0UserQuery.parse(q));

        // THEN
        assertTrue(e.getMessage().contains("exact field:value terms joined by AND"), e.getMessage());
    }

    @Test
    void matchesEveryTermEmailAndNamesIgnoringCase() {
        // GIVEN
        User alice = user(Map.of("Name", "Alice Liddell"), List.of()).toBuilder().emailVerified(true).build();
        User bob = user(Map.of("Name", "Bob"), List.of());

        // WHEN
        java.util.function.Predicate<User> matcher = Auth0UserQuery.parse(
                "email:ALICE@example.com AND name:\"alice liddell\" AND email_verified:true AND user_id:\"auth0|u123\""
                        + " AND username:Alice AND blocked:false").matcher();

        // THEN
        assertTrue(matcher.test(alice));
        assertFalse(matcher.test(bob));
        assertFalse(Auth0UserQuery.parse("email_verified:false").matcher().test(alice));
    }

    @Test
    void nothingIsNullInAWrittenUsersIdentity() {
        // GIVEN
        User user = user(Map.of(), List.of());

        // WHEN
        JsonNode identity = written(user).get("identities").get(0);

        // THEN
        assertEquals(4, identity.size());
        identity.fields().forEachRemaining(f -> assertFalse(f.getValue().isNull(), f.getKey()));
        assertNull(written(user).get("password"));
    }
}
