package dev.roster.local;

/** The user API contract against the embedded DynamoDB Local, ElasticMQ and S3Proxy. */
class EmbeddedUserApiTest extends UserApiContract {

    @Override
    protected LocalDeployment deployment() {
        return TestAws.userApiDeployment();
    }
}
