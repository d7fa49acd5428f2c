package io.dynod.cluster;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What most integration tests share, started once per test class: one etcd member, a Vert.x and
 * a client talking to that member. Use as {@code @RegisterExtension static final SingleEtcd single}.
 */
public final class SingleEtcd implements BeforeAllCallback, AfterAllCallback {

    public EtcdProcess process;
    public Vertx vertx;
    public EtcdHttpClient client;

    @Override
    public void beforeAll(ExtensionContext context) {
        process = EtcdProcess.startSingle();
        vertx = Vertx.vertx();
        client = new EtcdHttpClient(vertx, EtcdClientOptions.parse(process.clientUrl()));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (process == null) {
            return;
        }
        try {
            client.close();
            Await.result(vertx.close());
        } finally {
            process.close();
        }
    }
}
