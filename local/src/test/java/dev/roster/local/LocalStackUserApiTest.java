package dev.roster.local;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/** The user API contract against LocalStack, where Docker exists; skipped (not failed) without Docker. */
@Testcontainers(disabledWithoutDocker = true)
class LocalStackUserApiTest extends UserApiContract {

    @Container
    static final LocalStackContainer LOCALSTACK = LocalStackSupport.container();

    private static LocalDeployment deployment;

    @BeforeAll
    static void deploy() throws Exception {
        deployment = LocalStackSupport.deploy(LOCALSTACK);
    }

    @AfterAll
    static void undeploy() {
        if (deployment != null) {
            deployment.close();
        }
    }

    @Override
    protected LocalDeployment deployment() {
        return deployment;
    }
}
