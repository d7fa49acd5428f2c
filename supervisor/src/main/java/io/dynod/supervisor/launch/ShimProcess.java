package io.dynod.supervisor.launch;

import java.util.concurrent.CompletableFuture;

/**
 * The root of a dyno's launch chain as the agent sees it: a child it started, or (after an agent
 * restart) a process it adopted and is not the parent of. {@code exit} completes with the shim's
 * exit status either way.
 */
public record ShimProcess(ProcessHandle handle, CompletableFuture<Integer> exit) {

    static ShimProcess child(Process process) {
        return new ShimProcess(process.toHandle(), process.onExit().thenApply(Process::exitValue));
    }
}
