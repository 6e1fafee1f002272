package dev.roster.local.twin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The distinct AWS calls seen so far, in the order first seen. Thread-safe: every relay connection records into it.
 * A log {@link #appendingTo(Path) appending to a file} also writes each new call there as one JSON line, so the
 * calls made in a function's JVM outlive it and a checker in another JVM can {@link #readFrom(Path) read} them.
 */
public final class CallLog {

    /**
     * One monitor per file in this JVM: several logs (one per relay, per function) may append to the same file.
     * Other JVMs are kept out by a file lock around each line, taken inside the monitor because a JVM may hold
     * only one lock on a file at a time.
     */
    private static final ConcurrentMap<Path, Object> FILE_MONITORS = new ConcurrentHashMap<>();

    private final Set<AwsCall> calls = new LinkedHashSet<>();
    private final Path file;
    private final Map<Pattern, String> logicalNames;

    private CallLog(Path file, Map<Pattern, String> logicalNames) {
        this.file = file;
        this.logicalNames = logicalNames;
    }

    private CallLog(Path file) {
        this(file, Map.of());
    }

    /**
     * A log into the same file that writes resources by their template names: each physical name (a table, queue or
     * bucket name, a whole segment of the ARN) becomes {@code {{LogicalId}}}. Deployments with different names
     * (the local runner's, each twin stack's) then check against one template.
     */
    public CallLog withLogicalNames(Map<String, String> physicalToLogical) {
        Map<Pattern, String> patterns = new LinkedHashMap<>();
        physicalToLogical.forEach((physical, logical) -> patterns.put(
                Pattern.compile("(?<=[:/])" + Pattern.quote(physical) + "(?=$|[:/])"), logicalName(logical)));
        return new CallLog(file, patterns);
    }

    /** How a resource's template name appears in a logged ARN. */
    public static String logicalName(String logicalId) {
        return "{{" + logicalId + "}}";
    }

    public static CallLog inMemory() {
        return new CallLog(null);
    }

    /** Appends to {@code file} (creating it and its directories); what the file held before is kept. */
    public static CallLog appendingTo(Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        try {
            if (absolute.getParent() != null) {
                Files.createDirectories(absolute.getParent());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the directory of " + absolute, e);
        }
        return new CallLog(absolute);
    }

    public void record(AwsCall recorded) {
        AwsCall call = recorded;
        for (Map.Entry<Pattern, String> name : logicalNames.entrySet()) {
            call = new AwsCall(call.principal(), call.action(),
                    name.getKey().matcher(call.resource()).replaceAll(Matcher.quoteReplacement(name.getValue())),
                    call.status());
        }
        synchronized (calls) {
            if (!calls.add(call)) {
                return;
            }
            // Still under the log's lock, so this log's lines are in the order of calls().
            if (file != null) {
                append(file, call.toJson() + "\n");
            }
        }
    }

    /** A copy: distinct calls in the order first recorded. */
    public Set<AwsCall> calls() {
        synchronized (calls) {
            return Collections.unmodifiableSet(new LinkedHashSet<>(calls));
        }
    }

    /** The distinct calls in a file written by {@link #appendingTo(Path)} logs; none when there is no file. */
    public static Set<AwsCall> readFrom(Path file) {
        Set<AwsCall> read = new LinkedHashSet<>();
        if (!Files.exists(file)) {
            return read;
        }
        Path absolute = file.toAbsolutePath().normalize();
        synchronized (FILE_MONITORS.computeIfAbsent(absolute, p -> new Object())) {
            try {
                for (String line : Files.readAllLines(absolute, StandardCharsets.UTF_8)) {
                    if (!line.isBlank()) {
                        read.add(AwsCall.fromJson(line));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + absolute, e);
            }
        }
        return read;
    }

    /** Opens, appends one line and closes: nothing is left buffered if the JVM dies right after. */
    private static void append(Path file, String line) {
        ByteBuffer bytes = ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8));
        synchronized (FILE_MONITORS.computeIfAbsent(file, p -> new Object())) {
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
                 FileLock ignored = channel.lock()) {
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot append to " + file, e);
            }
        }
    }
}
