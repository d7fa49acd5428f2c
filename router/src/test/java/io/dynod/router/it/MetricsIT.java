package io.dynod.router.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynod.router.support.LeakCheck;
import io.dynod.router.support.RouterFixture;
import io.dynod.router.support.TestDyno;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code /metrics} on the admin port, in Prometheus text, and {@code /routes}, the table in service. */
class MetricsIT {

    @RegisterExtension
    final LeakCheck leaks = new LeakCheck();

    @Test
    void countsLatencyInFlightAndPoolsAreExposed() throws Exception {
        try (RouterFixture fixture = RouterFixture.start(); TestDyno dyno = TestDyno.start(TestDyno.ok("ok"))) {
            fixture.app("app", dyno.port());
            fixture.app("empty");
            for (int i = 0; i < 3; i++) {
                fixture.get("app.test", "/");
            }
            fixture.get("empty.test", "/");
            HttpResponse<String> r = fixture.client.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + fixture.router.adminPort() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
            assertThat(r.body())
                    .contains("dynod_router_requests_total{app=\"app\",status=\"200\"} 3")
                    .contains("dynod_router_requests_total{app=\"empty\",status=\"503\"} 1")
                    .contains("dynod_router_errors_total{code=\"H14\"} 1")
                    .contains("dynod_router_request_duration_seconds_count{app=\"app\"} 3")
                    .contains("dynod_router_request_duration_seconds{app=\"app\",quantile=\"0.99\"}")
                    .contains("dynod_router_in_flight{app=\"app\"} 0")
                    .contains("dynod_router_backend_connections{state=\"idle\"} 1");

            HttpResponse<String> routes = fixture.client.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + fixture.router.adminPort() + "/routes")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(routes.statusCode()).isEqualTo(200);
            assertThat(routes.headers().firstValue("content-type")).hasValue("application/json");
            io.vertx.core.json.JsonObject table = new io.vertx.core.json.JsonObject(routes.body());
            assertThat(table.getJsonArray("apps").stream().map(a -> ((io.vertx.core.json.JsonObject) a).getString("app")))
                    .containsExactlyInAnyOrder("app", "empty");
            assertThat(routes.body()).contains("\"port\" : " + dyno.port()).contains("\"up\" : true");
            HttpResponse<String> post = fixture.client.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + fixture.router.adminPort() + "/routes"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(post.statusCode()).isEqualTo(405);
        }
    }
}
