package io.dynod.router.frontend;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;

/**
 * Pipeline step "request-id", after the limits: turns each request head into an {@link Exchange},
 * stamping its start time and its X-Request-Id (the client's if valid, else a new one). Body
 * parts pass through untouched.
 */
@Sharable
final class RequestIdHandler extends ChannelInboundHandlerAdapter {

    static final String NAME = "request-id";

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest request) {
            String id = request.headers().get(RouterHeaders.X_REQUEST_ID);
            if (!RequestIds.isAcceptable(id)) {
                id = RequestIds.generate();
                request.headers().set(RouterHeaders.X_REQUEST_ID, id);
            }
            Exchange exchange = new Exchange(request, id, System.currentTimeMillis(), System.nanoTime(),
                    request.headers().get(HttpHeaderNames.HOST));
            ctx.fireChannelRead(exchange);
        } else {
            ctx.fireChannelRead(msg);
        }
    }
}
