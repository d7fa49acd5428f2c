package io.dynod.supervisor.control;

import io.dynod.protocol.model.App;
import io.dynod.protocol.model.AppChanged;
import io.dynod.protocol.model.AppDestroyed;
import io.dynod.protocol.model.AppSettings;
import io.dynod.protocol.model.DynoCreate;
import io.dynod.protocol.model.EndpointChanged;
import io.dynod.protocol.model.Event;
import io.dynod.protocol.model.FormationBatch;
import io.dynod.protocol.model.FormationUpdate;
import io.dynod.protocol.model.InvalidInputException;
import io.dynod.protocol.model.ReleaseCreate;
import io.dynod.protocol.model.ReleaseRef;
import io.dynod.supervisor.dyno.DynoManager;
import io.dynod.supervisor.dyno.DynoState;
import io.dynod.supervisor.dyno.DynoStatus;
import io.dynod.supervisor.dyno.OneOffDyno;
import io.dynod.supervisor.logs.AppLog;
import io.dynod.supervisor.logs.AppLogs;
import io.dynod.supervisor.release.ConfigVars;
import io.dynod.supervisor.release.DynoSize;
import io.dynod.supervisor.release.Formation;
import io.dynod.supervisor.release.Procfile;
import io.dynod.supervisor.release.Release;
import io.dynod.supervisor.release.SlugRef;
import io.dynod.supervisor.slug.Slug;
import io.dynod.supervisor.slug.SlugException;
import io.dynod.supervisor.slug.SlugStore;
import io.dynod.supervisor.state.AppRecord;
import io.dynod.supervisor.state.DesiredState;
import io.dynod.supervisor.state.ReleaseRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutionException;
import java.util.function.UnaryOperator;

/**
 * What the agent API does, as blocking calls (run them off the event loop): apps and their
 * settings, releases, formation, config vars, dynos. Each change is checked completely, then
 * stored ({@link DesiredState}), then handed to the {@link DynoManager}, then announced on
 * {@link AgentEvents}; a refused change leaves everything as it was. Changes to one app are
 * one at a time ({@link AppLocks}: a second concurrent one is a {@link ConflictException}).
 */
public final class Apps {
    private final DesiredState desired;
    private final DynoManager manager;
    private final SlugStore slugs;
    private final AppLogs logs;
    private final AgentEvents events;
    private final InstantSource clock;
    private final SortedMap<String, AppRecord> records = new ConcurrentSkipListMap<>();
    private final AppLocks locks = new AppLocks();

    public Apps(DesiredState desired, DynoManager manager, SlugStore slugs, AppLogs logs, AgentEvents events,
                InstantSource clock) {
        this.desired = desired;
        this.manager = manager;
        this.slugs = slugs;
        this.logs = logs;
        this.events = events;
        this.clock = clock;
    }

    /** Reads the stored desired state: what {@link DynoManager#recover} starts from. */
    public SortedMap<String, AppRecord> load() throws IOException {
        records.putAll(desired.loadAll());
        return new java.util.TreeMap<>(records);
    }

    // ---- apps ----

    public List<App> list() {
        return records.values().stream().map(Wire::app).toList();
    }

    public App get(String app) {
        return Wire.app(require(app));
    }

    public App create(String app, AppSettings settings) throws IOException {
        try (AppLocks.Held held = locks.acquire(app)) {
            if (records.containsKey(app)) {
                throw new ConflictException("app " + app + " already exists");
            }
            Instant now = clock.instant();
            AppRecord record = new AppRecord(app, now, List.of(), Map.of(), idleAfter(settings, null),
                    settings.domains() == null ? List.of() : settings.domains(), now);
            store(record);
            return Wire.app(record);
        }
    }

    public App update(String app, AppSettings settings) throws IOException {
        return Wire.app(change(app, r -> new AppRecord(r.name(), r.createdAt(), r.releases(), r.formation(),
                idleAfter(settings, r.idleAfter()), settings.domains() == null ? r.domains() : settings.domains(),
                clock.instant())));
    }

    public App destroy(String app) throws IOException {
        try (AppLocks.Held held = locks.acquire(app)) {
            AppRecord record = require(app);
            await(manager.remove(app));
            desired.delete(app);
            records.remove(app);
            logs.remove(app);
            events.publish(new AppDestroyed(app));
            return Wire.app(record);
        }
    }

    // ---- releases ----

    public List<io.dynod.protocol.model.Release> releases(String app) {
        return Wire.releases(require(app));
    }

    /** A release from a slug: {@code uploaded} (a file the API wrote) or the body's path, URL or sha256. */
    public io.dynod.protocol.model.Release createRelease(String app, ReleaseCreate body, Path uploaded)
            throws IOException {
        AppRecord record = change(app, r -> {
            Slug slug = fetchSlug(body, uploaded);
            Map<String, String> types = body.processTypes() != null ? body.processTypes() : procfileOf(slug);
            Optional<Release> current = current(r);
            ConfigVars config = body.configVars() != null ? ConfigVars.of(body.configVars())
                    : current.map(Release::config).orElse(ConfigVars.empty());
            String why = body.description() != null ? body.description() : "Deploy " + slug.sha256().substring(0, 8);
            Release next = new Release(nextVersion(r), new SlugRef(slug.sha256()), config, types, clock.instant(), why);
            Formation formation = r.toFormation();
            if (current.isEmpty() && formation.scales().isEmpty() && types.containsKey("web")) {
                formation = formation.with("web", new Formation.Scale(1, DynoSize.DEFAULT)); // Heroku's first deploy
            }
            return withRelease(r, next, formation);
        });
        return currentWire(record);
    }

    public io.dynod.protocol.model.Release rollback(String app, int version) throws IOException {
        return currentWire(change(app, r -> {
            Release target = r.toReleases().stream().filter(rel -> rel.version() == version).findFirst()
                    .orElseThrow(() -> new NotFoundException("app " + app + " has no release v" + version));
            Release next = new Release(nextVersion(r), target.slug(), target.config(), target.processTypes(),
                    clock.instant(), "Rollback to v" + version);
            return withRelease(r, next, r.toFormation());
        }));
    }

    // ---- formation ----

    public List<io.dynod.protocol.model.Formation> formation(String app) {
        return Wire.formation(require(app));
    }

    public List<io.dynod.protocol.model.Formation> updateFormation(String app, FormationBatch batch) throws IOException {
        return Wire.formation(change(app, r -> {
            Release current = requireRelease(r);
            Formation formation = r.toFormation();
            for (FormationUpdate u : batch.updates()) {
                if (!current.processTypes().containsKey(u.type())) {
                    throw new InvalidInputException("no process type " + u.type() + " in release v" + current.version()
                            + " of " + app + " (types: " + String.join(", ", current.processTypes().keySet()) + ")");
                }
                int quantity = u.quantity() != null ? u.quantity() : formation.quantity(u.type());
                DynoSize size = u.size() != null ? DynoSize.named(u.size().wireName()) : formation.size(u.type());
                formation = formation.with(u.type(), new Formation.Scale(quantity, size));
            }
            return AppRecord.of(r.name(), r.createdAt(), r.toReleases(), formation, r.idleAfter(), r.domains(),
                    clock.instant());
        }));
    }

    // ---- config vars ----

    public Map<String, String> configVars(String app) {
        return current(require(app)).map(rel -> (Map<String, String>) rel.config().asMap()).orElse(Map.of());
    }

    public Map<String, String> updateConfigVars(String app, Map<String, String> patch) throws IOException {
        AppRecord record = change(app, r -> {
            Release current = requireRelease(r);
            Map<String, String> next = io.dynod.protocol.model.ConfigVars.applyPatch(current.config().asMap(), patch);
            String why = describe(patch);
            Release release = current.withConfig(ConfigVars.of(next), clock.instant(), why);
            return withRelease(r, release, r.toFormation());
        });
        return requireRelease(record).config().asMap();
    }

    // ---- dynos ----

    public List<io.dynod.protocol.model.Dyno> dynos(String app) {
        AppRecord record = require(app);
        List<io.dynod.protocol.model.Dyno> out = new ArrayList<>();
        await(manager.oneOffs(app)).forEach(o -> out.add(Wire.oneOff(o)));
        await(manager.ps(app)).forEach(s -> out.add(Wire.dyno(record, s)));
        return out;
    }

    /** {@code ps:restart}: every dyno, one type ({@code web}) or one dyno ({@code web.1}). */
    public void restart(String app, Optional<String> typeOrDyno) {
        try (AppLocks.Held held = locks.acquire(app)) {
            AppRecord record = require(app);
            if (typeOrDyno.isPresent()) {
                requireDynos(app, typeOrDyno.get());
            }
            if (current(record).isPresent()) {
                await(manager.restart(app, typeOrDyno));
            }
        }
    }

    /**
     * {@code ps:stop web.1}: the dyno stops; being part of the formation, it is started again (as on
     * Heroku). A running one-off ({@code run.N}, or {@code run} for all of them) stops for good.
     */
    public void stop(String app, String dyno) {
        require(app);
        List<OneOffDyno> oneOffs = await(manager.oneOffs(app)).stream()
                .filter(d -> d.name().toString().equals(dyno) || d.name().type().equals(dyno)).toList();
        if (oneOffs.isEmpty()) {
            restart(app, Optional.of(dyno));
        }
        oneOffs.forEach(manager::stopOneOff);
    }

    public OneOffDyno run(String app, DynoCreate create) {
        requireRelease(require(app));
        DynoSize size = create.size() == null ? DynoSize.DEFAULT : DynoSize.named(create.size().wireName());
        Map<String, String> env = ConfigVars.of(create.env() == null ? Map.of() : create.env()).asMap();
        return await(manager.startOneOff(app, create.command(), size, env));
    }

    /** Its client went away: SIGTERM, then SIGKILL after the grace time. Does not block. */
    public void stopOneOff(OneOffDyno dyno) {
        manager.stopOneOff(dyno);
    }

    public App wake(String app) {
        AppRecord record = require(app);
        if (current(record).isPresent()) {
            await(manager.wake(app));
        }
        return Wire.app(record);
    }

    /**
     * Stops every dyno of every app gracefully and returns once all have exited (so a host can go
     * down right after); answers how many were running.
     */
    public int drain() {
        int running = 0;
        for (String app : records.keySet()) {
            running += (int) await(manager.ps(app)).stream().filter(s -> s.state() != DynoState.DOWN).count();
        }
        await(manager.drain());
        return running;
    }

    public AppLog log(String app) {
        require(app);
        return logs.of(app);
    }

    /** The current state as events: an {@code app} event per app, an {@code endpoint} event per up web dyno. */
    public List<Event> snapshot() {
        List<Event> out = new ArrayList<>();
        for (AppRecord record : records.values()) {
            out.add(new AppChanged(Wire.app(record)));
        }
        for (String app : records.keySet()) {
            for (DynoStatus s : await(manager.ps(app))) {
                if (s.state() == DynoState.UP && s.port().isPresent()) {
                    out.add(new EndpointChanged(app, s.name().toString(), Wire.DYNO_HOST, s.port().getAsInt(), true,
                            new ReleaseRef(s.release())));
                }
            }
        }
        return out;
    }

    // ---- helpers ----

    /** An operation that reads the current record and returns the next one, or throws to refuse. */
    @FunctionalInterface
    private interface Change {
        AppRecord apply(AppRecord current) throws IOException;
    }

    private AppRecord change(String app, Change change) throws IOException {
        try (AppLocks.Held held = locks.acquire(app)) {
            AppRecord before = require(app);
            AppRecord after = change.apply(before);
            store(after);
            Optional<Release> release = current(after);
            if (release.isPresent()) {
                await(manager.apply(app, release.get(), after.toFormation()));
            }
            return after;
        }
    }

    private void store(AppRecord record) throws IOException {
        desired.save(record);
        records.put(record.name(), record);
        events.publish(new AppChanged(Wire.app(record)));
    }

    private AppRecord withRelease(AppRecord r, Release next, Formation formation) {
        List<Release> all = new ArrayList<>(r.toReleases());
        all.add(next);
        return AppRecord.of(r.name(), r.createdAt(), all, formation, r.idleAfter(), r.domains(), clock.instant());
    }

    private Slug fetchSlug(ReleaseCreate body, Path uploaded) throws SlugException {
        String location = uploaded != null ? uploaded.toString()
                : body.slugPath() != null ? body.slugPath() : body.slugUrl();
        if (location == null) {
            Path tree = slugs.treeFor(body.sha256());
            if (!Files.isDirectory(tree)) {
                throw new InvalidInputException("no slug with sha256 " + body.sha256()
                        + " on this agent: give slug_path or slug_url, or upload it");
            }
            return new Slug(body.sha256(), tree);
        }
        return body.sha256() != null ? slugs.fetch(location, body.sha256()) : slugs.fetch(location);
    }

    private static Map<String, String> procfileOf(Slug slug) {
        Path procfile = slug.root().resolve("Procfile");
        if (!Files.isRegularFile(procfile)) {
            throw new InvalidInputException("the slug has no Procfile and the release names no process_types");
        }
        return Procfile.parse("Procfile", readProcfile(procfile)).commands();
    }

    private static String readProcfile(Path procfile) {
        try {
            return Files.readString(procfile);
        } catch (IOException e) {
            throw new InvalidInputException("the slug's Procfile cannot be read: " + e.getMessage());
        }
    }

    /** Heroku's release descriptions: {@code Set A, B config vars}, {@code Remove C config vars}. */
    private static String describe(Map<String, String> patch) {
        List<String> set = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        patch.forEach((name, value) -> (value == null ? removed : set).add(name));
        List<String> parts = new ArrayList<>();
        if (!set.isEmpty()) {
            parts.add("Set " + String.join(", ", set));
        }
        if (!removed.isEmpty()) {
            parts.add((set.isEmpty() ? "Remove " : "remove ") + String.join(", ", removed));
        }
        return String.join("; ", parts) + " config vars";
    }

    private static String idleAfter(AppSettings settings, String current) {
        return settings.idleAfter() == null ? current : settings.idleAfter().toString();
    }

    private static int nextVersion(AppRecord r) {
        List<ReleaseRecord> all = r.releases();
        return all.isEmpty() ? 1 : all.get(all.size() - 1).version() + 1;
    }

    private static Optional<Release> current(AppRecord r) {
        List<ReleaseRecord> all = r.releases();
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1).toRelease());
    }

    private static Release requireRelease(AppRecord r) {
        return current(r).orElseThrow(() -> new InvalidInputException("app " + r.name()
                + " has no release yet: deploy a slug first"));
    }

    private static io.dynod.protocol.model.Release currentWire(AppRecord r) {
        List<io.dynod.protocol.model.Release> all = Wire.releases(r);
        return all.get(all.size() - 1);
    }

    private AppRecord require(String app) {
        AppRecord record = records.get(app);
        if (record == null) {
            throw new NotFoundException("no app named " + app + " on this agent");
        }
        return record;
    }

    private void requireDynos(String app, String typeOrDyno) {
        boolean found = await(manager.ps(app)).stream()
                .anyMatch(s -> s.name().toString().equals(typeOrDyno) || s.name().type().equals(typeOrDyno));
        if (!found) {
            throw new NotFoundException("app " + app + " has no dyno " + typeOrDyno);
        }
    }

    static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
