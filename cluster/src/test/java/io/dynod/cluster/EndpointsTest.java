package io.dynod.cluster;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class EndpointsTest {

    private final Endpoints endpoints = new Endpoints(List.of(URI.create("http://a:1"), URI.create("http://b:1"),
            URI.create("http://c:1")));

    @Test
    void aFailedMemberHandsItsPlaceToTheNext() {
        assertThat(endpoints.inOrder()).containsExactly("http://a:1", "http://b:1", "http://c:1");

        endpoints.failed("http://a:1");
        assertThat(endpoints.inOrder()).containsExactly("http://b:1", "http://c:1", "http://a:1");

        endpoints.failed("http://c:1");
        assertThat(endpoints.inOrder()).as("a member that is not preferred changes nothing")
                .containsExactly("http://b:1", "http://c:1", "http://a:1");

        endpoints.failed("http://b:1");
        endpoints.failed("http://c:1");
        assertThat(endpoints.inOrder()).containsExactly("http://a:1", "http://b:1", "http://c:1");
    }
}
