package dev.roster.functions;

import dev.roster.shared.config.Services;
import dev.roster.shared.http.HttpApi;
import dev.roster.shared.job.JobService;
import dev.roster.shared.rest.JobRoutes;
import dev.roster.shared.rest.RestDoor;

import java.util.List;

/** Data-flow jobs: {@code /userstores/{UserStoreId}/jobs[...]}, served by the REST door's {@link JobRoutes}. */
public final class JobsHandler extends DoorHandler {

    public static final List<String> ROUTES = JobRoutes.ROUTES;

    public JobsHandler() {
        this(Services.fromEnvironment().jobs(), Services.fromEnvironment().httpApi());
    }

    public JobsHandler(JobService jobs, HttpApi api) {
        super(api, new RestDoor(api, new JobRoutes(jobs)::route));
    }
}
