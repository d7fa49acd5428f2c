package io.dynod.supervisor.cgroup;

import java.nio.file.Path;
import java.util.List;

/** One dyno instance's cgroup: its name and its directory in every hierarchy the driver uses. */
public record CgroupLeaf(String name, List<Path> directories) {

    public CgroupLeaf {
        directories = List.copyOf(directories);
    }

    /** The {@code cgroup.procs} files the launch shim writes its PID into before anything else runs. */
    public List<Path> procsFiles() {
        return directories.stream().map(d -> d.resolve("cgroup.procs")).toList();
    }
}
