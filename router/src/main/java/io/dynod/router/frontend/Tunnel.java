package io.dynod.router.frontend;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * After a {@code 101 Switching Protocols} (WebSocket and any other upgrade) both connections stop
 * speaking HTTP: their HTTP handlers are removed and each gets a {@link TunnelHandler} that copies
 * raw bytes to the other, with the same read-after-writable backpressure as the proxy.
 */
final class Tunnel {

    private Tunnel() {}

    static void open(ChannelHandlerContext proxyCtx, Exchange e, HttpResponse switching, long idleNanos,
            Consumer<Exchange> done) {
        Channel client = proxyCtx.channel();
        Channel backend = e.backend;
        e.backend = null;

        // From here both directions are driven by explicit reads, as in the proxy's client side.
        backend.config().setAutoRead(false);
        ChannelPipeline bp = backend.pipeline();
        bp.replace("backend", "tunnel", new TunnelHandler(client));

        client.writeAndFlush(switching, client.voidPromise());
        ChannelPipeline cp = client.pipeline();
        // Heroku's 55 s rule holds for WebSockets too: any byte either way resets the window.
        cp.addLast("tunnel-idle", new IdleStateHandler(0, 0, idleNanos, TimeUnit.NANOSECONDS));
        cp.addLast("tunnel", new TunnelHandler(backend));
        for (String name : new String[] {ClientTimeoutHandler.NAME, RequestLimitsHandler.NAME, RequestIdHandler.NAME,
                RoutingHandler.NAME, ProxyHandler.NAME, RouterChannelInitializer.CODEC, RouterChannelInitializer.FLOW}) {
            if (cp.get(name) != null) {
                cp.remove(name);
            }
        }
        // Bytes the dyno sent right after the 101 are still in the codec; removing it passes them on.
        bp.remove("codec");
        done.accept(e);
        client.read();
        backend.read();
    }

    /** Copies bytes from its channel to {@code peer}; reads again only while the peer is writable. */
    static final class TunnelHandler extends ChannelInboundHandlerAdapter {

        private final Channel peer;

        TunnelHandler(Channel peer) {
            this.peer = peer;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof ByteBuf buf && buf.isReadable()) {
                peer.write(buf, peer.voidPromise());
            } else {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            peer.flush();
            if (peer.isWritable()) {
                ctx.read();
            }
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            if (ctx.channel().isWritable()) {
                peer.read();
            }
            ctx.fireChannelWritabilityChanged();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (peer.isActive()) {
                peer.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof IdleStateEvent) {
                ctx.close();
                peer.close();
                return;
            }
            ctx.fireUserEventTriggered(evt);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
