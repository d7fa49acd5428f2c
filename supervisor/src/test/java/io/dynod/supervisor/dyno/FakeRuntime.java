package io.dynod.supervisor.dyno;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A runtime that starts nothing: it hands out handles whose exit the test completes, adopts what
 * the test says is running, and remembers every call. For manager logic that does not need real
 * processes (those are in the *IT tests).
 */
public final class FakeRuntime implements DynoRuntime {
    final Map<Long, String> running = new HashMap<>();
    final Map<Long, Integer> endedStatus = new HashMap<>();
    final List<Long> adopted = new ArrayList<>();
    /** Names of the dynos started, in order. */
    public final List<String> started = new CopyOnWriteArrayList<>();
    final List<Set<String>> reapedKnowing = new ArrayList<>();
    final Map<String, Handle> latest = new HashMap<>();
    private long nextPid = 1002;

    record Handle(long pid, long startTime, String cgroupPath, CompletableFuture<Integer> exit) implements DynoHandle {
    }

    @Override
    public synchronized DynoHandle start(DynoSpec spec) {
        started.add(spec.name().toString());
        long pid = nextPid++;
        Handle handle = new Handle(pid, 1, "/fake/" + pid, new CompletableFuture<>());
        latest.put(spec.name().toString(), handle);
        return handle;
    }

    /** The dyno's current process ends on its own with {@code status}. */
    synchronized void exit(String dyno, int status) {
        latest.get(dyno).exit().complete(status);
    }

    @Override
    public Adoption adopt(long pid, long startTime, String cgroupPath, Path exitStatusFile) {
        adopted.add(pid);
        if (running.containsKey(pid)) {
            return new Adoption.Running(new Handle(pid, startTime, running.get(pid), new CompletableFuture<>()));
        }
        return new Adoption.Ended(endedStatus.getOrDefault(pid, UNKNOWN_STATUS));
    }

    @Override
    public void reapStrays(Set<String> adoptedCgroups) {
        reapedKnowing.add(Set.copyOf(adoptedCgroups));
    }

    @Override
    public CompletableFuture<StopResult> stop(DynoHandle handle, Duration grace) {
        handle.exit().complete(143);
        return CompletableFuture.completedFuture(StopResult.EXITED);
    }

    @Override
    public void kill(DynoHandle handle) {
        handle.exit().complete(137);
    }
}
