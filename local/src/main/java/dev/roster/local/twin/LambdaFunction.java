package dev.roster.local.twin;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * One function of template.yaml in an execution environment of its own: a JVM started the way Lambda's Java
 * runtime starts it (the runtime interface client on the runtime's class path, the deployment package in the task
 * root, the environment computed from the template and nothing else), fed through the {@link RuntimeApi}. Like
 * Lambda, it runs one invocation at a time, and an environment that times out or dies is replaced by a new one.
 */
final class LambdaFunction implements AutoCloseable {

    /** What Lambda knows about the function: its configuration, from the template. */
    record Configuration(String logicalId, String functionName, String handler, String runtime, int memoryMb,
                         int timeoutSeconds, boolean publishedVersion, boolean snapStart, String logGroup,
                         Map<String, String> environment) {
        String arn(String region, String accountId) {
            return "arn:aws:lambda:" + region + ":" + accountId + ":function:" + functionName;
        }
    }

    private final Configuration configuration;
    private final String region;
    /** The function's ARN, which its runtime API hands to every invocation. */
    private final String arn;
    private final Path taskRoot;
    private final LambdaRuntime runtime;
    private final Map<String, String> platformEnvironment;
    private final Consumer<String> log;
    private RuntimeApi runtimeApi;
    private Process process;
    private int environments;

    /**
     * @param platformEnvironment what the platform adds beside the template's variables: credentials (keys, or the
     *                            container-credentials endpoint) and the service endpoints
     */
    LambdaFunction(Configuration configuration, String region, String accountId, Path taskRoot,
                   LambdaRuntime runtime, Map<String, String> platformEnvironment, Consumer<String> log) {
        this.configuration = configuration;
        this.region = region;
        this.arn = configuration.arn(region, accountId);
        this.taskRoot = taskRoot;
        this.runtime = runtime;
        this.platformEnvironment = Map.copyOf(platformEnvironment);
        this.log = log;
    }

    /** How many execution environments were started (a timeout or crash costs a new one). */
    synchronized int environments() {
        return environments;
    }

    /** Starts an execution environment and waits until its init (and, under SnapStart, restore) is over. */
    synchronized void start() {
        if (process != null && process.isAlive()) {
            return;
        }
        try {
            runtimeApi = new RuntimeApi(arn);
            ProcessBuilder builder = new ProcessBuilder(command()).directory(taskRoot.toFile())
                    .redirectErrorStream(true);
            builder.environment().clear();
            builder.environment().putAll(environment(runtimeApi.address()));
            process = builder.start();
            environments++;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + configuration.logicalId(), e);
        }
        Process started = process;
        RuntimeApi api = runtimeApi;
        Thread output = new Thread(() -> pump(started), configuration.logicalId() + "-output");
        output.setDaemon(true);
        output.start();
        started.onExit().thenRun(() -> api.abandon(configuration.logicalId() + "'s runtime exited with code "
                + started.exitValue()));
        try {
            // Lambda allows an on-demand init 10 s; SnapStart's init happens at publish time and may take longer.
            api.ready().get(configuration.snapStart() ? 120 : 60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            stop();
            throw new IllegalStateException(configuration.logicalId() + " failed its init: " + e.getCause().getMessage(),
                    e.getCause());
        } catch (TimeoutException e) {
            stop();
            throw new IllegalStateException(configuration.logicalId() + " did not finish its init", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        if (configuration.snapStart() && !api.snapshotTaken()) {
            stop();
            throw new IllegalStateException(configuration.logicalId() + " has SnapStart but its runtime never asked"
                    + " for restore/next");
        }
    }

    /**
     * One invocation: the function's answer, or a {@link RuntimeApi.FunctionError} (the function failed, timed out
     * or its environment died), as Lambda reports it to the caller.
     */
    byte[] invoke(byte[] payload) {
        RuntimeApi api;
        synchronized (this) {
            start();
            api = runtimeApi;
        }
        Duration timeout = Duration.ofSeconds(configuration.timeoutSeconds());
        try {
            return api.invoke(payload, timeout).get(timeout.toMillis() + 1_000, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            // Lambda stops an environment whose invocation outlives the timeout; the next one starts afresh.
            synchronized (this) {
                if (runtimeApi == api) {
                    stop();
                }
            }
            throw new RuntimeApi.FunctionError("Sandbox.Timedout",
                    "Task timed out after " + configuration.timeoutSeconds() + " seconds");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The runtime's command line: Lambda's java21 launcher flags, heap from the memory size, then the RIC. */
    List<String> command() {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(LambdaJvm.options(configuration.memoryMb(), configuration.environment().get(
                "JAVA_TOOL_OPTIONS"), runtime.jniLibrary()));
        command.add("-cp");
        command.add(runtime.classPath());
        command.add(LambdaJvm.MAIN_CLASS);
        command.add(configuration.handler());
        return command;
    }

    /**
     * The whole environment of the function's process: the template's variables, Lambda's reserved ones and what
     * the platform adds. Nothing is inherited from this JVM.
     */
    Map<String, String> environment(String runtimeApiAddress) {
        Map<String, String> env = new LinkedHashMap<>(configuration.environment());
        env.putAll(LambdaJvm.reservedVariables(configuration, region, runtimeApiAddress, taskRoot,
                runtime.directory()));
        env.putAll(platformEnvironment);
        return env;
    }

    private void pump(Process started) {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(started.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                log.accept(line);
            }
        } catch (IOException e) {
            // the process is gone
        }
    }

    private synchronized void stop() {
        if (process != null) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (runtimeApi != null) {
            runtimeApi.close();
        }
        process = null;
        runtimeApi = null;
    }

    @Override
    public synchronized void close() {
        stop();
    }
}
