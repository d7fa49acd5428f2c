package io.dynod.router.frontend;

import io.dynod.router.config.RouterConfig;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.flow.FlowControlHandler;

/**
 * The client-facing pipeline, in order:
 *
 * <pre>
 * timeouts → codec → flow → limits → request-id → routing → hold → proxy
 * </pre>
 *
 * {@code timeouts} watches raw bytes (keep-alive idle, header read deadline); {@code codec}
 * parses HTTP/1.1 strictly; {@code flow} releases one decoded message per read so every later
 * step sees requests one at a time; {@code limits} rejects bad heads with 400; {@code request-id}
 * opens the exchange; {@code routing} finds the app; {@code hold} keeps a request for an app
 * without an up dyno until one is up (cold start); {@code proxy} does the rest.
 */
public final class RouterChannelInitializer extends ChannelInitializer<Channel> {

    static final String CODEC = "codec";
    static final String FLOW = "flow";

    private final FrontendContext context;
    private final ChannelGroup clients;
    private final HttpDecoderConfig decoder;
    private final RequestIdHandler requestId = new RequestIdHandler();
    private final RoutingHandler routing;

    public RouterChannelInitializer(FrontendContext context, ChannelGroup clients) {
        this.context = context;
        this.clients = clients;
        RouterConfig config = context.config;
        this.decoder = new HttpDecoderConfig()
                .setMaxInitialLineLength(config.maxRequestLine())
                .setMaxHeaderSize(config.maxHeaderBlock())
                .setMaxChunkSize(64 * 1024);
        this.routing = new RoutingHandler(context.routes);
    }

    @Override
    protected void initChannel(Channel ch) {
        clients.add(ch);
        ChannelPipeline p = ch.pipeline();
        p.addLast(ClientTimeoutHandler.NAME, new ClientTimeoutHandler(context.config));
        p.addLast(CODEC, new HttpServerCodec(decoder));
        p.addLast(FLOW, new FlowControlHandler());
        p.addLast(RequestLimitsHandler.NAME, new RequestLimitsHandler(context));
        p.addLast(RequestIdHandler.NAME, requestId);
        p.addLast(RoutingHandler.NAME, routing);
        p.addLast(HoldHandler.NAME, new HoldHandler(context));
        p.addLast(ProxyHandler.NAME, new ProxyHandler(context));
    }
}
