package dev.roster.local;

import dev.roster.local.twin.AwsCall;
import dev.roster.local.twin.CallLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Distinct calls in first-seen order, in memory and as JSON lines that several logs append to one file. */
class CallLogTest {

    @Test
    void keepsEachDistinctCallOnceInTheOrderFirstSeen() {
        // given
        CallLog log = CallLog.inMemory();
        AwsCall put = new AwsCall("UsersFunction", "dynamodb:PutItem", "arn:aws:dynamodb:us-east-1:1:table/t", 200);
        AwsCall get = new AwsCall("UsersFunction", "dynamodb:GetItem", "arn:aws:dynamodb:us-east-1:1:table/t", 200);

        // when
        log.record(put);
        log.record(get);
        log.record(put);

        // then
        assertEquals(List.of(put, get), new ArrayList<>(log.calls()));
    }

    @Test
    void callsSurviveAJsonRoundTrip() {
        // given a key with quotes, a backslash, a newline and non-ASCII characters
        AwsCall call = new AwsCall("JobsFunction", "s3:GetObject", "arn:aws:s3:::b/\"odd\\key\n\u00e9\u4e2d", -1);

        // when
        String line = call.toJson();

        // then
        assertTrue(line.indexOf('\n') < 0, line);
        assertEquals(call, AwsCall.fromJson(line));
    }

    @Test
    void logsOfSeveralFunctionsAppendToOneFileFromManyThreads(@TempDir Path dir) throws Exception {
        // given two logs on one file in a directory that does not exist yet
        Path file = dir.resolve("twin/calls.jsonl");
        CallLog users = CallLog.appendingTo(file);
        CallLog jobs = CallLog.appendingTo(file);
        Set<AwsCall> expected = new LinkedHashSet<>();
        List<Thread> threads = new ArrayList<>();

        // when 8 threads record 50 calls each into both logs, every call twice
        for (int t = 0; t < 8; t++) {
            int thread = t;
            Thread writer = new Thread(() -> {
                for (int i = 0; i < 50; i++) {
                    AwsCall call = new AwsCall(thread % 2 == 0 ? "UsersFunction" : "JobsFunction", "s3:GetObject",
                            "arn:aws:s3:::b/" + thread + "/" + i, 200);
                    (thread % 2 == 0 ? users : jobs).record(call);
                    (thread % 2 == 0 ? users : jobs).record(call);
                }
            });
            writer.start();
            threads.add(writer);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        users.calls().forEach(expected::add);
        jobs.calls().forEach(expected::add);

        // then each distinct call is one whole line
        assertEquals(400, expected.size());
        assertEquals(400, Files.readAllLines(file).size());
        assertEquals(expected, CallLog.readFrom(file));
    }

    @Test
    void aFileNobodyWroteHoldsNoCalls(@TempDir Path dir) {
        assertTrue(CallLog.readFrom(dir.resolve("none.jsonl")).isEmpty());
    }
}
