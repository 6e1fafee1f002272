package dev.roster.shared.imports.source;

import com.fasterxml.jackson.databind.JsonNode;
import dev.roster.shared.error.InvalidRequestException;

/**
 * One record of an import file: its number (1-based and stable across reads of the same file: for NDJSON the line
 * number, blank lines counted, so a checkpoint and a user's derived id mean the same on every delivery), the record in
 * Roster's ImportUser form, or the error that makes it unreadable, with what the file gave for the failure report.
 */
public record SourceRecord(long number, JsonNode record, InvalidRequestException error, JsonNode original) {

    public static SourceRecord of(long number, JsonNode record, JsonNode original) {
        return new SourceRecord(number, record, null, original);
    }

    public static SourceRecord failed(long number, InvalidRequestException error, JsonNode original) {
        return new SourceRecord(number, null, error, original);
    }
}
