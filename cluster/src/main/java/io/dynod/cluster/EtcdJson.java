package io.dynod.cluster;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * The etcd v3 JSON gateway's wire format: bodies of requests and the parsing of answers. Keys and
 * values travel base64-encoded; int64 fields travel as JSON strings; fields at their default value
 * (0, false, PUT) are left out by the gateway.
 */
final class EtcdJson {

    private EtcdJson() {
    }

    static JsonObject put(String key, String value, long lease) {
        JsonObject put = new JsonObject().put("key", b64(key)).put("value", b64(value));
        if (lease != 0) {
            put.put("lease", Long.toString(lease));
        }
        return put;
    }

    static JsonObject get(String key) {
        return new JsonObject().put("key", b64(key));
    }

    /** A page of keys under {@code prefix}, starting at {@code fromKey}, read at {@code revision} (0 = now). */
    static JsonObject rangePage(String fromKey, String prefix, int limit, long revision) {
        JsonObject range = new JsonObject()
                .put("key", b64(fromKey))
                .put("range_end", b64(prefixEnd(prefix)))
                .put("limit", Long.toString(limit));
        if (revision != 0) {
            range.put("revision", Long.toString(revision));
        }
        return range;
    }

    static JsonObject delete(String key) {
        return new JsonObject().put("key", b64(key));
    }

    static JsonObject deletePrefix(String prefix) {
        return new JsonObject().put("key", b64(prefix)).put("range_end", b64(prefixEnd(prefix)));
    }

    /** Put the key only if it was never created (create_revision 0); otherwise read it back. */
    static JsonObject createIfAbsent(String key, String value, long lease) {
        JsonObject compare = new JsonObject()
                .put("key", b64(key))
                .put("target", "CREATE")
                .put("result", "EQUAL")
                .put("create_revision", "0");
        return new JsonObject()
                .put("compare", new JsonArray().add(compare))
                .put("success", new JsonArray().add(new JsonObject().put("request_put", put(key, value, lease))))
                .put("failure", new JsonArray().add(new JsonObject().put("request_range", get(key))));
    }

    static JsonObject compact(long revision) {
        return new JsonObject().put("revision", Long.toString(revision));
    }

    static JsonObject leaseGrant(long ttlSeconds) {
        return new JsonObject().put("TTL", Long.toString(ttlSeconds));
    }

    static JsonObject leaseId(long id) {
        return new JsonObject().put("ID", Long.toString(id));
    }

    static JsonObject watchCreate(String prefix, long startRevision) {
        return new JsonObject().put("create_request", new JsonObject()
                .put("key", b64(prefix))
                .put("range_end", b64(prefixEnd(prefix)))
                .put("start_revision", Long.toString(startRevision))
                .put("prev_kv", true));
    }

    static long headerRevision(JsonObject response) {
        JsonObject header = response.getJsonObject("header");
        return header == null ? 0 : int64(header, "revision");
    }

    static List<KeyValue> kvs(JsonObject response, String field) {
        JsonArray array = response.getJsonArray(field);
        if (array == null) {
            return List.of();
        }
        List<KeyValue> kvs = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            kvs.add(keyValue(array.getJsonObject(i)));
        }
        return kvs;
    }

    static KeyValue keyValue(JsonObject kv) {
        return new KeyValue(unb64(kv.getString("key", "")), unb64(kv.getString("value", "")),
                int64(kv, "create_revision"), int64(kv, "mod_revision"), int64(kv, "version"),
                int64(kv, "lease"));
    }

    static CreateResult createResult(JsonObject txn) {
        long revision = headerRevision(txn);
        if (txn.getBoolean("succeeded", false)) {
            return CreateResult.won(revision);
        }
        JsonArray responses = txn.getJsonArray("responses", new JsonArray());
        JsonObject range = responses.isEmpty() ? null : responses.getJsonObject(0).getJsonObject("response_range");
        List<KeyValue> existing = range == null ? List.of() : kvs(range, "kvs");
        if (existing.isEmpty()) {
            // The key existed at compare time, then was deleted by the same revision: impossible in
            // one txn, so this answer is malformed.
            throw new EtcdException("create-if-absent txn lost but returned no existing key: " + txn.encode(),
                    EtcdException.NO_CODE);
        }
        return CreateResult.lost(revision, existing.get(0));
    }

    /** One answer on the watch stream (the gateway wraps each in {@code result}). */
    static WatchResponse watchResponse(JsonObject result) {
        List<WatchEvent> events = new ArrayList<>();
        JsonArray array = result.getJsonArray("events");
        if (array != null) {
            for (int i = 0; i < array.size(); i++) {
                events.add(watchEvent(array.getJsonObject(i)));
            }
        }
        return new WatchResponse(headerRevision(result), result.getBoolean("created", false),
                result.getBoolean("canceled", false), int64(result, "compact_revision"),
                result.getString("cancel_reason", ""), events);
    }

    private static WatchEvent watchEvent(JsonObject event) {
        WatchEvent.Type type = "DELETE".equals(event.getString("type")) ? WatchEvent.Type.DELETE : WatchEvent.Type.PUT;
        JsonObject prev = event.getJsonObject("prev_kv");
        return new WatchEvent(type, keyValue(event.getJsonObject("kv")), prev == null ? null : keyValue(prev));
    }

    static long int64(JsonObject object, String field) {
        Object value = object.getValue(field);
        if (value == null) {
            return 0;
        }
        if (value instanceof Number number) {
            return number.longValue();
        }
        try {
            return Long.parseLong(value.toString());
        } catch (NumberFormatException e) {
            throw new EtcdException("etcd answered a non-integer " + field + ": \"" + value + "\"", EtcdException.NO_CODE);
        }
    }

    /**
     * The first key after every key that starts with {@code prefix}: the prefix with its last byte
     * below 0xff incremented (etcd's own rule). A prefix of only 0xff bytes means "to the end".
     */
    static byte[] prefixEnd(String prefix) {
        byte[] end = prefix.getBytes(StandardCharsets.UTF_8);
        for (int i = end.length - 1; i >= 0; i--) {
            if (end[i] != (byte) 0xff) {
                end[i]++;
                return Arrays.copyOf(end, i + 1);
            }
        }
        return new byte[] {0};
    }

    static String b64(String text) {
        return b64(text.getBytes(StandardCharsets.UTF_8));
    }

    static String b64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    static String unb64(String base64) {
        return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    }

    /** A parsed answer of the watch stream. */
    record WatchResponse(long revision, boolean created, boolean canceled, long compactRevision,
                         String cancelReason, List<WatchEvent> events) {
    }
}
