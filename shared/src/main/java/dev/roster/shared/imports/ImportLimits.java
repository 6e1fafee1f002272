package dev.roster.shared.imports;

/**
 * How much an import file may hold. The whole file is read (and, gzip'd, inflated) on every segment, so without a cap
 * a few megabytes of gzip'd zeros would keep a worker inflating for hours, and without a cap on a line one endless
 * line would fill its memory. Records are under 2 KB and a user's REST body is capped at 64 KiB, so 1 MiB a line
 * refuses no real record; 4 GiB holds a million users with room to spare.
 */
public record ImportLimits(long maxDecompressedBytes, int maxLineBytes) {

    public static final long DEFAULT_MAX_DECOMPRESSED_BYTES = 4L << 30;
    public static final int DEFAULT_MAX_LINE_BYTES = 1 << 20;
    public static final ImportLimits DEFAULTS =
            new ImportLimits(DEFAULT_MAX_DECOMPRESSED_BYTES, DEFAULT_MAX_LINE_BYTES);

    public ImportLimits {
        if (maxDecompressedBytes < 1 || maxLineBytes < 1) {
            throw new IllegalArgumentException("import limits must be positive");
        }
    }

    /** A size as people write it: "1 MiB", "4 GiB", "300 bytes". */
    public static String describe(long bytes) {
        String[] units = {"GiB", "MiB", "KiB"};
        int[] shifts = {30, 20, 10};
        for (int i = 0; i < units.length; i++) {
            long unit = 1L << shifts[i];
            if (bytes >= unit && bytes % unit == 0) {
                return (bytes / unit) + " " + units[i];
            }
        }
        return bytes + (bytes == 1 ? " byte" : " bytes");
    }
}
