package dev.roster.shared.compat.tencent;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roster.shared.error.InvalidRequestException;
import dev.roster.shared.rest.UserInput;
import dev.roster.shared.rest.UserInputTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Tencent's CreateUser: the REST door's body, with the seed's own codes for a missing required field. */
class TencentCreateUserTest {

    @ParameterizedTest
    @CsvSource({"Email, FailedOperation.EmailIsNull", "PhoneNumber, FailedOperation.PhoneNumberIsNull",
            "UserName, FailedOperation.UserNameIsNull", "Password, FailedOperation.PasswordIsNull"})
    void aMissingRequiredFieldIsTheSeedsIsNullCode(String field, String code) {
        // GIVEN the seed's CreateUser body, without the field, and with it null or blank
        ObjectNode absent = UserInputTest.seed();
        absent.remove(field);
        ObjectNode nulled = UserInputTest.seed();
        nulled.putNull(field);
        ObjectNode blank = UserInputTest.seed();
        blank.put(field, "  ");

        for (ObjectNode body : new ObjectNode[]{absent, nulled, blank}) {
            // WHEN / THEN the Tencent door answers the seed's code, naming the field
            InvalidRequestException tencent = assertThrows(InvalidRequestException.class,
                    () -> TencentApi.newUser(UserInputTest.STORE, body, UserInputTest.NOW));
            assertEquals(code, tencent.code());
            assertEquals(field, tencent.field());
            // ... while the REST door keeps MissingParameter
            assertEquals(InvalidRequestException.MISSING_PARAMETER, assertThrows(InvalidRequestException.class,
                    () -> UserInput.create(UserInputTest.STORE, body, UserInputTest.NOW)).code());
        }
    }

    @ParameterizedTest
    @CsvSource({"Email, not-an-email", "PhoneNumber, not-a-phone"})
    void otherErrorsKeepTheirCodes(String field, String value) {
        // GIVEN a body with a bad (not missing) value
        ObjectNode body = UserInputTest.seed();
        body.put(field, value);

        // WHEN / THEN
        assertEquals(InvalidRequestException.INVALID_PARAMETER_VALUE, assertThrows(InvalidRequestException.class,
                () -> TencentApi.newUser(UserInputTest.STORE, body, UserInputTest.NOW)).code());
    }
}
