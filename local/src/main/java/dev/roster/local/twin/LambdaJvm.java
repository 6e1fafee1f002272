package dev.roster.local.twin;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * How Lambda's managed Java runtime starts a function's JVM: its launcher flags and the variables it defines.
 * AWS does not publish the java21 launcher; these are the flags of the java17 one as it runs on AWS (heap
 * {@code max(85% of memory, memory - 240 MB)}, serial GC, the CRaC shim for SnapStart, the runtime interface client
 * as the main class, the handler as its argument) and the documented rule that Java 17 and 21 stop tiered
 * compilation at level 1 unless {@code JAVA_TOOL_OPTIONS} chooses otherwise.
 */
final class LambdaJvm {

    static final String MAIN_CLASS = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";
    /** Where the runtime interface client loads its native Runtime API client from (it is in the RIC's jar). */
    static final String JNI_PROPERTY = "com.amazonaws.services.lambda.runtime.api.client.runtimeapi.NativeClient.JNI";

    private LambdaJvm() {
    }

    /** The heap Lambda's Java runtime gives a function of this memory size, in KiB. */
    static long maxHeapKib(int memoryMb) {
        return Math.max(memoryMb * 1024L * 85 / 100, (memoryMb - 240) * 1024L);
    }

    static List<String> options(int memoryMb, String javaToolOptions, Path jniLibrary) {
        List<String> options = new ArrayList<>();
        options.add("-XX:MaxHeapSize=" + maxHeapKib(memoryMb) + "k");
        options.add("-XX:+UseSerialGC");
        if (javaToolOptions == null || !javaToolOptions.contains("Tiered")) {
            // Lambda's default for java17 and java21; a JAVA_TOOL_OPTIONS tiered setting replaces it.
            options.add("-XX:+TieredCompilation");
            options.add("-XX:TieredStopAtLevel=1");
        }
        options.add("--add-opens=java.base/java.io=ALL-UNNAMED");
        options.add("-Dorg.crac.Core.Compat=com.amazonaws.services.lambda.crac");
        options.add("-XX:+ErrorFileToStderr");
        options.add("-D" + JNI_PROPERTY + "=" + jniLibrary);
        return options;
    }

    /** The variables Lambda defines for every function (reserved: a template cannot set them). */
    static Map<String, String> reservedVariables(LambdaFunction.Configuration function, String region,
                                                 String runtimeApi, Path taskRoot, Path runtimeDir) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("_HANDLER", function.handler());
        env.put("AWS_REGION", region);
        env.put("AWS_DEFAULT_REGION", region);
        env.put("AWS_EXECUTION_ENV", "AWS_Lambda_" + function.runtime());
        env.put("AWS_LAMBDA_FUNCTION_NAME", function.functionName());
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(function.memoryMb()));
        // AutoPublishAlias: events reach a published version, which is also what SnapStart applies to.
        env.put("AWS_LAMBDA_FUNCTION_VERSION", function.publishedVersion() ? "1" : "$LATEST");
        env.put("AWS_LAMBDA_INITIALIZATION_TYPE", function.snapStart() ? "snap-start" : "on-demand");
        env.put("AWS_LAMBDA_LOG_GROUP_NAME", function.logGroup());
        env.put("AWS_LAMBDA_LOG_STREAM_NAME", LocalDate.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern(
                "yyyy/MM/dd")) + "/[" + (function.publishedVersion() ? "1" : "$LATEST") + "]"
                + UUID.randomUUID().toString().replace("-", ""));
        env.put("AWS_LAMBDA_RUNTIME_API", runtimeApi);
        env.put("LAMBDA_TASK_ROOT", taskRoot.toString());
        env.put("LAMBDA_RUNTIME_DIR", runtimeDir.toString());
        env.put("TZ", ":UTC");
        env.put("LANG", "en_US.UTF-8");
        env.put("PATH", "/usr/local/bin:/usr/bin/:/bin:/opt/bin");
        env.put("LD_LIBRARY_PATH", "/lib64:/usr/lib64:" + runtimeDir + ":" + runtimeDir + "/lib:" + taskRoot + ":"
                + taskRoot + "/lib:/opt/lib");
        return env;
    }

    /** Names a template may not set (Lambda refuses them in a function's Environment). */
    static boolean isReserved(String name) {
        return List.of("_HANDLER", "_X_AMZN_TRACE_ID", "AWS_DEFAULT_REGION", "AWS_REGION", "AWS_EXECUTION_ENV",
                "AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "AWS_LAMBDA_FUNCTION_VERSION",
                "AWS_LAMBDA_INITIALIZATION_TYPE", "AWS_LAMBDA_LOG_GROUP_NAME", "AWS_LAMBDA_LOG_STREAM_NAME",
                "AWS_ACCESS_KEY", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
                "AWS_LAMBDA_RUNTIME_API", "LAMBDA_TASK_ROOT", "LAMBDA_RUNTIME_DIR").contains(name);
    }
}
