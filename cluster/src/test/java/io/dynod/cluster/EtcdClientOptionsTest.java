package io.dynod.cluster;

import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EtcdClientOptionsTest {

    @Test
    void parsesTheEtcdFlag() {
        EtcdClientOptions options = EtcdClientOptions.parse("http://127.0.0.1:2379, http://10.0.0.2:23791/,http://etcd-3");

        assertThat(options.endpoints()).containsExactly(URI.create("http://127.0.0.1:2379"),
                URI.create("http://10.0.0.2:23791"), URI.create("http://etcd-3:2379"));
        assertThat(options.requestTimeout()).isEqualTo(EtcdClientOptions.DEFAULT_REQUEST_TIMEOUT);
        assertThat(options.rangePageSize()).isEqualTo(EtcdClientOptions.DEFAULT_RANGE_PAGE_SIZE);
    }

    @Test
    void keepsIpv6Brackets() {
        assertThat(EtcdClientOptions.parse("http://[::1]:2379").endpoints()).containsExactly(URI.create("http://[::1]:2379"));
    }

    @Test
    void refusesWhatIsNotAPlainHttpEndpoint() {
        assertThatThrownBy(() -> EtcdClientOptions.parse("https://etcd:2379"))
                .hasMessage("etcd endpoint \"https://etcd:2379\" must start with http:// (TLS to etcd is not supported yet)");
        assertThatThrownBy(() -> EtcdClientOptions.parse("127.0.0.1:2379")).hasMessageContaining("must start with http://");
        assertThatThrownBy(() -> EtcdClientOptions.parse("http://etcd:2379/v3")).hasMessageContaining("no path");
        assertThatThrownBy(() -> EtcdClientOptions.parse("http://a:2379,,http://b:2379")).hasMessageContaining("empty etcd endpoint");
        assertThatThrownBy(() -> EtcdClientOptions.parse("http://bad host")).hasMessageContaining("is not a URL");
    }

    @Test
    void refusesNonsenseLimits() {
        EtcdClientOptions options = EtcdClientOptions.parse("http://127.0.0.1:2379");
        assertThatThrownBy(() -> options.withRequestTimeout(java.time.Duration.ZERO)).hasMessageContaining("requestTimeout");
        assertThatThrownBy(() -> options.withRangePageSize(0)).hasMessageContaining("rangePageSize");
    }
}
