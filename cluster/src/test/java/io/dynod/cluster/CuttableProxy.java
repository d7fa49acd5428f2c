package io.dynod.cluster;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP relay on a free loopback port in front of etcd that can be cut: {@link #cut()} closes
 * every relayed connection and turns new ones away, like a network partition between one client
 * and etcd while etcd keeps running for everyone else; {@link #restore()} heals it.
 */
final class CuttableProxy implements AutoCloseable {

    private final NetServer server;
    private final NetClient client;
    private final Set<NetSocket> sockets = ConcurrentHashMap.newKeySet();
    private volatile boolean cut;

    private CuttableProxy(NetServer server, NetClient client) {
        this.server = server;
        this.client = client;
    }

    static CuttableProxy to(Vertx vertx, int targetPort) {
        NetClient client = vertx.createNetClient();
        NetServer server = vertx.createNetServer();
        CuttableProxy proxy = new CuttableProxy(server, client);
        server.connectHandler(in -> proxy.relay(in, targetPort));
        Await.result(server.listen(0, "127.0.0.1"));
        return proxy;
    }

    String url() {
        return "http://127.0.0.1:" + server.actualPort();
    }

    void cut() {
        cut = true;
        sockets.forEach(NetSocket::close);
    }

    void restore() {
        cut = false;
    }

    private void relay(NetSocket in, int targetPort) {
        if (cut) {
            in.close();
            return;
        }
        in.pause();
        client.connect(targetPort, "127.0.0.1").onComplete(connected -> {
            if (connected.failed() || cut) {
                in.close();
                if (connected.succeeded()) {
                    connected.result().close();
                }
                return;
            }
            NetSocket out = connected.result();
            sockets.add(in);
            sockets.add(out);
            in.closeHandler(v -> {
                sockets.remove(in);
                out.close();
            });
            out.closeHandler(v -> {
                sockets.remove(out);
                in.close();
            });
            in.pipeTo(out);
            out.pipeTo(in);
        });
    }

    @Override
    public void close() {
        cut();
        Await.result(server.close());
        Await.result(client.close());
    }
}
