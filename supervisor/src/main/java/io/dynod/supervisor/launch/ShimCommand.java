package io.dynod.supervisor.launch;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The shim's argument vector (see {@code dyno-shim.sh} and {@code dyno-exec.c}): lists are separated by {@code --}, and
 * every path is absolute, so none can be mistaken for a separator. Paths that go into overlay
 * mount options must not contain the option syntax ({@code , : \}) or whitespace.
 */
record ShimCommand(Path shim, boolean isolated, String dyno, Path dynoDir, Path slugDir, int uid, int openFiles,
        Path exitFile, List<Path> procsFiles, List<String> readOnlyMounts, Map<String, String> env,
        Path tini, String command) {

    static final String SEPARATOR = "--";

    ShimCommand {
        if (!exitFile.isAbsolute()) {
            throw new IllegalArgumentException("exit-status file must be absolute: " + exitFile);
        }
        if (isolated) {
            checkOverlayPath(dynoDir, "dyno dir");
            checkOverlayPath(slugDir, "slug dir");
        }
    }

    private static void checkOverlayPath(Path path, String what) {
        if (!path.isAbsolute() || !path.toString().matches("[^,:\\\\\\s]+")) {
            throw new IllegalArgumentException(what + " " + path
                    + " must be absolute without ',', ':', '\\' or whitespace (overlay mount options)");
        }
    }

    List<String> argv() {
        List<String> argv = new ArrayList<>(List.of("/bin/sh", shim.toString(), isolated ? "isolated" : "plain",
                dyno, dynoDir.toString(), slugDir.toString(), Integer.toString(uid), Integer.toString(openFiles),
                exitFile.toString()));
        addList(argv, procsFiles.stream().map(Path::toString).toList());
        addList(argv, readOnlyMounts);
        env.forEach((name, value) -> argv.add(name + "=" + value));
        if (isolated) {
            argv.addAll(List.of(tini.toString(), "-g", "-p", "SIGKILL", SEPARATOR));
        }
        argv.addAll(List.of("/bin/sh", "-c", command));
        return argv;
    }

    /**
     * The argv of {@code dyno-exec} (isolated dynos only): {@code DYNO DDIR UID NOFILE EXIT PROCS... --
     * READONLY... -- ENV... -- /bin/sh -c COMMAND}; it reads the mounts from the same fstab.
     */
    List<String> dynoExecArgv(Path dynoExec) {
        if (!isolated) {
            throw new IllegalStateException("dyno-exec launches isolated dynos only");
        }
        List<String> argv = new ArrayList<>(List.of(dynoExec.toString(), dyno, dynoDir.toString(),
                Integer.toString(uid), Integer.toString(openFiles), exitFile.toString()));
        addList(argv, procsFiles.stream().map(Path::toString).toList());
        addList(argv, readOnlyMounts);
        addList(argv, env.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
        argv.addAll(List.of("/bin/sh", "-c", command));
        return argv;
    }

    private static void addList(List<String> argv, Collection<String> items) {
        argv.addAll(items);
        argv.add(SEPARATOR);
    }
}
