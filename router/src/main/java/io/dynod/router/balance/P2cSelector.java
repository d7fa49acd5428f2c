package io.dynod.router.balance;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Power of two choices on in-flight requests: among the app's up, unquarantined dynos not yet
 * tried for this request, take two at random and keep the one with fewer requests in flight.
 * A slow dyno accumulates in-flight requests and so loses most draws.
 */
public final class P2cSelector {

    private P2cSelector() {}

    /**
     * @param tried bit i set means endpoint i was already tried for this request
     * @return the index of the chosen endpoint in {@code endpoints}, or -1 if none is eligible
     */
    public static int select(LiveEndpoint[] endpoints, long tried, long nowNanos) {
        int eligible = 0;
        for (int i = 0; i < endpoints.length; i++) {
            if (isEligible(endpoints, i, tried, nowNanos)) {
                eligible++;
            }
        }
        if (eligible == 0) {
            return -1;
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int a = nthEligible(endpoints, random.nextInt(eligible), tried, nowNanos);
        if (eligible == 1) {
            return a;
        }
        int second = random.nextInt(eligible - 1);
        int b = nthEligible(endpoints, second, tried | bit(a), nowNanos);
        return endpoints[b].inFlight() < endpoints[a].inFlight() ? b : a;
    }

    /** Whether any up endpoint exists that is only unavailable because of quarantine. */
    public static boolean allQuarantined(LiveEndpoint[] endpoints, long nowNanos) {
        boolean any = false;
        for (LiveEndpoint e : endpoints) {
            if (e.isUp()) {
                if (!e.isQuarantined(nowNanos)) {
                    return false;
                }
                any = true;
            }
        }
        return any;
    }

    public static long bit(int index) {
        return index < 64 ? 1L << index : 0L;
    }

    private static boolean isEligible(LiveEndpoint[] endpoints, int i, long tried, long nowNanos) {
        LiveEndpoint e = endpoints[i];
        return e.isUp() && (tried & bit(i)) == 0 && !e.isQuarantined(nowNanos);
    }

    private static int nthEligible(LiveEndpoint[] endpoints, int n, long tried, long nowNanos) {
        for (int i = 0; i < endpoints.length; i++) {
            if (isEligible(endpoints, i, tried, nowNanos) && n-- == 0) {
                return i;
            }
        }
        throw new IllegalStateException("eligible endpoints changed during selection");
    }
}
