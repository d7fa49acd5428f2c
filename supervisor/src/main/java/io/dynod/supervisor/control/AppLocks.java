package io.dynod.supervisor.control;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One change at a time per app. A second change while one is in progress (a slug still
 * downloading, say) is refused with a {@link ConflictException} rather than queued, so a client
 * never has its change applied on top of a state it did not see.
 */
final class AppLocks {
    private final ConcurrentHashMap<String, ReentrantLock> locks = new ConcurrentHashMap<>();

    /** Holds the app's lock until the returned handle is closed. */
    Held acquire(String app) {
        ReentrantLock lock = locks.computeIfAbsent(app, a -> new ReentrantLock());
        if (!lock.tryLock()) {
            throw new ConflictException("another change to app " + app + " is in progress; try again when it is done");
        }
        return lock::unlock;
    }

    interface Held extends AutoCloseable {
        @Override
        void close();
    }
}
