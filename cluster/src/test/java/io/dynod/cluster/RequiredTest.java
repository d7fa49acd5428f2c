package io.dynod.cluster;

import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RequiredTest {

    @Test
    void aMissingToolSkipsOnALaptopButFailsInCi() {
        assertThatThrownBy(() -> Required.check(false, "etcd is not on PATH", false))
                .isInstanceOf(TestAbortedException.class);
        assertThatThrownBy(() -> Required.check(false, "etcd is not on PATH", true))
                .isInstanceOf(AssertionError.class).hasMessageContaining("CI must run these tests");
        assertThatCode(() -> Required.check(true, "unused", true)).doesNotThrowAnyException();
    }

    @Test
    void findsAToolOnThePath() {
        assertThatCode(() -> Required.onPath("sh", "it is always there")).doesNotThrowAnyException();
        assertThatThrownBy(() -> Required.onPath("dynod-no-such-tool", "none"))
                .isInstanceOfAny(TestAbortedException.class, AssertionError.class)
                .hasMessageContaining("dynod-no-such-tool is not on PATH");
    }
}
