package io.dynod.supervisor.state;

import io.dynod.supervisor.dyno.DynoName;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Per-dyno runtime state: {@code <run>/<app>/<dyno>.json} holding a {@link DynoRecord}, written
 * atomically, plus the conventional places for the dyno's log and exit-status files next to it.
 */
public final class RunDir {
    private static final String SUFFIX = ".json";

    private final Path root;
    private final StateStore store;

    public RunDir(Path root, StateStore store) {
        this.root = root;
        this.store = store;
    }

    public Path appDir(String app) {
        return root.resolve(AppRecord.requireValidName(app));
    }

    public Path logFile(String app, DynoName dyno) {
        return appDir(app).resolve(dyno + ".log");
    }

    /** One exit-status file per launch, so a replacement never reads its predecessor's status. */
    public Path exitStatusFile(String app, DynoName dyno, long launch) {
        return appDir(app).resolve(dyno + "." + launch + ".exit");
    }

    public void save(DynoRecord record) throws IOException {
        store.write(fileOf(record.app(), record.dynoName()), record);
    }

    public void delete(String app, DynoName dyno) throws IOException {
        store.delete(fileOf(app, dyno));
    }

    /** Every dyno record of every app, ordered by app then dyno; a damaged file is an error naming it. */
    public List<DynoRecord> loadAll() throws IOException {
        List<DynoRecord> records = new ArrayList<>();
        List<Path> appDirs = new ArrayList<>();
        try (DirectoryStream<Path> apps = Files.newDirectoryStream(root, Files::isDirectory)) {
            apps.forEach(appDirs::add);
        } catch (NoSuchFileException e) {
            return records;
        }
        for (Path appDir : appDirs) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(appDir, "*" + SUFFIX)) {
                for (Path file : files) {
                    if (!file.getFileName().toString().startsWith(".")) {
                        records.add(readChecked(appDir, file));
                    }
                }
            }
        }
        records.sort(Comparator.comparing(DynoRecord::app).thenComparing(DynoRecord::dynoName));
        return records;
    }

    private DynoRecord readChecked(Path appDir, Path file) throws IOException {
        DynoRecord record = store.read(file, DynoRecord.class)
                .orElseThrow(() -> new NoSuchFileException(file.toString()));
        String appOfDir = appDir.getFileName().toString();
        if (!record.app().equals(appOfDir) || !file.equals(fileOf(appOfDir, record.dynoName()))) {
            throw StateStore.corrupt(file, "it describes " + record.app() + "/" + record.dyno(), null);
        }
        return record;
    }

    private Path fileOf(String app, DynoName dyno) {
        return appDir(app).resolve(dyno + SUFFIX);
    }
}
