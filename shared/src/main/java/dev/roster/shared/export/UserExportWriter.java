package dev.roster.shared.export;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import dev.roster.shared.job.ExportSpec;
import dev.roster.shared.json.Json;
import dev.roster.shared.user.User;
import dev.roster.shared.user.UserJson;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Writes users, one at a time, in an export format. Nothing is kept but the current user. */
public interface UserExportWriter extends AutoCloseable {

    void write(User user) throws IOException;

    /** Flushes what is buffered; the stream underneath stays open. */
    @Override
    void close() throws IOException;

    static UserExportWriter of(ExportSpec spec, OutputStream out) throws IOException {
        return of(spec, out, false);
    }

    /** {@code continuing}: a later segment of the same file, so no CSV header again. */
    static UserExportWriter of(ExportSpec spec, OutputStream out, boolean continuing) throws IOException {
        return ExportSpec.CSV.equals(spec.format())
                ? new Csv(out, spec.effectiveColumns(), !continuing)
                : new NdJson(out, spec.columns());
    }

    /** One JSON object a line: the whole User object, or the requested columns under their names. */
    final class NdJson implements UserExportWriter {
        private final JsonGenerator gen;
        private final List<ExportSpec.Column> columns;
        private boolean wroteAny;

        NdJson(OutputStream out, List<ExportSpec.Column> columns) throws IOException {
            this.gen = Json.generator(out);
            this.gen.setPrettyPrinter(new MinimalPrettyPrinter("\n"));
            this.columns = columns;
        }

        @Override
        public void write(User user) throws IOException {
            wroteAny = true;
            if (columns.isEmpty()) {
                UserJson.write(gen, user);
            } else {
                gen.writeStartObject();
                for (ExportSpec.Column column : columns) {
                    gen.writeFieldName(column.name());
                    UserJson.writeValue(gen, column.value().apply(user));
                }
                gen.writeEndObject();
            }
        }

        @Override
        public void close() throws IOException {
            gen.flush();
            // Only after a line: an export (or a segment) of no users adds nothing to the file.
            if (wroteAny) {
                gen.writeRaw('\n');
                gen.flush();
            }
        }
    }

    /** A header row of column names, then a row a user; lists and objects are written as JSON text. */
    final class Csv implements UserExportWriter {
        private final Writer out;
        private final List<ExportSpec.Column> columns;

        Csv(OutputStream stream, List<ExportSpec.Column> columns, boolean header) throws IOException {
            this.out = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), 64 * 1024);
            this.columns = columns;
            if (header) {
                for (int i = 0; i < columns.size(); i++) {
                    out.write(i == 0 ? "" : ",");
                    out.write(CsvCells.cell(columns.get(i).name()));
                }
                out.write("\r\n");
            }
        }

        @Override
        public void write(User user) throws IOException {
            for (int i = 0; i < columns.size(); i++) {
                out.write(i == 0 ? "" : ",");
                out.write(CsvCells.cell(text(columns.get(i).value().apply(user))));
            }
            out.write("\r\n");
        }

        private static String text(Object value) {
            if (value == null) {
                return null;
            }
            if (value instanceof String s) {
                return s;
            }
            if (value instanceof JsonNode node && node.isValueNode()) {
                // A typed value flattened into a cell: the text of it, not its JSON (no quotes around a string).
                return node.isNull() ? null : node.asText();
            }
            if (value instanceof List<?>) {
                return Json.write(gen -> UserJson.writeValue(gen, value));
            }
            return value.toString();
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }
}
