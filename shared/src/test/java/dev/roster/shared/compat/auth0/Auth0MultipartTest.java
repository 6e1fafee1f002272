package dev.roster.shared.compat.auth0;

import dev.roster.shared.error.InvalidRequestException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static dev.roster.shared.compat.auth0.Auth0UsersTest.assertInvalid;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link Multipart}: the form Auth0's users-imports takes (users file, connection_id, upsert, ...). */
class Auth0MultipartTest {

    static final String BOUNDARY = "----WebKitFormBoundary7MA4YWxkTrZu0gW";
    static final String CONTENT_TYPE = "multipart/form-data; boundary=" + BOUNDARY;

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] concat(byte[]... pieces) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] piece : pieces) {
            out.writeBytes(piece);
        }
        return out.toByteArray();
    }

    /** The body curl -F 'users=@users.json;type=application/json' -F connection_id=con_1 -F upsert=false sends. */
    static final String CURL_BODY = "--" + BOUNDARY + "\r\n"
            + "Content-Disposition: form-data; name=\"users\"; filename=\"users.json\"\r\n"
            + "Content-Type: application/json\r\n"
            + "\r\n"
            + "[{\"email\":\"a@example.com\"}]\r\n"
            + "--" + BOUNDARY + "\r\n"
            + "Content-Disposition: form-data; name=\"connection_id\"\r\n"
            + "\r\n"
            + "con_1\r\n"
            + "--" + BOUNDARY + "\r\n"
            + "Content-Disposition: form-data; name=\"upsert\"\r\n"
            + "\r\n"
            + "false\r\n"
            + "--" + BOUNDARY + "--\r\n";

    @Test
    void readsAFileAndPlainFieldsWithCrlfLines() {
        // GIVEN
        byte[] body = bytes(CURL_BODY);

        // WHEN
        Map<String, Multipart.Part> parts = Multipart.parse(body, CONTENT_TYPE);

        // THEN
        assertEquals(List.of("users", "connection_id", "upsert"), List.copyOf(parts.keySet()));
        Multipart.Part users = parts.get("users");
        assertEquals("users", users.name());
        assertEquals("users.json", users.filename());
        assertEquals("application/json", users.contentType());
        assertEquals("[{\"email\":\"a@example.com\"}]", users.text());
        Multipart.Part connection = parts.get("connection_id");
        assertNull(connection.filename());
        assertNull(connection.contentType());
        assertEquals("con_1", connection.text());
        assertEquals("false", parts.get("upsert").text());
    }

    /** The one plain form field of a body that holds {@code value} exactly as sent. */
    static Multipart.Part field(String value) {
        return Multipart.parse(bytes("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"f\"\r\n\r\n" + value
                + "\r\n--" + BOUNDARY + "--\r\n"), CONTENT_TYPE).get("f");
    }

    @ParameterizedTest
    @ValueSource(strings = {"con_1", "\"con_1\"", " con_1 ", " \"con_1\" "})
    void aFieldValueIsTakenPlainOrJsonEncodedAsTheV3SdkSendsIt(String sent) {
        // GIVEN connection_id as curl sends it (con_1) or as Auth0's v3 Java SDK does ("con_1", JSON-encoded)

        // WHEN its value is read
        String value = field(sent).value();

        // THEN both are the same connection
        assertEquals("con_1", value);
    }

    @Test
    void aJsonEncodedValueIsDecodedOnceAndAnythingElseIsAsSent() {
        // GIVEN values in both forms: escapes, booleans (the same in both), quotes that are no JSON string
        // WHEN each is read, THEN a JSON string is decoded once; anything else is the text as sent, trimmed
        assertEquals("batch \"7\"\u00e9", field("\"batch \\\"7\\\"\\u00e9\"").value());
        assertEquals("\"inner\"", field("\"\\\"inner\\\"\"").value());
        assertEquals("true", field("true").value());
        assertEquals("false", field(" false ").value());
        assertEquals("\"a\" \"b\"", field("\"a\" \"b\"").value());
        assertEquals("\"", field("\"").value());
        assertEquals("", field("\"\"").value());
    }

    @Test
    void keepsBinaryDataByteForByte() {
        // GIVEN: gzip magic, a NUL, a lone CR and LF, bytes that are no UTF-8, and a CRLF at the very end
        byte[] data = {(byte) 0x1f, (byte) 0x8b, 0, '\r', 'x', '\n', (byte) 0xff, (byte) 0xfe, (byte) 0xc3, '-', '-',
                '\r', '\n'};
        byte[] body = concat(bytes("--" + BOUNDARY + "\r\n"
                        + "Content-Disposition: form-data; name=\"users\"; filename=\"users.json.gz\"\r\n"
                        + "Content-Type: application/gzip\r\n\r\n"),
                data,
                bytes("\r\n--" + BOUNDARY + "--"));

        // WHEN
        Multipart.Part part = Multipart.parse(body, CONTENT_TYPE).get("users");

        // THEN
        assertArrayEquals(data, part.data());
        assertEquals("application/gzip", part.contentType());
    }

    @Test
    void dataThatMentionsTheBoundaryWithoutEndingALineIsKept() {
        // GIVEN
        String data = "before --" + BOUNDARY + " inside\r\n--" + BOUNDARY + "x not a delimiter";
        byte[] body = bytes("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"f\"\r\n\r\n" + data
                + "\r\n--" + BOUNDARY + "--\r\n");

        // WHEN
        Multipart.Part part = Multipart.parse(body, CONTENT_TYPE).get("f");

        // THEN
        assertEquals(data, part.text());
    }

    @ParameterizedTest
    @ValueSource(strings = {"multipart/form-data; boundary=\"" + BOUNDARY + "\"",
            "Multipart/Form-Data;BOUNDARY=" + BOUNDARY,
            "multipart/form-data; charset=utf-8; boundary=" + BOUNDARY,
            "multipart/form-data; boundary=\"" + BOUNDARY + "\"; charset=utf-8"})
    void takesTheBoundaryQuotedOrNotAmongOtherParameters(String contentType) {
        // GIVEN
        byte[] body = bytes(CURL_BODY);

        // WHEN
        Map<String, Multipart.Part> parts = Multipart.parse(body, contentType);

        // THEN
        assertEquals(3, parts.size());
        assertEquals("con_1", parts.get("connection_id").text());
    }

    @Test
    void aQuotedBoundaryMayHoldCharactersATokenCannot() {
        // GIVEN
        String boundary = "simple boundary:=?";
        byte[] body = bytes("--" + boundary + "\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--"
                + boundary + "--\r\n");

        // WHEN
        Map<String, Multipart.Part> parts = Multipart.parse(body, "multipart/form-data; boundary=\"" + boundary + "\"");

        // THEN
        assertEquals("1", parts.get("a").text());
    }

    @Test
    void ignoresThePreambleAndEpilogue() {
        // GIVEN
        byte[] body = bytes("This is the preamble.\r\n" + CURL_BODY + "This is the epilogue.\r\n");

        // WHEN
        Map<String, Multipart.Part> parts = Multipart.parse(body, CONTENT_TYPE);

        // THEN
        assertEquals(3, parts.size());
        assertEquals("[{\"email\":\"a@example.com\"}]", parts.get("users").text());
    }

    @Test
    void toleratesBareLfLines() {
        // GIVEN
        byte[] body = bytes(CURL_BODY.replace("\r\n", "\n"));

        // WHEN
        Map<String, Multipart.Part> parts = Multipart.parse(body, CONTENT_TYPE);

        // THEN
        assertEquals("users.json", parts.get("users").filename());
        assertEquals("[{\"email\":\"a@example.com\"}]", parts.get("users").text());
        assertEquals("false", parts.get("upsert").text());
    }

    @Test
    void readsEmptyPartsWhicheverWayTheyAreWritten() {
        // GIVEN: one empty value with its blank line then CRLF, one whose boundary follows the blank line at once
        byte[] body = bytes("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n\r\n--" + BOUNDARY
                + "\r\nContent-Disposition: form-data; name=\"b\"\r\n\r\n--" + BOUNDARY
                + "\r\nContent-Disposition: form-data; name=\"c\"\r\n\r\nc\r\n--" + BOUNDARY + "--");

        // WHEN
        Map<String, Multipart.Part> parts = Multipart.parse(body, CONTENT_TYPE);

        // THEN
        assertEquals(0, parts.get("a").data().length);
        assertEquals(0, parts.get("b").data().length);
        assertEquals("c", parts.get("c").text());
    }

    @Test
    void readsHeaderNamesInAnyCaseAndQuotedParameters() {
        // GIVEN
        byte[] body = bytes("--" + BOUNDARY + "\r\ncontent-disposition: FORM-DATA; filename=\"my \\\"users\\\"; v2.json\"; "
                + "name=users\r\nCONTENT-TYPE: application/json\r\n\r\n[]\r\n--" + BOUNDARY + "--\r\n");

        // WHEN
        Multipart.Part part = Multipart.parse(body, CONTENT_TYPE).get("users");

        // THEN
        assertEquals("my \"users\"; v2.json", part.filename());
        assertEquals("application/json", part.contentType());
        assertEquals("[]", part.text());
    }

    @Test
    void readsUtf8FileNamesRawOrExtended() {
        // GIVEN
        byte[] body = bytes("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"a\"; filename=\"naïve.json\"\r\n"
                + "\r\n1\r\n--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"b\"; filename=\"fallback.json\"; "
                + "filename*=UTF-8''na%C3%AFve.json\r\n\r\n2\r\n--" + BOUNDARY + "--\r\n");

        // WHEN
        Map<String, Multipart.Part> parts = Multipart.parse(body, CONTENT_TYPE);

        // THEN
        assertEquals("naïve.json", parts.get("a").filename());
        assertEquals("naïve.json", parts.get("b").filename());
    }

    @Test
    void partsCompareByTheirBytes() {
        // GIVEN
        Multipart.Part one = new Multipart.Part("f", null, null, bytes("abc"));
        Multipart.Part same = new Multipart.Part("f", null, null, bytes("abc"));
        Multipart.Part other = new Multipart.Part("f", null, null, bytes("abd"));

        // WHEN / THEN
        assertEquals(one, same);
        assertEquals(one.hashCode(), same.hashCode());
        assertTrue(!one.equals(other));
        assertTrue(one.toString().contains("3 bytes"));
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "application/json", "multipart/form-data", "multipart/form-data; boundary=",
            "multipart/form-data; boundary=\"\"", "multipart/mixed; boundary=" + BOUNDARY,
            "multipart/form-data; boundary=\"unclosed", "multipart/form-data; boundary",
            "multipart/form-data; boundary=" + "b12345678901234567890123456789012345678901234567890123456789012345678901"})
    void aContentTypeWithoutAUsableBoundaryIsMalformed(String contentType) {
        // GIVEN
        byte[] body = bytes(CURL_BODY);

        // WHEN
        InvalidRequestException e = assertInvalid(InvalidRequestException.INVALID_PARAMETER,
                () -> Multipart.parse(body, contentType));

        // THEN
        assertTrue(e.getMessage().startsWith("The multipart/form-data body is malformed"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "",
            "no boundary anywhere",
            // not closed
            "--B\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n",
            // headers never end
            "--B\r\nContent-Disposition: form-data; name=\"a\"",
            // no Content-Disposition
            "--B\r\nContent-Type: text/plain\r\n\r\n1\r\n--B--",
            // not form-data
            "--B\r\nContent-Disposition: attachment; name=\"a\"\r\n\r\n1\r\n--B--",
            // no name
            "--B\r\nContent-Disposition: form-data; filename=\"a\"\r\n\r\n1\r\n--B--",
            // a header line without a colon
            "--B\r\nContent-Disposition: form-data; name=\"a\"\r\nbroken\r\n\r\n1\r\n--B--",
            // a name given twice
            "--B\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--B\r\n"
                    + "Content-Disposition: form-data; name=\"a\"\r\n\r\n2\r\n--B--",
            // a boundary line with junk after it is no boundary: the part is never closed
            "--B\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--B junk\r\n",
            // only the close delimiter's prefix
            "--Bx\r\n"})
    void aMalformedBodyIsInvalidParameter(String body) {
        // GIVEN the body above

        // WHEN / THEN
        assertInvalid(InvalidRequestException.INVALID_PARAMETER,
                () -> Multipart.parse(bytes(body), "multipart/form-data; boundary=B"));
    }

    @Test
    void aNullBodyIsMalformed() {
        // GIVEN
        byte[] body = null;

        // WHEN / THEN
        assertThrows(InvalidRequestException.class, () -> Multipart.parse(body, CONTENT_TYPE));
    }

    @Test
    void aBodyWithOnlyTheCloseDelimiterHasNoParts() {
        // GIVEN
        byte[] body = bytes("--" + BOUNDARY + "--\r\n");

        // WHEN
        Map<String, Multipart.Part> parts = Multipart.parse(body, CONTENT_TYPE);

        // THEN
        assertTrue(parts.isEmpty());
    }
}
