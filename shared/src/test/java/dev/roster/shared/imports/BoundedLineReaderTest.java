package dev.roster.shared.imports;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BoundedLineReaderTest {

    /** An endless stream of one byte that counts what it handed out. */
    private static final class Endless extends InputStream {
        final byte value;
        long handedOut;

        Endless(byte value) {
            this.value = value;
        }

        @Override
        public int read() {
            handedOut++;
            return value;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            java.util.Arrays.fill(b, off, off + len, value);
            handedOut += len;
            return len;
        }
    }

    private static List<String> lines(BoundedLineReader reader) throws IOException {
        List<String> lines = new ArrayList<>();
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            lines.add(line);
        }
        return lines;
    }

    private static BoundedLineReader reader(String text, long maxBytes, int maxLineBytes) {
        return new BoundedLineReader(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), maxBytes,
                maxLineBytes);
    }

    @Test
    void linesAreSplitAsBufferedReaderSplitsThem() throws IOException {
        // given line ends of every kind, blank lines, multi-byte characters and no end on the last line
        String text = "a\nbb\r\nccc\rdé\n\n\r\n\u4e2d\u6587 \ud83d\ude00\nlast";

        // when
        List<String> lines = lines(reader(text, 1_000, 100));

        // then
        List<String> expected = new BufferedReader(new StringReader(text)).lines().toList();
        assertEquals(expected, lines);
        assertEquals(List.of("a", "bb", "ccc", "dé", "", "", "\u4e2d\u6587 \ud83d\ude00", "last"), lines);
    }

    @Test
    void aLineThatIsNotUtf8IsFlaggedAndTheLinesAroundItAreNot() throws IOException {
        // given a valid line, one with a lone continuation byte, one with a sequence cut short, and a valid one
        java.io.ByteArrayOutputStream file = new java.io.ByteArrayOutputStream();
        file.writeBytes("ok\n".getBytes(StandardCharsets.UTF_8));
        file.writeBytes(new byte[]{'a', (byte) 0x80, 'b', '\n'});
        file.writeBytes(new byte[]{'c', (byte) 0xE4, (byte) 0xB8, '\n'});
        file.writeBytes("\u00e9\u4e2d\n".getBytes(StandardCharsets.UTF_8));
        BoundedLineReader reader = new BoundedLineReader(new ByteArrayInputStream(file.toByteArray()), 1_000, 100);

        // when / then
        assertEquals("ok", reader.readLine());
        assertTrue(reader.lastLineWasUtf8());
        assertEquals("a\ufffdb", reader.readLine());
        assertFalse(reader.lastLineWasUtf8());
        reader.readLine();
        assertFalse(reader.lastLineWasUtf8());
        assertEquals("\u00e9\u4e2d", reader.readLine());
        assertTrue(reader.lastLineWasUtf8());
    }

    @Test
    void aFileEndingWithALineEndHasNoEmptyLastLine() throws IOException {
        assertEquals(List.of("a", "b"), lines(reader("a\nb\n", 100, 10)));
        assertEquals(List.of("a", "b"), lines(reader("a\r\nb\r\n", 100, 10)));
        assertEquals(List.of(), lines(reader("", 100, 10)));
    }

    @Test
    void aLineOfExactlyTheCapIsReadAndOneByteMoreIsRefusedWithItsNumber() throws IOException {
        // given a cap of 8 bytes: line 2 holds 8 (4 two-byte characters), line 3 holds 9
        BoundedLineReader reader = reader("ok\néééé\n123456789\nnever\n", 1_000, 8);

        // when
        String first = reader.readLine();
        String second = reader.readLine();
        BoundedLineReader.LimitExceededException refused =
                assertThrows(BoundedLineReader.LimitExceededException.class, reader::readLine);

        // then
        assertEquals("ok", first);
        assertEquals("éééé", second);
        assertEquals("Line 3 of the import file is longer than 8 bytes.", refused.getMessage());
    }

    @Test
    void anEndlessLineIsRefusedAfterReadingLittleMoreThanTheCap() {
        // given an endless stream of zeros (what a gzip bomb inflates to) and a 1 MiB line cap
        Endless zeros = new Endless((byte) 0);
        BoundedLineReader reader = new BoundedLineReader(zeros, Long.MAX_VALUE, 1 << 20);

        // when
        BoundedLineReader.LimitExceededException refused =
                assertThrows(BoundedLineReader.LimitExceededException.class, reader::readLine);

        // then
        assertEquals("Line 1 of the import file is longer than 1 MiB.", refused.getMessage());
        assertTrue(zeros.handedOut <= (1 << 20) + 64 * 1024, "read " + zeros.handedOut + " bytes");
    }

    @Test
    void endlessShortLinesAreRefusedOnceTheStreamPassesItsCap() throws IOException {
        // given an endless stream of line feeds (blank lines) and a 4 MiB cap on the whole stream
        Endless newlines = new Endless((byte) '\n');
        BoundedLineReader reader = new BoundedLineReader(newlines, 4 << 20, 1 << 20);

        // when
        BoundedLineReader.LimitExceededException refused = assertThrows(BoundedLineReader.LimitExceededException.class,
                () -> {
                    while (reader.readLine() != null) {
                        // read on
                    }
                });

        // then
        assertEquals("The import file is larger than 4 MiB once decompressed.", refused.getMessage());
        assertTrue(newlines.handedOut <= (4 << 20) + 64 * 1024, "read " + newlines.handedOut + " bytes");
        assertEquals(4 << 20, reader.lineNumber());
    }

    @Test
    void aStreamOfExactlyTheCapIsRead() throws IOException {
        // given 10 bytes and a 10-byte cap
        assertEquals(List.of("1234", "6789"), lines(reader("1234\n6789\n", 10, 10)));
        assertThrows(BoundedLineReader.LimitExceededException.class, () -> lines(reader("1234\n6789\nx", 10, 10)));
    }

    @Test
    void sizesAreDescribedInTheirLargestWholeUnit() {
        assertEquals("4 GiB", ImportLimits.describe(4L << 30));
        assertEquals("1 MiB", ImportLimits.describe(1 << 20));
        assertEquals("64 KiB", ImportLimits.describe(64 << 10));
        assertEquals("1536 KiB", ImportLimits.describe(1536 << 10));
        assertEquals("1000 bytes", ImportLimits.describe(1000));
    }
}
