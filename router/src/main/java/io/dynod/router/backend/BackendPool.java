package io.dynod.router.backend;

import io.dynod.router.balance.LiveEndpoint;
import io.dynod.router.config.RouterConfig;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpDecoderConfig;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Keep-alive connections to dynos, owned by one event loop: only that loop's client connections
 * use it, so it needs no locks, and every exchange keeps both of its channels on one thread.
 * Connections are reused most-recently-used first. They read automatically (the proxy turns that
 * off while the client cannot take more), so a close by the dyno removes an idle one at once.
 */
public final class BackendPool {

    private final EventLoop loop;
    private final Bootstrap bootstrap;
    private final HttpDecoderConfig decoder;
    private final int maxIdlePerDyno;
    private final long idleTimeoutNanos;
    private final Map<LiveEndpoint, ArrayDeque<Idle>> idle = new HashMap<>();
    /** Written by the owning loop only, read by the metrics thread. */
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger idleCount = new AtomicInteger();

    private record Idle(Channel channel, long sinceNanos) {}

    BackendPool(EventLoop loop, Class<? extends Channel> channelType, RouterConfig config) {
        this.loop = loop;
        this.maxIdlePerDyno = config.maxIdlePerDyno();
        this.idleTimeoutNanos = config.backendIdleTimeout().toNanos();
        this.decoder = new HttpDecoderConfig()
                .setMaxInitialLineLength(8192)
                .setMaxHeaderSize(config.maxResponseHeaderBlock())
                .setMaxChunkSize(64 * 1024);
        this.bootstrap = new Bootstrap()
                .group(loop)
                .channel(channelType)
                .option(ChannelOption.AUTO_READ, true)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE,
                        config.connectTimeout().toMillis()));
    }

    /** A pooled live connection to {@code endpoint}, or null when none is idle. */
    public Channel pollIdle(LiveEndpoint endpoint) {
        ArrayDeque<Idle> queue = idle.get(endpoint);
        if (queue == null) {
            return null;
        }
        long now = System.nanoTime();
        Idle entry;
        while ((entry = queue.pollFirst()) != null) {
            idleCount.lazySet(idleCount.get() - 1);
            if (entry.channel.isActive() && now - entry.sinceNanos < idleTimeoutNanos) {
                return entry.channel;
            }
            entry.channel.close();
        }
        return null;
    }

    /** Opens a new connection to {@code endpoint} on this pool's loop. */
    public ChannelFuture connect(LiveEndpoint endpoint) {
        Bootstrap b = bootstrap.clone().handler(new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast("codec", new HttpClientCodec(decoder, false, false));
                ch.pipeline().addLast(BackendHandler.NAME, new BackendHandler(BackendPool.this, endpoint));
            }
        });
        ChannelFuture f = b.connect(endpoint.address());
        f.addListener(done -> {
            if (done.isSuccess()) {
                open.lazySet(open.get() + 1);
            }
        });
        return f;
    }

    /** Takes a connection back after a complete exchange; closes it if the pool is full. */
    public void release(Channel channel) {
        BackendHandler handler = channel.pipeline().get(BackendHandler.class);
        handler.attach(null);
        if (!channel.isActive()) {
            return;
        }
        LiveEndpoint endpoint = (LiveEndpoint) handler.endpoint();
        ArrayDeque<Idle> queue = idle.computeIfAbsent(endpoint, e -> new ArrayDeque<>());
        if (queue.size() >= maxIdlePerDyno) {
            channel.close();
            return;
        }
        queue.addFirst(new Idle(channel, System.nanoTime()));
        idleCount.lazySet(idleCount.get() + 1);
        channel.config().setAutoRead(true);
    }

    void forget(BackendHandler handler, Channel channel) {
        open.lazySet(open.get() - 1);
        ArrayDeque<Idle> queue = idle.get((LiveEndpoint) handler.endpoint());
        if (queue != null && queue.removeIf(i -> i.channel == channel)) {
            idleCount.lazySet(idleCount.get() - 1);
        }
    }

    public EventLoop loop() {
        return loop;
    }

    public int openConnections() {
        return open.get();
    }

    public int idleConnections() {
        return idleCount.get();
    }
}
