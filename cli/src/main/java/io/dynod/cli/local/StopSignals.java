package io.dynod.cli.local;

import sun.misc.Signal;

/**
 * Routes Ctrl-C (SIGINT), SIGTERM and SIGHUP to {@link LocalRunner#requestStop()} instead of the
 * JVM's default exit, so children get their grace time; a second Ctrl-C kills at once. A shutdown
 * hook SIGKILLs whatever is left if the JVM goes down some other way.
 */
public final class StopSignals {

    private StopSignals() {}

    public static void install(LocalRunner runner) {
        for (String name : new String[] {"INT", "TERM", "HUP"}) {
            Signal.handle(new Signal(name), signal -> runner.requestStop());
        }
        Runtime.getRuntime().addShutdownHook(new Thread(runner::killAll, "dynod-local-kill-on-exit"));
    }
}
