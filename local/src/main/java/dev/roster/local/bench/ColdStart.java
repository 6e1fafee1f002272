package dev.roster.local.bench;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;

import java.lang.management.ManagementFactory;

/**
 * Runs in a fresh JVM, as a Lambda container would: builds one handler with its no-argument constructor (from the
 * environment), answers one event, and prints milliseconds since JVM start, heap used and classes loaded.
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
        Object event = eventFile == null ? "ping" : EventLoader.loadApiGatewayHttpEvent(eventFile);
        Object answer = handler.handleRequest(event, null);
        long millis = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        int classes = ManagementFactory.getClassLoadingMXBean().getLoadedClassCount();
        int status = event instanceof APIGatewayV2HTTPEvent
                ? ((com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse) answer).getStatusCode() : 200;
        System.out.println(millis + " " + heap + " " + classes + " " + status);
    }
}
