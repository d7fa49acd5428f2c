package io.dynod.supervisor.control;

import io.dynod.protocol.model.DynoStateChanged;
import io.dynod.protocol.model.EndpointChanged;
import io.dynod.protocol.model.Event;
import io.dynod.protocol.model.ReleaseRef;
import io.dynod.supervisor.dyno.DynoChange;
import io.dynod.supervisor.dyno.DynoState;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's event feed ({@code GET /v1/events}): app changes and dyno state and endpoint
 * changes, handed to every subscriber in the order they are published. Subscribers must not
 * block (they hand the event to their connection's event loop).
 */
public final class AgentEvents {
    private static final Logger LOG = LoggerFactory.getLogger(AgentEvents.class);

    private final List<Consumer<Event>> subscribers = new CopyOnWriteArrayList<>();

    public Runnable subscribe(Consumer<Event> subscriber) {
        subscribers.add(subscriber);
        return () -> subscribers.remove(subscriber);
    }

    public void publish(Event event) {
        for (Consumer<Event> s : subscribers) {
            try {
                s.accept(event);
            } catch (RuntimeException e) {
                LOG.warn("an event subscriber failed: {}", e.toString());
            }
        }
    }

    /** A dyno's state change, and for a web dyno entering or leaving {@code up}, its endpoint. */
    public void publish(DynoChange change) {
        String app = change.app();
        String dyno = change.dyno().toString();
        ReleaseRef release = new ReleaseRef(Math.max(1, change.release()));
        publish(new DynoStateChanged(app, dyno, wire(change.from()), wire(change.to()), release, change.at()));
        boolean upNow = change.to() == DynoState.UP;
        if (change.port().isPresent() && (upNow || change.from() == DynoState.UP)) {
            publish(new EndpointChanged(app, dyno, Wire.DYNO_HOST, change.port().getAsInt(), upNow, release));
        }
    }

    private static io.dynod.protocol.model.DynoState wire(DynoState state) {
        return io.dynod.protocol.model.DynoState.valueOf(state.name());
    }

    public int subscriberCount() {
        return subscribers.size();
    }
}
