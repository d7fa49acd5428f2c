package io.dynod.router.backend;

import io.dynod.router.config.RouterConfig;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** One {@link BackendPool} per event loop, created on first use. */
public final class BackendPools {

    private final Map<EventLoop, BackendPool> pools = new ConcurrentHashMap<>();
    private final Class<? extends Channel> channelType;
    private final RouterConfig config;

    public BackendPools(Class<? extends Channel> channelType, RouterConfig config) {
        this.channelType = channelType;
        this.config = config;
    }

    public BackendPool forLoop(EventLoop loop) {
        return pools.computeIfAbsent(loop, l -> new BackendPool(l, channelType, config));
    }

    public int openConnections() {
        return pools.values().stream().mapToInt(BackendPool::openConnections).sum();
    }

    public int idleConnections() {
        return pools.values().stream().mapToInt(BackendPool::idleConnections).sum();
    }
}
