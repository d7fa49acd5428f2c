package io.dynod.supervisor.logs;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One app's recent log: a ring of the last lines (1,500 by default, as logplex keeps) and the
 * live subscribers ({@code logs --tail}). Appending never waits for a subscriber: each has its
 * own bounded buffer, and a slow one loses lines and is told how many ({@link LogEvent.Lost}).
 */
public final class AppLog {
    public static final int DEFAULT_CAPACITY = 1500;

    private final int capacity;
    private final ArrayDeque<LogLine> ring;
    private final List<LogSubscription> subscribers = new CopyOnWriteArrayList<>();

    public AppLog() {
        this(DEFAULT_CAPACITY);
    }

    public AppLog(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("log capacity must be at least 1, got " + capacity);
        }
        this.capacity = capacity;
        this.ring = new ArrayDeque<>(capacity);
    }

    public void append(LogLine line) {
        synchronized (ring) {
            if (ring.size() == capacity) {
                ring.removeFirst();
            }
            ring.addLast(line);
            // under the ring's lock so a new tail sees each line exactly once: in its backlog or live
            for (LogSubscription s : subscribers) {
                s.offer(line);
            }
        }
    }

    /** The last {@code n} lines that match, oldest first. */
    public List<LogLine> recent(int n, LogFilter filter) {
        synchronized (ring) {
            return lastMatching(n, filter);
        }
    }

    /**
     * Follows the log: the subscription first holds the last {@code backlog} matching lines, then
     * every new matching line, buffering at most {@code bufferLines} undelivered lines.
     */
    public LogSubscription tail(LogFilter filter, int backlog, int bufferLines) {
        synchronized (ring) {
            LogSubscription s = new LogSubscription(filter, bufferLines, lastMatching(backlog, filter), subscribers::remove);
            subscribers.add(s);
            return s;
        }
    }

    public int subscriberCount() {
        return subscribers.size();
    }

    private List<LogLine> lastMatching(int n, LogFilter filter) {
        ArrayList<LogLine> out = new ArrayList<>(Math.min(n, ring.size()));
        Iterator<LogLine> newestFirst = ring.descendingIterator();
        while (out.size() < n && newestFirst.hasNext()) {
            LogLine line = newestFirst.next();
            if (filter.matches(line)) {
                out.add(line);
            }
        }
        Collections.reverse(out);
        return out;
    }
}
