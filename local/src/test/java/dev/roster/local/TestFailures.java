package dev.roster.local;

import dev.roster.shared.job.FailurePoint;
import dev.roster.shared.job.Job;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Failure injection for the test deployment's workers: rules per user store, armed before a job exists. */
final class TestFailures implements FailurePoint {

    static final TestFailures INSTANCE = new TestFailures();

    @FunctionalInterface
    interface Rule {
        void apply(Job job, String stage, long count);
    }

    /** What an injected crash throws. */
    static final class InjectedFailure extends RuntimeException {
        InjectedFailure(String where) {
            super("injected failure at " + where);
        }
    }

    private final Map<String, Rule> rules = new ConcurrentHashMap<>();

    void on(String userStoreId, Rule rule) {
        rules.put(userStoreId, rule);
    }

    void clear(String userStoreId) {
        rules.remove(userStoreId);
    }

    @Override
    public void reached(Job job, String stage, long count) {
        Rule rule = rules.get(job.userStoreId());
        if (rule != null) {
            rule.apply(job, stage, count);
        }
    }
}
