package dev.roster.local;

/** The import jobs contract against the embedded DynamoDB Local, ElasticMQ and S3Proxy. */
class EmbeddedImportJobsTest extends ImportJobsContract {

    @Override
    protected LocalDeployment deployment() {
        return TestAws.deployment();
    }
}
