package dev.roster.shared.fakes;

import dev.roster.shared.job.JobMessage;
import dev.roster.shared.job.JobQueue;
import dev.roster.shared.job.JobRunner;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A fake queue for unit tests: keeps what was sent, and fails the next send when a test asks it to. */
public final class RecordingJobQueue implements JobQueue {

    private final List<JobMessage> sent = new ArrayList<>();
    private final List<Duration> retryDelays = new ArrayList<>();
    private RuntimeException failNextSendWith;

    @Override
    public synchronized void send(JobMessage message) {
        RuntimeException failure = failNextSendWith;
        failNextSendWith = null;
        if (failure != null) {
            throw failure;
        }
        sent.add(message);
    }

    @Override
    public synchronized void retryAfter(String receiptHandle, Duration delay) {
        retryDelays.add(delay);
    }

    public synchronized void failNextSendWith(RuntimeException failure) {
        failNextSendWith = failure;
    }

    public synchronized List<JobMessage> sent() {
        return List.copyOf(sent);
    }

    /** The messages sent so far, which the test now takes (as a worker would receive them). */
    public synchronized List<JobMessage> take() {
        List<JobMessage> taken = List.copyOf(sent);
        sent.clear();
        return taken;
    }

    /**
     * Delivers what was sent to {@code runner}, each as a first delivery, and what those deliveries send, until
     * nothing is left (as the workers would drain the queue); how many deliveries that took.
     */
    public int deliverAll(JobRunner runner) {
        int delivered = 0;
        for (List<JobMessage> batch = take(); !batch.isEmpty(); batch = take()) {
            for (JobMessage message : batch) {
                runner.run(message, 1);
                delivered++;
            }
        }
        return delivered;
    }

    public synchronized List<Duration> retryDelays() {
        return List.copyOf(retryDelays);
    }
}
