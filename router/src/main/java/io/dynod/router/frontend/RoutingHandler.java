package io.dynod.router.frontend;

import io.dynod.router.balance.LiveApp;
import io.dynod.router.balance.LiveRoutes;
import io.dynod.router.errors.HerokuError;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * Pipeline step "routing", after the request id: maps the Host header to an app through the live
 * route table. An unknown host is marked for a 404 page, so no dyno is ever touched for it.
 */
@Sharable
final class RoutingHandler extends ChannelInboundHandlerAdapter {

    static final String NAME = "routing";

    private final LiveRoutes routes;

    RoutingHandler(LiveRoutes routes) {
        this.routes = routes;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof Exchange exchange) {
            LiveApp app = routes.resolve(exchange.host);
            if (app == null) {
                exchange.rejection = HerokuError.NO_SUCH_APP;
            } else {
                exchange.app = app;
            }
        }
        ctx.fireChannelRead(msg);
    }
}
