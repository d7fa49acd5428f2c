package io.dynod.supervisor.dyno;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;

/** Heroku's rule: a web dyno is up once its {@code PORT} accepts a TCP connection. */
public final class TcpPortCheck implements BootCheck {
    private final InetAddress host;
    private final int connectTimeoutMillis;

    public TcpPortCheck(InetAddress host, Duration connectTimeout) {
        this.host = host;
        this.connectTimeoutMillis = Math.toIntExact(Math.max(1, connectTimeout.toMillis()));
    }

    public static TcpPortCheck loopback() {
        return new TcpPortCheck(InetAddress.getLoopbackAddress(), Duration.ofMillis(200));
    }

    @Override
    public boolean isUp(DynoSpec spec) {
        if (spec.port().isEmpty()) {
            return true;
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, spec.port().getAsInt()), connectTimeoutMillis);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
