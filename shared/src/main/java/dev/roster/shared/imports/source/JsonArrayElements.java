package dev.roster.shared.imports.source;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roster.shared.imports.BoundedLineReader.LimitExceededException;
import dev.roster.shared.imports.ImportLimits;
import dev.roster.shared.json.Json;

import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * The elements of a file that is one JSON array, read one at a time with Jackson's streaming parser: memory holds
 * one element (at most {@link ImportLimits#maxLineBytes()} of JSON, plus the parser's buffer) whatever the file holds.
 * An element too large, or a file too large, throws {@link LimitExceededException} before it is buffered. An element
 * that is well-formed JSON but no record (a duplicate field, a number that does not fit) comes back with why, and
 * the reading goes on. A file that is not well-formed JSON cannot be read past its fault: the elements before it
 * have been returned, and then {@link LimitExceededException} says where it broke, so its job fails with that
 * reason (as a ROSTER file whose line breaks a cap does).
 */
final class JsonArrayElements implements Closeable {

    /** One element: its number (index + 1), its value, and why it is no record (null when it is one). */
    record Element(long number, JsonNode value, String invalid) {
    }

    /** More than the parser reads ahead (8,000 bytes), so that only an element over the cap can trip it. */
    private static final long READ_AHEAD = 64 * 1024;
    private static final JsonNodeFactory NODES = Json.MAPPER.getNodeFactory();

    private final CountingStream in;
    private JsonParser parser;
    private final ImportLimits limits;
    private final String file;
    private long number;
    private boolean started;
    private boolean ended;
    private long elementStart;
    private String invalid;

    /** {@code file} names the file in messages ("import file", "password-hash file"). */
    JsonArrayElements(InputStream data, ImportLimits limits, String file) {
        this.limits = limits;
        this.file = file;
        this.in = new CountingStream(data, limits.maxDecompressedBytes(), file);
    }

    /** The next element, or null after the array's end. */
    Element next() throws IOException {
        if (ended) {
            return null;
        }
        try {
            if (!started) {
                started = true;
                // Created here, not in the constructor: the parser reads ahead, and a cap broken is next()'s to say.
                parser = Json.MAPPER.getFactory().createParser(in);
                // Duplicates are found here, so that such an element fails alone instead of breaking the parse.
                parser.disable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
                JsonToken first = parser.nextToken();
                if (first != JsonToken.START_ARRAY) {
                    throw new LimitExceededException("The " + file + " is not a JSON array"
                            + (first == null ? ": it is empty." : "."));
                }
            }
            JsonToken token = parser.nextToken();
            if (token == JsonToken.END_ARRAY) {
                ended = true;
                if (parser.nextToken() != null) {
                    throw new LimitExceededException("The " + file + " has more after its array's end.");
                }
                return null;
            }
            if (token == null) {
                throw new LimitExceededException("The " + file + " ends inside its array (after element " + number
                        + ").");
            }
            number++;
            elementStart = parser.currentTokenLocation().getByteOffset();
            in.limitElement(elementStart + limits.maxLineBytes() + READ_AHEAD, tooLong());
            invalid = null;
            JsonNode value = value(token);
            checkSize();
            in.limitElement(Long.MAX_VALUE, null);
            return new Element(number, value, invalid);
        } catch (LimitExceededException e) {
            throw e;
        } catch (JsonProcessingException e) {
            // Not well-formed JSON: nothing after this point can be trusted to start a record.
            throw new LimitExceededException("The " + file + " is not valid JSON at element " + Math.max(number, 1)
                    + (e.getLocation() == null ? "" : " (byte " + e.getLocation().getByteOffset() + ")") + ": "
                    + e.getOriginalMessage());
        }
    }

    private String tooLong() {
        return "Element " + number + " of the " + file + " is longer than " + ImportLimits.describe(limits.maxLineBytes())
                + ".";
    }

    private void checkSize() throws LimitExceededException {
        if (parser.currentLocation().getByteOffset() - elementStart > limits.maxLineBytes()) {
            throw new LimitExceededException(tooLong());
        }
    }

    /** The value whose first token is {@code token}, built token by token, its size checked as it grows. */
    private JsonNode value(JsonToken token) throws IOException {
        switch (token) {
            case START_OBJECT -> {
                ObjectNode object = NODES.objectNode();
                for (JsonToken next = parser.nextToken(); next != JsonToken.END_OBJECT; next = parser.nextToken()) {
                    String name = parser.currentName();
                    JsonNode value = value(parser.nextToken());
                    if (object.has(name) && invalid == null) {
                        invalid = "has the field \"" + name + "\" twice";
                    }
                    object.set(name, value);
                }
                return object;
            }
            case START_ARRAY -> {
                ArrayNode array = NODES.arrayNode();
                for (JsonToken next = parser.nextToken(); next != JsonToken.END_ARRAY; next = parser.nextToken()) {
                    array.add(value(next));
                }
                return array;
            }
            default -> {
                checkSize();
                return scalar(token);
            }
        }
    }

    private JsonNode scalar(JsonToken token) throws IOException {
        try {
            return switch (token) {
                case VALUE_STRING -> NODES.textNode(parser.getText());
                case VALUE_NUMBER_INT -> switch (parser.getNumberType()) {
                    case INT -> NODES.numberNode(parser.getIntValue());
                    case LONG -> NODES.numberNode(parser.getLongValue());
                    default -> NODES.numberNode(parser.getBigIntegerValue());
                };
                case VALUE_NUMBER_FLOAT -> NODES.numberNode(parser.getDecimalValue());
                case VALUE_TRUE -> NODES.booleanNode(true);
                case VALUE_FALSE -> NODES.booleanNode(false);
                case VALUE_NULL -> NODES.nullNode();
                default -> throw new LimitExceededException("The " + file + " has an unexpected " + token
                        + " at element " + number + ".");
            };
        } catch (NumberFormatException | ArithmeticException e) {
            // A number whose exponent does not fit: the token is read, so the element fails alone.
            if (invalid == null) {
                invalid = "has a number that cannot be read";
            }
            return NODES.nullNode();
        }
    }

    @Override
    public void close() throws IOException {
        if (parser != null) {
            parser.close();
        }
        in.close();
    }

    /** Counts what the parser reads: the file's cap always, and the current element's while one is read. */
    private static final class CountingStream extends FilterInputStream {
        private final long maxBytes;
        private final String file;
        private long count;
        private long elementLimit = Long.MAX_VALUE;
        private String elementMessage;

        CountingStream(InputStream in, long maxBytes, String file) {
            super(in);
            this.maxBytes = maxBytes;
            this.file = file;
        }

        void limitElement(long limit, String message) {
            elementLimit = limit;
            elementMessage = message;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                counted(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                counted(n);
            }
            return n;
        }

        private void counted(int n) throws LimitExceededException {
            count += n;
            if (count > maxBytes) {
                throw new LimitExceededException("The " + file + " is larger than " + ImportLimits.describe(maxBytes)
                        + " once decompressed.");
            }
            if (count > elementLimit) {
                throw new LimitExceededException(elementMessage);
            }
        }
    }
}
