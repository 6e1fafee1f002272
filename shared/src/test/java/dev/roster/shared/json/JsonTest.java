package dev.roster.shared.json;

import com.fasterxml.jackson.databind.JsonNode;
import dev.roster.shared.error.InvalidRequestException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonTest {

    private static void assertParseFails(String expectedCode, String body) {
        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> Json.parseObject(body));
        assertEquals(expectedCode, e.code(), () -> "message was: " + e.getMessage());
    }

    @Test
    void parsesAJsonObject() {
        // given
        String body = "{\"UserName\":\"testuser006\",\"Version\":3}";

        // when
        JsonNode node = Json.parseObject(body);

        // then
        assertTrue(node.isObject());
        assertEquals("testuser006", node.get("UserName").asText());
        assertEquals(3, node.get("Version").asInt());
    }

    @Test
    void readsFractionsAsExactDecimals() {
        // given
        String body = "{\"Birthdate\":0.1}";

        // when
        JsonNode node = Json.parseObject(body);

        // then
        assertTrue(node.get("Birthdate").isBigDecimal());
        assertEquals("0.1", node.get("Birthdate").decimalValue().toPlainString());
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", " ", "\n\t  "})
    void refusesAnEmptyOrBlankBodyAsMissing(String body) {
        // given the body above

        // when / then
        assertParseFails(InvalidRequestException.MISSING_PARAMETER, body);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{", "{\"a\":}", "{'a':1}", "not json", "{\"a\":1,}"})
    void refusesInvalidJson(String body) {
        // given the body above

        // when / then
        assertParseFails(InvalidRequestException.INVALID_PARAMETER, body);
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "[{\"a\":1}]", "\"text\"", "42", "true", "null"})
    void refusesAnythingButAnObject(String body) {
        // given the body above

        // when / then
        assertParseFails(InvalidRequestException.INVALID_PARAMETER, body);
    }

    @Test
    void refusesDuplicateKeys() {
        // given
        String body = "{\"a\":1,\"a\":2}";

        // when / then
        assertParseFails(InvalidRequestException.INVALID_PARAMETER, body);
    }

    @Test
    void refusesDuplicateKeysInANestedObject() {
        // given
        String body = "{\"CustomizationAttributes\":[{\"Name\":\"x\",\"Name\":\"y\"}]}";

        // when / then
        assertParseFails(InvalidRequestException.INVALID_PARAMETER, body);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{} {}", "{}]", "{\"a\":1} 2"})
    void refusesTrailingTokens(String body) {
        // given the body above

        // when / then
        assertParseFails(InvalidRequestException.INVALID_PARAMETER, body);
    }

    @Test
    void writeProducesOneDocument() {
        // given
        Json.JsonWriter writer = gen -> {
            gen.writeStartObject();
            gen.writeStringField("Code", "x\"y");
            gen.writeEndObject();
        };

        // when
        String text = Json.write(writer);

        // then
        assertEquals("{\"Code\":\"x\\\"y\"}", text);
        assertEquals("x\"y", Json.parseObject(text).get("Code").asText());
    }
}
