package io.dynod.router.backend;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.util.ReferenceCountUtil;

/**
 * Last handler of a connection to a dyno, after the HTTP client codec. While the connection is
 * lent to an exchange it passes everything to that exchange's {@link BackendListener}; while it
 * idles in the pool, any byte from the dyno or a close makes it leave the pool.
 */
public final class BackendHandler extends ChannelInboundHandlerAdapter {

    static final String NAME = "backend";

    private final BackendPool pool;
    private final Object endpoint;
    private BackendListener listener;
    private Throwable failure;
    private boolean forgotten;

    BackendHandler(BackendPool pool, Object endpoint) {
        this.pool = pool;
        this.endpoint = endpoint;
    }

    Object endpoint() {
        return endpoint;
    }

    /** Lends the connection to {@code listener}; null gives it back. */
    public void attach(BackendListener listener) {
        this.listener = listener;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        BackendListener l = listener;
        if (l == null) {
            // An idle pooled connection must stay silent; anything else means it is unusable.
            ReferenceCountUtil.release(msg);
            ctx.close();
            return;
        }
        if (msg instanceof HttpResponse response) {
            l.onResponseHead(response);
            if (msg instanceof HttpContent content) {
                l.onResponseContent(content);
            }
        } else if (msg instanceof HttpContent content) {
            l.onResponseContent(content);
        } else {
            // Raw bytes mean the codec saw a protocol switch nobody asked for: not HTTP any more.
            ReferenceCountUtil.release(msg);
            ctx.close();
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        BackendListener l = listener;
        if (l != null) {
            l.onBackendReadComplete();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        BackendListener l = listener;
        if (l != null) {
            l.onBackendWritabilityChanged(ctx.channel().isWritable());
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        failure = cause;
        ctx.close();
    }

    /** Replaced by a tunnel after an upgrade: the connection no longer belongs to the pool. */
    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        forget(ctx);
    }

    private void forget(ChannelHandlerContext ctx) {
        if (!forgotten) {
            forgotten = true;
            pool.forget(this, ctx.channel());
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        BackendListener l = listener;
        listener = null;
        forget(ctx);
        if (l != null) {
            l.onBackendClosed(failure);
        }
    }
}
