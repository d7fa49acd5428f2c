package io.dynod.router.balance;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynod.router.errors.HerokuError;
import io.dynod.router.table.AppRoute;
import io.dynod.router.table.Endpoint;
import io.dynod.router.table.RouteTable;
import io.dynod.router.table.Waker;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ColdStartTest {

    private final LiveRoutes routes = new LiveRoutes();
    private final AtomicInteger wakes = new AtomicInteger();
    private CompletableFuture<Waker.Outcome> outcome = new CompletableFuture<>();
    private final List<Long> wakeDurations = new ArrayList<>();
    private final ColdStarts coldStarts = new ColdStarts(app -> {
        wakes.incrementAndGet();
        return outcome;
    }, 1000, 1_000_000, (app, nanos) -> wakeDurations.add(nanos));

    private static final class Waiter implements ColdStart.Waiter {
        final CompletableFuture<HerokuError> released = new CompletableFuture<>();
        final long bytes;

        Waiter(long bytes) {
            this.bytes = bytes;
        }

        @Override
        public long heldBytes() {
            return bytes;
        }

        @Override
        public void release(HerokuError rejection) {
            if (!released.complete(rejection == null ? HerokuError.NO_SUCH_APP : rejection) || rejection == null) {
                released.obtrudeValue(rejection);
            }
        }
    }

    private void publish(boolean up) {
        routes.apply(new RouteTable("test", List.of(new AppRoute("app", List.of(),
                List.of(new Endpoint("web.1", "127.0.0.1", 5001, up)))), Optional.empty()));
        coldStarts.tableChanged(routes);
    }

    private ColdStart hold() {
        return coldStarts.of(routes.apps().get("app"));
    }

    @Test
    void manyWaitersFromManyThreadsShareOneWakeAndAreReleasedByTheTableShowingAnUpDyno() throws Exception {
        publish(false);
        List<Waiter> waiters = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            waiters.add(new Waiter(100));
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<Boolean>> joined = new ArrayList<>();
        for (Waiter w : waiters) {
            joined.add(CompletableFuture.supplyAsync(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                return hold().hold(w);
            }, pool));
        }
        go.countDown();
        for (CompletableFuture<Boolean> j : joined) {
            assertThat(j.get(10, TimeUnit.SECONDS)).isTrue();
        }
        pool.shutdown();
        assertThat(wakes.get()).isEqualTo(1);
        assertThat(hold().held()).isEqualTo(400);
        assertThat(hold().heldBytes()).isEqualTo(40_000);
        outcome.complete(Waker.Outcome.BOOTING);
        assertThat(waiters).noneMatch(w -> w.released.isDone());

        publish(true);
        assertThat(waiters).allMatch(w -> w.released.isDone() && w.released.getNow(HerokuError.H99) == null);
        assertThat(hold().held()).isZero();
        assertThat(wakeDurations).hasSize(1);
    }

    @Test
    void theCountAndByteCapsRefuseNewWaiters() {
        ColdStarts small = new ColdStarts(app -> new CompletableFuture<>(), 2, 250, (a, n) -> {});
        publish(false);
        ColdStart hold = small.of(routes.apps().get("app"));
        assertThat(hold.hold(new Waiter(100))).isTrue();
        assertThat(hold.hold(new Waiter(200))).isFalse(); // bytes
        assertThat(hold.hold(new Waiter(100))).isTrue();
        assertThat(hold.hold(new Waiter(1))).isFalse(); // count
    }

    @Test
    void aWakeThatFindsNothingToStartReleasesWithH14OrH10AndTheNextHoldWakesAgain() {
        publish(false);
        Waiter a = new Waiter(1);
        hold().hold(a);
        outcome.complete(Waker.Outcome.NO_WEB_DYNOS);
        assertThat(a.released).isCompletedWithValue(HerokuError.H14);

        outcome = CompletableFuture.completedFuture(Waker.Outcome.CRASHED);
        Waiter b = new Waiter(1);
        hold().hold(b);
        assertThat(b.released).isCompletedWithValue(HerokuError.H10);
        assertThat(wakes.get()).isEqualTo(2);
    }

    @Test
    void aWaiterThatGaveUpIsNotReleasedAndTheEmptiedHoldWakesAgainNextTime() {
        publish(false);
        Waiter a = new Waiter(1);
        hold().hold(a);
        assertThat(hold().remove(a)).isTrue();
        assertThat(hold().remove(a)).isFalse();
        Waiter b = new Waiter(1);
        hold().hold(b);
        assertThat(wakes.get()).isEqualTo(2);
        publish(true);
        assertThat(a.released).isNotDone();
        assertThat(b.released).isDone();
    }

    @Test
    void aWaiterJoiningWhenTheAppIsAlreadyUpIsReleasedAtOnce() {
        publish(true);
        Waiter a = new Waiter(1);
        assertThat(hold().hold(a)).isTrue();
        assertThat(a.released).isDone();
    }

    @Test
    void anAppThatLeavesTheTableReleasesItsWaitersWith404() {
        publish(false);
        Waiter a = new Waiter(1);
        hold().hold(a);
        routes.apply(RouteTable.empty("test"));
        coldStarts.tableChanged(routes);
        assertThat(a.released).isCompletedWithValue(HerokuError.NO_SUCH_APP);
    }
}
