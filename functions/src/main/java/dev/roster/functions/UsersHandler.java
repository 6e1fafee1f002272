package dev.roster.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.roster.shared.config.Services;
import dev.roster.shared.http.HttpApi;
import dev.roster.shared.rest.RestDoor;
import dev.roster.shared.rest.UserRoutes;
import dev.roster.shared.user.UserService;

import java.util.List;

/** User CRUD: {@code /userstores/{UserStoreId}/users[/{UserId}]}, served by the REST door's {@link UserRoutes}. */
public final class UsersHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    public static final String CREATE = UserRoutes.CREATE;
    public static final String LIST = UserRoutes.LIST;
    public static final String GET = UserRoutes.GET;
    public static final String UPDATE = UserRoutes.UPDATE;
    public static final String DELETE = UserRoutes.DELETE;
    public static final List<String> ROUTES = UserRoutes.ROUTES;

    private final HttpApi api;
    private final RestDoor door;

    public UsersHandler() {
        this(Services.fromEnvironment().users(), Services.fromEnvironment().httpApi());
    }

    public UsersHandler(UserService users, HttpApi api) {
        this.api = api;
        this.door = new RestDoor(api, new UserRoutes(users)::route);
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return api.serve(event, context, door);
    }
}
