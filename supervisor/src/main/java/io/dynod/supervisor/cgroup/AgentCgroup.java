package io.dynod.supervisor.cgroup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the agent itself sits on a pure cgroup v2 host, for the layout systemd's delegation asks
 * for (issue 8, {@code ../shared/reference/isolation.md} §1.1). Run with {@code Delegate=yes}, the
 * agent starts in its unit's cgroup, which it owns but which must become an inner node: the
 * kernel lets a non-root cgroup enable controllers for its children only while it holds no
 * process itself. So the agent moves into {@code <unit>/agent} and its dynos go to
 * {@code <unit>/<prefix>/dyno-*}, beside it:
 *
 * <pre>
 * &lt;unit&gt;/                 inner node, subtree_control +cpu +memory +pids
 * ├── agent/               the JVM (systemd 254+ with DelegateSubgroup=agent starts it here)
 * └── &lt;prefix&gt;/            inner node, subtree_control +cpu +memory +pids
 *     └── dyno-&lt;app&gt;.&lt;dyno&gt;-&lt;hex&gt;/   one leaf per launch
 * </pre>
 *
 * Nothing tells a process that its unit delegates its cgroup, so the unit says so:
 * {@code DYNOD_CGROUP_DELEGATED=yes}. Without it (not a systemd service, or run by hand) the
 * prefix lives under the hierarchy's root as before.
 *
 * @param delegated      whether the agent's cgroup was delegated to it
 * @param procSelfCgroup the content of {@code /proc/self/cgroup}
 */
public record AgentCgroup(boolean delegated, String procSelfCgroup) {
    public static final String ENV = "DYNOD_CGROUP_DELEGATED";
    public static final String AGENT_LEAF = "agent";
    public static final AgentCgroup NOT_DELEGATED = new AgentCgroup(false, "");

    public static AgentCgroup ofSelf() {
        if (!"yes".equals(System.getenv(ENV))) {
            return NOT_DELEGATED;
        }
        try {
            return new AgentCgroup(true, Files.readString(Path.of("/proc/self/cgroup")));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read /proc/self/cgroup", e);
        }
    }

    /** The agent's own cgroup under {@code mount}: the {@code 0::<path>} line; empty for the root cgroup. */
    Optional<Path> ownCgroup(Path mount) {
        for (String line : procSelfCgroup.split("\n")) {
            if (line.startsWith("0::")) {
                String path = line.substring(3).trim();
                if (!path.startsWith("/") || path.contains("/../") || path.endsWith("/..")) {
                    throw new CgroupException("unexpected cgroup path in /proc/self/cgroup: '" + path + "'");
                }
                String relative = path.substring(1);
                return relative.isEmpty() ? Optional.empty() : Optional.of(mount.resolve(relative));
            }
        }
        throw new CgroupException("/proc/self/cgroup has no cgroup v2 line (0::/...): '" + procSelfCgroup.strip() + "'");
    }

    /**
     * The cgroup to put the prefix under: the delegated unit's, after moving every process of it
     * (the JVM, and a launcher shell if one is left) into {@code <unit>/agent}; the hierarchy's
     * root when nothing was delegated. Idempotent: an agent already in {@code agent/} (moved by
     * an earlier call, or started there by systemd) moves nothing.
     */
    Path dynoParent(Path mount) {
        if (!delegated) {
            return mount;
        }
        Path own = ownCgroup(mount).orElseThrow(() -> new CgroupException(
                ENV + "=yes, but the agent runs in the root cgroup: no delegated subtree to use"));
        Path unit = own.getFileName().toString().equals(AGENT_LEAF) ? own.getParent() : own;
        Path agent = unit.resolve(AGENT_LEAF);
        CgroupFiles.mkdirs(agent);
        for (long pid : CgroupFiles.pids(unit.resolve("cgroup.procs"))) {
            CgroupFiles.write(agent.resolve("cgroup.procs"), Long.toString(pid)); // one pid per write(2)
        }
        return unit;
    }
}
