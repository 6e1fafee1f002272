package dev.roster.shared.imports.source;

import com.fasterxml.jackson.databind.JsonNode;
import dev.roster.shared.imports.BoundedLineReader;
import dev.roster.shared.imports.BoundedLineReader.LimitExceededException;
import dev.roster.shared.imports.ImportLimits;
import dev.roster.shared.json.Json;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * Auth0's password-hash export (NDJSON lines {@code {"_id": {"$oid": "<id>"}, "passwordHash": "$2b$10$...", ...}},
 * gzip'd or not) held in memory as a compact index from user id to hash, for {@link SourceFormat#AUTH0} to join with
 * the users export, which comes in another order.
 *
 * <p>Memory: one byte arena of {@code [flag][id length][id][hash length][hash]} entries and an open-addressing table
 * of int offsets at most half full: for Auth0's 24-character ids and 60-character bcrypt hashes about 90 bytes a
 * hash, up to twice that as both grow by doubling (measured: 145 MB of heap, and 7 s to read, for a million users).
 * At most {@link #MAX_HASHES} hashes and {@link #MAX_ARENA_BYTES} of entries; a file over either fails the job with
 * a clear reason instead of the worker. Lines without a {@code passwordHash} (a user who has none) are skipped; a
 * line that is not such a JSON object fails the job, since the file then is not Auth0's hash export. An id given
 * twice with two different hashes is kept as ambiguous: its user fails.
 */
final class PasswordHashIndex {

    static final int MAX_HASHES = 2_000_000;
    static final int MAX_ARENA_BYTES = 256 << 20;
    /** Ids longer than any Roster UserId can match no user, and are not kept. */
    private static final int MAX_ID_BYTES = 64;
    private static final int MAX_HASH_BYTES = 255;
    private static final byte OK = 0;
    private static final byte TWICE = 1;
    private static final byte TOO_LONG = 2;
    private static final String FILE = "password-hash file";

    /** A hash found for an id, or why the id's hash cannot be used. */
    record Found(String hash, String problem) {
    }

    private final int maxHashes;
    private byte[] arena = new byte[1 << 16];
    private int used;
    private int[] table = new int[1 << 10];
    private int size;

    PasswordHashIndex(int maxHashes) {
        this.maxHashes = maxHashes;
    }

    /** Reads the whole of {@code data} (closed when done) into an index. */
    static PasswordHashIndex read(InputStream data, ImportLimits limits) throws IOException {
        return read(data, limits, MAX_HASHES);
    }

    static PasswordHashIndex read(InputStream data, ImportLimits limits, int maxHashes) throws IOException {
        PasswordHashIndex index = new PasswordHashIndex(maxHashes);
        try (BoundedLineReader lines = new BoundedLineReader(inflated(data), limits.maxDecompressedBytes(),
                limits.maxLineBytes())) {
            for (String text = lines.readLine(); text != null; text = lines.readLine()) {
                if (!text.isBlank()) {
                    index.line(lines.lineNumber(), text);
                }
            }
        } catch (LimitExceededException e) {
            throw new LimitExceededException(e.getMessage().replace("import file", FILE));
        }
        return index;
    }

    /** The stream as it is, or inflated when it starts with gzip's magic bytes. */
    private static InputStream inflated(InputStream data) throws IOException {
        BufferedInputStream in = new BufferedInputStream(data, 64 * 1024);
        in.mark(2);
        int first = in.read();
        int second = in.read();
        in.reset();
        return first == 0x1f && second == 0x8b ? new GZIPInputStream(in, 64 * 1024) : in;
    }

    private void line(long number, String text) throws LimitExceededException {
        JsonNode line;
        try {
            line = Json.MAPPER.readTree(text);
        } catch (IOException | NumberFormatException e) {
            line = null;
        }
        JsonNode id = line == null || !line.isObject() ? null : line.get("_id");
        JsonNode oid = id != null && id.isObject() ? id.get("$oid") : id;
        if (oid == null || !oid.isTextual() || oid.asText().isEmpty()) {
            throw new LimitExceededException("Line " + number + " of the " + FILE + " is not a JSON object with "
                    + "_id.$oid, as Auth0's password-hash export has.");
        }
        JsonNode hash = line.get("passwordHash");
        if (hash == null || !hash.isTextual() || hash.asText().isEmpty()) {
            return;
        }
        byte[] key = oid.asText().getBytes(StandardCharsets.UTF_8);
        if (key.length <= MAX_ID_BYTES) {
            put(key, hash.asText().getBytes(StandardCharsets.UTF_8));
        }
    }

    /** The hash of {@code id}, or null when the file has none. */
    Found find(String id) {
        byte[] key = id.getBytes(StandardCharsets.UTF_8);
        int slot = slot(key);
        if (table[slot] == 0) {
            return null;
        }
        int entry = table[slot] - 1;
        return switch (arena[entry]) {
            case TWICE -> new Found(null, "the password-hash file has two hashes for this user");
            case TOO_LONG -> new Found(null, "the password-hash file's hash for this user is longer than "
                    + MAX_HASH_BYTES + " bytes");
            default -> {
                int hashAt = entry + 2 + key.length;
                yield new Found(new String(arena, hashAt + 1, arena[hashAt] & 0xff, StandardCharsets.UTF_8), null);
            }
        };
    }

    int size() {
        return size;
    }

    private void put(byte[] key, byte[] hash) throws LimitExceededException {
        int slot = slot(key);
        if (table[slot] != 0) {
            int entry = table[slot] - 1;
            if (!sameHash(entry, key.length, hash)) {
                arena[entry] = TWICE;
            }
            return;
        }
        if (size == maxHashes) {
            throw new LimitExceededException("The " + FILE + " holds more than " + maxHashes + " hashes: import "
                    + "the users in parts, each with the hashes of its users.");
        }
        boolean tooLong = hash.length > MAX_HASH_BYTES;
        int length = 3 + key.length + (tooLong ? 0 : hash.length);
        if ((long) used + length > MAX_ARENA_BYTES) {
            throw new LimitExceededException("The " + FILE + "'s hashes take more than "
                    + ImportLimits.describe(MAX_ARENA_BYTES) + ".");
        }
        if (used + length > arena.length) {
            arena = Arrays.copyOf(arena, (int) Math.min(MAX_ARENA_BYTES, Math.max(used + length, 2L * arena.length)));
        }
        int entry = used;
        arena[used++] = tooLong ? TOO_LONG : OK;
        arena[used++] = (byte) key.length;
        System.arraycopy(key, 0, arena, used, key.length);
        used += key.length;
        arena[used++] = (byte) (tooLong ? 0 : hash.length);
        if (!tooLong) {
            System.arraycopy(hash, 0, arena, used, hash.length);
            used += hash.length;
        }
        table[slot] = entry + 1;
        size++;
        if (size * 2 > table.length) {
            grow();
        }
    }

    private boolean sameHash(int entry, int keyLength, byte[] hash) {
        if (arena[entry] != OK) {
            return arena[entry] == TOO_LONG && hash.length > MAX_HASH_BYTES;
        }
        int hashAt = entry + 2 + keyLength;
        return (arena[hashAt] & 0xff) == hash.length
                && Arrays.equals(arena, hashAt + 1, hashAt + 1 + hash.length, hash, 0, hash.length);
    }

    /** The slot holding {@code key}, or the empty one where it would go. */
    private int slot(byte[] key) {
        int mask = table.length - 1;
        for (int slot = hash(key, 0, key.length) & mask; ; slot = (slot + 1) & mask) {
            int entry = table[slot] - 1;
            if (entry < 0 || keyAt(entry, key)) {
                return slot;
            }
        }
    }

    private boolean keyAt(int entry, byte[] key) {
        int length = arena[entry + 1] & 0xff;
        return length == key.length && Arrays.equals(arena, entry + 2, entry + 2 + length, key, 0, length);
    }

    private void grow() {
        int[] old = table;
        table = new int[old.length * 2];
        int mask = table.length - 1;
        for (int value : old) {
            if (value != 0) {
                int entry = value - 1;
                int slot = hash(arena, entry + 2, arena[entry + 1] & 0xff) & mask;
                while (table[slot] != 0) {
                    slot = (slot + 1) & mask;
                }
                table[slot] = value;
            }
        }
    }

    private static int hash(byte[] bytes, int from, int length) {
        int h = 1;
        for (int i = from; i < from + length; i++) {
            h = 31 * h + bytes[i];
        }
        // murmur3's finaliser: the table takes the low bits, which a polynomial hash leaves poorly mixed.
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        return h ^ (h >>> 16);
    }
}
