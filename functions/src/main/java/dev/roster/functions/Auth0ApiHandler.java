package dev.roster.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.roster.shared.compat.auth0.Auth0Api;
import dev.roster.shared.config.Services;
import dev.roster.shared.http.HttpApi;

import java.util.List;

/** The Auth0 Management API v2 subset ({@code /api/v2/jobs/...}, {@code /api/v2/users...}), bearer-token authenticated. */
public final class Auth0ApiHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    public static final List<String> ROUTES = Auth0Api.ROUTES;

    private final Auth0Api auth0;
    private final HttpApi api;

    public Auth0ApiHandler() {
        this(Services.fromEnvironment().auth0(), Services.fromEnvironment().httpApi());
    }

    public Auth0ApiHandler(Auth0Api auth0, HttpApi api) {
        this.auth0 = auth0;
        this.api = api;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return api.serve(event, context, auth0);
    }
}
