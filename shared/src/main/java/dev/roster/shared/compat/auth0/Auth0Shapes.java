package dev.roster.shared.compat.auth0;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.roster.shared.error.InvalidRequestException;
import dev.roster.shared.imports.source.Auth0ImportRecords;
import dev.roster.shared.job.ExportSpec;
import dev.roster.shared.user.CustomAttribute;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** What the Auth0 translations share: timestamps, and user_metadata as Roster custom attributes. */
final class Auth0Shapes {

    static final String STRING = Auth0ImportRecords.STRING;
    static final String NUMBER = Auth0ImportRecords.NUMBER;
    static final String BOOLEAN = Auth0ImportRecords.BOOLEAN;


    private Auth0Shapes() {
    }

    /** Epoch milliseconds as Auth0 writes dates: ISO-8601 in UTC with milliseconds, 2026-11-23T13:00:00.000Z. */
    static String iso(long epochMillis) {
        return ExportSpec.iso8601(epochMillis);
    }

    static void requireObject(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new InvalidRequestException(InvalidRequestException.INVALID_PARAMETER,
                    "The request body must be a JSON object.");
        }
    }

    /** The Roster custom attribute type of a scalar user_metadata value; null for anything else. */
    static String typeOf(JsonNode value) {
        return Auth0ImportRecords.attributeType(value);
    }

    /**
     * user_metadata (an object of scalar values) as custom attributes, strictly: anything else is a 400. In a patch a
     * null value removes the attribute (Value null); elsewhere it is skipped.
     */
    static List<CustomAttribute> customAttributes(JsonNode metadata, boolean forPatch) {
        if (!metadata.isObject()) {
            throw InvalidRequestException.invalidValue("user_metadata", "must be an object");
        }
        List<CustomAttribute> attributes = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = metadata.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            JsonNode value = entry.getValue();
            if (value.isNull()) {
                if (forPatch) {
                    attributes.add(new CustomAttribute(entry.getKey(), null, STRING));
                }
                continue;
            }
            String type = typeOf(value);
            if (type == null) {
                throw InvalidRequestException.invalidValue("user_metadata." + entry.getKey(),
                        "must be a string, number or boolean");
            }
            attributes.add(new CustomAttribute(entry.getKey(), value.asText(), type));
        }
        return attributes;
    }

    /** Custom attributes as an Auth0 metadata object: NUMBER as a JSON number, BOOLEAN as a JSON boolean. */
    static void writeMetadata(JsonGenerator gen, List<CustomAttribute> attributes) throws IOException {
        gen.writeStartObject();
        if (attributes != null) {
            for (CustomAttribute attribute : attributes) {
                gen.writeFieldName(attribute.name());
                writeMetadataValue(gen, attribute);
            }
        }
        gen.writeEndObject();
    }

    private static void writeMetadataValue(JsonGenerator gen, CustomAttribute attribute) throws IOException {
        String value = attribute.value();
        if (value == null) {
            gen.writeNull();
            return;
        }
        if (NUMBER.equals(attribute.type())) {
            try {
                gen.writeNumber(new BigDecimal(value.strip()));
                return;
            } catch (NumberFormatException e) {
                // Stored before validation tightened: fall through to a string rather than fail the response.
            }
        } else if (BOOLEAN.equals(attribute.type()) && (value.equals("true") || value.equals("false"))) {
            gen.writeBoolean(Boolean.parseBoolean(value));
            return;
        }
        gen.writeString(value);
    }
}
