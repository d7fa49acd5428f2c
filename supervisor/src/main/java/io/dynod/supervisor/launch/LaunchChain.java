package io.dynod.supervisor.launch;

/** How an isolated dyno is launched; plain-mode dynos always use the shell shim. */
enum LaunchChain {
    /** {@code dyno-exec}, the C helper: one program from the cgroup join to the app's exec (default). */
    DYNO_EXEC("dyno-init"),
    /** {@code dyno-shim.sh} → unshare → setpriv → env → tini: the fallback when dyno-exec is not usable. */
    SHELL("tini");

    private final String init;

    LaunchChain(String init) {
        this.init = init;
    }

    /** The process name of the dyno's PID 1. */
    String init() {
        return init;
    }
}
