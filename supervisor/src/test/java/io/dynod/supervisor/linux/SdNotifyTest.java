package io.dynod.supervisor.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SdNotify against real datagram sockets this test binds, as systemd would. */
class SdNotifyTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    @Test
    void sendsEachMessageToAPathSocket() throws IOException {
        UnixAddress address = new UnixAddress(dir.resolve("notify").toString());
        try (UnixDatagramSocket systemd = UnixDatagramSocket.bind(address);
                SdNotify notify = SdNotify.fromEnvironment(Map.of("NOTIFY_SOCKET", address.name()))) {
            assertThat(notify.enabled()).isTrue();

            assertThat(notify.ready()).isTrue();
            assertThat(next(systemd)).isEqualTo("READY=1");
            assertThat(notify.status("3 dynos running")).isTrue();
            assertThat(next(systemd)).isEqualTo("STATUS=3 dynos running");
            assertThat(notify.watchdog()).isTrue();
            assertThat(next(systemd)).isEqualTo("WATCHDOG=1");
            assertThat(notify.stopping()).isTrue();
            assertThat(next(systemd)).isEqualTo("STOPPING=1");
            assertThat(systemd.receive(Duration.ZERO)).isEmpty();
        }
    }

    @Test
    void sendsToAnAbstractName() throws IOException {
        String name = "@dynod-test-" + UUID.randomUUID();
        try (UnixDatagramSocket systemd = UnixDatagramSocket.bind(new UnixAddress(name));
                SdNotify notify = SdNotify.fromEnvironment(Map.of("NOTIFY_SOCKET", name))) {
            assertThat(notify.ready()).isTrue();
            assertThat(next(systemd)).isEqualTo("READY=1");
        }
    }

    @Test
    void statusStaysOneLineAndSeveralAssignmentsShareOneDatagram() throws IOException {
        UnixAddress address = new UnixAddress(dir.resolve("notify").toString());
        try (UnixDatagramSocket systemd = UnixDatagramSocket.bind(address);
                SdNotify notify = SdNotify.fromEnvironment(Map.of("NOTIFY_SOCKET", address.name()))) {
            notify.status("2 dynos\nrunning\r\n");
            assertThat(next(systemd)).isEqualTo("STATUS=2 dynos running ");
            notify.send("READY=1", "STATUS=up");
            assertThat(next(systemd)).isEqualTo("READY=1\nSTATUS=up");
        }
    }

    @Test
    void withoutNotifySocketEverythingIsANoOp() {
        for (Map<String, String> environment : java.util.List.of(Map.<String, String>of(), Map.of("NOTIFY_SOCKET", ""))) {
            try (SdNotify notify = SdNotify.fromEnvironment(environment)) {
                assertThat(notify.enabled()).isFalse();
                assertThat(notify.ready()).isFalse();
                assertThat(notify.status("x")).isFalse();
                assertThat(notify.watchdog()).isFalse();
                assertThat(notify.stopping()).isFalse();
            }
        }
    }

    @Test
    void aSocketNobodyListensOnFailsQuietlyAndRecoversWhenSystemdAppears() throws IOException {
        UnixAddress address = new UnixAddress(dir.resolve("not-yet").toString());
        try (SdNotify notify = SdNotify.fromEnvironment(Map.of("NOTIFY_SOCKET", address.name()))) {
            assertThat(notify.ready()).isFalse();
            try (UnixDatagramSocket systemd = UnixDatagramSocket.bind(address)) {
                assertThat(notify.ready()).isTrue();
                assertThat(next(systemd)).isEqualTo("READY=1");
            }
        }
    }

    @Test
    void aFullQueueFailsTheSendInsteadOfBlockingTheCaller() throws IOException {
        UnixAddress address = new UnixAddress(dir.resolve("busy").toString());
        try (UnixDatagramSocket systemd = UnixDatagramSocket.bind(address)) {
            // Not closed in a finally: if a send blocked, close() would wait for it forever.
            SdNotify notify = SdNotify.fromEnvironment(Map.of("NOTIFY_SOCKET", address.name()));
            // Nobody reads: the queue is full after net.unix.max_dgram_qlen messages (kernel default 10;
            // 512 where systemd's sysctl.d applies).
            int sent = assertTimeoutPreemptively(WAIT, () -> {
                int count = 0;
                while (count < 1_000_000 && notify.watchdog()) {
                    count++;
                }
                return count;
            }, () -> "a send blocked on the full queue");
            notify.close();

            assertThat(sent).isPositive().isLessThan(1_000_000);
            assertThat(next(systemd)).isEqualTo("WATCHDOG=1");
        }
    }

    @Test
    void anUnsupportedNotifySocketIsNamedAtStart() {
        assertThatThrownBy(() -> SdNotify.fromEnvironment(Map.of("NOTIFY_SOCKET", "vsock:2:1234")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("NOTIFY_SOCKET: unix socket address \"vsock:2:1234\"");
    }

    @Test
    void bindingAnExistingPathFailsWithTheCallAndErrno() throws IOException {
        UnixAddress address = new UnixAddress(dir.resolve("taken").toString());
        UnixDatagramSocket first = UnixDatagramSocket.bind(address);
        try {
            assertThatThrownBy(() -> UnixDatagramSocket.bind(address))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("bind(" + address + ")")
                    .hasMessageContaining("errno 98");
        } finally {
            first.close();
        }
    }

    private static String next(UnixDatagramSocket socket) throws IOException {
        byte[] message = socket.receive(WAIT).orElseThrow(() -> new AssertionError("no notification within " + WAIT));
        return new String(message, StandardCharsets.UTF_8);
    }
}
