package io.dynod.router.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A plain socket for requests no HTTP client would send: smuggling attempts, stalled heads. */
public final class RawClient implements AutoCloseable {

    private final Socket socket;

    private RawClient(Socket socket) {
        this.socket = socket;
    }

    public static RawClient connect(int port) throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
        s.setTcpNoDelay(true);
        return new RawClient(s);
    }

    public void send(String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
    }

    /** Everything the router sends until it closes the connection; fails if it stays open past {@code timeout}. */
    public String readAll(Duration timeout) throws IOException {
        socket.setSoTimeout((int) timeout.toMillis());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        InputStream in = socket.getInputStream();
        byte[] buf = new byte[8192];
        try {
            int n;
            while ((n = in.read(buf)) >= 0) {
                out.write(buf, 0, n);
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("connection still open after " + timeout + "; got: "
                    + out.toString(StandardCharsets.ISO_8859_1), e);
        }
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    public boolean isClosedByPeer(Duration timeout) throws IOException {
        readAll(timeout);
        return true;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
