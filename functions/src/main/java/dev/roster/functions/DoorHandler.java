package dev.roster.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.roster.shared.http.Door;
import dev.roster.shared.http.HttpApi;

/** Every HTTP function is the same: the frame ({@link HttpApi}) around one {@link Door}. */
public abstract class DoorHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    private final HttpApi api;
    private final Door door;

    protected DoorHandler(HttpApi api, Door door) {
        this.api = api;
        this.door = door;
    }

    @Override
    public final APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return api.serve(event, context, door);
    }
}
