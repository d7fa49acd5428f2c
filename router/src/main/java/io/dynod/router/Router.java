package io.dynod.router;

import static java.util.Objects.requireNonNull;

import io.dynod.router.backend.BackendPools;
import io.dynod.router.balance.ColdStarts;
import io.dynod.router.balance.LiveApp;
import io.dynod.router.balance.LiveRoutes;
import io.dynod.router.config.RouterConfig;
import io.dynod.router.frontend.DrainEvent;
import io.dynod.router.frontend.FrontendContext;
import io.dynod.router.frontend.RouterChannelInitializer;
import io.dynod.router.metrics.MetricsServer;
import io.dynod.router.metrics.RoutesJson;
import io.dynod.router.metrics.RouterMetrics;
import io.dynod.router.table.RouteSource;
import io.dynod.router.table.RouteTable;
import io.dynod.router.table.TrafficListener;
import io.dynod.router.table.Waker;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running router: one event-loop group that accepts clients and owns their dyno connections,
 * the live routes fed by a {@link RouteSource}, and the optional metrics listener.
 * {@link #close()} drains gracefully: stop accepting, let in-flight requests finish within the
 * drain timeout, then close what is left.
 */
public final class Router implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Router.class);

    private final RouterConfig config;
    private final RouteSource source;
    private final EventLoopGroup group;
    private final Channel server;
    private final ChannelGroup clients;
    private final FrontendContext context;
    private final RouterMetrics metrics;
    private final MetricsServer metricsServer;

    private Router(RouterConfig config, RouteSource source, EventLoopGroup group, Channel server,
            ChannelGroup clients, FrontendContext context, RouterMetrics metrics, MetricsServer metricsServer) {
        this.config = config;
        this.source = source;
        this.group = group;
        this.server = server;
        this.clients = clients;
        this.context = context;
        this.metrics = metrics;
        this.metricsServer = metricsServer;
    }

    /** Binds the listeners and starts routing with whatever {@code source} publishes; apps never sleep. */
    public static Router start(RouterConfig config, RouteSource source) throws IOException, InterruptedException {
        return start(config, source, Waker.NONE, TrafficListener.NONE);
    }

    /**
     * Binds the listeners and starts routing with whatever {@code source} publishes; a request for
     * an app without an up dyno is held while {@code waker} wakes it, and {@code traffic} hears
     * which apps had traffic every {@link RouterConfig#trafficInterval()}.
     */
    public static Router start(RouterConfig config, RouteSource source, Waker waker, TrafficListener traffic)
            throws IOException, InterruptedException {
        requireNonNull(config, "config");
        requireNonNull(source, "source");
        Transport transport = Transport.best();
        LiveRoutes routes = new LiveRoutes();
        RouterMetrics metrics = new RouterMetrics();
        metrics.setRoutesStaleSince(source::staleSince);
        ColdStarts coldStarts = new ColdStarts(waker, config.maxHeldPerApp(), config.maxHeldBytesPerApp(),
                metrics::recordWake);
        AtomicReference<RouteTable> serving = new AtomicReference<>(RouteTable.empty("localhost"));
        source.subscribe(table -> {
            serving.set(table);
            routes.apply(table);
            coldStarts.tableChanged(routes);
        });
        metrics.setHeld(coldStarts::held);
        BackendPools pools = new BackendPools(transport.clientChannel(), config);
        metrics.setGauges(new RouterMetrics.Gauges(pools::openConnections, pools::idleConnections, app -> {
            LiveApp live = routes.apps().get(app);
            return live == null ? 0 : live.inFlight();
        }));
        FrontendContext context = new FrontendContext(config, routes, pools, metrics, coldStarts);
        ChannelGroup clients = new DefaultChannelGroup("dynod-router-clients", GlobalEventExecutor.INSTANCE);
        EventLoopGroup group = transport.newGroup(config.eventLoops(), "dynod-router");
        MetricsServer metricsServer = null;
        try {
            Channel server = new ServerBootstrap()
                    .group(group)
                    .channel(transport.serverChannel())
                    .option(ChannelOption.SO_BACKLOG, 4096)
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childOption(ChannelOption.AUTO_READ, false)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new RouterChannelInitializer(context, clients))
                    .bind(new InetSocketAddress(config.bindHost(), config.port()))
                    .sync()
                    .channel();
            TrafficReport.start(group.next(), routes, traffic, config.trafficInterval());
            if (config.adminPort() >= 0) {
                metricsServer = MetricsServer.start(config.bindHost(), config.adminPort(), metrics,
                        () -> RoutesJson.encode(serving.get()));
            }
            Router router = new Router(config, source, group, server, clients, context, metrics, metricsServer);
            LOG.info("router listening on {}:{} ({}){}", config.bindHost(), router.port(), transport.name(),
                    metricsServer == null ? "" : ", metrics on port " + metricsServer.port());
            return router;
        } catch (IOException | InterruptedException | RuntimeException e) {
            if (metricsServer != null) {
                metricsServer.close();
            }
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            throw e;
        }
    }

    public int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    /** The metrics listener's port, or -1 when it is off. */
    public int adminPort() {
        return metricsServer == null ? -1 : metricsServer.port();
    }

    /** Requests of {@code app} held for its cold start right now. */
    public int held(String app) {
        return context.coldStarts().held(app);
    }

    public RouterMetrics metrics() {
        return metrics;
    }

    /** Graceful drain with the configured deadline; an interrupt cuts the wait short. */
    @Override
    public void close() {
        try {
            drain(config.drainTimeout());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            clients.close();
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
        }
    }

    /**
     * Stops accepting, lets exchanges in flight finish (idle keep-alive connections close at once,
     * busy ones after their response), waits up to {@code deadline}, then closes the rest.
     */
    public void drain(Duration deadline) throws InterruptedException {
        context.startDraining();
        server.close().sync();
        for (Channel client : clients) {
            client.eventLoop().execute(() -> client.pipeline().fireUserEventTriggered(DrainEvent.INSTANCE));
        }
        if (!clients.newCloseFuture().await(deadline.toMillis())) {
            LOG.warn("drain deadline of {} passed with {} connections open; closing them", deadline, clients.size());
        }
        clients.close().await(1, TimeUnit.SECONDS);
        source.close();
        if (metricsServer != null) {
            metricsServer.close();
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
    }
}
