package dev.roster.shared.imports.source;

import com.fasterxml.jackson.databind.JsonNode;
import dev.roster.shared.error.InvalidRequestException;
import dev.roster.shared.imports.ImportLimits;

import java.io.IOException;
import java.io.InputStream;

/**
 * {@link SourceFormat#AUTH0_IMPORT}: Auth0's bulk-import file, a JSON array of users, streamed element by element
 * ({@link JsonArrayElements}) and mapped by {@link Auth0ImportRecords}, the mapping the Auth0 door uses. Record
 * numbers are element index + 1. An element that is no object, has a field twice, or has a custom_password_hash
 * Roster cannot carry fails alone; a file that stops being JSON fails the job after the elements before the fault.
 */
final class Auth0ImportReader implements RecordReader {

    private final JsonArrayElements elements;

    Auth0ImportReader(InputStream data, ImportLimits limits) throws IOException {
        // Auth0's file is one root array, nothing else.
        this.elements = new JsonArrayElements(data, limits, null, "Element");
    }

    @Override
    public SourceRecord next() throws IOException {
        JsonNode element = elements.next();
        if (element == null) {
            return null;
        }
        long number = elements.count();
        if (elements.duplicateField() != null) {
            return SourceRecord.failed(number, new InvalidRequestException(InvalidRequestException.INVALID_PARAMETER,
                    "The record is not valid JSON: it names \"" + elements.duplicateField() + "\" twice."), element);
        }
        if (!element.isObject()) {
            return SourceRecord.failed(number, new InvalidRequestException(InvalidRequestException.INVALID_PARAMETER,
                    "The record is not a JSON object."), element);
        }
        Auth0ImportRecords.Mapped mapped = Auth0ImportRecords.map(element);
        return mapped.error() == null ? SourceRecord.of(number, mapped.record(), element)
                : SourceRecord.failed(number, mapped.error(), element);
    }

    @Override
    public void close() throws IOException {
        elements.close();
    }
}
