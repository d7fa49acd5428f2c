package io.dynod.supervisor.api;

import io.dynod.supervisor.Agent;
import io.dynod.supervisor.config.SupervisorConfig;
import io.dynod.supervisor.launch.IsolationPolicy;
import io.dynod.supervisor.etcd.EtcdSettings;
import io.dynod.supervisor.linux.SdNotify;
import io.dynod.supervisor.slug.SlugPacker;
import io.dynod.supervisor.testing.TestWebApp;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** A real agent on a temp home and a free loopback port, and raw HTTP to its API. */
final class TestAgentApi implements AutoCloseable {
    final Path home;
    final Agent agent;
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    record Answer(int status, String body, Map<String, java.util.List<String>> headers) {
    }

    TestAgentApi(Path home, long maxBody, long maxSlug) throws Exception {
        this(home, maxBody, maxSlug, Optional.empty());
    }

    /** An agent that joins a multi-host fleet when {@code fleet} is given. */
    TestAgentApi(Path home, long maxBody, long maxSlug, Optional<EtcdSettings> fleet) throws Exception {
        this.home = home;
        SupervisorConfig config = SupervisorConfig.defaults(home).withApi("127.0.0.1", 0)
                .withTimeouts(Duration.ofSeconds(20), Duration.ofSeconds(3)).withBodyCaps(maxBody, maxSlug)
                // the API is under test here, isolation in the isolated ITs; and the test web app runs
                // from the build's classes, which a dyno's private /tmp hides when the clone is in /tmp
                .withIsolation(IsolationPolicy.OFF);
        agent = Agent.start(config, SdNotify.disabled(), Map.of(), fleet);
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + agent.apiPort() + path);
    }

    Answer call(String method, String path, String json) throws IOException, InterruptedException {
        return call(method, path, json, "Bearer " + agent.token());
    }

    Answer call(String method, String path, String json, String authorization) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.body(), response.headers().map());
    }

    Answer upload(String app, Path slug, String query) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri("/v1/apps/" + app + "/releases" + query))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + agent.token()).header("Content-Type", "application/gzip")
                .POST(HttpRequest.BodyPublishers.ofFile(slug)).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.body(), response.headers().map());
    }

    /** A slug with a {@code web} type (TestWebApp), a chatty {@code worker}, and a {@code Procfile}. */
    static Path helloSlug(Path dir) throws IOException {
        Path app = Files.createDirectories(dir.resolve("app-src"));
        Files.writeString(app.resolve("Procfile"), "web: " + TestWebApp.command() + "\n"
                + "worker: i=0; while :; do echo \"tick $i $GREETING\"; i=$((i+1)); sleep 0.2; done\n");
        Path slug = dir.resolve("hello.tgz");
        try (OutputStream out = Files.newOutputStream(slug)) {
            SlugPacker.pack(app, out);
        }
        return slug;
    }

    @Override
    public void close() throws Exception {
        agent.drain().get();
        agent.close();
    }
}
