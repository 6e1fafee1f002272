package dev.roster.local.bench;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;

import java.lang.management.ManagementFactory;

/**
 * Runs in a fresh JVM, as a Lambda container would: builds one handler with its no-argument constructor (from the
 * environment), answers one event (an API Gateway HTTP event, or an SQS event if the file's name starts with
 * {@code sqs-}), and prints milliseconds since JVM start, heap used, classes loaded, the answer's status (an SQS
 * answer with no failed message counts as 200), the CPU time the whole process had used by then (JIT threads
 * included) and the milliseconds of the request alone: what is left of a cold start when SnapStart restores a
 * snapshot taken after the constructor.
 */
public final class ColdStart {

    /** The baseline: a handler that answers a constant. */
    public static final class ConstantHandler implements RequestHandler<Object, String> {
        @Override
        public String handleRequest(Object input, com.amazonaws.services.lambda.runtime.Context context) {
            return "ok";
        }
    }

    private ColdStart() {
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    public static void main(String[] args) throws Exception {
        String handlerClass = args[0];
        String eventFile = args.length > 1 ? args[1] : null;
        RequestHandler handler = (RequestHandler) Class.forName(handlerClass).getConstructor().newInstance();
        Object event = eventFile == null ? "ping"
                : new java.io.File(eventFile).getName().startsWith("sqs-") ? EventLoader.loadSQSEvent(eventFile)
                : EventLoader.loadApiGatewayHttpEvent(eventFile);
        long start = System.nanoTime();
        Object answer = handler.handleRequest(event, null);
        long request = (System.nanoTime() - start) / 1_000_000;
        long millis = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        int classes = ManagementFactory.getClassLoadingMXBean().getLoadedClassCount();
        int status = answer instanceof APIGatewayV2HTTPResponse http ? http.getStatusCode()
                : answer instanceof SQSBatchResponse sqs ? (sqs.getBatchItemFailures().isEmpty() ? 200 : 500) : 200;
        System.out.println(millis + " " + heap + " " + classes + " " + status + " " + cpuMillis() + " " + request);
    }

    /** CPU time of the whole process so far (every thread: the JIT's, GC's and the handler's), in milliseconds. */
    static long cpuMillis() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1_000_000;
    }
}
