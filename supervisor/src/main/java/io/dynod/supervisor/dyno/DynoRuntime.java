package io.dynod.supervisor.dyno;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * How the {@link DynoManager} starts and stops dyno processes. The isolated launch chain
 * (namespaces, cgroups) implements it for the agent; {@link ProcessDynoRuntime} runs plain
 * processes for tests and rootless use.
 */
public interface DynoRuntime {

    /** How a stop ended. */
    enum StopResult {
        /** Everything exited within the grace period after SIGTERM. */
        EXITED,
        /** Something was still running when the grace period ended and got SIGKILL (R12). */
        KILLED
    }

    DynoHandle start(DynoSpec spec) throws IOException;

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
}
