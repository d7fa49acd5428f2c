package io.dynod.router.frontend;

import io.dynod.router.config.RouterConfig;
import io.dynod.router.errors.HerokuError;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.util.ReferenceCountUtil;
import java.util.Iterator;
import java.util.Map;

/**
 * Pipeline step "limits", after the codec and flow control: rejects a request head that the codec
 * could not parse (bad framing, conflicting or duplicate Content-Length, Transfer-Encoding with
 * Content-Length, bad line endings, a request line over the limit) or that breaks the router's
 * own limits (header line length, header count, Host, CONNECT). The answer is a 400 page and the
 * connection closes, because after a framing error nothing later on it can be trusted; nothing
 * reaches a dyno. Body framing errors surface later, as failed content, in the proxy handler.
 */
final class RequestLimitsHandler extends ChannelInboundHandlerAdapter {

    static final String NAME = "limits";

    private final FrontendContext context;
    private final int maxHeaders;
    private final int maxHeaderLine;
    private boolean rejected;

    RequestLimitsHandler(FrontendContext context) {
        this.context = context;
        RouterConfig config = context.config;
        this.maxHeaders = config.maxHeaders();
        this.maxHeaderLine = config.maxHeaderLine();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (rejected) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof HttpRequest request) {
            String problem = problem(request);
            if (problem != null) {
                rejected = true;
                ReferenceCountUtil.release(msg);
                RequestLog.rejected(context, request, problem, ctx.channel());
                ctx.writeAndFlush(ErrorResponses.page(HerokuError.BAD_REQUEST, false))
                        .addListener(ChannelFutureListener.CLOSE);
                return;
            }
        }
        ctx.fireChannelRead(msg);
    }

    /** What is wrong with {@code request}, or null if it may go on. */
    String problem(HttpRequest request) {
        if (request.decoderResult().isFailure()) {
            Throwable cause = request.decoderResult().cause();
            if (cause instanceof TooLongFrameException) {
                return "too long: " + cause.getMessage();
            }
            return "malformed request: " + cause.getMessage();
        }
        HttpHeaders headers = request.headers();
        if (headers.size() > maxHeaders) {
            return "more than " + maxHeaders + " headers";
        }
        int hosts = 0;
        for (Iterator<Map.Entry<CharSequence, CharSequence>> it = headers.iteratorCharSequence(); it.hasNext(); ) {
            Map.Entry<CharSequence, CharSequence> h = it.next();
            if (h.getKey().length() + 2 + h.getValue().length() > maxHeaderLine) {
                return "header line longer than " + maxHeaderLine + " bytes: " + h.getKey();
            }
            if (HttpHeaderNames.HOST.contentEqualsIgnoreCase(h.getKey())) {
                hosts++;
            }
        }
        if (hosts != 1) {
            return hosts == 0 ? "no Host header" : "several Host headers";
        }
        if (HttpMethod.CONNECT.equals(request.method())) {
            return "CONNECT is not allowed";
        }
        return null;
    }
}
