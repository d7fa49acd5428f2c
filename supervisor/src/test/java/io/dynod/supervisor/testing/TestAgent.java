package io.dynod.supervisor.testing;

import io.dynod.supervisor.dyno.CyclePolicy;
import io.dynod.supervisor.dyno.DynoRuntime;
import io.dynod.supervisor.dyno.DynoRuntimes;
import io.dynod.supervisor.dyno.DynoManager;
import io.dynod.supervisor.dyno.ManagerSettings;
import io.dynod.supervisor.dyno.ProcessDynoRuntime;
import io.dynod.supervisor.dyno.RestartPolicy;
import io.dynod.supervisor.dyno.TcpPortCheck;
import io.dynod.supervisor.launch.IsolationPolicy;
import io.dynod.supervisor.launch.LaunchConfig;
import io.dynod.supervisor.logs.AppLogs;
import io.dynod.supervisor.release.ConfigVars;
import io.dynod.supervisor.release.DynoSize;
import io.dynod.supervisor.release.Formation;
import io.dynod.supervisor.release.Release;
import io.dynod.supervisor.release.SlugRef;
import io.dynod.supervisor.state.AppRecord;
import io.dynod.supervisor.state.DesiredState;
import io.dynod.supervisor.state.RunDir;
import io.dynod.supervisor.state.StateStore;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SplittableRandom;

/**
 * A minimal agent for the agent-kill tests, run as its own JVM:
 * {@code HOME APP_DIR DYNOS STOP_DIR [CGROUP_PREFIX]}, isolated dynos under that cgroup prefix
 * when one is given, plain processes otherwise. On first start it deploys {@link #APP} with
 * {@code DYNOS} chatty workers; on later starts it recovers from the state under {@code HOME}.
 * Prints {@code READY} when done. The line {@code drain} on stdin stops every dyno and prints
 * {@code DRAINED}; it runs until killed, or until stdin ends.
 */
public final class TestAgent {
    public static final String APP = "chatty";
    /**
     * Writes numbered lines tagged with an id of this process ({@code $$} plus a random part: in a
     * pid namespace {@code $$} repeats) until {@code $STOP_DIR/stop-$DYNO} exists, then one more and exits 3.
     */
    public static final String CHATTY = "id=$$-$(cut -c1-8 /proc/sys/kernel/random/uuid); i=0; "
            + "while [ ! -e \"$STOP_DIR/stop-$DYNO\" ]; do echo \"$DYNO $id line $i\"; "
            + "i=$((i+1)); sleep 0.1; done; echo \"$DYNO $id line $i\"; exit 3";

    private TestAgent() {
    }

    public static void main(String[] args) throws Exception {
        Path home = Path.of(args[0]);
        Path appDir = Path.of(args[1]);
        int dynos = Integer.parseInt(args[2]);
        Path stopDir = Path.of(args[3]);
        DynoRuntime runtime = args.length > 4
                ? DynoRuntimes.choose(new LaunchConfig(args[4], home.resolve("launch"), home.resolve("logs"),
                        List.of(home), 61000, 1000, IsolationPolicy.REQUIRE, "16m", 4096))
                : new ProcessDynoRuntime();
        StateStore store = new StateStore();
        DesiredState desired = new DesiredState(home.resolve("apps"), store);
        RunDir runDir = new RunDir(home.resolve("run"), store);
        AppLogs logs = new AppLogs(100_000, home.resolve("journal"));
        ManagerSettings settings = new ManagerSettings(Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofMillis(50),
                Duration.ofMillis(50), RestartPolicy.heroku(Duration.ofMinutes(1), new SplittableRandom()),
                CyclePolicy.heroku(new SplittableRandom()));
        DynoManager manager = new DynoManager(runtime, TcpPortCheck.loopback(), settings,
                InstantSource.system(), logs, (app, release) -> appDir, runDir);
        SortedMap<String, AppRecord> apps = desired.loadAll();
        if (apps.isEmpty()) {
            Release v1 = new Release(1, new SlugRef("e".repeat(64)), ConfigVars.of(Map.of("STOP_DIR", stopDir.toString())),
                    Map.of("worker", CHATTY),
                    Instant.now(), "test");
            Formation formation = Formation.empty().with("worker", new Formation.Scale(dynos, DynoSize.DEFAULT));
            desired.save(AppRecord.of(APP, Instant.now(), List.of(v1), formation));
            manager.apply(APP, v1, formation).get();
        } else {
            manager.recover(apps, runDir.loadAll()).get();
        }
        System.out.println("READY");
        System.out.flush();
        BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String command = commands.readLine(); command != null; command = commands.readLine()) {
            if (command.equals("drain")) {
                manager.drain().get();
                manager.close();
                runtime.close();
                System.out.println("DRAINED");
                System.out.flush();
            }
        }
    }
}
