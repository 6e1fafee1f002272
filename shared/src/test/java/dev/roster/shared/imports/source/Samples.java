package dev.roster.shared.imports.source;

import dev.roster.shared.imports.ImportLimits;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** The sample import files kept in events/import-files/, and the records their readers are expected to give. */
final class Samples {

    /** The password every hash in the Auth0 samples was made from (events/import-files/README.md). */
    static final String PASSWORD = "Sample-Passw0rd";
    private static final Path DIRECTORY = Path.of("..", "events", "import-files");

    private Samples() {
    }

    static InputStream open(String name) {
        try {
            return Files.newInputStream(DIRECTORY.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Supplier<InputStream> opener(String name) {
        return () -> open(name);
    }

    static InputStream text(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The expected reading of a sample: {@code <number> <ImportUser JSON>} or {@code <number> FAIL <code> <field>}. */
    static List<String> expected(String name) throws IOException {
        try (InputStream in = Samples.class.getResourceAsStream("/import-files/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
    }

    /** Every record of {@code reader}, written as {@link #expected} has them. */
    static List<String> read(RecordReader reader) throws IOException {
        List<String> lines = new ArrayList<>();
        try (reader) {
            for (SourceRecord record = reader.next(); record != null; record = reader.next()) {
                lines.add(record.number() + " " + (record.error() == null ? record.record().toString()
                        : "FAIL " + record.error().code() + " " + record.error().field()));
            }
        }
        return lines;
    }

    /** Every record of {@code reader}. */
    static List<SourceRecord> records(RecordReader reader) throws IOException {
        List<SourceRecord> records = new ArrayList<>();
        try (reader) {
            for (SourceRecord record = reader.next(); record != null; record = reader.next()) {
                records.add(record);
            }
        }
        return records;
    }

    static ImportLimits limits(long maxBytes, int maxLineBytes) {
        return new ImportLimits(maxBytes, maxLineBytes);
    }
}
