package dev.roster.shared.rest;

import dev.roster.shared.error.InvalidRequestException;
import dev.roster.shared.json.Json;
import dev.roster.shared.user.CustomAttribute;
import dev.roster.shared.user.User;
import dev.roster.shared.user.UserPatch;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.roster.shared.rest.UserInputTest.NOW;
import static dev.roster.shared.user.UserPatchTest.storedUser;
import static dev.roster.shared.rest.UserInputTest.STORE;
import static dev.roster.shared.rest.UserInputTest.assertInvalid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** UpdateUser request validation: {@link UserInput#update}. */
class UserInputUpdateTest {

    static final String USER_ID = "5f2a0c1e9d3b4b7e8a6c0d1e2f3a4b5c";

    private static UserPatch update(String json) {
        return UserInput.update(STORE, USER_ID, Json.parseObject(json), NOW);
    }

    private static void assertUpdateFails(String expectedCode, String json) {
        assertInvalid(expectedCode, () -> update(json));
    }

    @Test
    void readsOnlyTheFieldsThatArePresent() {
        // given
        String json = "{\"Email\":\"new@test.com\",\"Version\":3}";

        // when
        UserPatch patch = update(json);

        // then
        assertEquals("new@test.com", patch.email());
        assertEquals(3L, patch.expectedVersion());
        assertNull(patch.userName());
        assertNull(patch.phoneNumber());
        assertNull(patch.birthdate());
        assertNull(patch.userGroups());
        assertNull(patch.customAttributes());
        assertEquals(Map.of(), patch.profile());
    }

    @Test
    void refusesAnEmptyObject() {
        // given
        String json = "{}";

        // when / then
        assertUpdateFails(InvalidRequestException.MISSING_PARAMETER, json);
    }

    @Test
    void refusesABodyThatOnlyNamesTheUserAndVersion() {
        // given
        String json = "{\"UserStoreId\":\"" + STORE + "\",\"UserId\":\"" + USER_ID + "\",\"Version\":3}";

        // when / then
        assertUpdateFails(InvalidRequestException.MISSING_PARAMETER, json);
    }

    @Test
    void refusesAPasswordBecauseUpdateCannotChangeIt() {
        // given
        String json = "{\"Password\":\"@ppServer123\"}";

        // when / then
        assertUpdateFails(InvalidRequestException.UNKNOWN_PARAMETER, json);
    }

    @Test
    void refusesNullForEmailBecauseItCannotBeCleared() {
        // given
        String json = "{\"Email\":null}";

        // when / then
        assertUpdateFails(InvalidRequestException.INVALID_PARAMETER_VALUE, json);
    }

    @Test
    void refusesAnInvalidEmail() {
        // given
        String json = "{\"Email\":\"not-an-email\"}";

        // when / then
        assertUpdateFails(InvalidRequestException.INVALID_PARAMETER_VALUE, json);
    }

    @Test
    void nullNicknameClearsIt() {
        // given
        UserPatch patch = update("{\"Nickname\":null}");
        User current = storedUser();

        // when
        User updated = patch.applyTo(current, NOW);

        // then
        assertEquals(Map.of("Nickname", Optional.empty()), patch.profile());
        assertFalse(updated.profile().containsKey("Nickname"));
        assertEquals("1 Main St", updated.profile("Address"));
    }

    @Test
    void nicknameValueReplacesTheStoredOne() {
        // given
        UserPatch patch = update("{\"Nickname\":\"Tessa\"}");

        // when
        User updated = patch.applyTo(storedUser(), NOW);

        // then
        assertEquals("Tessa", updated.profile("Nickname"));
    }

    @Test
    void refusesVersionZero() {
        // given
        String json = "{\"Nickname\":\"Tessa\",\"Version\":0}";

        // when / then
        assertUpdateFails(InvalidRequestException.INVALID_PARAMETER_VALUE, json);
    }

    @Test
    void refusesAUserIdThatDiffersFromThePath() {
        // given
        String json = "{\"UserId\":\"someone-else\",\"Nickname\":\"Tessa\"}";

        // when / then
        assertUpdateFails(InvalidRequestException.INVALID_PARAMETER_VALUE, json);
    }

    @Test
    void acceptsTheUserIdAndStoreOfThePath() {
        // given
        String json = "{\"UserStoreId\":\"" + STORE + "\",\"UserId\":\"" + USER_ID + "\",\"Nickname\":\"Tessa\"}";

        // when
        UserPatch patch = update(json);

        // then
        assertEquals(Map.of("Nickname", Optional.of("Tessa")), patch.profile());
    }

    @Test
    void refusesAUserStoreIdThatDiffersFromThePath() {
        // given
        String json = "{\"UserStoreId\":\"00000000000000000000000000000000\",\"Nickname\":\"Tessa\"}";

        // when / then
        assertUpdateFails(InvalidRequestException.INVALID_PARAMETER_VALUE, json);
    }

    @Test
    void nullUserGroupMeansNoGroupsAndNullBirthdateClearsIt() {
        // given
        String json = "{\"UserGroup\":null,\"Birthdate\":null}";

        // when
        UserPatch patch = update(json);

        // then
        assertEquals(List.of(), patch.userGroups());
        assertEquals(Optional.empty(), patch.birthdate());
    }

    @Test
    void customAttributeWithNullValueIsAcceptedAsARemoval() {
        // given
        String json = "{\"CustomizationAttributes\":[{\"Name\":\"team\",\"Value\":null}]}";

        // when
        UserPatch patch = update(json);

        // then
        assertEquals(List.of(new CustomAttribute("team", null, "STRING")), patch.customAttributes());
        assertTrue(patch.applyTo(storedUser(), NOW).customAttributes().isEmpty());
    }
}
