package dev.roster.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.roster.shared.compat.tencent.TencentApi;
import dev.roster.shared.config.Services;
import dev.roster.shared.http.HttpApi;

import java.util.List;

/** Tencent Cloud API 3.0 ({@code POST /}, TC3-HMAC-SHA256 signed): CIAM's user and job actions, unchanged. */
public final class TencentApiHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    public static final String ROUTE = "POST /";
    public static final List<String> ROUTES = List.of(ROUTE);

    private final TencentApi tencent;
    private final HttpApi api;

    public TencentApiHandler() {
        this(Services.fromEnvironment().tencent(), Services.fromEnvironment().httpApi());
    }

    public TencentApiHandler(TencentApi tencent, HttpApi api) {
        this.tencent = tencent;
        this.api = api;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return api.serve(event, context, tencent);
    }
}
