package dev.roster.shared.imports.source;

import dev.roster.shared.imports.ImportLimits;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The sample files of events/import-files/ and whole reads of a format, for the readers' tests. */
final class SourceFiles {

    private SourceFiles() {
    }

    /** Maven runs a module's tests in the module's folder; the samples are the repository's. */
    static InputStream sample(String name) throws IOException {
        return Files.newInputStream(Path.of("..", "events", "import-files", name));
    }

    static InputStream text(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    static List<SourceRecord> readAll(SourceFormat format, InputStream data, ImportLimits limits) throws IOException {
        List<SourceRecord> records = new ArrayList<>();
        try (RecordReader reader = format.open(data, limits, null)) {
            for (SourceRecord record = reader.next(); record != null; record = reader.next()) {
                records.add(record);
            }
        }
        return records;
    }

    static List<SourceRecord> readAll(SourceFormat format, InputStream data) throws IOException {
        return readAll(format, data, ImportLimits.DEFAULTS);
    }
}
