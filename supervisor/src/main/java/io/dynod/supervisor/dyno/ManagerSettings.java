package io.dynod.supervisor.dyno;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * The dyno manager's timers and policies. {@link #heroku} gives PRODUCT.md §4's defaults; tests
 * shorten them.
 *
 * @param bootTimeout a web dyno not accepting connections on {@code PORT} by then gets R10
 * @param stopGrace time between SIGTERM and SIGKILL (R12)
 * @param probeInterval how often a booting web dyno's port is tried
 * @param logPollInterval how often dyno log files are read into the app log
 */
public record ManagerSettings(Duration bootTimeout, Duration stopGrace, Duration probeInterval,
                              Duration logPollInterval, RestartPolicy restartPolicy, CyclePolicy cyclePolicy) {
    public ManagerSettings {
        requirePositive(bootTimeout, "boot timeout");
        Objects.requireNonNull(stopGrace, "stop grace");
        requirePositive(probeInterval, "probe interval");
        requirePositive(logPollInterval, "log poll interval");
        Objects.requireNonNull(restartPolicy, "restart policy");
        Objects.requireNonNull(cyclePolicy, "cycle policy");
    }

    public static ManagerSettings heroku(RandomGenerator random) {
        return new ManagerSettings(Duration.ofSeconds(60), Duration.ofSeconds(30), Duration.ofMillis(250),
                Duration.ofMillis(200), RestartPolicy.heroku(Duration.ofMinutes(1), random), CyclePolicy.heroku(random));
    }

    private static void requirePositive(Duration d, String what) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be positive, got " + d);
        }
    }
}
