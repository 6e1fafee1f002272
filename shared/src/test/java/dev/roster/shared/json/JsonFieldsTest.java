package dev.roster.shared.json;

import com.fasterxml.jackson.databind.JsonNode;
import dev.roster.shared.error.InvalidRequestException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The field reads every door shares: unknown names, integer ranges, the store a body repeats. */
class JsonFieldsTest {

    private static InvalidRequestException refused(String code, org.junit.jupiter.api.function.Executable call) {
        InvalidRequestException e = assertThrows(InvalidRequestException.class, call);
        assertEquals(code, e.code(), e.getMessage());
        return e;
    }

    @Test
    void anUnknownFieldIsNamedWithItsPrefix() {
        // GIVEN a nested object with a field its door does not know
        JsonNode item = Json.parseObject("{\"Key\":\"condition\",\"Colour\":\"red\"}");

        // WHEN
        InvalidRequestException e = refused(InvalidRequestException.UNKNOWN_PARAMETER,
                () -> JsonFields.rejectUnknown(item, Set.of("Key", "Values"), "Filters."));

        // THEN
        assertTrue(e.getMessage().contains("Filters.Colour"), e.getMessage());
    }

    @Test
    void unknownQueryParametersAreRefusedLikeBodyFields() {
        // GIVEN / WHEN / THEN
        JsonFields.rejectUnknown(List.of("PageSize"), Set.of("PageSize", "NextToken"));
        refused(InvalidRequestException.UNKNOWN_PARAMETER,
                () -> JsonFields.rejectUnknown(List.of("PageSize", "Sort"), Set.of("PageSize", "NextToken")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "101", "ten", "1.5", "", "99999999999"})
    void aQueryIntegerOutsideItsRangeNamesTheRange(String raw) {
        // GIVEN
        Map<String, String> query = Map.of("PageSize", raw);

        // WHEN
        InvalidRequestException e = refused(InvalidRequestException.INVALID_PARAMETER_VALUE,
                () -> JsonFields.queryInt(query, "PageSize", 20, 1, 100));

        // THEN
        assertEquals("The value of PageSize is invalid: must be an integer from 1 to 100", e.getMessage());
    }

    @Test
    void aMissingQueryIntegerTakesItsDefault() {
        // GIVEN / WHEN / THEN
        assertEquals(20, JsonFields.queryInt(Map.of(), "PageSize", 20, 1, 100));
        assertEquals(7, JsonFields.queryInt(Map.of("PageSize", "7"), "PageSize", 20, 1, 100));
    }

    @Test
    void aBodyMayRepeatItsStoreOnlyExactly() {
        // GIVEN
        JsonNode same = Json.parseObject("{\"UserStoreId\":\"s1\"}");
        JsonNode other = Json.parseObject("{\"UserStoreId\":\"s2\"}");
        JsonNode number = Json.parseObject("{\"UserStoreId\":1}");

        // WHEN / THEN
        JsonFields.requireSameStore(same, "s1");
        JsonFields.requireSameStore(Json.parseObject("{\"UserStoreId\":null}"), "s1");
        refused(InvalidRequestException.INVALID_PARAMETER_VALUE, () -> JsonFields.requireSameStore(other, "s1"));
        refused(InvalidRequestException.INVALID_PARAMETER_VALUE, () -> JsonFields.requireSameStore(number, "1"));
    }

    @Test
    void aPositiveLimitIsOneOrMore() {
        // GIVEN / WHEN / THEN
        assertNull(JsonFields.positive(null, "Limit"));
        assertEquals(5L, JsonFields.positive(Json.parseObject("{\"Limit\":5}").get("Limit"), "Limit"));
        refused(InvalidRequestException.INVALID_PARAMETER_VALUE,
                () -> JsonFields.positive(Json.parseObject("{\"Limit\":0}").get("Limit"), "Limit"));
    }
}
