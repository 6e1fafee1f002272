package dev.roster.shared.imports;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads UTF-8 lines (ended by LF, CR or CRLF, as {@link java.io.BufferedReader#readLine} does) from a stream that
 * may hold anything: a line longer than its cap is refused before it is buffered, and so is a stream longer than its
 * cap, counted as it is read. It therefore holds at most one buffer and one line, whatever the stream holds.
 * Closed before its end (a cap broken, a segment's time up), it calls {@code abandon} first, so that closing does
 * not read the rest of a large download just to reuse its connection.
 */
public final class BoundedLineReader implements Closeable {

    /**
     * The stream broke one of the reader's caps, or (from a {@code SourceFormat} reader) cannot be read as its
     * format at all; the message says why, for the job's reason: the job fails, as every retry would.
     */
    public static final class LimitExceededException extends IOException {
        public LimitExceededException(String message) {
            super(message);
        }
    }

    private static final int BUFFER_BYTES = 64 * 1024;

    private final InputStream in;
    private final Runnable abandon;
    private boolean reachedEnd;
    private final long maxBytes;
    private final int maxLineBytes;
    private final byte[] buffer = new byte[BUFFER_BYTES];
    private int position;
    private int limit;
    private long bytesRead;
    private long lineNumber;
    private byte[] line = new byte[1024];
    /** The last line ended with CR: an LF right after it belongs to that line's end. */
    private boolean skipLineFeed;
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    private boolean lastLineWasUtf8 = true;

    public BoundedLineReader(InputStream in, long maxBytes, int maxLineBytes) {
        this(in, maxBytes, maxLineBytes, () -> { });
    }

    public BoundedLineReader(InputStream in, long maxBytes, int maxLineBytes, Runnable abandon) {
        this.in = in;
        this.abandon = abandon;
        this.maxBytes = maxBytes;
        this.maxLineBytes = maxLineBytes;
    }

    /** The next line without its end, or null after the last one. */
    public String readLine() throws IOException {
        int length = 0;
        boolean any = false;
        while (true) {
            if (position == limit && !fill()) {
                if (!any) {
                    return null;
                }
                lineNumber++;
                return decode(length);
            }
            if (skipLineFeed) {
                skipLineFeed = false;
                if (buffer[position] == '\n') {
                    position++;
                    continue;
                }
            }
            any = true;
            int end = position;
            while (end < limit && buffer[end] != '\n' && buffer[end] != '\r') {
                end++;
            }
            length = append(length, end - position);
            boolean ended = end < limit;
            if (ended) {
                skipLineFeed = buffer[end] == '\r';
                position = end + 1;
                lineNumber++;
                return decode(length);
            }
            position = end;
        }
    }

    /**
     * Whether the last line {@link #readLine} returned was valid UTF-8. One that was not comes back with U+FFFD for
     * each bad sequence, and must be refused as a whole: in a free-text field the replacement would pass unseen.
     */
    public boolean lastLineWasUtf8() {
        return lastLineWasUtf8;
    }

    private String decode(int length) {
        try {
            lastLineWasUtf8 = true;
            return utf8.decode(ByteBuffer.wrap(line, 0, length)).toString();
        } catch (CharacterCodingException e) {
            lastLineWasUtf8 = false;
            return new String(line, 0, length, StandardCharsets.UTF_8);
        }
    }

    /** How many lines {@link #readLine} has returned. */
    public long lineNumber() {
        return lineNumber;
    }

    private int append(int length, int count) throws LimitExceededException {
        if (count > maxLineBytes - length) {
            throw new LimitExceededException("Line " + (lineNumber + 1) + " of the import file is longer than "
                    + ImportLimits.describe(maxLineBytes) + ".");
        }
        if (length + count > line.length) {
            line = Arrays.copyOf(line, (int) Math.min(maxLineBytes, Math.max(length + count, 2L * line.length)));
        }
        System.arraycopy(buffer, position, line, length, count);
        return length + count;
    }

    private boolean fill() throws IOException {
        int n = in.read(buffer, 0, buffer.length);
        while (n == 0) {
            n = in.read(buffer, 0, buffer.length);
        }
        if (n < 0) {
            reachedEnd = true;
            position = limit = 0;
            return false;
        }
        bytesRead += n;
        if (bytesRead > maxBytes) {
            throw new LimitExceededException("The import file is larger than " + ImportLimits.describe(maxBytes)
                    + " once decompressed.");
        }
        position = 0;
        limit = n;
        return true;
    }

    @Override
    public void close() throws IOException {
        if (!reachedEnd) {
            abandon.run();
        }
        in.close();
    }
}
