package dev.roster.functions;

import dev.roster.shared.compat.auth0.Auth0Api;
import dev.roster.shared.config.Services;
import dev.roster.shared.http.HttpApi;

import java.util.List;

/** The Auth0 Management API v2 subset ({@code /api/v2/jobs/...}, {@code /api/v2/users...}), bearer-token authenticated. */
public final class Auth0ApiHandler extends DoorHandler {

    public static final List<String> ROUTES = Auth0Api.ROUTES;

    public Auth0ApiHandler() {
        this(Services.fromEnvironment().auth0(), Services.fromEnvironment().httpApi());
    }

    public Auth0ApiHandler(Auth0Api auth0, HttpApi api) {
        super(api, auth0);
    }
}
