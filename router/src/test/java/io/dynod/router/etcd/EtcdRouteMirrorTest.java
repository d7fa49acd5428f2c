package io.dynod.router.etcd;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynod.cluster.AppEntry;
import io.dynod.cluster.DynoEntry;
import io.dynod.cluster.KeyValue;
import io.dynod.cluster.Keys;
import io.dynod.cluster.WatchEvent;
import io.dynod.router.table.AppRoute;
import io.dynod.router.table.Endpoint;
import io.dynod.router.table.RouteTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The incremental path: one watch event changes only the apps it touches, and matches a fresh build. */
class EtcdRouteMirrorTest {

    private static final int APPS = 200;

    /** What etcd holds, to build a fresh mirror from for comparison. */
    private final Map<String, String> etcd = new TreeMap<>();
    private final EtcdRouteMirror mirror = new EtcdRouteMirror("dynod.test");
    private long revision;

    @BeforeEach
    void fleet() {
        for (int a = 0; a < APPS; a++) {
            String app = String.format("app-%04d", a);
            etcd.put(Keys.app(app), new AppEntry(List.of(app + ".example.com"), false).toJson());
            for (int d = 1; d <= 3; d++) {
                etcd.put(Keys.dyno(app, "web." + d), dyno(5000 + d, "up"));
            }
        }
        mirror.replace(Keys.APPS, kvs(Keys.APPS));
        assertThat(mirror.ready()).isFalse();
        mirror.replace(Keys.DYNOS, kvs(Keys.DYNOS));
        assertThat(mirror.ready()).isTrue();
        assertThat(mirror.table().apps()).hasSize(APPS);
    }

    @Test
    void aDynoStateChangeReplacesOnlyItsApp() {
        RouteTable before = mirror.table();
        put(Keys.dyno("app-0042", "web.2"), dyno(5002, "idle"));
        RouteTable after = mirror.table();

        assertThat(after.delta()).hasValueSatisfying(d -> {
            assertThat(d.baseVersion()).isEqualTo(before.version());
            assertThat(d.apps()).containsExactly("app-0042");
        });
        assertThat(after.app("app-0042").endpoints()).extracting(Endpoint::up).containsExactly(true, false, true);
        assertOthersIdentical(before, after, Set.of("app-0042"));
        assertThat(after).isEqualTo(freshBuild());
    }

    @Test
    void anAddedDynoAndANewAppChangeOnlyThemselves() {
        RouteTable before = mirror.table();
        put(Keys.dyno("app-0007", "web.4"), dyno(5004, "starting"));
        assertThat(mirror.table().app("app-0007").endpoints()).extracting(Endpoint::dyno)
                .containsExactly("web.1", "web.2", "web.3", "web.4");
        put(Keys.dyno("newcomer", "web.1"), dyno(6001, "up"));
        RouteTable after = mirror.table();

        assertThat(after.app("newcomer").endpoints()).containsExactly(Endpoint.up("web.1", "127.0.0.2", 6001));
        assertOthersIdentical(before, after, Set.of("app-0007", "newcomer"));
        assertThat(after).isEqualTo(freshBuild());
    }

    @Test
    void removingTheLastDynoOfAnAppWithoutARecordRemovesTheApp() {
        put(Keys.dyno("lonely", "web.1"), dyno(6001, "up"));
        RouteTable before = mirror.table();
        delete(Keys.dyno("lonely", "web.1"));
        RouteTable after = mirror.table();

        assertThat(after.app("lonely")).isNull();
        assertThat(after.delta()).hasValueSatisfying(d -> assertThat(d.apps()).containsExactly("lonely"));
        assertOthersIdentical(before, after, Set.of("lonely"));
        assertThat(after).isEqualTo(freshBuild());
    }

    @Test
    void removingTheLastDynoOfAnAppWithARecordKeepsTheAppWithNoDynos() {
        for (int d = 1; d <= 3; d++) {
            delete(Keys.dyno("app-0100", "web." + d));
        }
        assertThat(mirror.table().app("app-0100").endpoints()).isEmpty();
        assertThat(mirror.table().app("app-0100").domains()).containsExactly("app-0100.example.com");
        assertThat(mirror.table()).isEqualTo(freshBuild());
    }

    @Test
    void workersAndUnknownKeysDoNotRoute() {
        put(Keys.dyno("app-0001", "worker.1"), dyno(0, "up"));
        RouteTable before = mirror.table();
        put(Keys.ROOT + "something/else", "{}");
        assertThat(mirror.table()).as("an unknown key changes nothing").isSameAs(before);
        assertThat(before.app("app-0001").endpoints()).extracting(Endpoint::dyno)
                .containsExactly("web.1", "web.2", "web.3");
    }

    @Test
    void aDomainMovesToTheNextClaimantWhenItsOwnerLetsItGo() {
        put(Keys.app("zed"), new AppEntry(List.of("App-0003.example.com", "zed.example.com"), false).toJson());
        assertThat(mirror.table().app("zed").domains()).as("app-0003 claimed it first by name")
                .containsExactly("zed.example.com");
        RouteTable before = mirror.table();

        put(Keys.app("app-0003"), new AppEntry(List.of(), false).toJson());
        RouteTable after = mirror.table();
        assertThat(after.app("zed").domains()).containsExactly("app-0003.example.com", "zed.example.com");
        assertThat(after.app("app-0003").domains()).isEmpty();
        assertOthersIdentical(before, after, Set.of("zed", "app-0003"));
        assertThat(after).isEqualTo(freshBuild());

        delete(Keys.app("zed"));
        put(Keys.app("app-0003"), new AppEntry(List.of("app-0003.example.com"), true).toJson());
        assertThat(mirror.table().app("app-0003").domains()).containsExactly("app-0003.example.com");
        assertThat(mirror.sleeping("app-0003")).isTrue();
        assertThat(mirror.table()).isEqualTo(freshBuild());
    }

    @Test
    void recordsOfSeveralAgentsAreMergedAndOneLeavingKeepsTheOthersDomains() {
        RouteTable before = mirror.table();
        put(Keys.app("shared", "agent-a"), new AppEntry(List.of("a.shared.io"), true).toJson());
        put(Keys.app("shared", "agent-b"), new AppEntry(List.of("b.shared.io"), false).toJson());
        assertThat(mirror.table().app("shared").domains()).containsExactlyInAnyOrder("a.shared.io", "b.shared.io");
        assertThat(mirror.sleeping("shared")).as("asleep only when every record says so").isFalse();

        delete(Keys.app("shared", "agent-b"));
        assertThat(mirror.table().app("shared").domains()).containsExactly("a.shared.io");
        assertThat(mirror.sleeping("shared")).isTrue();
        assertOthersIdentical(before, mirror.table(), Set.of("shared"));
        assertThat(mirror.table()).isEqualTo(freshBuild());

        delete(Keys.app("shared", "agent-a"));
        assertThat(mirror.table().app("shared")).isNull();
        assertThat(mirror.table()).isEqualTo(freshBuild());
    }

    @Test
    void aResyncAfterAWatchResetEqualsAFreshBuild() {
        put(Keys.dyno("app-0005", "web.1"), dyno(5001, "crashed"));
        delete(Keys.dyno("app-0006", "web.3"));
        put(Keys.app("app-0009"), new AppEntry(List.of("nine.example.com"), false).toJson());
        RouteTable incremental = mirror.table();
        // the watch was reset (compaction): the prefixes are read again, with changes made meanwhile
        etcd.put(Keys.dyno("app-0011", "web.1"), dyno(5001, "idle"));
        mirror.replace(Keys.DYNOS, kvs(Keys.DYNOS));
        mirror.replace(Keys.APPS, kvs(Keys.APPS));

        assertThat(mirror.table().delta()).as("a resync publishes a whole table").isEmpty();
        assertThat(mirror.table()).isEqualTo(freshBuild()).isNotEqualTo(incremental);
        assertThat(mirror.table().app("app-0011").endpoints().get(0).up()).isFalse();
    }

    @Test
    void eventsBeforeBothPrefixesAreReadWaitForTheWholeTable() {
        EtcdRouteMirror early = new EtcdRouteMirror("dynod.test");
        early.replace(Keys.DYNOS, kvs(Keys.DYNOS));
        early.apply(new WatchEvent(WatchEvent.Type.PUT, kv(Keys.dyno("app-0001", "web.9"), dyno(5009, "up")), null));
        assertThat(early.table().apps()).isEmpty();
        etcd.put(Keys.dyno("app-0001", "web.9"), dyno(5009, "up"));
        early.replace(Keys.APPS, kvs(Keys.APPS));
        assertThat(early.table()).isEqualTo(freshBuild());
    }

    private static void assertOthersIdentical(RouteTable before, RouteTable after, Set<String> changed) {
        int compared = 0;
        for (AppRoute route : before.apps()) {
            if (!changed.contains(route.app())) {
                assertThat(after.app(route.app())).as(route.app()).isSameAs(route);
                compared++;
            }
        }
        assertThat(compared).isGreaterThanOrEqualTo(APPS - changed.size());
    }

    private RouteTable freshBuild() {
        EtcdRouteMirror fresh = new EtcdRouteMirror("dynod.test");
        fresh.replace(Keys.APPS, kvs(Keys.APPS));
        fresh.replace(Keys.DYNOS, kvs(Keys.DYNOS));
        return fresh.table();
    }

    private void put(String key, String value) {
        etcd.put(key, value);
        mirror.apply(new WatchEvent(WatchEvent.Type.PUT, kv(key, value), null));
    }

    private void delete(String key) {
        etcd.remove(key);
        mirror.apply(new WatchEvent(WatchEvent.Type.DELETE, new KeyValue(key, "", 0, ++revision, 0, 0), null));
    }

    private List<KeyValue> kvs(String prefix) {
        List<KeyValue> out = new ArrayList<>();
        etcd.forEach((key, value) -> {
            if (key.startsWith(prefix)) {
                out.add(kv(key, value));
            }
        });
        return out;
    }

    private KeyValue kv(String key, String value) {
        return new KeyValue(key, value, 1, ++revision, 1, 0);
    }

    private static String dyno(int port, String state) {
        return new DynoEntry("127.0.0.2", port, state, 1, "i-" + port).toJson();
    }
}
