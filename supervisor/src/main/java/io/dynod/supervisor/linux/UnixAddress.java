package io.dynod.supervisor.linux;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * An AF_UNIX socket address as systemd writes it in {@code NOTIFY_SOCKET}: an absolute path, or
 * {@code @name} for a name in the Linux abstract namespace (the {@code @} becomes a NUL byte).
 */
public record UnixAddress(String name) {

    /** sizeof(sun_path) in struct sockaddr_un on Linux. */
    private static final int SUN_PATH_SIZE = 108;
    /** sizeof(sa_family_t), the field before sun_path. */
    private static final int FAMILY_SIZE = 2;

    public UnixAddress {
        if (name == null || !(name.startsWith("/") || name.startsWith("@")) || name.length() < 2) {
            throw new IllegalArgumentException(
                    "unix socket address \"" + name + "\": expected an absolute path or an @abstract name");
        }
        if (nameBytes(name).length > maxNameBytes(name)) {
            throw new IllegalArgumentException("unix socket address \"" + name + "\": longer than "
                    + maxNameBytes(name) + " bytes, the limit of sockaddr_un");
        }
    }

    public boolean isAbstract() {
        return name.startsWith("@");
    }

    /** struct sockaddr_un, sized to {@link #sockaddrLength()} bytes of meaning. */
    byte[] sockaddr() {
        ByteBuffer address = ByteBuffer.allocate(FAMILY_SIZE + SUN_PATH_SIZE).order(ByteOrder.nativeOrder());
        address.putShort((short) UnixDatagram.AF_UNIX);
        byte[] bytes = nameBytes(name);
        if (isAbstract()) {
            bytes[0] = 0;
        }
        address.put(bytes);
        return address.array();
    }

    /**
     * The address length to pass to bind/sendto. An abstract name is exactly its bytes (trailing
     * NULs would be part of the name); a path includes its terminating NUL.
     */
    int sockaddrLength() {
        int length = FAMILY_SIZE + nameBytes(name).length;
        return isAbstract() ? length : length + 1;
    }

    private static int maxNameBytes(String name) {
        return name.startsWith("@") ? SUN_PATH_SIZE : SUN_PATH_SIZE - 1;
    }

    private static byte[] nameBytes(String name) {
        return name.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return name;
    }
}
