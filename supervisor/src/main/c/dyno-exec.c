/*
 * dyno-exec: the isolated launch chain of a dynod dyno in one program, with the contract of the
 * shell chain it replaces (dyno-shim.sh isolated → unshare → setpriv → env -i → tini).
 *
 *   dyno-exec DYNO DDIR UID NOFILE EXIT PROCS... -- READONLY... -- ENV... -- PROGRAM ARGS...
 *
 * PROCS: cgroup.procs files to join; READONLY: mount points remounted read-only; ENV: NAME=VALUE
 * pairs, exactly the dyno's environment. DDIR holds the fstab the agent prepared (overlay on /app,
 * tmpfs over the hidden dirs, private /tmp and /dev/shm). The agent starts it as root, stdout and
 * stderr appended to the dyno's log, stdin from /dev/null.
 *
 * The process started (the shim) joins the cgroups, resets what the agent's settings would leak
 * (oom_score_adj, rlimits, signal dispositions), ignores TERM/INT/HUP, forks the dyno's init into
 * a new pid namespace, waits for it and writes its status to EXIT (via EXIT.tmp + rename): the
 * exit code, or 128+N after signal N. The init (PID 1 of the dyno) makes its own mount, uts and ipc
 * namespaces, mounts, drops to the app's uid without any capability, starts the program in its own
 * process group, forwards every signal to that group, reaps zombies and exits with the program's
 * status (as tini -g). It dies with SIGKILL when the shim dies, taking the whole namespace along.
 *
 * Every failure prints one line "dyno-exec: <step>: <reason>" and exits with the step's code.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <linux/capability.h>
#include <linux/magic.h>
#include <linux/sched.h>
#include <mntent.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/statfs.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef CLONE_INTO_CGROUP
#define CLONE_INTO_CGROUP 0x200000000ULL
#endif
#ifndef MS_NOSYMFOLLOW
#define MS_NOSYMFOLLOW 256
#endif
#ifndef ST_NOSYMFOLLOW
#define ST_NOSYMFOLLOW 0x2000
#endif

#define VERSION "dyno-exec 1"

/* Exit codes, one per step (below 126: the shell's 126/127 and 128+N keep their meaning). */
enum {
    EXIT_USAGE = 2,       /* bad arguments */
    EXIT_CGROUP = 111,    /* joining a cgroup.procs file */
    EXIT_RESET = 112,     /* oom_score_adj, rlimits, signal dispositions */
    EXIT_SPAWN = 113,     /* new pid namespace, fork of the init, wait */
    EXIT_NAMESPACE = 114, /* mount/uts/ipc namespaces, propagation, /proc */
    EXIT_HOSTNAME = 115,
    EXIT_MOUNT = 116,     /* the fstab's mounts */
    EXIT_READONLY = 117,  /* read-only remounts */
    EXIT_CHDIR = 118,
    EXIT_PRIVS = 119,     /* groups, gid, uid, capabilities, no_new_privs, parent-death signal */
    EXIT_INIT = 120,      /* the init's own work: fork of the program, signals */
    EXIT_NOEXEC = 126,
    EXIT_NOTFOUND = 127,
};

struct args {
    const char *dyno, *ddir, *exit_file;
    uid_t uid;
    rlim_t nofile;
    char **procs, **readonly, **env, **program;
};

/* One line "dyno-exec: <step>: <strerror(errno)>" on stderr, then exit with code. */
__attribute__((noreturn, format(printf, 2, 3))) static void fail(int code, const char *fmt, ...) {
    int err = errno;
    char step[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(step, sizeof step, fmt, ap);
    va_end(ap);
    fprintf(stderr, "dyno-exec: %s: %s\n", step, strerror(err));
    _exit(code);
}

__attribute__((noreturn, format(printf, 1, 2))) static void usage(const char *fmt, ...) {
    char what[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    fprintf(stderr, "dyno-exec: usage: %s\n  dyno-exec DYNO DDIR UID NOFILE EXIT PROCS... -- READONLY... -- "
            "ENV... -- PROGRAM ARGS...\n", what);
    _exit(EXIT_USAGE);
}

static long number(const char *text, const char *what, long min, long max) {
    char *end;
    errno = 0;
    long value = strtol(text, &end, 10);
    if (errno != 0 || end == text || *end != '\0' || value < min || value > max) {
        usage("%s must be a number from %ld to %ld: '%s'", what, min, max, text);
    }
    return value;
}

/* The list starting at *i, ended by "--" (replaced by NULL so the list is a NULL-ended vector). */
static char **list(int argc, char **argv, int *i, const char *what) {
    char **start = &argv[*i];
    while (*i < argc && strcmp(argv[*i], "--") != 0) {
        (*i)++;
    }
    if (*i >= argc) {
        usage("the %s list has no closing --", what);
    }
    argv[(*i)++] = NULL;
    return start;
}

static void parse(int argc, char **argv, struct args *a) {
    if (argc < 10) {
        usage("too few arguments (%d)", argc - 1);
    }
    a->dyno = argv[1];
    a->ddir = argv[2];
    a->uid = (uid_t)number(argv[3], "UID", 1, 0x7fffffff);
    a->nofile = (rlim_t)number(argv[4], "NOFILE", 1, 1 << 30);
    a->exit_file = argv[5];
    if (strlen(a->dyno) == 0 || strlen(a->dyno) > 64) {
        usage("DYNO must be a hostname of 1 to 64 characters: '%s'", a->dyno);
    }
    if (a->ddir[0] != '/' || a->exit_file[0] != '/') {
        usage("DDIR and EXIT must be absolute paths: '%s', '%s'", a->ddir, a->exit_file);
    }
    int i = 6;
    a->procs = list(argc, argv, &i, "PROCS");
    a->readonly = list(argc, argv, &i, "READONLY");
    a->env = list(argc, argv, &i, "ENV");
    for (char **e = a->env; *e; e++) {
        if (strchr(*e, '=') == NULL || **e == '=') {
            usage("environment entries must be NAME=VALUE: '%s'", *e);
        }
    }
    if (i >= argc) {
        usage("no PROGRAM");
    }
    a->program = &argv[i];
}

static void write_file(const char *path, const char *text, int code, const char *step) {
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0) {
        fail(code, "%s %s", step, path);
    }
    ssize_t n = write(fd, text, strlen(text));
    if (n != (ssize_t)strlen(text)) {
        if (n >= 0) {
            errno = EIO;
        }
        fail(code, "%s %s", step, path);
    }
    if (close(fd) < 0) {
        fail(code, "%s %s", step, path);
    }
}

/* Every signal back to its default action, none blocked: nothing the agent ignored leaks in. */
static void default_signals(int code) {
    struct sigaction dfl = {.sa_handler = SIG_DFL};
    sigemptyset(&dfl.sa_mask);
    for (int sig = 1; sig < NSIG; sig++) {
        if (sig != SIGKILL && sig != SIGSTOP && sigaction(sig, &dfl, NULL) < 0 && errno != EINVAL) {
            fail(code, "reset signal %d", sig);
        }
    }
    sigset_t none;
    sigemptyset(&none);
    if (sigprocmask(SIG_SETMASK, &none, NULL) < 0) {
        fail(code, "unblock signals");
    }
}

static void set_limit(int resource, rlim_t value, const char *name) {
    struct rlimit limit = {.rlim_cur = value, .rlim_max = value};
    if (setrlimit(resource, &limit) < 0) {
        fail(EXIT_RESET, "setrlimit %s %llu", name, (unsigned long long)value);
    }
}

/* The init's parent-death signal: SIGKILL, and if the shim is gone already, die now. */
static void die_with_shim(int alive_fd) {
    if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0) {
        fail(EXIT_PRIVS, "set parent-death signal");
    }
    struct pollfd p = {.fd = alive_fd, .events = POLLIN};
    if (poll(&p, 1, 0) != 0) {
        _exit(EXIT_SPAWN); /* the write end closed: the shim died */
    }
}

/* mount(8) options to mount(2) flags; the rest goes to the filesystem as data. */
static unsigned long mount_flags(const char *options, char *data, size_t size) {
    static const struct { const char *name; unsigned long flag; } known[] = {
        {"ro", MS_RDONLY}, {"rw", 0}, {"defaults", 0}, {"nosuid", MS_NOSUID}, {"nodev", MS_NODEV},
        {"noexec", MS_NOEXEC}, {"noatime", MS_NOATIME}, {"nodiratime", MS_NODIRATIME},
        {"relatime", MS_RELATIME}, {"strictatime", MS_STRICTATIME}, {"sync", MS_SYNCHRONOUS},
    };
    unsigned long flags = 0;
    char copy[4096];
    if (snprintf(copy, sizeof copy, "%s", options) >= (int)sizeof copy) {
        errno = E2BIG;
        fail(EXIT_MOUNT, "mount options '%.64s...'", options);
    }
    data[0] = '\0';
    char *save;
    for (char *opt = strtok_r(copy, ",", &save); opt; opt = strtok_r(NULL, ",", &save)) {
        size_t k = 0;
        while (k < sizeof known / sizeof known[0] && strcmp(opt, known[k].name) != 0) {
            k++;
        }
        if (k < sizeof known / sizeof known[0]) {
            flags |= known[k].flag;
        } else {
            size_t used = strlen(data);
            if (snprintf(data + used, size - used, "%s%s", used ? "," : "", opt) >= (int)(size - used)) {
                errno = E2BIG;
                fail(EXIT_MOUNT, "mount options '%.64s...'", options);
            }
        }
    }
    return flags;
}

static void mount_fstab(const char *ddir) {
    char path[PATH_MAX];
    if (snprintf(path, sizeof path, "%s/fstab", ddir) >= (int)sizeof path) {
        errno = ENAMETOOLONG;
        fail(EXIT_MOUNT, "fstab in %s", ddir);
    }
    /* The stream keeps the file open while the tmpfs mounts cover the dir it lies in. */
    FILE *fstab = setmntent(path, "re");
    if (fstab == NULL) {
        fail(EXIT_MOUNT, "open %s", path);
    }
    struct mntent entry;
    char buffer[8192], data[4096];
    errno = 0;
    while (getmntent_r(fstab, &entry, buffer, sizeof buffer) != NULL) {
        unsigned long flags = mount_flags(entry.mnt_opts, data, sizeof data);
        if (mount(entry.mnt_fsname, entry.mnt_dir, entry.mnt_type, flags, data) < 0) {
            fail(EXIT_MOUNT, "mount %s on %s", entry.mnt_type, entry.mnt_dir);
        }
        errno = 0;
    }
    if (ferror(fstab)) {
        fail(EXIT_MOUNT, "read %s", path);
    }
    endmntent(fstab);
}

/*
 * A bind remount sets all of a mount's nosuid/nodev/noexec/nosymfollow flags at once, so the
 * ones it has are passed along with MS_RDONLY (the atime flags are kept by the kernel).
 */
static void remount_readonly(const char *target) {
    struct statvfs st;
    if (statvfs(target, &st) < 0) {
        fail(EXIT_READONLY, "statvfs %s", target);
    }
    unsigned long flags = MS_REMOUNT | MS_BIND | MS_RDONLY;
    flags |= (st.f_flag & ST_NOSUID) ? MS_NOSUID : 0;
    flags |= (st.f_flag & ST_NODEV) ? MS_NODEV : 0;
    flags |= (st.f_flag & ST_NOEXEC) ? MS_NOEXEC : 0;
    flags |= (st.f_flag & ST_NOSYMFOLLOW) ? MS_NOSYMFOLLOW : 0;
    if (mount(NULL, target, NULL, flags, NULL) < 0) {
        fail(EXIT_READONLY, "remount %s read-only", target);
    }
}

/* setpriv --reuid/--regid UID --clear-groups --no-new-privs --inh-caps=-all --bounding-set=-all */
static void drop_privileges(uid_t uid) {
    for (int cap = 0; prctl(PR_CAPBSET_READ, cap, 0, 0, 0) >= 0; cap++) {
        if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) < 0) {
            fail(EXIT_PRIVS, "drop capability %d from the bounding set", cap);
        }
    }
    if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) < 0 && errno != EINVAL) {
        fail(EXIT_PRIVS, "clear ambient capabilities");
    }
    if (setgroups(0, NULL) < 0) {
        fail(EXIT_PRIVS, "setgroups");
    }
    if (setresgid(uid, uid, uid) < 0) {
        fail(EXIT_PRIVS, "setresgid %u", (unsigned)uid);
    }
    if (setresuid(uid, uid, uid) < 0) {
        fail(EXIT_PRIVS, "setresuid %u", (unsigned)uid);
    }
    /* The uid change cleared effective and permitted; the inheritable set survives it. */
    struct __user_cap_header_struct header = {.version = _LINUX_CAPABILITY_VERSION_3, .pid = 0};
    struct __user_cap_data_struct none[_LINUX_CAPABILITY_U32S_3];
    memset(none, 0, sizeof none);
    if (syscall(SYS_capset, &header, none) < 0) {
        fail(EXIT_PRIVS, "clear capabilities");
    }
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0) {
        fail(EXIT_PRIVS, "set no_new_privs");
    }
}

/* The program, in its own process group, with default signals and exactly the given environment. */
__attribute__((noreturn)) static void exec_program(const struct args *a) {
    if (setpgid(0, 0) < 0) {
        fail(EXIT_INIT, "setpgid");
    }
    default_signals(EXIT_INIT);
    if (clearenv() != 0) {
        fail(EXIT_INIT, "clearenv");
    }
    for (char **e = a->env; *e; e++) {
        if (putenv(*e) != 0) {
            fail(EXIT_INIT, "putenv");
        }
    }
    execvp(a->program[0], a->program);
    fail(errno == ENOENT ? EXIT_NOTFOUND : EXIT_NOEXEC, "exec %s", a->program[0]);
}

/* PID 1 of the dyno: forwards signals to the program's group, reaps, ends with the program. */
__attribute__((noreturn)) static void init(const struct args *a, int alive_fd) {
    die_with_shim(alive_fd);
    if (prctl(PR_SET_NAME, "dyno-init", 0, 0, 0) < 0) {
        fail(EXIT_INIT, "set process name");
    }
    if (unshare(CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC) < 0) {
        fail(EXIT_NAMESPACE, "unshare mount, uts and ipc namespaces");
    }
    if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0) {
        fail(EXIT_NAMESPACE, "make mounts private");
    }
    if (mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0) {
        fail(EXIT_NAMESPACE, "mount /proc");
    }
    if (sethostname(a->dyno, strlen(a->dyno)) < 0) {
        fail(EXIT_HOSTNAME, "sethostname %s", a->dyno);
    }
    mount_fstab(a->ddir);
    for (char **path = a->readonly; *path; path++) {
        remount_readonly(*path);
    }
    if (chdir("/app") < 0) {
        fail(EXIT_CHDIR, "chdir /app");
    }
    drop_privileges(a->uid);
    die_with_shim(alive_fd); /* the uid change cleared the parent-death signal */
    close(alive_fd);

    sigset_t all;
    sigfillset(&all);
    if (sigprocmask(SIG_SETMASK, &all, NULL) < 0) {
        fail(EXIT_INIT, "block signals");
    }
    pid_t program = fork();
    if (program < 0) {
        fail(EXIT_INIT, "fork the program");
    }
    if (program == 0) {
        exec_program(a);
    }
    setpgid(program, program); /* also done by the child; whichever runs first wins the race */
    for (;;) {
        siginfo_t info;
        int sig = sigwaitinfo(&all, &info);
        if (sig < 0) {
            if (errno == EINTR) {
                continue;
            }
            fail(EXIT_INIT, "wait for signals");
        }
        if (sig != SIGCHLD) {
            if (kill(-program, sig) < 0 && errno == ESRCH) {
                kill(program, sig);
            }
            continue;
        }
        int status;
        pid_t pid;
        while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
            if (pid == program) {
                _exit(WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
            }
        }
        if (pid < 0 && errno != ECHILD) {
            fail(EXIT_INIT, "waitpid");
        }
    }
}

/* The cgroup v2 leaf the init is started in (clone3 CLONE_INTO_CGROUP), if any. */
struct cgroup2 {
    const char *procs;
    int fd;
};

/*
 * Moving a process between cgroups through cgroup.procs takes a global lock whose first writer
 * waits for an RCU grace period: ~10 ms, most of a launch. Two ways around it: on v1, the shim's
 * only thread moves itself (tasks, "0"), which skips that lock; on v2, the init is born in the
 * leaf (clone3 CLONE_INTO_CGROUP), so the shim, which runs no dyno code, stays where it was.
 * Any other file (a second v2 leaf, not a cgroup) gets the pid written to it, as by the shell.
 */
static struct cgroup2 join_cgroups(char **procs) {
    struct cgroup2 unified = {.procs = NULL, .fd = -1};
    char text[32], dir[PATH_MAX], tasks[PATH_MAX + 8];
    snprintf(text, sizeof text, "%d\n", (int)getpid());
    for (; *procs; procs++) {
        struct statfs fs;
        if (statfs(*procs, &fs) < 0) {
            fail(EXIT_CGROUP, "join cgroup %s", *procs);
        }
        const char *slash = strrchr(*procs, '/');
        snprintf(dir, sizeof dir, "%.*s", slash ? (int)(slash - *procs) : 1, slash ? *procs : ".");
        if (fs.f_type == CGROUP_SUPER_MAGIC) {
            snprintf(tasks, sizeof tasks, "%s/tasks", dir);
            write_file(tasks, "0\n", EXIT_CGROUP, "join cgroup");
        } else if (fs.f_type == CGROUP2_SUPER_MAGIC && unified.fd < 0) {
            unified.procs = *procs;
            unified.fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
            if (unified.fd < 0) {
                fail(EXIT_CGROUP, "join cgroup %s", *procs);
            }
        } else {
            write_file(*procs, text, EXIT_CGROUP, "join cgroup");
        }
    }
    return unified;
}

/* The init, PID 1 of a new pid namespace, in the v2 leaf from its first instruction. */
static pid_t spawn_init(const struct cgroup2 *unified) {
    struct clone_args args;
    memset(&args, 0, sizeof args);
    args.flags = CLONE_NEWPID | (unified->fd >= 0 ? CLONE_INTO_CGROUP : 0);
    args.exit_signal = SIGCHLD;
    args.cgroup = unified->fd >= 0 ? (unsigned long long)unified->fd : 0;
    pid_t pid = (pid_t)syscall(SYS_clone3, &args, sizeof args);
    if (pid < 0 && errno != ENOSYS && errno != E2BIG && errno != EINVAL) {
        fail(unified->fd >= 0 ? EXIT_CGROUP : EXIT_SPAWN, "start the init%s%s",
                unified->fd >= 0 ? " in cgroup " : "", unified->fd >= 0 ? unified->procs : "");
    }
    if (pid < 0) { /* a kernel before 5.7: join, then fork */
        if (unified->fd >= 0) {
            char text[32];
            snprintf(text, sizeof text, "%d\n", (int)getpid());
            write_file(unified->procs, text, EXIT_CGROUP, "join cgroup");
        }
        if (unshare(CLONE_NEWPID) < 0) {
            fail(EXIT_SPAWN, "unshare pid namespace");
        }
        pid = fork();
        if (pid < 0) {
            fail(EXIT_SPAWN, "fork the init");
        }
    }
    if (unified->fd >= 0) {
        close(unified->fd);
    }
    return pid;
}

/* EXIT.tmp then rename: a reader sees the whole status or none. A failure here loses only the file. */
static void record_exit(const char *exit_file, int rc) {
    char tmp[PATH_MAX], text[16];
    if (snprintf(tmp, sizeof tmp, "%s.tmp", exit_file) >= (int)sizeof tmp) {
        fprintf(stderr, "dyno-exec: write %s: %s\n", exit_file, strerror(ENAMETOOLONG));
        return;
    }
    snprintf(text, sizeof text, "%d\n", rc);
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    ssize_t n = fd < 0 ? -1 : write(fd, text, strlen(text));
    int closed = fd < 0 ? -1 : close(fd);
    if (n != (ssize_t)strlen(text) || closed < 0 || rename(tmp, exit_file) < 0) {
        fprintf(stderr, "dyno-exec: write %s: %s\n", exit_file, strerror(errno ? errno : EIO));
        if (fd >= 0) {
            unlink(tmp);
        }
    }
}

int main(int argc, char **argv) {
    if (argc == 2 && strcmp(argv[1], "--version") == 0) {
        puts(VERSION);
        return 0;
    }
    struct args a;
    parse(argc, argv, &a);

    /* Join every cgroup before anything else, so nothing below escapes the limits. */
    struct cgroup2 unified = join_cgroups(a.procs);
    write_file("/proc/self/oom_score_adj", "0\n", EXIT_RESET, "write");
    set_limit(RLIMIT_NOFILE, a.nofile, "nofile");
    set_limit(RLIMIT_CORE, 0, "core");
    default_signals(EXIT_RESET);
    /* Ignored, not handled: the TERM of a stop is meant for the dyno; the shim records its end. */
    signal(SIGTERM, SIG_IGN);
    signal(SIGINT, SIG_IGN);
    signal(SIGHUP, SIG_IGN);

    int alive[2];
    if (pipe2(alive, O_CLOEXEC) < 0) {
        fail(EXIT_SPAWN, "pipe");
    }
    pid_t child = spawn_init(&unified);
    if (child == 0) {
        close(alive[1]);
        init(&a, alive[0]);
    }
    close(alive[0]);
    int status;
    while (waitpid(child, &status, 0) < 0) {
        if (errno != EINTR) {
            fail(EXIT_SPAWN, "wait for the init");
        }
    }
    int rc = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    errno = 0;
    record_exit(a.exit_file, rc);
    return rc;
}
