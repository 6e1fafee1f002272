package dev.roster.local;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.utility.DockerImageName;

import java.time.Clock;
import java.time.Duration;

/** The import contract against LocalStack, where Docker exists; skipped (not failed) without Docker. */
@Testcontainers(disabledWithoutDocker = true)
class LocalStackImportJobsTest extends ImportJobsContract {

    @Container
    static final LocalStackContainer LOCALSTACK = new LocalStackContainer(
            DockerImageName.parse("localstack/localstack:3.8.1"))
            .withServices(LocalStackContainer.Service.DYNAMODB, LocalStackContainer.Service.SQS,
                    LocalStackContainer.Service.S3);

    private static LocalDeployment deployment;

    @BeforeAll
    static void deploy() throws Exception {
        AwsEndpoints endpoints = new AwsEndpoints(LOCALSTACK.getEndpoint(), LOCALSTACK.getEndpoint(),
                LOCALSTACK.getEndpoint(), LOCALSTACK.getAccessKey(), LOCALSTACK.getSecretKey(),
                LOCALSTACK.getRegion());
        deployment = new LocalDeployment(endpoints, TestAws.CONFIG, "127.0.0.1", 0,
                new LocalDeployment.Options(60, Duration.ZERO, true, Clock.systemUTC(), TestFailures.INSTANCE));
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
