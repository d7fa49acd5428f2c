package io.dynod.supervisor.logs;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * A live follower of an {@link AppLog}. The log offers lines without ever waiting; when this
 * subscriber's buffer is full the lines are dropped and counted, and the count is delivered as a
 * {@link LogEvent.Lost} exactly where the gap is.
 */
public final class LogSubscription implements AutoCloseable {
    private final LogFilter filter;
    private final int bufferLines;
    private final Consumer<LogSubscription> onClose;
    private final ArrayDeque<LogEvent> queue = new ArrayDeque<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition available = lock.newCondition();
    private long lineCount;
    private long droppedPending;
    private boolean closed;

    LogSubscription(LogFilter filter, int bufferLines, List<LogLine> backlog, Consumer<LogSubscription> onClose) {
        if (bufferLines < 1) {
            throw new IllegalArgumentException("subscriber buffer must hold at least 1 line, got " + bufferLines);
        }
        this.filter = filter;
        this.bufferLines = bufferLines;
        this.onClose = onClose;
        for (LogLine line : backlog) {
            queue.addLast(new LogEvent.Line(line));
        }
        lineCount = backlog.size();
    }

    void offer(LogLine line) {
        if (!filter.matches(line)) {
            return;
        }
        lock.lock();
        try {
            if (closed) {
                return;
            }
            if (lineCount >= bufferLines) {
                droppedPending++;
                return;
            }
            if (droppedPending > 0) {
                queue.addLast(new LogEvent.Lost(droppedPending));
                droppedPending = 0;
            }
            queue.addLast(new LogEvent.Line(line));
            lineCount++;
            available.signal();
        } finally {
            lock.unlock();
        }
    }

    /** The next event if one is ready. */
    public Optional<LogEvent> poll() {
        lock.lock();
        try {
            return Optional.ofNullable(next());
        } finally {
            lock.unlock();
        }
    }

    /** The next event, waiting up to {@code timeout}; empty on timeout or once closed and drained. */
    public Optional<LogEvent> poll(Duration timeout) throws InterruptedException {
        long nanos = timeout.toNanos();
        lock.lock();
        try {
            LogEvent event;
            while ((event = next()) == null && !closed) {
                if (nanos <= 0) {
                    return Optional.empty();
                }
                nanos = available.awaitNanos(nanos);
            }
            return Optional.ofNullable(event);
        } finally {
            lock.unlock();
        }
    }

    private LogEvent next() {
        LogEvent event = queue.pollFirst();
        if (event == null && droppedPending > 0) {
            event = new LogEvent.Lost(droppedPending);
            droppedPending = 0;
        }
        if (event instanceof LogEvent.Line) {
            lineCount--;
        }
        return event;
    }

    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            available.signalAll();
        } finally {
            lock.unlock();
        }
        onClose.accept(this);
    }
}
