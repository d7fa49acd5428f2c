package io.dynod.supervisor.launch;

/** What the agent does when the host cannot isolate dynos (not root, no cgroups, no tini, …). */
public enum IsolationPolicy {
    /** Refuse to start: production hosts. */
    REQUIRE,
    /** Isolate when the host can, else warn once and run dynos as plain processes (the default). */
    PREFER,
    /** Always plain processes: {@code dynod local}. */
    OFF
}
