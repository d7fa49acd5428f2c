package io.dynod.supervisor.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynod.cluster.Await;
import io.dynod.cluster.DynoEntry;
import io.dynod.cluster.KeyValue;
import io.dynod.cluster.Keys;
import io.dynod.cluster.AppEntry;
import io.dynod.cluster.SingleEtcd;
import io.dynod.router.etcd.EtcdRouteSource;
import io.dynod.router.table.AppRoute;
import io.dynod.router.table.Endpoint;
import io.dynod.supervisor.etcd.EtcdSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The real agent daemon with {@code --etcd}: a deployed web dyno shows up in a router's table. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class AgentEtcdIT {

    private static final Duration BOOT = Duration.ofSeconds(60);

    @RegisterExtension
    static final SingleEtcd single = new SingleEtcd();

    @TempDir
    Path dir;

    @Test
    void aDeployedWebDynoIsPublishedWithTheAdvertisedHostAndRouted() throws Exception {
        EtcdSettings fleet = EtcdSettings.parse(single.process.clientUrl(), "127.0.0.2");
        EtcdRouteSource router = new EtcdRouteSource(single.vertx, single.client, "dynod.test").start();
        try (TestAgentApi api = new TestAgentApi(dir.resolve("home"), 16 * 1024, 64 * 1024, Optional.of(fleet))) {
            assertThat(api.call("PUT", "/v1/apps/hello", null).status()).isEqualTo(201);
            assertThat(api.upload("hello", TestAgentApi.helloSlug(dir), "").status()).isEqualTo(201);

            Await.until(BOOT, "the router routes to the agent's web.1", () -> router.current().apps().stream()
                    .filter(a -> a.app().equals("hello")).map(AppRoute::endpoints).flatMap(List::stream)
                    .anyMatch(e -> e.up() && e.host().equals("127.0.0.2")));
            KeyValue stored = Await.result(single.client.get(Keys.dyno("hello", "web.1", "agent-127.0.0.2"))).orElseThrow();
            DynoEntry web1 = DynoEntry.parse(stored.key(), stored.value());
            assertThat(web1.isUp()).isTrue();
            assertThat(web1.port()).isPositive();
            assertThat(web1.instance()).startsWith("agent-127.0.0.2:");
            assertThat(stored.lease()).as("under the agent's lease").isNotZero();
            Endpoint routed = router.current().apps().get(0).endpoints().get(0);
            assertThat(routed.port()).isEqualTo(web1.port());
            assertThat(routed.dyno()).isEqualTo("web.1@agent-127.0.0.2");

            String record = Keys.app("hello", "agent-127.0.0.2");
            Await.until(BOOT, "the agent's record of the app counts its web dyno", () -> Await.result(single.client
                    .get(record)).map(kv -> AppEntry.parse(kv.key(), kv.value()).webDynos() == 1).orElse(false));
            assertThat(api.call("PATCH", "/v1/apps/hello", "{\"domains\":[\"hello.example.com\"]}").status())
                    .isEqualTo(200);
            Await.until(BOOT, "the app's domain reaches the router through the agent's record",
                    () -> router.current().apps().get(0).domains().equals(List.of("hello.example.com")));
            AppEntry entry = AppEntry.parse(record, Await.result(single.client.get(record)).orElseThrow().value());
            assertThat(entry).isEqualTo(new AppEntry(List.of("hello.example.com"), false, java.util.Map.of("web", 1)));
            assertThat(Await.result(single.client.get(record)).orElseThrow().lease()).as("under the agent's lease")
                    .isEqualTo(stored.lease());
        } finally {
            router.close();
        }
        Await.until(BOOT, "a drained agent's dynos leave etcd",
                () -> Await.result(single.client.rangePrefix(Keys.DYNOS)).kvs().stream()
                        .noneMatch(kv -> DynoEntry.parse(kv.key(), kv.value()).isUp()));
    }
}
