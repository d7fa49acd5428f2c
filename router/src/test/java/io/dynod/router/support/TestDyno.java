package io.dynod.router.support;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerExpectContinueHandler;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A dyno for tests: a small Netty HTTP server on a loopback ephemeral port whose answer is a
 * {@link Behaviour}. It counts requests and keeps their heads. Request bodies are counted and
 * dropped as they arrive, never held. Its buffers are unpooled so that pool metrics show only the
 * router's memory.
 */
public final class TestDyno implements AutoCloseable {

    /** What the dyno does once a request (head and counted body) has arrived. */
    @FunctionalInterface
    public interface Behaviour {
        void respond(ChannelHandlerContext ctx, HttpRequest head, long bodyBytes);
    }

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final Channel server;
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger connections = new AtomicInteger();
    private final List<HttpHeaders> heads = new CopyOnWriteArrayList<>();
    private volatile Behaviour behaviour;

    private TestDyno(Behaviour behaviour, boolean websocketEcho) throws InterruptedException {
        this.behaviour = behaviour;
        this.server = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.ALLOCATOR, UnpooledByteBufAllocator.DEFAULT)
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        connections.incrementAndGet();
                        ch.pipeline().addLast(new HttpServerCodec());
                        if (websocketEcho) {
                            ch.pipeline().addLast(new HttpObjectAggregator(65536));
                            ch.pipeline().addLast(new WebSocketServerProtocolHandler("/ws"));
                            ch.pipeline().addLast(new SimpleChannelInboundHandler<TextWebSocketFrame>() {
                                @Override
                                protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame frame) {
                                    requests.incrementAndGet();
                                    ctx.writeAndFlush(new TextWebSocketFrame("echo:" + frame.text()));
                                }
                            });
                        } else {
                            ch.pipeline().addLast(new HttpServerExpectContinueHandler());
                            ch.pipeline().addLast(new RequestCounter());
                        }
                    }
                })
                .bind(new InetSocketAddress("127.0.0.1", 0))
                .sync()
                .channel();
    }

    public static TestDyno start(Behaviour behaviour) throws InterruptedException {
        return new TestDyno(behaviour, false);
    }

    public static TestDyno websocketEcho() throws InterruptedException {
        return new TestDyno(null, true);
    }

    public int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    public int requests() {
        return requests.get();
    }

    public int connections() {
        return connections.get();
    }

    public List<HttpHeaders> heads() {
        return heads;
    }

    public void behave(Behaviour behaviour) {
        this.behaviour = behaviour;
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }

    private final class RequestCounter extends SimpleChannelInboundHandler<HttpObject> {
        private HttpRequest head;
        private long body;

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
            if (msg instanceof HttpRequest request) {
                head = request;
                body = 0;
                requests.incrementAndGet();
                heads.add(new DefaultHttpHeaders().add(request.headers()));
            }
            if (msg instanceof HttpContent content) {
                body += content.content().readableBytes();
                if (content instanceof LastHttpContent && head != null) {
                    behaviour.respond(ctx, head, body);
                }
            }
        }
    }

    // ---- behaviours --------------------------------------------------------------------------

    /** 200 with {@code body}; header {@code X-Dyno} says which dyno answered. */
    public static Behaviour ok(String body) {
        return (ctx, head, bytes) -> ctx.writeAndFlush(text(HttpResponseStatus.OK, body));
    }

    /** 200 whose body is the number of request body bytes received. */
    public static Behaviour countBody() {
        return (ctx, head, bytes) -> ctx.writeAndFlush(text(HttpResponseStatus.OK, Long.toString(bytes)));
    }

    /** Answers after {@code millis}. */
    public static Behaviour delayed(long millis, String body) {
        return (ctx, head, bytes) -> ctx.executor().schedule(
                () -> ctx.writeAndFlush(text(HttpResponseStatus.OK, body)), millis,
                java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /** Never answers. */
    public static Behaviour silent() {
        return (ctx, head, bytes) -> {};
    }

    /** Closes the connection without a byte. */
    public static Behaviour hangUp() {
        return (ctx, head, bytes) -> ctx.close();
    }

    /** Promises 100 bytes, sends 10, then closes (H18) or stalls (H15). */
    public static Behaviour partial(boolean thenClose) {
        return (ctx, head, bytes) -> {
            FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                    Unpooled.copiedBuffer("0123456789", StandardCharsets.US_ASCII));
            r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, 100);
            if (thenClose) {
                ctx.writeAndFlush(r).addListener(ChannelFutureListener.CLOSE);
            } else {
                ctx.writeAndFlush(r);
            }
        };
    }

    /** Raw bytes instead of a valid response. */
    public static Behaviour raw(String bytes) {
        return (ctx, head, b) -> ctx.pipeline().firstContext()
                .writeAndFlush(Unpooled.copiedBuffer(bytes, StandardCharsets.ISO_8859_1));
    }

    /** Raw bytes, then the connection closes: a response whose body ends at end of stream. */
    public static Behaviour rawThenClose(String bytes) {
        return (ctx, head, b) -> ctx.pipeline().firstContext()
                .writeAndFlush(Unpooled.copiedBuffer(bytes, StandardCharsets.ISO_8859_1))
                .addListener(ChannelFutureListener.CLOSE);
    }

    public static FullHttpResponse text(HttpResponseStatus status, String body) {
        ByteBuf content = Unpooled.copiedBuffer(body, StandardCharsets.UTF_8);
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, content);
        r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, content.readableBytes());
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain");
        return r;
    }
}
