package dev.roster.local;

import dev.roster.local.ApiClient.Reply;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code --data-dir}: users and export files survive a restart of the whole local stack. */
class DataDirTest {

    @Test
    void usersAndFilesSurviveARestart(@TempDir Path dataDir) throws Exception {
        // given a stack on a data directory, with a user and an uploaded file
        String userId;
        try (EmbeddedAws aws = EmbeddedAws.start(dataDir);
             LocalDeployment stack = new LocalDeployment(aws.endpoints(), TestAws.CONFIG, "127.0.0.1", 0,
                     LocalDeployment.Options.defaults().withoutWorkers())) {
            Reply created = new ApiClient(stack.port()).post("/userstores/persist/users",
                    "{\"UserName\":\"kept\",\"Email\":\"kept@example.com\",\"PhoneNumber\":\"+1-555-0199\","
                            + "\"Password\":\"correct horse battery\"}");
            assertEquals(201, created.status(), created.raw().body());
            userId = created.user().get("UserId").asText();
            aws.endpoints().s3Client().putObject(b -> b.bucket(LocalDeployment.BUCKET).key("exports/persist/file"),
                    software.amazon.awssdk.core.sync.RequestBody.fromString("kept"));
        }

        // when the stack starts again on the same directory
        try (EmbeddedAws aws = EmbeddedAws.start(dataDir);
             LocalDeployment stack = new LocalDeployment(aws.endpoints(), TestAws.CONFIG, "127.0.0.1", 0,
                     LocalDeployment.Options.defaults().withoutWorkers())) {
            ApiClient api = new ApiClient(stack.port());

            // then the user, its uniqueness and the file are all still there
            assertEquals("kept", api.get("/userstores/persist/users/" + userId).user().get("UserName").asText());
            assertEquals("FailedOperation.EmailAlreadyExists", api.post("/userstores/persist/users",
                    "{\"UserName\":\"other\",\"Email\":\"kept@example.com\",\"PhoneNumber\":\"+1-555-0198\","
                            + "\"Password\":\"correct horse battery\"}").errorCode());
            assertEquals("kept", aws.endpoints().s3Client().getObjectAsBytes(b -> b.bucket(LocalDeployment.BUCKET)
                    .key("exports/persist/file")).asUtf8String());
            assertTrue(dataDir.resolve("dynamodb").toFile().isDirectory());
        }
    }
}
