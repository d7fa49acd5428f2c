package io.dynod.supervisor.launch;

/** {@link DynoIsolationIT} on the fallback chain: dyno-shim.sh → unshare → setpriv → env → tini. */
class ShellChainIsolationIT extends DynoIsolationIT {
    @Override
    LaunchChain chain() {
        return LaunchChain.SHELL;
    }
}
