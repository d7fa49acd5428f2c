package io.dynod.supervisor.launch;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynod.supervisor.cgroup.MountInfo;
import io.dynod.supervisor.linux.IdmappedMount;
import io.dynod.supervisor.testsupport.HostRequirement;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Idmapped slug views on the real kernel: mounted once per slug and uid, and none outlives the agents. */
class SlugViewsIT {
    private static final int UID = 61_000;

    @TempDir
    Path dir;

    private List<String> mountedUnder(Path root) {
        return MountInfo.ofSelf().mountPoints().stream().filter(m -> m.startsWith(root + "/")).toList();
    }

    @AfterEach
    void unmountWhatATestLeft() throws Exception {
        for (String m : mountedUnder(dir)) {
            IdmappedMount.unmount(Path.of(m));
        }
    }

    @Test
    void theViewsAKilledAgentLeftMountedAreUnmountedByTheNextOne() throws Exception {
        HostRequirement.require("root".equals(System.getProperty("user.name")), "root");
        Path slug = Files.createDirectories(dir.resolve("slug"));
        Files.writeString(slug.resolve("Procfile"), "web: ./serve\n");
        Path viewsDir = dir.resolve("views");

        SlugViews killed = new SlugViews(viewsDir);
        Path view = killed.lowerDir(slug, UID);
        HostRequirement.require(!view.equals(slug), "idmapped mounts");
        assertThat(killed.lowerDir(slug, UID)).as("one view per slug and uid").isEqualTo(view);
        assertThat(mountedUnder(viewsDir)).containsExactly(view.toString());
        assertThat(Files.getOwner(view.resolve("Procfile")).getName()).isNotEqualTo("root");
        // the agent is killed: nothing releases its views

        SlugViews next = new SlugViews(viewsDir);
        next.unmountLeftovers();
        assertThat(mountedUnder(viewsDir)).isEmpty();
        assertThat(view).doesNotExist();

        assertThat(next.lowerDir(slug, UID)).as("a launch mounts the view again").isEqualTo(view);
        assertThat(mountedUnder(viewsDir)).containsExactly(view.toString());
        next.releaseAll();
        assertThat(mountedUnder(viewsDir)).isEmpty();
    }
}
