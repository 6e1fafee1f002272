package dev.roster.shared.user;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.util.List;

/** Writes the seeds' {@code User} object from {@link UserFields}: every field, in the seeds' order, unknown ones null. */
public final class UserJson {

    private UserJson() {
    }

    public static void write(JsonGenerator gen, User user) throws IOException {
        gen.writeStartObject();
        for (UserFields.Field field : UserFields.ALL) {
            gen.writeFieldName(field.name());
            writeValue(gen, field.value().apply(user));
        }
        gen.writeEndObject();
    }

    /** Writes one property value as JSON: the types {@link UserFields} produces. */
    public static void writeValue(JsonGenerator gen, Object value) throws IOException {
        if (value == null) {
            gen.writeNull();
        } else if (value instanceof String s) {
            gen.writeString(s);
        } else if (value instanceof Long n) {
            gen.writeNumber(n);
        } else if (value instanceof Boolean b) {
            gen.writeBoolean(b);
        } else if (value instanceof JsonNode tree) {
            gen.writeTree(tree);
        } else if (value instanceof List<?> list) {
            gen.writeStartArray();
            for (Object item : list) {
                if (item instanceof CustomAttribute attribute) {
                    gen.writeStartObject();
                    gen.writeStringField("Name", attribute.name());
                    gen.writeStringField("Value", attribute.value());
                    gen.writeStringField("Type", attribute.type());
                    gen.writeEndObject();
                } else {
                    writeValue(gen, item);
                }
            }
            gen.writeEndArray();
        } else {
            throw new IllegalArgumentException("not a user property value: " + value.getClass());
        }
    }
}
