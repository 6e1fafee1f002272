package dev.roster.shared.user;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.util.List;

/**
 * Writes the seeds' {@code User} object from {@link UserFields}: every field, in the seeds' order, unknown ones null.
 * The doors' answers add {@code "PasswordResetRequired": true} on a user with no password (an imported Cognito user),
 * who must set one before any password check can pass.
 */
public final class UserJson {

    private UserJson() {
    }

    /** Shown only on users that have no password (it is not one of the seed's fields, so others do not carry it). */
    static final String PASSWORD_RESET_REQUIRED = "PasswordResetRequired";

    /** The seed's User object, as exports write it: a file that an import can read back. */
    public static void write(JsonGenerator gen, User user) throws IOException {
        write(gen, user, false);
    }

    /**
     * The User object as the doors answer it: the seed's, with {@code "PasswordResetRequired": true} in its
     * alphabetical place on a user who has no password.
     */
    public static void writeAnswer(JsonGenerator gen, User user) throws IOException {
        write(gen, user, user.passwordResetRequired());
    }

    private static void write(JsonGenerator gen, User user, boolean resetRequired) throws IOException {
        gen.writeStartObject();
        boolean pending = resetRequired;
        for (UserFields.Field field : UserFields.ALL) {
            if (pending && field.name().compareTo(PASSWORD_RESET_REQUIRED) > 0) {
                gen.writeBooleanField(PASSWORD_RESET_REQUIRED, true);
                pending = false;
            }
            gen.writeFieldName(field.name());
            writeValue(gen, field.value().apply(user));
        }
        if (pending) {
            gen.writeBooleanField(PASSWORD_RESET_REQUIRED, true);
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
