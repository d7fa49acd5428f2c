package io.dynod.supervisor.testing;

import io.dynod.supervisor.dyno.CyclePolicy;
import io.dynod.supervisor.dyno.DynoManager;
import io.dynod.supervisor.dyno.ManagerSettings;
import io.dynod.supervisor.dyno.ProcessDynoRuntime;
import io.dynod.supervisor.dyno.RestartPolicy;
import io.dynod.supervisor.dyno.TcpPortCheck;
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
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;

/**
 * A minimal agent for the agent-kill test, run as its own JVM: {@code HOME APP_DIR DYNOS}. On
 * first start it deploys {@link #APP} with {@code DYNOS} chatty workers; on later starts it
 * recovers from the state under {@code HOME}. Prints {@code READY} when done, then runs until killed.
 */
public final class TestAgent {
    public static final String APP = "chatty";
    /** Writes numbered lines until {@code $HOME/stop-$DYNO} exists, then one more and exits 3. */
    public static final String CHATTY = "i=0; while [ ! -e \"$HOME/stop-$DYNO\" ]; do echo \"$DYNO $$ line $i\"; "
            + "i=$((i+1)); sleep 0.1; done; echo \"$DYNO $$ line $i\"; exit 3";

    private TestAgent() {
    }

    public static void main(String[] args) throws Exception {
        Path home = Path.of(args[0]);
        Path appDir = Path.of(args[1]);
        int dynos = Integer.parseInt(args[2]);
        StateStore store = new StateStore();
        DesiredState desired = new DesiredState(home.resolve("apps"), store);
        RunDir runDir = new RunDir(home.resolve("run"), store);
        AppLogs logs = new AppLogs(100_000, home.resolve("journal"));
        ManagerSettings settings = new ManagerSettings(Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofMillis(50),
                Duration.ofMillis(50), RestartPolicy.heroku(Duration.ofMinutes(1), new SplittableRandom()),
                CyclePolicy.heroku(new SplittableRandom()));
        DynoManager manager = new DynoManager(new ProcessDynoRuntime(), TcpPortCheck.loopback(), settings,
                InstantSource.system(), logs, (app, release) -> appDir, runDir);
        SortedMap<String, AppRecord> apps = desired.loadAll();
        if (apps.isEmpty()) {
            Release v1 = new Release(1, new SlugRef("e".repeat(64)), ConfigVars.empty(), Map.of("worker", CHATTY),
                    Instant.now(), "test");
            Formation formation = Formation.empty().with("worker", new Formation.Scale(dynos, DynoSize.DEFAULT));
            desired.save(AppRecord.of(APP, Instant.now(), List.of(v1), formation));
            manager.apply(APP, v1, formation).get();
        } else {
            manager.recover(apps, runDir.loadAll()).get();
        }
        System.out.println("READY");
        System.out.flush();
        new CountDownLatch(1).await(); // until killed
    }
}
