package dev.roster.shared.imports.source;

import dev.roster.shared.imports.BoundedLineReader.LimitExceededException;
import dev.roster.shared.imports.ImportLimits;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * RFC 4180 rows, read one at a time from a stream that may hold anything: fields separated by commas, rows ended by
 * CRLF or LF (or CR), a field in double quotes may hold commas, line breaks and doubled quotes. Leniencies, as
 * spreadsheets write: a quote inside an unquoted field, or text after a closing quote, is kept as text; blank lines
 * are skipped (and not numbered). A row longer than {@code maxRowBytes} (UTF-8, counted as it is read) throws: it
 * may be an unclosed quote swallowing the file. A field longer than {@code maxFieldChars}, a row ending inside its
 * quotes (at the end of the file) and bytes that are not UTF-8 make that row alone come back with an error.
 */
final class CsvRows implements Closeable {

    /** One row: its fields, or why it cannot be read. */
    record Row(List<String> fields, String error) {
    }

    private static final int BUFFER_CHARS = 64 * 1024;
    private static final char REPLACEMENT = '\uFFFD';

    private final Reader in;
    private final int maxRowBytes;
    private final int maxFieldChars;
    private final char[] buffer = new char[BUFFER_CHARS];
    private int position;
    private int limit;
    private boolean ended;
    private long rows;

    CsvRows(InputStream data, int maxRowBytes, int maxFieldChars) {
        // Bad bytes become U+FFFD and fail their row alone, as BoundedLineReader's lines do.
        this.in = new InputStreamReader(data, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE));
        this.maxRowBytes = maxRowBytes;
        this.maxFieldChars = maxFieldChars;
    }

    /** How many rows {@link #next} has returned: the last one's number (the header is row 1). */
    long count() {
        return rows;
    }

    /** The next row that is not blank, or null after the last one. */
    Row next() throws IOException {
        while (true) {
            Row row = read();
            if (row == null) {
                return null;
            }
            if (row.error() != null || row.fields().size() > 1 || !row.fields().get(0).isEmpty()) {
                rows++;
                return row;
            }
        }
    }

    private Row read() throws IOException {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        String error = null;
        boolean quoted = false;
        boolean any = false;
        long bytes = 0;
        while (true) {
            int c = read1();
            if (c < 0) {
                if (!any) {
                    return null;
                }
                if (quoted) {
                    error = "the row ends inside a quoted field";
                }
                fields.add(field.toString());
                return new Row(fields, error);
            }
            any = true;
            bytes += utf8Length((char) c);
            if (bytes > maxRowBytes) {
                throw new LimitExceededException("Row " + (rows + 1) + " of the import file is longer than "
                        + ImportLimits.describe(maxRowBytes) + ".");
            }
            if (c == REPLACEMENT && error == null) {
                error = "the row is not valid UTF-8";
            }
            if (quoted) {
                if (c == '"') {
                    if (peek() == '"') {
                        read1();
                        bytes++;
                    } else {
                        quoted = false;
                        continue;
                    }
                }
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
                continue;
            } else if (c == '\r' || c == '\n') {
                if (c == '\r' && peek() == '\n') {
                    read1();
                }
                fields.add(field.toString());
                return new Row(fields, error);
            } else if (c == '"' && field.isEmpty()) {
                quoted = true;
                continue;
            }
            if (field.length() < maxFieldChars) {
                field.append((char) c);
            } else if (error == null) {
                error = "a field is longer than " + maxFieldChars + " characters";
            }
        }
    }

    private static int utf8Length(char c) {
        if (c < 0x80) {
            return 1;
        }
        if (c < 0x800 || Character.isSurrogate(c)) {
            return 2; // a surrogate pair is 4 bytes, 2 for each half
        }
        return 3;
    }

    private int read1() throws IOException {
        if (position == limit && !fill()) {
            return -1;
        }
        return buffer[position++];
    }

    private int peek() throws IOException {
        if (position == limit && !fill()) {
            return -1;
        }
        return buffer[position];
    }

    private boolean fill() throws IOException {
        if (ended) {
            return false;
        }
        int n = in.read(buffer, 0, buffer.length);
        while (n == 0) {
            n = in.read(buffer, 0, buffer.length);
        }
        if (n < 0) {
            ended = true;
            return false;
        }
        position = 0;
        limit = n;
        return true;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
