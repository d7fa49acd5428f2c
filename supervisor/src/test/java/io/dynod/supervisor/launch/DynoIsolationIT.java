package io.dynod.supervisor.launch;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynod.supervisor.release.DynoSize;
import io.dynod.supervisor.testsupport.Eventually;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Acceptance: what a real dyno can see and do (root, cgroups, dyno-exec; fails when CI=true and missing). */
class DynoIsolationIT extends IsolatedDynos {
    @Test
    void runsAsItsAppsUnprivilegedUidAndSeesOnlyItsOwnTree() throws Exception {
        String log = dynos.run("shop", "web.1", "id -u; id -g; id -G; ps -e -o pid= -o comm=");

        int uid = dynos.launcher.uids().uidFor("shop");
        String[] lines = log.strip().split("\n");
        assertThat(uid).isGreaterThanOrEqualTo(61000);
        assertThat(lines[0]).isEqualTo(Integer.toString(uid));
        assertThat(lines[1]).isEqualTo(Integer.toString(uid));
        assertThat(lines[2]).isEqualTo(Integer.toString(uid));
        Map<String, String> processes = Arrays.stream(lines).skip(3).map(String::strip)
                .collect(Collectors.toMap(l -> l.split("\\s+")[0], l -> l.split("\\s+")[1]));
        assertThat(processes).containsEntry("1", chain().init());
        assertThat(processes.values()).containsOnly(chain().init(), "sh", "ps");
    }

    @Test
    void runsWithoutAnyCapabilityWithNoNewPrivsAndDefaultSignals() throws Exception {
        String log = dynos.run("shop", "web.1",
                "grep -E '^(CapInh|CapPrm|CapEff|CapBnd|CapAmb|NoNewPrivs|SigIgn|SigBlk):' /proc/self/status");

        Map<String, String> status = log.lines().map(l -> l.split(":\t"))
                .collect(Collectors.toMap(f -> f[0], f -> f[1]));
        assertThat(status).containsEntry("NoNewPrivs", "1");
        for (String caps : List.of("CapInh", "CapPrm", "CapEff", "CapBnd", "CapAmb")) {
            assertThat(status).containsEntry(caps, "0000000000000000");
        }
        // the standard signals 1..31; 32 and 33 belong to libc, which sets them up itself
        for (String signals : List.of("SigIgn", "SigBlk")) {
            assertThat(Long.parseLong(status.get(signals), 16) & 0x7fff_ffffL).as(signals).isZero();
        }
    }

    @Test
    void theAgentsOomScoreAndRlimitsDoNotLeakIntoTheDyno() throws Exception {
        Path ownScore = Path.of("/proc/self/oom_score_adj");
        String before = Files.readString(ownScore).strip();
        Files.writeString(ownScore, "300"); // raising needs no CAP_SYS_RESOURCE (this sandbox lacks it)
        try {
            String log = dynos.run("shop", "web.1",
                    "cat /proc/self/oom_score_adj; ulimit -Sn; ulimit -Hn; ulimit -c");

            assertThat(log.lines()).containsExactly("0", Integer.toString(dynos.config.openFiles()),
                    Integer.toString(dynos.config.openFiles()), "0");
        } finally {
            Files.writeString(ownScore, before);
        }
    }

    @Test
    void hostnameIsTheDynoName() throws Exception {
        String log = dynos.run("shop", "web.1", "hostname");

        assertThat(log.strip()).isEqualTo("web.1");
        assertThat(Files.readString(Path.of("/proc/sys/kernel/hostname")).strip()).isNotEqualTo("web.1");
    }

    @Test
    void writesUnderAppReachNeitherTheSlugNorAnotherDyno() throws Exception {
        Path slug = dynos.slug("shop", Map.of("README", "original\n", "log/app.log", "first\n"));
        RunningDyno writer = dynos.launch("shop", "web.1", "stat -c 'owner=%u' /app/README /app/log; "
                + "echo mine > /app/new.txt && echo changed > /app/README && echo second >> /app/log/app.log "
                + "&& mkdir /app/log/cache && echo written && exec sleep 60");
        DynoFixture.awaitLog(writer, "written");

        String other = dynos.run("shop", "web.2",
                "test -e /app/new.txt && echo new-visible || echo new-absent; cat /app/README /app/log/app.log; ls /app/log");

        String owner = "owner=" + dynos.launcher.uids().uidFor("shop");
        assertThat(DynoFixture.log(writer).lines().filter(owner::equals)).hasSize(2);
        assertThat(other).contains("new-absent").contains("original").doesNotContain("changed")
                .doesNotContain("second").doesNotContain("cache");
        assertThat(slug.resolve("new.txt")).doesNotExist();
        assertThat(slug.resolve("log/cache")).doesNotExist();
        assertThat(Files.readString(slug.resolve("README"))).isEqualTo("original\n");
        assertThat(Files.readString(slug.resolve("log/app.log"))).isEqualTo("first\n");
    }

    @Test
    void cannotWriteOutsideAppAndTmp() throws Exception {
        Path slug = dynos.slug("shop", Map.of());
        String targets = String.join(" ", "/", "/etc", "/usr/local", "/var", "/var/tmp", "/opt", "/root", "/run",
                "/home", slug.toString(), dynos.stateDir.toString(), dynos.base.toString());

        String log = dynos.run("shop", "web.1", "for d in " + targets + "; do "
                + "touch $d/dyno-probe 2>/dev/null && echo WROTE $d; done; "
                + "touch /app/ok && touch /tmp/ok && echo app-and-tmp-writable");

        assertThat(log).doesNotContain("WROTE").contains("app-and-tmp-writable");
        for (String target : targets.split(" ")) {
            assertThat(Path.of(target, "dyno-probe")).doesNotExist();
        }
    }

    @Test
    void cannotReadAnotherAppsFilesAnyDynoLogOrTheAgentsState() throws Exception {
        Path otherSlug = dynos.slug("other", Map.of("secret.txt", "other-app-secret\n"));
        RunningDyno other = dynos.launch("other", "web.1",
                "echo other-log-line && echo upper-secret > /app/upper.txt && exec sleep 60");
        DynoFixture.awaitLog(other, "other-log-line");
        Path ownLog = dynos.config.logDir().resolve("shop/web.1.log");
        String[] secrets = {otherSlug.resolve("secret.txt").toString(), other.logFile().orElseThrow().toString(), ownLog.toString(),
                dynos.stateDir.resolve("agent.token").toString()};

        String log = dynos.run("shop", "web.1", "for f in " + String.join(" ", secrets) + "; do "
                + "cat $f 2>/dev/null && echo LEAKED $f || echo denied; done; "
                + "ls " + dynos.config.runtimeDir() + "/dynos 2>/dev/null | grep . && echo LEAKED dyno dirs; "
                + "ls /proc | grep -c '^[0-9]' ");

        assertThat(log).doesNotContain("LEAKED").doesNotContain("other-app-secret").doesNotContain("secret-token")
                .doesNotContain("other-log-line");
        assertThat(log.lines().filter("denied"::equals).count()).isEqualTo(secrets.length);
        assertThat(dynos.launcher.uids().uidFor("other")).isNotEqualTo(dynos.launcher.uids().uidFor("shop"));
    }

    @Test
    void environmentIsExactlyWhatWasConfigured() throws Exception {
        RunningDyno dyno = dynos.launch("shop", "web.1", "tr '\\0' '\\n' < /proc/$$/environ",
                Map.of("DATABASE_URL", "postgres://db/shop", "WITH_SPACES", "a b  c"), OptionalInt.of(5123),
                DynoSize.STANDARD_1X);
        dyno.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);

        Set<String> env = DynoFixture.log(dyno).lines().collect(Collectors.toSet());
        assertThat(env).containsExactlyInAnyOrder("DATABASE_URL=postgres://db/shop", "WITH_SPACES=a b  c",
                "PORT=5123", "DYNO=web.1", "HOME=/app", "PATH=/usr/local/bin:/usr/bin:/bin");
    }

    @Test
    void theJavaHelloExampleServesFromAnIsolatedDyno() throws Exception {
        Path example = Path.of(System.getenv().getOrDefault("DYNOD_TEST_ROOT", "..")).resolve("examples/hello");
        dynos.slug("hello", Map.of("Hello.java", Files.readString(example.resolve("Hello.java"))));
        int port = freePort();
        dynos.launch("hello", "web.1", "exec java Hello.java web", Map.of("APP_NAME", "hello"), OptionalInt.of(port),
                DynoSize.STANDARD_1X);

        assertThat(awaitHttp(port, Duration.ofSeconds(60))).contains("hello").contains("web.1");
    }

    @Test
    void itsPortIsReachableFromTheHost() throws Exception {
        int port = freePort();
        dynos.launch("shop", "web.1", "exec perl -MIO::Socket::INET -e '"
                + "my $s = IO::Socket::INET->new(LocalAddr => \"127.0.0.1\", LocalPort => $ENV{PORT}, Listen => 5, ReuseAddr => 1) or die \"bind: $!\";"
                + "while (my $c = $s->accept) { print $c \"HTTP/1.0 200 OK\\r\\nContent-Type: text/plain\\r\\n\\r\\nhello from $ENV{DYNO}\\n\"; close $c }'",
                Map.of(), OptionalInt.of(port), DynoSize.STANDARD_1X);
        assertThat(awaitHttp(port, Duration.ofSeconds(20))).isEqualTo("hello from web.1\n");
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0)) {
            return probe.getLocalPort();
        }
    }

    private static String awaitHttp(int port, Duration timeout) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).build();
        String[] body = new String[1];
        Eventually.await("dyno answers on port " + port, timeout, () -> {
            try {
                body[0] = client.send(request, HttpResponse.BodyHandlers.ofString()).body();
                return true;
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        });
        return body[0];
    }
}
