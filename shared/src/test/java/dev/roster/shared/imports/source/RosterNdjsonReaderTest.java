package dev.roster.shared.imports.source;

import dev.roster.shared.error.InvalidRequestException;
import dev.roster.shared.imports.BoundedLineReader;
import dev.roster.shared.imports.ImportLimits;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** ROSTER's reader: Roster's NDJSON as records numbered by line, bad lines as failed records. */
class RosterNdjsonReaderTest {

    private static List<SourceRecord> read(byte[] file, ImportLimits limits) throws IOException {
        List<SourceRecord> records = new ArrayList<>();
        try (RecordReader reader = SourceFormat.ROSTER.open(new ByteArrayInputStream(file), limits, null)) {
            for (SourceRecord record = reader.next(); record != null; record = reader.next()) {
                records.add(record);
            }
        }
        return records;
    }

    @Test
    void recordsAreNumberedByLineBlankLinesSkippedButCountedAndBadLinesFailAlone() throws IOException {
        // GIVEN a record, a blank line, a line that is not JSON, a line that is not UTF-8, a JSON array, a record
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        file.writeBytes("{\"UserName\":\"ann\"}\r\n  \nnot json\n".getBytes(StandardCharsets.UTF_8));
        file.writeBytes(new byte[]{'{', '"', 'a', '"', ':', '"', (byte) 0xC3, '"', '}', '\n'});
        file.writeBytes("[1]\n{\"UserName\":\"bo\"}".getBytes(StandardCharsets.UTF_8));

        // WHEN
        List<SourceRecord> records = read(file.toByteArray(), ImportLimits.DEFAULTS);

        // THEN
        assertEquals(List.of(1L, 3L, 4L, 5L, 6L), records.stream().map(SourceRecord::number).toList());
        assertEquals("ann", records.get(0).record().get("UserName").asText());
        assertNull(records.get(0).original());
        assertEquals(InvalidRequestException.INVALID_PARAMETER, records.get(1).error().code());
        assertEquals("The request body is not valid JSON.", records.get(1).error().getMessage());
        assertEquals("The value of line 4 is invalid: is not valid UTF-8", records.get(2).error().getMessage());
        assertEquals("The request body must be a JSON object.", records.get(3).error().getMessage());
        assertEquals("bo", records.get(4).record().get("UserName").asText());
    }

    @Test
    void aLineOverTheCapFailsTheWholeFile() {
        byte[] file = ("{\"UserName\":\"" + "a".repeat(100) + "\"}\n").getBytes(StandardCharsets.UTF_8);
        assertThrows(BoundedLineReader.LimitExceededException.class, () -> read(file, new ImportLimits(1 << 20, 50)));
    }
}
