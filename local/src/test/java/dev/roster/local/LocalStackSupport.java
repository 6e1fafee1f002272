package dev.roster.local;

import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;

import java.time.Clock;
import java.time.Duration;

/** The LocalStack twins' one container recipe and deployment over it (used only where Docker runs). */
final class LocalStackSupport {

    private LocalStackSupport() {
    }

    static LocalStackContainer container() {
        return new LocalStackContainer(DockerImageName.parse("localstack/localstack:3.8.1"))
                .withServices(LocalStackContainer.Service.DYNAMODB, LocalStackContainer.Service.SQS,
                        LocalStackContainer.Service.S3);
    }

    static LocalDeployment deploy(LocalStackContainer localstack) throws Exception {
        AwsEndpoints endpoints = new AwsEndpoints(localstack.getEndpoint(), localstack.getEndpoint(),
                localstack.getEndpoint(), localstack.getAccessKey(), localstack.getSecretKey(), localstack.getRegion());
        return new LocalDeployment(endpoints, TestAws.CONFIG, "127.0.0.1", 0,
                new LocalDeployment.Options(60, Duration.ZERO, true, Clock.systemUTC(), TestFailures.INSTANCE));
    }
}
