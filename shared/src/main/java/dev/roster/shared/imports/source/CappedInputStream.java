package dev.roster.shared.imports.source;

import dev.roster.shared.imports.BoundedLineReader.LimitExceededException;
import dev.roster.shared.imports.ImportLimits;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * An import file's bytes, counted as they are read: past {@link ImportLimits#maxDecompressedBytes()} it throws, so a
 * parser on top of it never reads more than the cap, whatever the file holds (gzip'd zeros, an endless array).
 */
final class CappedInputStream extends FilterInputStream {

    private final long maxBytes;
    private long count;

    CappedInputStream(InputStream in, long maxBytes) {
        super(in);
        this.maxBytes = maxBytes;
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b >= 0) {
            counted(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = in.read(buffer, offset, length);
        if (n > 0) {
            counted(n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = in.skip(n);
        counted(skipped);
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    private void counted(long n) throws LimitExceededException {
        count += n;
        if (count > maxBytes) {
            throw new LimitExceededException("The import file is larger than " + ImportLimits.describe(maxBytes)
                    + " once decompressed.");
        }
    }
}
