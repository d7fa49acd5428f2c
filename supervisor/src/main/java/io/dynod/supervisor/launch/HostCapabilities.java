package io.dynod.supervisor.launch;

import io.dynod.supervisor.cgroup.AgentCgroup;
import io.dynod.supervisor.cgroup.CgroupDriver;
import io.dynod.supervisor.cgroup.CgroupDrivers;
import io.dynod.supervisor.cgroup.MountInfo;
import io.dynod.supervisor.linux.LibC;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What this host offers for isolated dynos, probed once at start. Everything the launch chain
 * needs is checked here, so a missing piece gives one clear warning (or a refusal) instead of a
 * failing launch later.
 */
public record HostCapabilities(boolean root, Optional<CgroupDriver> cgroups, String cgroupProblem,
        Optional<Path> tini, Optional<Path> unshare, Optional<Path> setpriv, boolean overlay) {

    private static final List<Path> BIN_DIRS =
            List.of(Path.of("/usr/bin"), Path.of("/bin"), Path.of("/usr/sbin"), Path.of("/sbin"));

    public static HostCapabilities probe(String cgroupPrefix) {
        boolean root = LibC.INSTANCE.geteuid() == 0;
        Optional<CgroupDriver> driver = Optional.empty();
        String problem = "";
        if (!root) {
            problem = "not root";
        } else {
            try {
                driver = Optional.of(CgroupDrivers.detect(MountInfo.ofSelf(), cgroupPrefix, AgentCgroup.ofSelf()))
                        .filter(CgroupDriver::isolates);
                problem = driver.isPresent() ? "" : "no usable cgroup hierarchy mounted";
            } catch (RuntimeException e) {
                problem = e.getMessage();
            }
        }
        return new HostCapabilities(root, driver, problem, tool("tini"), tool("unshare"), tool("setpriv"),
                overlaySupported());
    }

    private static Optional<Path> tool(String name) {
        return BIN_DIRS.stream().map(d -> d.resolve(name)).filter(Files::isExecutable).findFirst();
    }

    private static boolean overlaySupported() {
        try {
            return Files.readAllLines(Path.of("/proc/filesystems")).stream()
                    .anyMatch(l -> l.trim().endsWith("overlay"));
        } catch (IOException e) {
            return false;
        }
    }

    /** What is missing for isolated dynos; empty when the host can isolate. */
    public List<String> missing() {
        List<String> missing = new ArrayList<>();
        if (!root) {
            missing.add("root (running as uid " + LibC.INSTANCE.geteuid() + ")");
        }
        if (root && cgroups.isEmpty()) {
            missing.add("cgroups (" + cgroupProblem + ")");
        }
        tini.ifPresentOrElse(p -> {}, () -> missing.add("tini (apt-get install tini)"));
        unshare.ifPresentOrElse(p -> {}, () -> missing.add("unshare (util-linux)"));
        setpriv.ifPresentOrElse(p -> {}, () -> missing.add("setpriv (util-linux)"));
        if (!overlay) {
            missing.add("overlay filesystem");
        }
        return missing;
    }

    public boolean canIsolate() {
        return missing().isEmpty();
    }

    /**
     * Whether dynos run isolated under {@code policy}. Throws {@link IsolationUnavailableException}
     * when the policy demands isolation the host lacks.
     */
    public boolean isolate(IsolationPolicy policy) {
        return switch (policy) {
            case OFF -> false;
            case PREFER -> canIsolate();
            case REQUIRE -> {
                if (!canIsolate()) {
                    throw new IsolationUnavailableException("dyno isolation is required but this host lacks: "
                            + String.join(", ", missing()));
                }
                yield true;
            }
        };
    }

    /** The one warning for degraded mode. */
    public String degradedWarning() {
        return "dynos run as plain processes without isolation (no namespaces, cgroup limits, "
                + "own uid or /app overlay); this host lacks: " + String.join(", ", missing());
    }
}
