package io.dynod.cluster;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EtcdJsonTest {

    @Test
    void prefixEndIsThePrefixWithItsLastByteIncremented() {
        assertThat(EtcdJson.prefixEnd("/dynod/v1/")).isEqualTo("/dynod/v10".getBytes(StandardCharsets.UTF_8));
        assertThat(EtcdJson.prefixEnd("a")).isEqualTo(new byte[] {'b'});
        // "é" is C3 A9 in UTF-8: the increment works on bytes, not characters.
        assertThat(EtcdJson.prefixEnd("é")).isEqualTo(new byte[] {(byte) 0xC3, (byte) 0xAA});
    }

    @Test
    void prefixEndDropsTrailingFfBytes() {
        String prefix = new String(new byte[] {'a', (byte) 0xff}, StandardCharsets.ISO_8859_1);
        byte[] asUtf8 = prefix.getBytes(StandardCharsets.UTF_8);
        assertThat(asUtf8).containsExactly('a', (byte) 0xC3, (byte) 0xBF);
        assertThat(EtcdJson.prefixEnd(prefix)).isEqualTo(new byte[] {'a', (byte) 0xC3, (byte) 0xC0});
        assertThat(EtcdJson.prefixEnd("")).isEqualTo(new byte[] {0});
    }

    @Test
    void requestsCarryBase64KeysAndInt64sAsStrings() {
        JsonObject put = EtcdJson.put("/k", "v ✓", 0x10);
        assertThat(put.getString("key")).isEqualTo(b64("/k"));
        assertThat(put.getString("value")).isEqualTo(b64("v ✓"));
        assertThat(put.getString("lease")).isEqualTo("16");
        assertThat(EtcdJson.put("/k", "v", 0).containsKey("lease")).isFalse();

        JsonObject txn = EtcdJson.createIfAbsent("/w", "me", 0);
        JsonObject compare = txn.getJsonArray("compare").getJsonObject(0);
        assertThat(compare.getString("target")).isEqualTo("CREATE");
        assertThat(compare.getString("result")).isEqualTo("EQUAL");
        assertThat(compare.getString("create_revision")).isEqualTo("0");
        assertThat(txn.getJsonArray("success").getJsonObject(0).getJsonObject("request_put").getString("key"))
                .isEqualTo(b64("/w"));

        JsonObject watch = EtcdJson.watchCreate("/p/", 42).getJsonObject("create_request");
        assertThat(watch.getString("start_revision")).isEqualTo("42");
        assertThat(watch.getBoolean("prev_kv")).isTrue();
        assertThat(watch.getString("range_end")).isEqualTo(b64("/p0"));
    }

    /** Answers below are as etcd 3.4.23's gateway sent them (fields at default values left out). */
    @Test
    void readsWatchEventsWithDefaultsLeftOut() {
        JsonObject answer = new JsonObject("""
                {"header":{"cluster_id":"1","member_id":"2","revision":"9","raft_term":"2"},
                 "events":[
                   {"kv":{"key":"L2EvMQ==","create_revision":"2","mod_revision":"8","version":"2","value":"aGVsbG8="},
                    "prev_kv":{"key":"L2EvMQ==","create_revision":"2","mod_revision":"2","version":"1","value":"aGk="}},
                   {"type":"DELETE","kv":{"key":"L2EvMg==","mod_revision":"9"}}]}""");

        EtcdJson.WatchResponse response = EtcdJson.watchResponse(answer);

        assertThat(response.revision()).isEqualTo(9);
        assertThat(response.created()).isFalse();
        assertThat(response.canceled()).isFalse();
        WatchEvent put = response.events().get(0);
        assertThat(put.type()).isEqualTo(WatchEvent.Type.PUT);
        assertThat(put.kv()).isEqualTo(new KeyValue("/a/1", "hello", 2, 8, 2, 0));
        assertThat(put.previous().map(KeyValue::value)).contains("hi");
        WatchEvent delete = response.events().get(1);
        assertThat(delete.type()).isEqualTo(WatchEvent.Type.DELETE);
        assertThat(delete.key()).isEqualTo("/a/2");
        assertThat(delete.revision()).isEqualTo(9);
        assertThat(delete.kv().value()).isEmpty();
        assertThat(delete.previous()).isEmpty();
    }

    @Test
    void readsACompactedWatch() {
        EtcdJson.WatchResponse response = EtcdJson.watchResponse(new JsonObject(
                "{\"header\":{\"raft_term\":\"2\"},\"canceled\":true,\"compact_revision\":\"3\"}"));
        assertThat(response.canceled()).isTrue();
        assertThat(response.compactRevision()).isEqualTo(3);
        assertThat(response.events()).isEmpty();
    }

    @Test
    void readsBothOutcomesOfCreateIfAbsent() {
        assertThat(EtcdJson.createResult(new JsonObject(
                "{\"header\":{\"revision\":\"5\"},\"succeeded\":true,\"responses\":[{\"response_put\":{}}]}")))
                .isEqualTo(CreateResult.won(5));

        CreateResult lost = EtcdJson.createResult(new JsonObject("""
                {"header":{"revision":"3"},"responses":[{"response_range":{"header":{"revision":"3"},
                 "kvs":[{"key":"L2EvMQ==","create_revision":"2","mod_revision":"3","version":"2","value":"aGVsbG8="}],
                 "count":"1"}}]}"""));
        assertThat(lost.created()).isFalse();
        assertThat(lost.existing().map(KeyValue::value)).contains("hello");
    }

    @Test
    void namesAnInt64ThatIsNotANumber() {
        assertThatThrownBy(() -> EtcdJson.int64(new JsonObject().put("revision", "x1"), "revision"))
                .isInstanceOf(EtcdException.class).hasMessageContaining("non-integer revision: \"x1\"");
    }

    private static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
