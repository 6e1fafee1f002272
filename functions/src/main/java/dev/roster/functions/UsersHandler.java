package dev.roster.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.roster.shared.config.Services;
import dev.roster.shared.http.ApiRequest;
import dev.roster.shared.http.ApiResponse;
import dev.roster.shared.http.HttpApi;
import dev.roster.shared.user.User;
import dev.roster.shared.user.UserJson;
import dev.roster.shared.user.UserPage;
import dev.roster.shared.user.UserService;

import java.util.List;

/** User CRUD: {@code /userstores/{UserStoreId}/users[/{UserId}]}. */
public final class UsersHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    public static final String CREATE = "POST /userstores/{UserStoreId}/users";
    public static final String LIST = "GET /userstores/{UserStoreId}/users";
    public static final String GET = "GET /userstores/{UserStoreId}/users/{UserId}";
    public static final String UPDATE = "PATCH /userstores/{UserStoreId}/users/{UserId}";
    public static final String DELETE = "DELETE /userstores/{UserStoreId}/users/{UserId}";
    public static final List<String> ROUTES = List.of(CREATE, LIST, GET, UPDATE, DELETE);

    private final UserService users;
    private final HttpApi api;

    public UsersHandler() {
        this(Services.fromEnvironment().users(), Services.fromEnvironment().httpApi());
    }

    public UsersHandler(UserService users, HttpApi api) {
        this.users = users;
        this.api = api;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return api.serve(event, context, this::route);
    }

    private ApiResponse route(ApiRequest request) {
        String store = request.pathParameter("UserStoreId");
        String userId = request.pathParameter("UserId");
        return switch (request.routeKey()) {
            case CREATE -> user(201, users.create(store, request.jsonBody()));
            case GET -> user(200, users.get(store, userId));
            case UPDATE -> user(200, users.update(store, userId, request.jsonBody(), request.ifMatchVersion()));
            case DELETE -> {
                users.delete(store, userId, request.ifMatchVersion());
                yield ApiResponse.noContent();
            }
            case LIST -> page(users.list(store, request.query()));
            default -> throw HttpApi.noSuchRoute();
        };
    }

    private static ApiResponse user(int status, User user) {
        return ApiResponse.of(status, gen -> {
            gen.writeFieldName("User");
            UserJson.write(gen, user);
        }).withHeader("ETag", "\"" + user.version() + "\"");
    }

    private static ApiResponse page(UserPage page) {
        return ApiResponse.of(200, gen -> {
            gen.writeArrayFieldStart("Users");
            for (User user : page.users()) {
                UserJson.write(gen, user);
            }
            gen.writeEndArray();
            gen.writeStringField("NextToken", page.nextToken());
        });
    }
}
