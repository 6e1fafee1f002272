package dev.roster.functions;

import dev.roster.shared.config.Services;
import dev.roster.shared.http.HttpApi;
import dev.roster.shared.rest.RestDoor;
import dev.roster.shared.rest.UserRoutes;
import dev.roster.shared.user.UserService;

import java.util.List;

/** User CRUD: {@code /userstores/{UserStoreId}/users[/{UserId}]}, served by the REST door's {@link UserRoutes}. */
public final class UsersHandler extends DoorHandler {

    public static final List<String> ROUTES = UserRoutes.ROUTES;

    public UsersHandler() {
        this(Services.fromEnvironment().users(), Services.fromEnvironment().httpApi());
    }

    public UsersHandler(UserService users, HttpApi api) {
        super(api, new RestDoor(api, new UserRoutes(users)::route));
    }
}
