package io.dynod.supervisor.launch;

import io.dynod.supervisor.release.DynoSize;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Launch overhead, run by {@code bench/launch-overhead.sh}: time from the launch call until the
 * app's first action (it connects to a loopback port the bench listens on), for a plain
 * {@code ProcessBuilder}, a plain-mode dyno and an isolated dyno through each launch chain, interleaved in one run.
 */
public final class LaunchOverheadBench {
    private static final String APP = "bash -c ': > /dev/tcp/127.0.0.1/%d'";

    private LaunchOverheadBench() {}

    public static void main(String[] args) throws Exception {
        int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int warmup = Math.max(5, iterations / 10);
        Path base = Files.createTempDirectory("dynod-bench");
        Path slug = Files.createDirectories(base.resolve("slug"));
        Files.writeString(slug.resolve("Procfile"), "web: true\n");
        String prefix = "dynod-bench-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());

        Map<String, Variant> variants = new LinkedHashMap<>();
        List<DynoLauncher> launchers = new ArrayList<>();
        variants.put("plain ProcessBuilder", port -> {
            Process p = new ProcessBuilder("/bin/sh", "-c", String.format(APP, port)).start();
            return () -> p.waitFor(10, TimeUnit.SECONDS);
        });
        Map<String, Chain> chains = new LinkedHashMap<>();
        chains.put("dyno, plain mode (shim + env -i)", new Chain(IsolationPolicy.OFF, LaunchChain.SHELL));
        chains.put("dyno, isolated, shell chain (sh, unshare, mount, setpriv, env, tini)",
                new Chain(IsolationPolicy.REQUIRE, LaunchChain.SHELL));
        chains.put("dyno, isolated, dyno-exec", new Chain(IsolationPolicy.REQUIRE, LaunchChain.DYNO_EXEC));
        for (var chain : chains.entrySet()) {
            IsolationPolicy policy = chain.getValue().policy();
            LaunchConfig config = new LaunchConfig(prefix, base.resolve("run-" + variants.size()), base.resolve("logs"),
                    List.of(), 61000, 1000, policy, "16m", 4096);
            DynoLauncher launcher;
            try {
                launcher = DynoLauncher.start(config, HostCapabilities.probe(prefix), chain.getValue().chain());
            } catch (IsolationUnavailableException e) {
                System.out.println("skipping isolated dynos: " + e.getMessage());
                continue;
            }
            if (launcher.isolated() && launcher.chain() != chain.getValue().chain()) {
                System.out.println("skipping '" + chain.getKey() + "': not available in this build");
                launcher.close();
                continue;
            }
            String name = chain.getKey();
            variants.put(name, port -> {
                RunningDyno dyno = launcher.launch(new DynoSpec("bench", "web.1", String.format(APP, port), Map.of(),
                        OptionalInt.of(port), DynoSize.STANDARD_1X, slug));
                return () -> dyno.onExit().get(10, TimeUnit.SECONDS);
            });
            launchers.add(launcher);
        }

        try {
            measure(variants, iterations, warmup);
        } finally {
            for (DynoLauncher launcher : launchers) {
                launcher.close();
                launcher.cgroups().removePrefixIfEmpty();
            }
            DynoDirs.delete(base);
        }
    }

    private static void measure(Map<String, Variant> variants, int iterations, int warmup) throws Exception {
        Map<String, Histogram> results = new LinkedHashMap<>();
        Map<String, Histogram> calls = new LinkedHashMap<>();
        variants.keySet().forEach(k -> results.put(k, new Histogram(3)));
        variants.keySet().forEach(k -> calls.put(k, new Histogram(3)));
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            for (int i = 0; i < warmup + iterations; i++) {
                for (var variant : variants.entrySet()) {
                    long start = System.nanoTime();
                    Waiter waiter = variant.getValue().launch(server.getLocalPort());
                    long returned = System.nanoTime();
                    server.accept().close();
                    long running = System.nanoTime();
                    waiter.await();
                    if (i >= warmup) {
                        calls.get(variant.getKey()).recordValue((returned - start) / 1000);
                        results.get(variant.getKey()).recordValue((running - start) / 1000);
                    }
                }
            }
        }
        System.out.printf("%d iterations each (after %d warm-up), interleaved; time from the launch call until the app connects back%n",
                iterations, warmup);
        System.out.println("| launch | call → app running: median | p90 | p99 | max | call returned: median |");
        System.out.println("|---|---|---|---|---|---|");
        List<String> rows = new ArrayList<>();
        results.forEach((name, h) -> rows.add(String.format("| %s | %.1f ms | %.1f ms | %.1f ms | %.1f ms | %.1f ms |",
                name, ms(h, 50), ms(h, 90), ms(h, 99), h.getMaxValue() / 1000.0, ms(calls.get(name), 50))));
        rows.forEach(System.out::println);
    }

    private static double ms(Histogram h, double percentile) {
        return h.getValueAtPercentile(percentile) / 1000.0;
    }

    private record Chain(IsolationPolicy policy, LaunchChain chain) {}

    interface Variant {
        Waiter launch(int port) throws Exception;
    }

    interface Waiter {
        void await() throws Exception;
    }

}
