package io.dynod.supervisor.dyno;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/**
 * The optional stricter boot rule: a web dyno whose app names a readiness path is up only once
 * {@code GET http://127.0.0.1:PORT/path} answers 2xx or 3xx; apps without one fall back to the
 * port rule ({@link TcpPortCheck}).
 */
public final class HttpReadinessCheck implements BootCheck {
    private final BootCheck portCheck;
    private final Function<String, Optional<String>> readinessPathOfApp;
    private final Duration timeout;
    private final HttpClient client;

    public HttpReadinessCheck(BootCheck portCheck, Function<String, Optional<String>> readinessPathOfApp, Duration timeout) {
        this.portCheck = portCheck;
        this.readinessPathOfApp = readinessPathOfApp;
        this.timeout = timeout;
        this.client = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Override
    public boolean isUp(DynoSpec spec) {
        if (!portCheck.isUp(spec)) {
            return false;
        }
        Optional<String> path = readinessPathOfApp.apply(spec.app());
        if (path.isEmpty() || spec.port().isEmpty()) {
            return true;
        }
        String p = path.get().startsWith("/") ? path.get() : "/" + path.get();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + spec.port().getAsInt() + p))
                .timeout(timeout).GET().build();
        try {
            int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            return status >= 200 && status < 400;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
