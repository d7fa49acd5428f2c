package io.dynod.router.frontend;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * X-Request-Id rules (heroku-runtime.md §3.6): a client's value is kept when it is 20–200
 * characters of {@code [A-Za-z0-9+/=-]}, otherwise the router makes one up. Generated ids are
 * random UUIDs from {@link ThreadLocalRandom}: unique enough for tracing, and without the
 * SecureRandom cost of {@link UUID#randomUUID()}.
 */
final class RequestIds {

    private RequestIds() {}

    static boolean isAcceptable(CharSequence id) {
        if (id == null) {
            return false;
        }
        int n = id.length();
        if (n < 20 || n > 200) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = id.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '+' || c == '/' || c == '=' || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    static String generate() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        long msb = (r.nextLong() & ~0xf000L) | 0x4000L;
        long lsb = (r.nextLong() & 0x3fffffffffffffffL) | 0x8000000000000000L;
        return new UUID(msb, lsb).toString();
    }
}
