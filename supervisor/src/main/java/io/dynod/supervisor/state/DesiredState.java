package io.dynod.supervisor.state;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The agent's desired state on disk: one file per app, {@code <dir>/<app>.json}, each written
 * atomically by {@link StateStore}. Loading all apps fails on the first damaged file, naming it,
 * rather than starting without that app.
 */
public final class DesiredState {
    private static final String SUFFIX = ".json";

    private final Path dir;
    private final StateStore store;

    public DesiredState(Path dir, StateStore store) {
        this.dir = dir;
        this.store = store;
    }

    public void save(AppRecord app) throws IOException {
        store.write(fileOf(app.name()), app);
    }

    public Optional<AppRecord> load(String app) throws IOException {
        Optional<AppRecord> record = store.read(fileOf(app), AppRecord.class);
        if (record.isPresent() && !record.get().name().equals(app)) {
            throw StateStore.corrupt(fileOf(app), "it holds app '" + record.get().name() + "'", null);
        }
        return record;
    }

    public SortedMap<String, AppRecord> loadAll() throws IOException {
        SortedMap<String, AppRecord> apps = new TreeMap<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (name.startsWith(".")) {
                    continue; // a temp file left by a crash mid-write
                }
                String app = name.substring(0, name.length() - SUFFIX.length());
                load(app).ifPresent(record -> apps.put(app, record));
            }
        } catch (NoSuchFileException e) {
            return apps;
        }
        return apps;
    }

    public void delete(String app) throws IOException {
        store.delete(fileOf(app));
    }

    private Path fileOf(String app) {
        return dir.resolve(AppRecord.requireValidName(app) + SUFFIX);
    }
}
