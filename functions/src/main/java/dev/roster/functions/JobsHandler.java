package dev.roster.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.roster.shared.config.Services;
import dev.roster.shared.http.ApiRequest;
import dev.roster.shared.http.ApiResponse;
import dev.roster.shared.http.HttpApi;
import dev.roster.shared.job.Job;
import dev.roster.shared.job.JobJson;
import dev.roster.shared.job.JobService;
import dev.roster.shared.job.JobStore;

import java.util.List;

/** Data-flow jobs: {@code /userstores/{UserStoreId}/jobs[...]}: create an export, read one job, list jobs. */
public final class JobsHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    public static final String CREATE_EXPORT = "POST /userstores/{UserStoreId}/jobs/users-exports";
    public static final String CREATE_IMPORT = "POST /userstores/{UserStoreId}/jobs/users-imports";
    public static final String CREATE_IMPORT_UPLOAD = "POST /userstores/{UserStoreId}/jobs/users-imports/uploads";
    public static final String START = "POST /userstores/{UserStoreId}/jobs/{JobId}/start";
    public static final String GET = "GET /userstores/{UserStoreId}/jobs/{JobId}";
    public static final String ERRORS = "GET /userstores/{UserStoreId}/jobs/{JobId}/errors";
    public static final String LIST = "GET /userstores/{UserStoreId}/jobs";
    public static final List<String> ROUTES = List.of(CREATE_EXPORT, CREATE_IMPORT, CREATE_IMPORT_UPLOAD, START, GET,
            ERRORS, LIST);
    /** Lambda's synchronous payload limit: an API import carries its users in the body. */
    static final long MAX_IMPORT_BODY_BYTES = 6 * 1024 * 1024;

    private final JobService jobs;
    private final HttpApi api;

    public JobsHandler() {
        this(Services.fromEnvironment().jobs(), Services.fromEnvironment().httpApi());
    }

    public JobsHandler(JobService jobs, HttpApi api) {
        this.jobs = jobs;
        this.api = api;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return api.serve(event, context, this::route);
    }

    private ApiResponse route(ApiRequest request) {
        String store = request.pathParameter("UserStoreId");
        String jobId = request.pathParameter("JobId");
        return switch (request.routeKey()) {
            case CREATE_EXPORT -> job(202, jobs.createExport(store, request.jsonBody()));
            case CREATE_IMPORT -> job(202, jobs.createImport(store, request.jsonBody(MAX_IMPORT_BODY_BYTES)));
            case CREATE_IMPORT_UPLOAD -> {
                Job job = jobs.createImportUpload(store);
                String uploadUrl = jobs.uploadUrl(job);
                yield ApiResponse.of(201, gen -> {
                    gen.writeFieldName("Job");
                    JobJson.write(gen, job, null);
                    gen.writeStringField("UploadUrl", uploadUrl);
                });
            }
            case START -> job(202, jobs.startImport(store, jobId));
            case GET -> job(200, jobs.describe(store, jobId));
            case ERRORS -> {
                Job job = jobs.get(store, jobId);
                JobStore.FailurePage page = jobs.failures(store, jobId, request.query());
                yield ApiResponse.of(200, gen -> {
                    JobJson.writeFailures(gen, job, page.failedUsers());
                    gen.writeStringField("NextToken", page.nextToken());
                });
            }
            case LIST -> {
                List<Job> all = jobs.list(store);
                yield ApiResponse.of(200, gen -> {
                    gen.writeArrayFieldStart("Jobs");
                    for (Job job : all) {
                        JobJson.write(gen, job, jobs.location(job));
                    }
                    gen.writeEndArray();
                });
            }
            default -> throw HttpApi.noSuchRoute();
        };
    }

    private ApiResponse job(int status, Job job) {
        String location = jobs.location(job);
        return ApiResponse.of(status, gen -> {
            gen.writeFieldName("Job");
            JobJson.write(gen, job, location);
        });
    }
}
