package io.dynod.cluster;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class GatewayErrorsTest {

    @Test
    void etcdsOwnRefusalKeepsItsCodeAndIsFinal() {
        EtcdException error = GatewayErrors.httpError("put /k", "http://e:1", 404, Buffer.buffer(
                "{\"error\":\"etcdserver: requested lease not found\",\"message\":\"etcdserver: requested lease not found\",\"code\":5}"));

        assertThat(error).isExactlyInstanceOf(EtcdException.class)
                .hasMessage("put /k failed at http://e:1: etcdserver: requested lease not found (gRPC code 5)");
        assertThat(error.grpcCode()).isEqualTo(5);
        assertThat(GatewayErrors.isRefusal(error)).isTrue();
    }

    @Test
    void noLeaderOrTimeoutMeansTryAnotherMember() {
        EtcdException noLeader = GatewayErrors.httpError("put /k", "http://e:1", 503, Buffer.buffer(
                new JsonObject().put("error", "etcdserver: no leader").put("message", "etcdserver: no leader")
                        .put("code", 14).encode()));
        assertThat(noLeader).isInstanceOf(EtcdUnavailableException.class);
        assertThat(GatewayErrors.isRefusal(noLeader)).isFalse();
        assertThat(GatewayErrors.isRefusal(new ConnectException("refused"))).isFalse();
    }

    @Test
    void aStreamErrorObjectIsRead() {
        EtcdException error = GatewayErrors.streamError("watch /p/", "http://e:1", new JsonObject()
                .put("error", new JsonObject().put("grpc_code", 14).put("message", "transport is closing")));
        assertThat(error).isInstanceOf(EtcdUnavailableException.class).hasMessageContaining("transport is closing");
    }

    @Test
    void aNonEtcdServerIsNamed() {
        EtcdException error = GatewayErrors.httpError("get /k", "http://e:1", 404, Buffer.buffer("404 page not found\n"));
        assertThat(error).hasMessage("get /k failed at http://e:1: HTTP 404 404 page not found "
                + "(is this an etcd of version 3.4 or later serving /v3/?)");
    }

    @Test
    void noAnswerListsTheMembersTried() {
        EtcdUnavailableException error = GatewayErrors.noMemberAnswered("get /k", List.of("http://a:1", "http://b:1"),
                new ConnectException("Connection refused"));
        assertThat(error).hasMessage("get /k: no etcd member answered (tried http://a:1, http://b:1): Connection refused");
    }
}
