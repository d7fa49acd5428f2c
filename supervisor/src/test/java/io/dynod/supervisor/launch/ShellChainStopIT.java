package io.dynod.supervisor.launch;

/** {@link DynoStopIT} on the fallback chain: dyno-shim.sh → unshare → setpriv → env → tini. */
class ShellChainStopIT extends DynoStopIT {
    @Override
    LaunchChain chain() {
        return LaunchChain.SHELL;
    }
}
