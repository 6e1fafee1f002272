package dev.roster.local;

/** The export jobs contract against the embedded DynamoDB Local, ElasticMQ and S3Proxy. */
class EmbeddedExportJobsTest extends ExportJobsContract {

    @Override
    protected LocalDeployment deployment() {
        return TestAws.deployment();
    }
}
