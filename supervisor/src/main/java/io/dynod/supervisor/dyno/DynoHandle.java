package io.dynod.supervisor.dyno;

import java.util.concurrent.CompletableFuture;

/** One started dyno process, as its {@link DynoRuntime} tracks it. */
public interface DynoHandle {
    long pid();

    /** The runtime's start-time token for {@link #pid()}, so a re-adopting agent can tell the process from a successor reusing the pid. */
    long startTime();

    /** Completes with the exit status once the dyno's main process has ended (128 + N for signal N). */
    CompletableFuture<Integer> exit();

    /** The dyno's own cgroup, recorded so a restarted agent can find it again; empty when the runtime uses none. */
    default String cgroupPath() {
        return "";
    }
}
