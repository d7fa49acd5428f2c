package io.dynod.supervisor.launch;

import io.dynod.supervisor.cgroup.CgroupDriver;
import io.dynod.supervisor.cgroup.CgroupLeaf;
import io.dynod.supervisor.cgroup.MountInfo;
import io.dynod.supervisor.cgroup.NoopDriver;
import io.dynod.supervisor.linux.LibC;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts dynos through the launch chain: shim (joins every cgroup, records the exit status) →
 * new pid, mount, uts, ipc namespaces → overlay {@code /app}, private {@code /tmp}, agent dirs hidden,
 * host read-only → app uid, no_new_privs, no caps → exact env → an init as PID 1 → {@code sh -c}.
 * All of it is one program, {@code dyno-exec}, or where that cannot run the shell chain
 * {@code dyno-shim.sh} → unshare → setpriv → {@code env -i} → tini.
 * On a host that cannot isolate, the chain shrinks to shim → {@code env -i} → {@code sh -c}.
 * Blocks on process start and cgroupfs: call it off any event loop.
 */
public final class DynoLauncher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DynoLauncher.class);
    private static final String SHIM_PATH = "/usr/sbin:/usr/bin:/sbin:/bin";
    private static final Path APP_MOUNT_POINT = Path.of("/app");
    private static final String LEAF_PREFIX = "dyno-";

    private final LaunchConfig config;
    private final HostCapabilities host;
    private final boolean isolated;
    private final CgroupDriver cgroups;
    private final AppUids uids;
    private final Path shim;
    private final LaunchChain chain;
    private final Optional<Path> dynoExec;
    private final ExecutorService cleanup;
    private final SlugViews slugViews;
    private final SecureRandom random = new SecureRandom();

    private DynoLauncher(LaunchConfig config, HostCapabilities host, boolean isolated, LaunchChain preferred,
            ExecutorService cleanup) {
        this.config = config;
        this.host = host;
        this.isolated = isolated;
        this.cgroups = isolated ? host.cgroups().orElseThrow() : new NoopDriver();
        this.uids = new AppUids(config.firstUid(), config.uidCount());
        this.cleanup = cleanup;
        this.slugViews = new SlugViews(config.runtimeDir().resolve("views"));
        createPrivateDir(config.logDir());
        this.shim = ShimScript.install(config.runtimeDir());
        this.dynoExec = isolated && preferred == LaunchChain.DYNO_EXEC ? DynoExec.install(config.runtimeDir())
                : Optional.empty();
        this.chain = dynoExec.isPresent() ? LaunchChain.DYNO_EXEC : LaunchChain.SHELL;
        if (isolated) {
            slugViews.unmountLeftovers();
            createAppMountPoint();
            LOG.info("isolated dynos launch through {}", dynoExec.map(p -> "dyno-exec (" + p + ")")
                    .orElse("the shell chain (dyno-shim.sh, unshare, setpriv, env, tini)"));
        }
    }

    /**
     * Probes the host once and decides: isolated dynos, or (one warning) plain processes, or a
     * refusal ({@link IsolationUnavailableException}) when the config requires isolation.
     */
    public static DynoLauncher start(LaunchConfig config) {
        return start(config, HostCapabilities.probe(config.cgroupPrefix()));
    }

    /** As {@link #start(LaunchConfig)}, with the host already probed. */
    public static DynoLauncher start(LaunchConfig config, HostCapabilities host) {
        return start(config, host, LaunchChain.DYNO_EXEC);
    }

    /** As {@link #start(LaunchConfig, HostCapabilities)}, preferring the given chain for isolated dynos. */
    static DynoLauncher start(LaunchConfig config, HostCapabilities host, LaunchChain preferred) {
        boolean isolated = host.isolate(config.isolation());
        if (!isolated && config.isolation() == IsolationPolicy.PREFER) {
            LOG.warn(host.degradedWarning());
        }
        ExecutorService cleanup = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "dyno-cleanup");
            t.setDaemon(true);
            return t;
        });
        return new DynoLauncher(config, host, isolated, preferred, cleanup);
    }

    public boolean isolated() {
        return isolated;
    }

    /** The chain isolated dynos are launched through (plain dynos always use the shell shim). */
    LaunchChain chain() {
        return chain;
    }

    public CgroupDriver cgroups() {
        return cgroups;
    }

    public HostCapabilities host() {
        return host;
    }

    /** The uid handed to an app's dynos (allocating one on first use). */
    public AppUids uids() {
        return uids;
    }

    /** Launches with output appended to {@code logs/<app>/<dyno>.log} and the exit status kept in the dyno dir. */
    public RunningDyno launch(DynoSpec spec) throws IOException {
        return launch(spec, logFile(spec), null);
    }

    /**
     * Launches with output appended to {@code logFile} and the exit status written to
     * {@code exitFile} (which outlives the dyno dir; {@code null}: inside the dyno dir).
     */
    public RunningDyno launch(DynoSpec spec, Path logFile, Path exitFile) throws IOException {
        String instance = spec.app() + "." + spec.dyno() + "-" + HexFormat.of().toHexDigits(random.nextInt());
        Path dynoDir = dynoDir(LEAF_PREFIX + instance);
        Files.createDirectories(dynoDir.getParent());
        Files.createDirectory(dynoDir);
        int uid = isolated ? uids.uidFor(spec.app()) : LibC.INSTANCE.geteuid();
        CgroupLeaf leaf = null;
        try {
            leaf = cgroups.create(LEAF_PREFIX + instance, spec.size().limits());
            Path lowerDir = isolated ? slugViews.lowerDir(spec.slugDir(), uid) : spec.slugDir();
            List<Path> hidden = isolated ? hiddenDirs() : List.of();
            ShimCommand command = new ShimCommand(shim, isolated, spec.dyno(), dynoDir, lowerDir, uid,
                    config.openFiles(), exitFile == null ? dynoDir.resolve("exit") : exitFile.toAbsolutePath(),
                    leaf.procsFiles(),
                    isolated ? DynoMounts.readOnly(MountInfo.ofSelf(), hidden) : List.of(),
                    spec.environment(isolated ? "/app" : spec.slugDir().toString()),
                    host.tini().orElse(Path.of("/usr/bin/tini")), spec.command());
            if (isolated) {
                prepareDynoDir(lowerDir, dynoDir, uid, hidden);
            }
            ProcessBuilder builder = new ProcessBuilder(dynoExec.map(command::dynoExecArgv).orElseGet(command::argv))
                    .directory(new File("/"))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .redirectErrorStream(true);
            Map<String, String> env = builder.environment();
            env.clear();
            env.put("PATH", SHIM_PATH);
            Process process = builder.start();
            return new RunningDyno(spec.dyno(), ShimProcess.child(process), cgroups, leaf, dynoDir,
                    Optional.of(logFile), cleanup);
        } catch (IOException | RuntimeException e) {
            if (leaf != null) {
                cgroups.destroy(leaf);
            }
            DynoDirs.delete(dynoDir);
            throw e;
        }
    }

    /**
     * Takes over a dyno an earlier agent run launched, from its cgroup leaf name and its shim, which
     * this agent is not the parent of. The dyno's app keeps the uid it runs under.
     */
    public RunningDyno adopt(String leafName, ShimProcess shim) {
        CgroupLeaf leaf = cgroups.existing(leafName);
        Path dynoDir = dynoDir(leafName);
        ownerOf(dynoDir.resolve("upper")).ifPresent(uid -> keepUid(appOf(leafName), uid));
        return new RunningDyno(dynoOf(leafName), shim, cgroups, leaf, dynoDir, Optional.empty(), cleanup);
    }

    /**
     * Kills and removes a dyno's leaf and dyno dir: a stray, or a dyno that ended while no agent
     * watched. Returns the leaf's OOM-kill count (0 when the leaf is gone already).
     */
    public long discard(String leafName) {
        CgroupLeaf leaf = cgroups.existing(leafName);
        long oomKills = 0;
        try {
            oomKills = cgroups.oomKills(leaf);
        } catch (RuntimeException e) {
            // no leaf left to count in
        }
        cgroups.killAll(leaf);
        cgroups.destroy(leaf);
        DynoDirs.delete(dynoDir(leafName));
        return oomKills;
    }

    /**
     * Kills and removes every dyno leaf under this agent's prefix, and every dyno dir, that
     * {@code claimed} (leaf names of the dynos the agent tracks) does not name. Returns the leaf
     * names reaped.
     */
    public Set<String> reapStrays(Set<String> claimed) {
        Set<String> strays = new java.util.TreeSet<>(cgroups.leafNames());
        try (var dirs = Files.list(config.runtimeDir().resolve("dynos"))) {
            dirs.map(d -> LEAF_PREFIX + d.getFileName()).forEach(strays::add);
        } catch (java.nio.file.NoSuchFileException e) {
            // no dyno was ever launched here
        } catch (IOException e) {
            LOG.warn("cannot list dyno dirs: {}", e.toString());
        }
        strays.removeAll(claimed);
        for (String stray : strays) {
            try {
                discard(stray);
            } catch (RuntimeException e) {
                LOG.warn("cannot remove stray dyno cgroup {}: {}", stray, e.getMessage());
            }
        }
        return strays;
    }

    /** Whether {@code name} can be a leaf this launcher made ({@code dyno-<app>.<dyno>-<hex>}). */
    public static boolean isLeafName(String name) {
        return name.matches("dyno-[a-z][a-z0-9-]*\\.[a-z][a-z0-9_-]*\\.[0-9]+-[0-9a-f]+");
    }

    private Path dynoDir(String leafName) {
        if (!leafName.startsWith(LEAF_PREFIX) || leafName.contains("/") || leafName.contains("..")) {
            throw new IllegalArgumentException("not a dyno cgroup name: '" + leafName + "'");
        }
        return config.runtimeDir().resolve("dynos").resolve(leafName.substring(LEAF_PREFIX.length()));
    }

    /** {@code dyno-<app>.<type>.<n>-<hex>}: app names have no dot. */
    private static String appOf(String leafName) {
        String instance = leafName.substring(LEAF_PREFIX.length());
        return instance.substring(0, instance.indexOf('.'));
    }

    private static String dynoOf(String leafName) {
        String instance = leafName.substring(LEAF_PREFIX.length());
        return instance.substring(instance.indexOf('.') + 1, instance.lastIndexOf('-'));
    }

    private void keepUid(String app, int uid) {
        try {
            uids.assign(app, uid);
        } catch (IllegalArgumentException e) {
            LOG.warn("adopted dyno of app {}: {}", app, e.getMessage());
        }
    }

    private Optional<Integer> ownerOf(Path dir) {
        try {
            return isolated ? Optional.of((Integer) Files.getAttribute(dir, "unix:uid")) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot tell the uid of adopted dyno dir {}: {}", dir, e.toString());
            return Optional.empty();
        }
    }

    /** Call when a slug tree is no longer used by any release of its app (before deleting it). */
    public void releaseSlug(Path slugDir) {
        slugViews.release(slugDir);
    }

    /**
     * Unmounts the slug views and lets go of running dynos: they keep running (they hold their
     * own mounts), and what remains of one that ends later (leaf, dyno dir) is for the next
     * launcher's {@link #adopt} or {@link #reapStrays} to clean up, as after an agent crash.
     */
    @Override
    public void close() {
        cleanup.shutdown();
        slugViews.releaseAll();
    }

    private Path logFile(DynoSpec spec) throws IOException {
        Path appLogs = config.logDir().resolve(spec.app());
        createPrivateDir(appLogs);
        Path file = appLogs.resolve(spec.dyno() + ".log");
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (FileAlreadyExistsException e) {
            // appended to across restarts
        }
        return file;
    }

    private static void createPrivateDir(Path dir) {
        try {
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
    }

    /** Overlay upper dir (the app's uid owns the writable /app), its work dir, and the fstab of stage 1. */
    private void prepareDynoDir(Path lowerDir, Path dynoDir, int uid, List<Path> hidden) throws IOException {
        Path upper = Files.createDirectory(dynoDir.resolve("upper"));
        Files.setAttribute(upper, "unix:uid", uid);
        Files.setAttribute(upper, "unix:gid", uid);
        Files.createDirectory(dynoDir.resolve("work"));
        Files.writeString(dynoDir.resolve("fstab"), DynoMounts.fstab(lowerDir, dynoDir, hidden, config.tmpSize()));
    }

    /** {@code /app} must exist on the host as an (empty) mount point for each dyno's overlay. */
    private static void createAppMountPoint() {
        try {
            Files.createDirectories(APP_MOUNT_POINT);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the mount point " + APP_MOUNT_POINT, e);
        }
    }

    /** Existing agent dirs to cover, outermost only (a tmpfs on a parent already hides its children). */
    private List<Path> hiddenDirs() {
        List<Path> candidates = new ArrayList<>(config.hiddenDirs());
        candidates.add(config.runtimeDir());
        candidates.add(config.logDir());
        List<Path> normalized = candidates.stream().map(Path::normalize).distinct().toList();
        return normalized.stream().filter(Files::isDirectory)
                .filter(d -> normalized.stream().noneMatch(o -> !o.equals(d) && d.startsWith(o)))
                .toList();
    }
}
