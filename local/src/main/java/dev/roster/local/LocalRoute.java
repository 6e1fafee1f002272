package dev.roster.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One API Gateway route key ("PATCH /userstores/{UserStoreId}/users/{UserId}") bound to the handler serving it. */
public final class LocalRoute {

    private static final Pattern PARAMETER = Pattern.compile("\\{([A-Za-z]+)}");

    private final String routeKey;
    private final String method;
    private final Pattern path;
    private final List<String> parameters = new ArrayList<>();
    private final RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler;

    public LocalRoute(String routeKey, RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler) {
        this.routeKey = routeKey;
        this.handler = handler;
        String[] parts = routeKey.split(" ", 2);
        this.method = parts[0];
        StringBuilder regex = new StringBuilder("^");
        Matcher m = PARAMETER.matcher(parts[1]);
        int last = 0;
        while (m.find()) {
            regex.append(Pattern.quote(parts[1].substring(last, m.start()))).append("([^/]+)");
            parameters.add(m.group(1));
            last = m.end();
        }
        regex.append(Pattern.quote(parts[1].substring(last))).append("$");
        this.path = Pattern.compile(regex.toString());
    }

    public String routeKey() {
        return routeKey;
    }

    public String method() {
        return method;
    }

    public RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler() {
        return handler;
    }

    /** The decoded path parameters when this route matches the raw path, else null. */
    public Map<String, String> match(String rawPath) {
        Matcher m = path.matcher(rawPath);
        if (!m.matches()) {
            return null;
        }
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < parameters.size(); i++) {
            values.put(parameters.get(i), URLDecoder.decode(m.group(i + 1), StandardCharsets.UTF_8));
        }
        return values;
    }
}
