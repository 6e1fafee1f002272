package dev.roster.local.bench;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The bench's {@code --only formats} part, at a small N: every generated file reads back whole and clean. */
class FormatBenchTest {

    @Test
    void everyFormatReadsItsGeneratedUsers() throws Exception {
        // GIVEN 500 generated users of each format
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        FormatBench.run(500, new PrintStream(out, true, StandardCharsets.UTF_8));

        // THEN each format (COGNITO in its two forms) prints one line: its 500 records, none failed
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(6, lines.size(), String.join("\n", lines));
        for (String line : lines) {
            assertTrue(line.contains(" 500 records (0 failed)"), line);
        }
    }
}
