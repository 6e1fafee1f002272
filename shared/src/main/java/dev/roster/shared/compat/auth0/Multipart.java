package dev.roster.shared.compat.auth0;

import com.fasterxml.jackson.databind.JsonNode;
import dev.roster.shared.error.InvalidRequestException;
import dev.roster.shared.json.Json;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A {@code multipart/form-data} body (RFC 7578), as Auth0's users-imports takes its users file: parts by field
 * name, each with its file name and content type (null when not given) and its bytes exactly as sent. Lines end
 * in CRLF (a bare LF is tolerated); any malformation is 400 InvalidParameter.
 */
public final class Multipart {

    /** One form field: {@code filename} and {@code contentType} are null when the part does not give them. */
    public record Part(String name, String filename, String contentType, byte[] data) {

        /** The data as UTF-8 text. */
        public String text() {
            return new String(data, StandardCharsets.UTF_8);
        }

        /**
         * A plain form field's value. Auth0 takes it plain ({@code demo}, as curl -F sends it) or JSON-encoded
         * ({@code "demo"}, as its v3 Java SDK sends every field): a JSON string is decoded; anything else, such as
         * {@code true} (the same both ways), is the text as sent, trimmed.
         */
        public String value() {
            String text = text().strip();
            if (text.length() >= 2 && text.startsWith("\"") && text.endsWith("\"")) {
                try {
                    JsonNode decoded = Json.MAPPER.readTree(text);
                    if (decoded.isTextual()) {
                        return decoded.asText();
                    }
                } catch (IOException notJson) {
                    // Quoted but no JSON string (an unescaped quote inside): a plain value that happens to be quoted.
                }
            }
            return text;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Part p && java.util.Objects.equals(name, p.name)
                    && java.util.Objects.equals(filename, p.filename)
                    && java.util.Objects.equals(contentType, p.contentType) && Arrays.equals(data, p.data);
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(name, filename, contentType) * 31 + Arrays.hashCode(data);
        }

        @Override
        public String toString() {
            return "Part[name=" + name + ", filename=" + filename + ", contentType=" + contentType + ", "
                    + data.length + " bytes]";
        }
    }

    private static final int MAX_BOUNDARY = 70;
    private static final int MAX_HEADER_BYTES = 8 * 1024;

    private Multipart() {
    }

    /** The parts of {@code body}, in order, by name; a name given twice is malformed. */
    public static Map<String, Part> parse(byte[] body, String contentType) {
        byte[] delimiter = ("--" + boundary(contentType)).getBytes(StandardCharsets.ISO_8859_1);
        if (body == null || body.length == 0) {
            throw malformed("the body is empty");
        }
        int position = firstDelimiter(body, delimiter);
        Map<String, Part> parts = new LinkedHashMap<>();
        while (true) {
            int after = position + delimiter.length;
            if (startsWith(body, after, "--")) {
                return Collections.unmodifiableMap(parts); // the close delimiter; the epilogue is ignored
            }
            int headersStart = endOfLine(body, skipPadding(body, after));
            if (headersStart < 0) {
                throw malformed("a boundary line is not followed by a line break");
            }
            int[] dataStart = new int[1];
            Map<String, String> headers = headers(body, headersStart, dataStart);
            // From the blank line's own LF: a part with no data at all may have the boundary right after it.
            int next = nextDelimiter(body, delimiter, dataStart[0] - 1);
            if (next < 0) {
                throw malformed("a part is not closed by a boundary");
            }
            // next is the LF before the boundary: the data ends before that line break (CRLF or LF).
            int dataEnd = next > dataStart[0] && body[next - 1] == '\r' ? next - 1 : next;
            Part part = part(headers, Arrays.copyOfRange(body, dataStart[0], Math.max(dataEnd, dataStart[0])));
            if (parts.putIfAbsent(part.name(), part) != null) {
                throw malformed("the form field " + part.name() + " is given twice");
            }
            position = next + 1;
        }
    }

    // ----- content type -----

    private static String boundary(String contentType) {
        if (contentType == null) {
            throw malformed("the Content-Type is missing");
        }
        List<String> pieces = split(contentType, ';');
        if (!pieces.get(0).strip().equalsIgnoreCase("multipart/form-data")) {
            throw malformed("the Content-Type must be multipart/form-data");
        }
        String boundary = parameters(pieces.subList(1, pieces.size())).get("boundary");
        if (boundary == null || boundary.isEmpty() || boundary.length() > MAX_BOUNDARY
                || boundary.endsWith(" ") || !boundary.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
            throw malformed("the Content-Type has no valid boundary");
        }
        return boundary;
    }

    /** name=value parameters (values quoted or not, names lower-cased); a piece without '=' is malformed. */
    private static Map<String, String> parameters(List<String> pieces) {
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String piece : pieces) {
            String trimmed = piece.strip();
            if (trimmed.isEmpty()) {
                continue;
            }
            int equals = trimmed.indexOf('=');
            if (equals <= 0) {
                throw malformed("the header parameter " + trimmed + " has no value");
            }
            String name = trimmed.substring(0, equals).strip().toLowerCase(Locale.ROOT);
            String value = trimmed.substring(equals + 1).strip();
            if (value.startsWith("\"")) {
                value = unquote(value);
            }
            parameters.putIfAbsent(name, value);
        }
        return parameters;
    }

    private static String unquote(String quoted) {
        StringBuilder out = new StringBuilder();
        for (int i = 1; i < quoted.length(); i++) {
            char c = quoted.charAt(i);
            if (c == '\\' && i + 1 < quoted.length()) {
                out.append(quoted.charAt(++i));
            } else if (c == '"') {
                if (i != quoted.length() - 1) {
                    throw malformed("a quoted header parameter has text after its closing quote");
                }
                return out.toString();
            } else {
                out.append(c);
            }
        }
        throw malformed("a quoted header parameter is not closed");
    }

    /** Splits on {@code separator} outside double quotes. */
    private static List<String> split(String text, char separator) {
        List<String> pieces = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted && c == '\\' && i + 1 < text.length()) {
                current.append(c).append(text.charAt(++i));
                continue;
            }
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == separator && !quoted) {
                pieces.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        pieces.add(current.toString());
        return pieces;
    }

    // ----- body -----

    /** The first boundary line: at the very start or after a preamble, at the start of a line. */
    private static int firstDelimiter(byte[] body, byte[] delimiter) {
        if (startsWith(body, 0, delimiter) && isDelimiterEnd(body, delimiter.length)) {
            return 0;
        }
        int found = nextDelimiter(body, delimiter, 0);
        if (found < 0) {
            throw malformed("the body does not contain the boundary");
        }
        return found + 1;
    }

    /** The index of the LF that starts the next {@code LF--boundary} (followed by "--", padding or a line break). */
    private static int nextDelimiter(byte[] body, byte[] delimiter, int from) {
        for (int i = from; i < body.length; i++) {
            if (body[i] == '\n' && startsWith(body, i + 1, delimiter) && isDelimiterEnd(body, i + 1 + delimiter.length)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isDelimiterEnd(byte[] body, int at) {
        if (startsWith(body, at, "--")) {
            return true;
        }
        int i = skipPadding(body, at);
        return i < body.length && (body[i] == '\n' || (body[i] == '\r' && i + 1 < body.length && body[i + 1] == '\n'));
    }

    private static int skipPadding(byte[] body, int at) {
        int i = at;
        while (i < body.length && (body[i] == ' ' || body[i] == '\t')) {
            i++;
        }
        return i;
    }

    /** The index after the line break at {@code at} (CRLF or LF), or -1 when there is none there. */
    private static int endOfLine(byte[] body, int at) {
        if (at < body.length && body[at] == '\n') {
            return at + 1;
        }
        if (at + 1 < body.length && body[at] == '\r' && body[at + 1] == '\n') {
            return at + 2;
        }
        return -1;
    }

    /** Reads header lines up to the blank line; {@code dataStart[0]} is set to where the data begins. */
    private static Map<String, String> headers(byte[] body, int from, int[] dataStart) {
        Map<String, String> headers = new LinkedHashMap<>();
        int lineStart = from;
        while (true) {
            int lf = indexOf(body, (byte) '\n', lineStart);
            if (lf < 0 || lf - from > MAX_HEADER_BYTES) {
                throw malformed("a part's headers do not end with a blank line");
            }
            int lineEnd = lf > lineStart && body[lf - 1] == '\r' ? lf - 1 : lf;
            if (lineEnd == lineStart) {
                dataStart[0] = lf + 1;
                return headers;
            }
            String line = new String(body, lineStart, lineEnd - lineStart, StandardCharsets.UTF_8);
            int colon = line.indexOf(':');
            if (colon <= 0 || line.charAt(0) == ' ' || line.charAt(0) == '\t') {
                throw malformed("a part has a malformed header line");
            }
            String name = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            if (headers.putIfAbsent(name, line.substring(colon + 1).strip()) != null) {
                throw malformed("a part repeats the header " + name);
            }
            lineStart = lf + 1;
        }
    }

    private static Part part(Map<String, String> headers, byte[] data) {
        String disposition = headers.get("content-disposition");
        if (disposition == null) {
            throw malformed("a part has no Content-Disposition");
        }
        List<String> pieces = split(disposition, ';');
        if (!pieces.get(0).strip().equalsIgnoreCase("form-data")) {
            throw malformed("a part's Content-Disposition is not form-data");
        }
        Map<String, String> parameters = parameters(pieces.subList(1, pieces.size()));
        String name = parameters.get("name");
        if (name == null || name.isEmpty()) {
            throw malformed("a part has no name");
        }
        String filename = parameters.get("filename");
        String extended = parameters.get("filename*");
        if (extended != null) {
            filename = extendedValue(extended, filename);
        }
        String contentType = headers.get("content-type");
        return new Part(name, filename, contentType == null || contentType.isEmpty() ? null : contentType, data);
    }

    /** An RFC 5987 {@code UTF-8''percent%20encoded} value; {@code otherwise} for another charset or a bad one. */
    private static String extendedValue(String value, String otherwise) {
        int first = value.indexOf('\'');
        int second = first < 0 ? -1 : value.indexOf('\'', first + 1);
        if (second < 0 || !value.substring(0, first).equalsIgnoreCase("UTF-8")) {
            return otherwise;
        }
        String encoded = value.substring(second + 1);
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c == '%') {
                if (i + 2 >= encoded.length() || Character.digit(encoded.charAt(i + 1), 16) < 0
                        || Character.digit(encoded.charAt(i + 2), 16) < 0) {
                    return otherwise;
                }
                bytes.write(Integer.parseInt(encoded, i + 1, i + 3, 16));
                i += 2;
            } else if (c < 0x80) {
                bytes.write(c);
            } else {
                return otherwise;
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static boolean startsWith(byte[] body, int at, String prefix) {
        return startsWith(body, at, prefix.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static boolean startsWith(byte[] body, int at, byte[] prefix) {
        if (at < 0 || at + prefix.length > body.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (body[at + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(byte[] body, byte b, int from) {
        for (int i = from; i < body.length; i++) {
            if (body[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private static InvalidRequestException malformed(String why) {
        return new InvalidRequestException(InvalidRequestException.INVALID_PARAMETER,
                "The multipart/form-data body is malformed: " + why + ".");
    }
}
