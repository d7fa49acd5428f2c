package io.dynod.cluster;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The etcd members to try, preferred one first. A member that fails gives its place to the next
 * one, so calls stick to a working member instead of probing a dead one first every time.
 */
final class Endpoints {

    private final List<String> urls;
    private final AtomicInteger preferred = new AtomicInteger();

    Endpoints(List<URI> endpoints) {
        List<String> list = new ArrayList<>();
        for (URI uri : endpoints) {
            list.add(uri.toString());
        }
        this.urls = List.copyOf(list);
    }

    /** Every member once, starting with the preferred one. */
    List<String> inOrder() {
        int first = preferred.get();
        List<String> order = new ArrayList<>(urls.size());
        for (int i = 0; i < urls.size(); i++) {
            order.add(urls.get((first + i) % urls.size()));
        }
        return order;
    }

    void failed(String url) {
        int index = urls.indexOf(url);
        if (index >= 0) {
            preferred.compareAndSet(index, (index + 1) % urls.size());
        }
    }
}
