package io.dynod.supervisor.cgroup;

import static io.dynod.supervisor.cgroup.Fixtures.read;
import static io.dynod.supervisor.cgroup.Fixtures.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 8's layout on a pure v2 host with a delegated unit cgroup, against a fake cgroupfs in a temp dir. */
class AgentCgroupTest {
    private static final String UNIT = "system.slice/dynod-agent.service";
    private static final CgroupLimits LIMITS = new CgroupLimits(64L << 20, 100, 20);

    @TempDir
    Path root;

    private Path unit;

    @BeforeEach
    void fakeHost() {
        Fixtures.fakeCgroup2(root, "cpuset cpu io memory hugetlb pids rdma misc");
        unit = root.resolve(UNIT);
        write(unit.resolve("cgroup.controllers"), "cpu io memory pids");
        write(unit.resolve("cgroup.subtree_control"), "");
        write(unit.resolve("cgroup.procs"), "4242\n");
    }

    private CgroupDriver detect(String procSelfCgroup) {
        return CgroupDrivers.detect(Fixtures.mountinfoUnder("v2", root), "dynod", new AgentCgroup(true, procSelfCgroup));
    }

    @Test
    void theAgentMovesIntoAgentEnablesControllersOnItsUnitAndPutsDynosBesideIt() {
        CgroupDriver driver = detect("0::/" + UNIT + "\n");

        assertThat(read(unit.resolve("agent/cgroup.procs"))).as("the JVM moved").isEqualTo("4242");
        assertThat(read(unit.resolve("cgroup.subtree_control"))).isEqualTo("+cpu +memory +pids");
        assertThat(read(unit.resolve("dynod/cgroup.subtree_control"))).isEqualTo("+cpu +memory +pids");
        assertThat(read(root.resolve("cgroup.subtree_control"))).as("systemd's part is left alone").isEmpty();
        assertThat(root.resolve("dynod")).doesNotExist();

        CgroupLeaf leaf = driver.create("dyno-app.web.1-1", LIMITS);

        assertThat(leaf.directories()).containsExactly(unit.resolve("dynod/dyno-app.web.1-1"));
        assertThat(read(unit.resolve("dynod/dyno-app.web.1-1/memory.max"))).isEqualTo(Long.toString(64L << 20));
        assertThat(driver.leafNames()).containsExactly("dyno-app.web.1-1");
    }

    @Test
    void anAgentStartedInAgentBySystemdMovesNothing() {
        write(unit.resolve("cgroup.procs"), "");
        write(unit.resolve("agent/cgroup.procs"), "4242\n");

        CgroupDriver driver = detect("0::/" + UNIT + "/agent\n");

        assertThat(read(unit.resolve("agent/cgroup.procs"))).isEqualTo("4242");
        assertThat(read(unit.resolve("cgroup.subtree_control"))).isEqualTo("+cpu +memory +pids");
        assertThat(driver.create("dyno-app.web.1-2", LIMITS).directories())
                .containsExactly(unit.resolve("dynod/dyno-app.web.1-2"));
    }

    @Test
    void withoutDelegationThePrefixStaysUnderTheRoot() {
        CgroupDriver driver = CgroupDrivers.detect(Fixtures.mountinfoUnder("v2", root), "dynod", AgentCgroup.NOT_DELEGATED);

        assertThat(driver.create("dyno-app.web.1-3", LIMITS).directories())
                .containsExactly(root.resolve("dynod/dyno-app.web.1-3"));
        assertThat(unit.resolve("agent")).doesNotExist();
    }

    @Test
    void aHybridHostKeepsTheRootLayoutEvenWhenDelegated() {
        CgroupDriver driver = CgroupDrivers.detect(Fixtures.mountinfoUnder("hybrid", root), "dynod",
                new AgentCgroup(true, "0::/" + UNIT + "\n"));

        assertThat(driver.kind()).isEqualTo("hybrid");
        assertThat(unit.resolve("agent")).doesNotExist();
    }

    @Test
    void aUnitWithoutTheControllersIsRefusedNamingThem() {
        write(unit.resolve("cgroup.controllers"), "cpu pids");

        assertThatThrownBy(() -> detect("0::/" + UNIT + "\n"))
                .isInstanceOf(CgroupException.class).hasMessageContaining("lacks controllers").hasMessageContaining(UNIT);
    }

    @Test
    void delegationClaimedInTheRootCgroupOrWithoutAV2LineIsAClearError() {
        assertThatThrownBy(() -> detect("0::/\n")).isInstanceOf(CgroupException.class)
                .hasMessageContaining("root cgroup");
        assertThatThrownBy(() -> detect("4:memory:/x\n")).isInstanceOf(CgroupException.class)
                .hasMessageContaining("no cgroup v2 line");
    }
}
