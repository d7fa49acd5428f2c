package io.dynod.supervisor.control;

import io.dynod.protocol.model.App;
import io.dynod.protocol.model.Dyno;
import io.dynod.protocol.model.DynoSize;
import io.dynod.protocol.model.DynoState;
import io.dynod.protocol.model.Formation;
import io.dynod.protocol.model.IdleAfter;
import io.dynod.protocol.model.Release;
import io.dynod.protocol.model.ReleaseRef;
import io.dynod.protocol.model.ReleaseStatus;
import io.dynod.protocol.model.SlugRef;
import io.dynod.supervisor.dyno.DynoStatus;
import io.dynod.supervisor.dyno.OneOffDyno;
import io.dynod.supervisor.state.AppRecord;
import io.dynod.supervisor.state.ReleaseRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The agent's own records as the protocol's wire records. */
final class Wire {
    static final String DYNO_HOST = "127.0.0.1";

    private Wire() {
    }

    static App app(AppRecord r) {
        List<ReleaseRecord> releases = r.releases();
        ReleaseRef current = releases.isEmpty() ? null : new ReleaseRef(releases.get(releases.size() - 1).version());
        return new App(r.name(), r.idleAfter() == null ? null : IdleAfter.parse(r.idleAfter()), r.domains(), current,
                r.createdAt(), r.updatedAt());
    }

    static Release release(ReleaseRecord r, boolean current) {
        return new Release(r.version(), r.description(), ReleaseStatus.SUCCEEDED, current, new SlugRef(r.slugSha256(), null),
                r.processTypes(), r.createdAt(), r.createdAt());
    }

    static List<Release> releases(AppRecord app) {
        List<Release> out = new ArrayList<>();
        List<ReleaseRecord> all = app.releases();
        for (int i = 0; i < all.size(); i++) {
            out.add(release(all.get(i), i == all.size() - 1));
        }
        return out;
    }

    /** Every process type of the current release, plus any scaled type the release lacks. */
    static List<Formation> formation(AppRecord app) {
        Map<String, String> commands = commands(app);
        Map<String, AppRecord.ScaleRecord> lines = new TreeMap<>();
        commands.keySet().forEach(type -> lines.put(type, new AppRecord.ScaleRecord(0, DynoSize.DEFAULT.wireName())));
        lines.putAll(app.formation());
        List<Formation> out = new ArrayList<>();
        lines.forEach((type, scale) -> out.add(new Formation(type, scale.quantity(), DynoSize.parse(scale.size()),
                commands.get(type), app.updatedAt())));
        return out;
    }

    static Dyno dyno(AppRecord app, DynoStatus s) {
        String type = s.name().type();
        AppRecord.ScaleRecord scale = app.formation().get(type);
        DynoSize size = scale == null ? DynoSize.DEFAULT : DynoSize.parse(scale.size());
        Integer port = s.port().isPresent() ? s.port().getAsInt() : null;
        return new Dyno(s.name().toString(), type, DynoState.valueOf(s.state().name()), size,
                commandOf(app, s.release(), type), new ReleaseRef(Math.max(1, s.release())),
                port == null ? null : DYNO_HOST, port, s.since(), s.since());
    }

    /** A running one-off: {@code up} since it started, with its own command and size. */
    static Dyno oneOff(OneOffDyno o) {
        return new Dyno(o.name().toString(), o.name().type(), DynoState.UP, DynoSize.parse(o.size().name()), o.command(),
                new ReleaseRef(o.release()), null, null, o.startedAt(), o.startedAt());
    }

    static Map<String, String> commands(AppRecord app) {
        List<ReleaseRecord> releases = app.releases();
        return releases.isEmpty() ? Map.of() : releases.get(releases.size() - 1).processTypes();
    }

    private static String commandOf(AppRecord app, int version, String type) {
        for (ReleaseRecord r : app.releases()) {
            if (r.version() == version) {
                return r.processTypes().get(type);
            }
        }
        return commands(app).get(type);
    }
}
