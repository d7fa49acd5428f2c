package io.dynod.supervisor.dyno;

import java.util.concurrent.CompletableFuture;

/** One started dyno process, as its {@link DynoRuntime} tracks it. */
public interface DynoHandle {
    long pid();

    /** Completes with the exit status once the dyno's main process has ended (128 + N for signal N). */
    CompletableFuture<Integer> exit();
}
