package io.dynod.router.backend;

import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;

/**
 * The client side of an exchange, as a backend connection sees it while it is lent out. All calls
 * come on the event loop that owns both channels.
 */
public interface BackendListener {

    void onResponseHead(HttpResponse response);

    /** Takes ownership of {@code content}. */
    void onResponseContent(HttpContent content);

    /** End of one read batch from the dyno: the moment to flush toward the client. */
    void onBackendReadComplete();

    void onBackendWritabilityChanged(boolean writable);

    /** The dyno's connection closed or failed while lent out. */
    void onBackendClosed(Throwable cause);
}
