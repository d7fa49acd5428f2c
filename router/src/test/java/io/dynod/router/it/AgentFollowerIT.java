package io.dynod.router.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynod.protocol.AgentEndpoint;
import io.dynod.protocol.client.AgentClient;
import io.dynod.router.Router;
import io.dynod.router.support.Await;
import io.dynod.router.support.FakeAgent;
import io.dynod.router.support.RouterFixture;
import io.dynod.router.support.TestDyno;
import io.dynod.router.table.AgentEventRoutes;
import io.dynod.router.table.AgentFollower;
import io.dynod.router.table.AgentWaker;
import io.dynod.router.table.TrafficListener;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A separate router against an agent over the agent protocol: routes from {@code /v1/events},
 * wakes through {@code POST /v1/apps/{app}/wake}, and an agent restart under load.
 */
class AgentFollowerIT {

    private final List<TestDyno> dynos = new ArrayList<>();
    private final ExecutorService wakeCalls = Executors.newCachedThreadPool();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private FakeAgent agent;
    private AgentClient client;
    private Router router;
    private AgentEventRoutes routes;
    private final AtomicInteger wakeAttempts = new AtomicInteger();

    @BeforeEach
    void start() throws Exception {
        agent = new FakeAgent();
        client = AgentClient.create(AgentEndpoint.of(agent.url(), "t0ken"));
        routes = new AgentEventRoutes("test", app -> false);
        AgentFollower follower = new AgentFollower(client, routes,
                Duration.ofMillis(50));
        router = Router.start(RouterFixture.testConfig().holdTimeout(Duration.ofSeconds(20)).build(), follower,
                new AgentWaker(app -> {
                    wakeAttempts.incrementAndGet();
                    client.wake(app);
                }, client::dynos, wakeCalls, Duration.ofMillis(50), Duration.ofSeconds(20)), TrafficListener.NONE);
    }

    @AfterEach
    void stop() throws Exception {
        router.drain(Duration.ofSeconds(2));
        client.close();
        agent.close();
        wakeCalls.shutdownNow();
        for (TestDyno d : dynos) {
            d.close();
        }
    }

    private HttpResponse<String> get(String host) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + router.port() + "/"))
                .header("Host", host).timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private TestDyno dyno(String body) throws InterruptedException {
        TestDyno d = TestDyno.start(TestDyno.ok(body));
        dynos.add(d);
        return d;
    }

    @Test
    void aSleepingAppIsWokenThroughTheAgentAndItsHeldRequestsServed() throws Exception {
        agent.app("hello");
        agent.onWake(app -> {
            try {
                agent.up(app, "web.1", dyno("woken").port(), false);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Await.until("the router knows the app", Duration.ofSeconds(10), () -> !routes.current().apps().isEmpty());
        List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            responses.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return get("hello.test");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        for (CompletableFuture<HttpResponse<String>> r : responses) {
            assertThat(r.get().statusCode()).isEqualTo(200);
            assertThat(r.get().body()).isEqualTo("woken");
            assertThat(r.get().headers().firstValue("Dynod-Cold-Start")).isPresent();
        }
        assertThat(agent.wakes()).isEqualTo(1);
    }

    @Test
    void aWakeAskedWhileTheAgentIsAwayIsSentOnceItIsBackAndTheHeldRequestsServed() throws Exception {
        agent.app("hello");
        Await.until("the router knows the app", Duration.ofSeconds(10), () -> !routes.current().apps().isEmpty());
        agent.stop();
        agent.onWake(app -> agent.up(app, "web.1", dynoPort("woken"), false));
        CompletableFuture<HttpResponse<String>> held = CompletableFuture.supplyAsync(() -> {
            try {
                return get("hello.test");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Await.until("the wake tried again while the agent is away", Duration.ofSeconds(10), () -> wakeAttempts.get() >= 3);
        assertThat(held).isNotDone();
        agent.start();
        HttpResponse<String> answer = held.get(20, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("woken");
        assertThat(agent.wakes()).isEqualTo(1);
    }

    private int dynoPort(String body) {
        try {
            return dyno(body).port();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void anAgentRestartUnderLoadFailsNoRequestToAnUpApp() throws Exception {
        agent.up("hello", "web.1", dyno("one").port(), false);
        Await.until("hello routable", Duration.ofSeconds(10), () -> {
            try {
                return get("hello.test").statusCode() == 200;
            } catch (Exception e) {
                return false;
            }
        });
        AtomicBoolean loading = new AtomicBoolean(true);
        AtomicInteger ok = new AtomicInteger();
        List<String> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<CompletableFuture<Void>> load = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            load.add(CompletableFuture.runAsync(() -> {
                for (int i = 0; i < 5000 && loading.get(); i++) {
                    try {
                        HttpResponse<String> r = get("hello.test");
                        if (r.statusCode() == 200) {
                            ok.incrementAndGet();
                        } else {
                            failures.add(r.statusCode() + " " + r.body());
                        }
                    } catch (Exception e) {
                        failures.add(e.toString());
                    }
                }
            }));
        }
        Await.until("load under way", Duration.ofSeconds(10), () -> ok.get() > 50);
        agent.stop();
        int during = ok.get();
        Await.until("requests served while the agent is down", Duration.ofSeconds(10), () -> ok.get() > during + 50);
        agent.up("hello", "web.2", dyno("two").port(), true); // changed while the agent was away
        agent.start();
        Await.until("the router follows the restarted agent", Duration.ofSeconds(10), () -> agent.openStreams() == 1);
        Await.until("the new snapshot routes to web.2 as well", Duration.ofSeconds(10),
                () -> dynos.get(1).requests() > 0);
        loading.set(false);
        CompletableFuture.allOf(load.toArray(CompletableFuture[]::new)).get();
        assertThat(failures).isEmpty();
        assertThat(ok.get()).isGreaterThan(100);
    }
}
