package io.dynod.supervisor.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class UnixAddressTest {

    @Test
    void pathAddressIsFamilyThenPathThenNul() {
        UnixAddress address = new UnixAddress("/run/systemd/notify");
        byte[] sockaddr = address.sockaddr();

        assertThat(ByteBuffer.wrap(sockaddr).order(ByteOrder.nativeOrder()).getShort()).isEqualTo((short) 1);
        assertThat(new String(sockaddr, 2, 19, StandardCharsets.UTF_8)).isEqualTo("/run/systemd/notify");
        assertThat(sockaddr[2 + 19]).isZero();
        assertThat(address.sockaddrLength()).isEqualTo(2 + 19 + 1);
        assertThat(address.isAbstract()).isFalse();
    }

    @Test
    void abstractNameStartsWithNulAndHasNoTrailingNulInItsLength() {
        UnixAddress address = new UnixAddress("@dynod/notify");
        byte[] sockaddr = address.sockaddr();

        assertThat(sockaddr[2]).isZero();
        assertThat(new String(Arrays.copyOfRange(sockaddr, 3, 2 + 13), StandardCharsets.UTF_8)).isEqualTo("dynod/notify");
        assertThat(address.sockaddrLength()).isEqualTo(2 + 13);
        assertThat(address.isAbstract()).isTrue();
    }

    @Test
    void refusesRelativeEmptyAndOtherFamilies() {
        for (String bad : new String[] {"notify.sock", "", "@", "vsock:2:1234"}) {
            assertThatThrownBy(() -> new UnixAddress(bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("\"" + bad + "\"")
                    .hasMessageContaining("absolute path or an @abstract name");
        }
    }

    @Test
    void refusesNamesLongerThanSunPath() {
        assertThat(new UnixAddress("/" + "a".repeat(106)).sockaddrLength()).isEqualTo(110);
        assertThatThrownBy(() -> new UnixAddress("/" + "a".repeat(107)))
                .hasMessageContaining("longer than 107 bytes");
        assertThat(new UnixAddress("@" + "a".repeat(107)).sockaddrLength()).isEqualTo(110);
        assertThatThrownBy(() -> new UnixAddress("@" + "a".repeat(108)))
                .hasMessageContaining("longer than 108 bytes");
    }
}
