package io.dynod.supervisor.testsupport;

import io.dynod.supervisor.cgroup.CgroupDriver;
import io.dynod.supervisor.launch.HostCapabilities;
import io.dynod.supervisor.linux.LibC;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/** Cgroup tests run only under their own prefix {@code dynod-test-<random>} and as root. */
public final class TestCgroups {
    private TestCgroups() {}

    public static String prefix() {
        return "dynod-test-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    }

    /**
     * Root, cgroups and everything the isolated launch chain needs (tini, unshare, setpriv,
     * overlay); returns a driver for {@code prefix}, as the agent would detect it.
     */
    public static CgroupDriver requireIsolation(String prefix) {
        requireRootWithCgroups();
        HostCapabilities host = HostCapabilities.probe(prefix);
        HostRequirement.require(host.canIsolate(), "dyno isolation (missing: " + host.missing() + ")");
        return host.cgroups().orElseThrow();
    }

    public static void requireRootWithCgroups() {
        HostRequirement.require(LibC.INSTANCE.geteuid() == 0, "root");
        HostRequirement.require(Files.isWritable(Path.of("/sys/fs/cgroup")) || Files.isDirectory(Path.of("/sys/fs/cgroup/unified")),
                "a writable /sys/fs/cgroup");
    }
}
