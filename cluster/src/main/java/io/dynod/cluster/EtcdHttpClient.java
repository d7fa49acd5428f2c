package io.dynod.cluster;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@link EtcdClient} over etcd's v3 JSON gateway ({@code POST /v3/...}) with the Vert.x HTTP
 * client. Each call has one overall deadline ({@link EtcdClientOptions#requestTimeout()}); a call
 * that cannot reach a member, or that a member cannot serve (no leader, timeout), moves on to the
 * next member within that deadline. Writes whose answer is lost are retried only when repeating
 * them is harmless (puts of full state, deletes, lease calls); a create-if-absent is not.
 */
public final class EtcdHttpClient implements EtcdClient {

    private static final int COMPACTED_RANGE_RETRIES = 3;
    private static final int MAX_CONNECTIONS_PER_MEMBER = 64;

    private final Vertx vertx;
    private final EtcdClientOptions options;
    private final Endpoints endpoints;
    private final HttpClientAgent http;
    private volatile boolean closed;

    public EtcdHttpClient(Vertx vertx, EtcdClientOptions options) {
        this.vertx = vertx;
        this.options = options;
        this.endpoints = new Endpoints(options.endpoints());
        this.http = vertx.httpClientBuilder()
                .with(new HttpClientOptions()
                        .setConnectTimeout(Math.toIntExact(options.connectTimeout().toMillis()))
                        .setTcpKeepAlive(true)
                        .setTcpNoDelay(true))
                .with(new PoolOptions().setHttp1MaxSize(MAX_CONNECTIONS_PER_MEMBER))
                .build();
    }

    @Override
    public Future<Long> put(String key, String value) {
        return put(key, value, 0);
    }

    @Override
    public Future<Long> put(String key, String value, long leaseId) {
        return call("put " + key, "/v3/kv/put", EtcdJson.put(key, value, leaseId), true)
                .map(EtcdJson::headerRevision);
    }

    @Override
    public Future<Optional<KeyValue>> get(String key) {
        return call("get " + key, "/v3/kv/range", EtcdJson.get(key), true)
                .map(answer -> EtcdJson.kvs(answer, "kvs").stream().findFirst());
    }

    @Override
    public Future<RangeResult> rangePrefix(String prefix) {
        return rangePages(prefix, prefix, 0, new ArrayList<>(), 1);
    }

    /** Reads page after page at the revision of the first page, so the pages form one snapshot. */
    private Future<RangeResult> rangePages(String prefix, String fromKey, long revision, List<KeyValue> kvs,
                                           int attempt) {
        JsonObject request = EtcdJson.rangePage(fromKey, prefix, options.rangePageSize(), revision);
        return call("range " + prefix, "/v3/kv/range", request, true).compose(answer -> {
            long snapshot = revision == 0 ? EtcdJson.headerRevision(answer) : revision;
            List<KeyValue> page = EtcdJson.kvs(answer, "kvs");
            kvs.addAll(page);
            if (answer.getBoolean("more", false) && !page.isEmpty()) {
                return rangePages(prefix, page.get(page.size() - 1).key() + "\0", snapshot, kvs, attempt);
            }
            return Future.succeededFuture(new RangeResult(snapshot, kvs));
        }, failure -> {
            boolean compactedMidway = failure instanceof EtcdException e
                    && e.grpcCode() == EtcdException.OUT_OF_RANGE && revision != 0;
            if (compactedMidway && attempt < COMPACTED_RANGE_RETRIES) {
                return rangePages(prefix, prefix, 0, new ArrayList<>(), attempt + 1);
            }
            return Future.failedFuture(failure);
        });
    }

    @Override
    public Future<DeleteResult> delete(String key) {
        return call("delete " + key, "/v3/kv/deleterange", EtcdJson.delete(key), true).map(EtcdHttpClient::deleted);
    }

    @Override
    public Future<DeleteResult> deletePrefix(String prefix) {
        return call("delete prefix " + prefix, "/v3/kv/deleterange", EtcdJson.deletePrefix(prefix), true)
                .map(EtcdHttpClient::deleted);
    }

    private static DeleteResult deleted(JsonObject answer) {
        return new DeleteResult(EtcdJson.headerRevision(answer), EtcdJson.int64(answer, "deleted"));
    }

    @Override
    public Future<CreateResult> createIfAbsent(String key, String value, long leaseId) {
        return call("create-if-absent " + key, "/v3/kv/txn", EtcdJson.createIfAbsent(key, value, leaseId), false)
                .map(EtcdJson::createResult);
    }

    @Override
    public Future<Long> compact(long revision) {
        return call("compact to " + revision, "/v3/kv/compaction", EtcdJson.compact(revision), true)
                .map(EtcdJson::headerRevision);
    }

    @Override
    public Future<Lease> grantLease(Duration ttl) {
        long seconds = Math.max(1, (ttl.toMillis() + 999) / 1000);
        return call("lease grant", "/v3/lease/grant", EtcdJson.leaseGrant(seconds), true).map(answer -> {
            String error = answer.getString("error", "");
            if (!error.isEmpty()) {
                throw new EtcdException("lease grant refused: " + error, EtcdException.NO_CODE);
            }
            return new Lease(EtcdJson.int64(answer, "ID"), EtcdJson.int64(answer, "TTL"));
        });
    }

    @Override
    public Future<Long> keepAlive(long leaseId) {
        return call("lease keep-alive " + Long.toHexString(leaseId), "/v3/lease/keepalive", EtcdJson.leaseId(leaseId), true)
                .map(answer -> {
                    JsonObject result = answer.getJsonObject("result");
                    if (result == null) {
                        throw GatewayErrors.streamError("lease keep-alive " + Long.toHexString(leaseId), "etcd", answer);
                    }
                    return EtcdJson.int64(result, "TTL");
                });
    }

    @Override
    public Future<Void> revokeLease(long leaseId) {
        return call("lease revoke " + Long.toHexString(leaseId), "/v3/lease/revoke", EtcdJson.leaseId(leaseId), true)
                .<Void>mapEmpty()
                .recover(failure -> failure instanceof EtcdException e && e.grpcCode() == EtcdException.NOT_FOUND
                        ? Future.succeededFuture()
                        : Future.failedFuture(failure));
    }

    @Override
    public WatchSubscription watch(String prefix, long startRevision, WatchHandler handler) {
        HttpWatch watch = new HttpWatch(vertx, this, options, endpoints, prefix,
                EtcdJson.watchCreate(prefix, startRevision).toBuffer(), handler);
        if (closed) {
            handler.onClosed(new EtcdException("etcd client is closed", EtcdException.NO_CODE));
        } else {
            watch.open();
        }
        return watch;
    }

    @Override
    public void close() {
        closed = true;
        http.close();
    }

    private Future<JsonObject> call(String op, String path, JsonObject body, boolean retryWhenUnanswered) {
        if (closed) {
            return Future.failedFuture(new EtcdException(op + ": etcd client is closed", EtcdException.NO_CODE));
        }
        Promise<JsonObject> result = Promise.promise();
        long deadline = System.nanoTime() + options.requestTimeout().toNanos();
        attempt(new Call(op, path, body.toBuffer(), retryWhenUnanswered, endpoints.inOrder(), deadline, result),
                0, null);
        return result.future();
    }

    private record Call(String op, String path, Buffer body, boolean retryWhenUnanswered, List<String> order,
                        long deadlineNanos, Promise<JsonObject> result) {
    }

    /** Tries member {@code index}; the remaining time is shared evenly by the members left to try. */
    private void attempt(Call call, int index, Throwable last) {
        long remainingMillis = (call.deadlineNanos() - System.nanoTime()) / 1_000_000;
        if (closed || index >= call.order().size() || remainingMillis <= 0) {
            call.result().fail(GatewayErrors.noMemberAnswered(call.op(), call.order().subList(0, index), last));
            return;
        }
        long attemptMillis = Math.max(1, remainingMillis / (call.order().size() - index));
        String url = call.order().get(index);
        connect(url, call.path(), attemptMillis).onComplete(connected -> {
            if (connected.failed()) {
                // Never sent: always safe to try the next member.
                endpoints.failed(url);
                attempt(call, index + 1, connected.cause());
                return;
            }
            exchange(call.op(), url, connected.result(), call.body()).onComplete(answered -> {
                if (answered.succeeded()) {
                    call.result().complete(answered.result());
                } else if (GatewayErrors.isRefusal(answered.cause())) {
                    call.result().fail(answered.cause());
                } else if (call.retryWhenUnanswered()) {
                    endpoints.failed(url);
                    attempt(call, index + 1, answered.cause());
                } else {
                    call.result().fail(GatewayErrors.outcomeUnknown(call.op(), url, answered.cause()));
                }
            });
        });
    }

    /** One request to one member, no failover: how a watch checks the member it streams from. */
    Future<JsonObject> callMember(String op, String url, String path, JsonObject body) {
        long timeoutMillis = options.requestTimeout().toMillis();
        return connect(url, path, timeoutMillis)
                .compose(request -> exchange(op, url, request, body.toBuffer()));
    }

    /** A request to {@code url + path}, waiting at most {@code idleMillis} for each answer (0 = forever). */
    Future<HttpClientRequest> connect(String url, String path, long idleMillis) {
        return http.request(new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setAbsoluteURI(url + path)
                .setConnectTimeout(idleMillis == 0 ? options.connectTimeout().toMillis()
                        : Math.min(options.connectTimeout().toMillis(), idleMillis))
                .setIdleTimeout(idleMillis)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json"));
    }

    private static Future<JsonObject> exchange(String op, String url, HttpClientRequest request, Buffer body) {
        return request.send(body).compose(response -> response.body().map(answer -> decode(op, url, response, answer)));
    }

    private static JsonObject decode(String op, String url, HttpClientResponse response, Buffer body) {
        JsonObject json = response.statusCode() == 200 ? GatewayErrors.parseOrNull(body) : null;
        if (json == null) {
            throw GatewayErrors.httpError(op, url, response.statusCode(), body);
        }
        return json;
    }
}
