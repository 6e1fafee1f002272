package dev.roster.shared.imports.source;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roster.shared.imports.BoundedLineReader.LimitExceededException;
import dev.roster.shared.imports.ImportLimits;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;

/**
 * The elements of the array named {@code field} in a JSON file's root object, read one at a time with Jackson's
 * streaming parser: memory holds one element, never the file. Several root objects one after another (pages of a
 * paginated listing, concatenated) are read in turn, and a root array is read as that array. Every other field is
 * skipped unread, whatever it holds (a realm's clients, roles and keys).
 *
 * <p>Caps: the file's bytes ({@link CappedInputStream}), an element's bytes ({@link ImportLimits#maxLineBytes()},
 * checked token by token, so an endless element is refused before it is buffered), one string's length (the same
 * cap, in Jackson's own constraints) and nesting depth. A broken cap, or JSON that cannot be parsed on (after which
 * nothing can be resynchronised), throws {@link LimitExceededException}: the job fails with its message.
 */
final class JsonArrayElements implements Closeable {

    /** Real records nest a few levels (a credential's parameters); 64 refuses only files built to hurt. */
    private static final int MAX_DEPTH = 64;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final JsonParser parser;
    private final String field;
    private final String noun;
    private final int maxElementBytes;
    /** Inside a root object, between its fields. */
    private boolean inRootObject;
    private boolean inArray;
    private boolean found;
    private long count;
    /** A field the last element's objects named twice, or null: that record fails alone. */
    private String duplicate;

    /** {@code noun} names an element in messages ("User"); a null {@code field} reads a root array alone. */
    JsonArrayElements(InputStream data, ImportLimits limits, String field, String noun) throws IOException {
        JsonFactory factory = JsonFactory.builder().streamReadConstraints(StreamReadConstraints.builder()
                .maxStringLength(limits.maxLineBytes()).maxNestingDepth(MAX_DEPTH).build()).build();
        this.parser = factory.createParser(new CappedInputStream(data, limits.maxDecompressedBytes()));
        this.field = field;
        this.noun = noun;
        this.maxElementBytes = limits.maxLineBytes();
    }

    /** How many elements {@link #next} has returned: the last one's number. */
    long count() {
        return count;
    }

    /** A field name the last element repeated in one object (its last value was kept), or null. */
    String duplicateField() {
        return duplicate;
    }

    /** The next element, or null after the last one. */
    JsonNode next() throws IOException {
        try {
            while (true) {
                JsonToken token = parser.nextToken();
                if (inArray) {
                    if (token == JsonToken.END_ARRAY) {
                        inArray = false;
                        continue;
                    }
                    if (token == null) {
                        throw unreadable("it ends inside the " + field + " array");
                    }
                    count++;
                    return element(token);
                }
                if (token == null) {
                    if (inRootObject) {
                        throw unreadable("it ends inside its root object");
                    }
                    if (!found) {
                        throw new LimitExceededException(field == null ? "The import file holds no JSON array."
                                : "The import file holds no \"" + field + "\" array.");
                    }
                    return null;
                }
                if (inRootObject) {
                    if (token == JsonToken.END_OBJECT) {
                        inRootObject = false;
                    } else if (field.equals(parser.currentName())) {
                        JsonToken value = parser.nextToken();
                        if (value == JsonToken.START_ARRAY) {
                            inArray = found = true;
                        } else if (value != JsonToken.VALUE_NULL) {
                            throw unreadable("its \"" + field + "\" is not an array");
                        }
                    } else {
                        parser.nextToken();
                        parser.skipChildren();
                    }
                } else if (field == null && (found || token != JsonToken.START_ARRAY)) {
                    throw unreadable(found ? "it holds more after its array" : "it is not a JSON array");
                } else if (token == JsonToken.START_OBJECT) {
                    inRootObject = true;
                } else if (token == JsonToken.START_ARRAY) {
                    inArray = found = true;
                } else {
                    throw unreadable("it is not a JSON object holding a \"" + field + "\" array");
                }
            }
        } catch (LimitExceededException e) {
            throw e;
        } catch (StreamConstraintsException e) {
            if (inArray && !e.getMessage().contains("nesting depth")) {
                // One string (or number, or name) longer than the line cap: the element is.
                throw tooLong();
            }
            throw unreadable(e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            // Where a parser's own message names its source, that is only ever this file.
            throw unreadable(e.getOriginalMessage().replaceAll(" \\(start marker at .*", ""));
        }
    }

    private JsonNode element(JsonToken first) throws IOException {
        long start = parser.currentTokenLocation().getByteOffset();
        duplicate = null;
        return value(first, start);
    }

    private JsonNode value(JsonToken token, long start) throws IOException {
        if (parser.currentLocation().getByteOffset() - start > maxElementBytes) {
            throw tooLong();
        }
        if (token == null) {
            throw unreadable("it ends inside " + noun.toLowerCase(java.util.Locale.ROOT) + " " + count);
        }
        switch (token) {
            case START_OBJECT -> {
                ObjectNode object = NODES.objectNode();
                for (JsonToken next = parser.nextToken(); next != JsonToken.END_OBJECT; next = parser.nextToken()) {
                    if (next == null) {
                        return value(null, start);
                    }
                    String name = parser.currentName();
                    if (object.replace(name, value(parser.nextToken(), start)) != null && duplicate == null) {
                        duplicate = name;
                    }
                }
                return object;
            }
            case START_ARRAY -> {
                ArrayNode array = NODES.arrayNode();
                for (JsonToken next = parser.nextToken(); next != JsonToken.END_ARRAY; next = parser.nextToken()) {
                    array.add(value(next, start));
                }
                return array;
            }
            case VALUE_STRING -> {
                return NODES.textNode(parser.getText());
            }
            case VALUE_NUMBER_INT -> {
                return switch (parser.getNumberType()) {
                    case INT -> NODES.numberNode(parser.getIntValue());
                    case LONG -> NODES.numberNode(parser.getLongValue());
                    default -> NODES.numberNode(parser.getBigIntegerValue());
                };
            }
            case VALUE_NUMBER_FLOAT -> {
                return NODES.numberNode(parser.getDecimalValue());
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return NODES.booleanNode(token == JsonToken.VALUE_TRUE);
            }
            case VALUE_NULL -> {
                return NODES.nullNode();
            }
            default -> throw unreadable("unexpected " + token);
        }
    }

    private LimitExceededException tooLong() {
        return new LimitExceededException(noun + " " + count + " of the import file is longer than "
                + ImportLimits.describe(maxElementBytes) + ".");
    }

    private LimitExceededException unreadable(String why) {
        return new LimitExceededException("The import file is not readable as JSON at line "
                + parser.currentLocation().getLineNr() + ", column " + parser.currentLocation().getColumnNr()
                + ": " + why + ".");
    }

    @Override
    public void close() throws IOException {
        parser.close();
    }
}
