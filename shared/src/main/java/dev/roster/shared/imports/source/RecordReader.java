package dev.roster.shared.imports.source;

import java.io.Closeable;
import java.io.IOException;

/**
 * An import file read one record at a time, memory bounded whatever the file holds. A cap of
 * {@link dev.roster.shared.imports.ImportLimits} broken throws {@link dev.roster.shared.imports.BoundedLineReader.LimitExceededException}
 * (the job fails with its message); a record that cannot be read comes back as a {@link SourceRecord} with an error
 * (that record fails alone).
 */
public interface RecordReader extends Closeable {

    /** The next record, or null after the last one. */
    SourceRecord next() throws IOException;
}
