package dev.roster.local;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** An export's file as its location serves it: downloaded, gunzipped, split into lines. */
final class ExportFile {

    private ExportFile() {
    }

    static List<String> lines(String location) throws Exception {
        HttpResponse<byte[]> file = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(location)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, file.statusCode());
        return List.of(new String(new GZIPInputStream(new ByteArrayInputStream(file.body())).readAllBytes(),
                StandardCharsets.UTF_8).split("\r?\n"));
    }
}
