package io.dynod.cluster;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP relay on a free loopback port in front of etcd that can break like a network between one
 * client and etcd, while etcd keeps running for everyone else: {@link #cut()} closes every relayed
 * connection and turns new ones away; {@link #freeze()} closes nothing but drops every byte and
 * leaves new connections unanswered (a partition no socket notices); {@link #restore()} heals
 * either, closing the connections that were frozen.
 */
final class CuttableProxy implements AutoCloseable {

    private final NetServer server;
    private final NetClient client;
    private final Set<NetSocket> sockets = ConcurrentHashMap.newKeySet();
    private volatile boolean cut;
    private volatile boolean frozen;

    private CuttableProxy(NetServer server, NetClient client) {
        this.server = server;
        this.client = client;
    }

    static CuttableProxy to(Vertx vertx, EtcdProcess etcd) {
        return to(vertx, etcd.clientPort());
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

    void freeze() {
        frozen = true;
    }

    void restore() {
        if (frozen) {
            sockets.forEach(NetSocket::close);
        }
        frozen = false;
        cut = false;
    }

    private void relay(NetSocket in, int targetPort) {
        if (cut) {
            in.close();
            return;
        }
        sockets.add(in);
        in.closeHandler(v -> sockets.remove(in));
        if (frozen) {
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
            sockets.add(out);
            in.closeHandler(v -> {
                sockets.remove(in);
                out.close();
            });
            out.closeHandler(v -> {
                sockets.remove(out);
                in.close();
            });
            in.handler(bytes -> relay(bytes, out));
            out.handler(bytes -> relay(bytes, in));
            in.resume();
        });
    }

    private void relay(Buffer bytes, NetSocket to) {
        if (!frozen) {
            to.write(bytes);
        }
    }

    @Override
    public void close() {
        cut();
        Await.result(server.close());
        Await.result(client.close());
    }
}
