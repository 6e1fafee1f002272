package dev.roster.shared.http;

/**
 * One wire format onto the services (Roster's REST, Tencent Cloud API 3.0, Auth0's Management API): it parses a
 * request into the services' commands and shapes what goes back. {@link HttpApi} is the frame around it: request id,
 * body limit, logging, and the mapping of exceptions to (status, code, message), which the door then renders.
 */
public interface Door {

    /** Runs one request: authenticates and throttles as this door does, then calls the services. */
    ApiResponse handle(ApiRequest request);

    /**
     * A route's answer as this door's clients read it: its envelope around the answer's fields (the request id
     * included where the door carries one) and the status it sends. Called only for answers with a body.
     */
    ApiResponse render(ApiResponse answer, String requestId);

    /** A failed request's answer in this door's error shape, before {@link #render}. */
    ApiResponse renderError(int status, String code, String message);
}
