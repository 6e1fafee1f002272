package dev.roster.shared.imports.source;

import com.fasterxml.jackson.databind.JsonNode;
import dev.roster.shared.error.InvalidRequestException;
import dev.roster.shared.imports.BoundedLineReader;
import dev.roster.shared.imports.ImportLimits;
import dev.roster.shared.json.Json;

import java.io.IOException;
import java.io.InputStream;

/**
 * Roster's own import file: NDJSON, one ImportUser object a line. Blank lines are skipped but counted, so a record's
 * number is its line number; a line that is not valid UTF-8, or not a JSON object, is a failed record.
 */
final class RosterNdjsonReader implements RecordReader {

    private final BoundedLineReader lines;

    RosterNdjsonReader(InputStream data, ImportLimits limits) {
        this.lines = new BoundedLineReader(data, limits.maxDecompressedBytes(), limits.maxLineBytes());
    }

    @Override
    public SourceRecord next() throws IOException {
        for (String text = lines.readLine(); text != null; text = lines.readLine()) {
            if (!text.isBlank()) {
                return record(lines.lineNumber(), text, lines.lastLineWasUtf8());
            }
        }
        return null;
    }

    private static SourceRecord record(long number, String text, boolean utf8) {
        if (!utf8) {
            // A replacement character would pass unseen in a free-text field: the whole line is refused.
            return SourceRecord.failed(number, InvalidRequestException.invalidValue("line " + number,
                    "is not valid UTF-8"), null);
        }
        try {
            JsonNode record = Json.parseObject(text);
            return SourceRecord.of(number, record, null);
        } catch (InvalidRequestException e) {
            return SourceRecord.failed(number, e, null);
        } catch (RuntimeException e) {
            return SourceRecord.failed(number, new InvalidRequestException(InvalidRequestException.INVALID_PARAMETER,
                    "the record could not be read."), null);
        }
    }

    @Override
    public void close() throws IOException {
        lines.close();
    }
}
