package dev.roster.shared.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.roster.shared.error.InvalidRequestException;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * The one JSON mapper of the process, built once per container. Requests are read as trees and validated by hand
 * (no reflective binding); responses are written with a generator, so field names and order are exactly the seeds'.
 */
public final class Json {

    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private static final JsonFactory FACTORY = MAPPER.getFactory();

    private Json() {
    }

    /** Parses a request body that must be one JSON object. */
    public static JsonNode parseObject(String body) {
        if (body == null || body.isBlank()) {
            throw new InvalidRequestException(InvalidRequestException.MISSING_PARAMETER, "The request body is empty.");
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(body);
        } catch (IOException | NumberFormatException e) {
            // NumberFormatException: a number whose exponent does not fit (1e-2147483648) is malformed input too.
            throw new InvalidRequestException(InvalidRequestException.INVALID_PARAMETER,
                    "The request body is not valid JSON.");
        }
        if (node == null || !node.isObject()) {
            throw new InvalidRequestException(InvalidRequestException.INVALID_PARAMETER,
                    "The request body must be a JSON object.");
        }
        return node;
    }

    public static JsonParser parser(String text) throws IOException {
        return FACTORY.createParser(text);
    }

    public static JsonGenerator generator(java.io.Writer out) throws IOException {
        return FACTORY.createGenerator(out);
    }

    public static JsonGenerator generator(java.io.OutputStream out) throws IOException {
        return FACTORY.createGenerator(out);
    }

    /** Writes one JSON document to a string with the given writer callback. */
    public static String write(JsonWriter writer) {
        StringWriter out = new StringWriter(512);
        try (JsonGenerator gen = FACTORY.createGenerator(out)) {
            writer.write(gen);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** Writes {@code "name": [{...}, ...]}: one JSON object per item, its fields written by {@code fields}. */
    public static <T> void writeObjectArray(JsonGenerator gen, String name, Iterable<T> items, FieldsWriter<T> fields)
            throws IOException {
        gen.writeArrayFieldStart(name);
        for (T item : items) {
            gen.writeStartObject();
            fields.write(gen, item);
            gen.writeEndObject();
        }
        gen.writeEndArray();
    }

    @FunctionalInterface
    public interface JsonWriter {
        void write(JsonGenerator gen) throws IOException;
    }

    /** Writes the fields of one item's JSON object. */
    @FunctionalInterface
    public interface FieldsWriter<T> {
        void write(JsonGenerator gen, T item) throws IOException;
    }
}
