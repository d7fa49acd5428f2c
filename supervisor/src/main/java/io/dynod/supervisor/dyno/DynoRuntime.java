package io.dynod.supervisor.dyno;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * How the {@link DynoManager} starts and stops dyno processes. {@link IsolatedDynoRuntime} runs
 * the isolated launch chain (namespaces, cgroups) for the agent; {@link ProcessDynoRuntime} runs
 * plain processes for tests and rootless use; {@link DynoRuntimes#choose} picks one at start.
 */
public interface DynoRuntime extends AutoCloseable {

    /** How a stop ended. */
    enum StopResult {
        /** Everything exited within the grace period after SIGTERM. */
        EXITED,
        /** Something was still running when the grace period ended and got SIGKILL (R12). */
        KILLED
    }

    /** An exit status nobody recorded (the dyno was killed before it could be written). */
    int UNKNOWN_STATUS = -1;

    /** What became of a dyno the agent started before its own restart. */
    sealed interface Adoption {
        /** Still the same process (pid and start time match): watched again. */
        record Running(DynoHandle handle) implements Adoption {
        }

        /**
         * It ended while the agent was away, with this status (or {@link #UNKNOWN_STATUS}); its
         * cgroup counted {@code oomKills} (R15 happened while nobody watched when positive).
         */
        record Ended(int status, long oomKills) implements Adoption {
            public Ended(int status) {
                this(status, 0);
            }
        }
    }

    DynoHandle start(DynoSpec spec) throws IOException;

    /**
     * Finds a dyno started by an earlier agent run from what was recorded about it: main pid,
     * start-time token, cgroup ({@link DynoHandle#cgroupPath()}) and exit-status file.
     */
    Adoption adopt(long pid, long startTime, String cgroupPath, Path exitStatusFile);

    /**
     * After adoption: removes whatever this runtime finds running that no record accounts for
     * (a stray cgroup left by a crash between starting a dyno and recording it). {@code adopted}
     * holds the cgroup paths of every dyno the agent now tracks.
     */
    default void reapStrays(Set<String> adopted) {
    }

    /**
     * Sends SIGTERM to every process of the dyno and SIGKILL to whatever remains after
     * {@code grace}. Completes when the dyno exited, or when SIGKILL was sent.
     */
    CompletableFuture<StopResult> stop(DynoHandle handle, Duration grace);

    /** SIGKILL to every process of the dyno at once (boot timeout). */
    void kill(DynoHandle handle);

    /** The dyno's memory use and OOM-kill count now, when this runtime can measure them. */
    default Optional<MemorySample> memory(DynoHandle handle, Instant now) {
        return Optional.empty();
    }

    /** Stops watching; running dynos keep running (a later agent run adopts them). */
    @Override
    default void close() {
    }
}
