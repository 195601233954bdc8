package dev.hitless.cwriter;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A program the input controls (the C compiler, the compiled writer), run under limits it cannot lift, because they
 * are set before it starts and enforced from outside it:
 * <ul>
 *   <li>it leads a process group of its own ({@code setsid}), so {@link #kill} ends it and every process it started
 *       that stayed in the group, wherever they are in their work;</li>
 *   <li>CPU time, address space, the size of any file it writes and core dumps are resource limits set before exec
 *       ({@code prlimit}, hard and soft limit alike: an unprivileged process cannot raise a hard limit); with
 *       {@link Limits#singleProcess} it cannot create a process or a thread either ({@code RLIMIT_NPROC} 0), so it
 *       cannot leave its group; run as root, such a program runs as user 65534 (nobody), since root is exempt from
 *       that limit and may raise the others;</li>
 *   <li>wall time is the caller's: it waits as long as it allows and then calls {@link #kill};</li>
 *   <li>what it prints is read by a thread that keeps the first {@value #KEPT_OUTPUT} bytes and discards the rest,
 *       so it never blocks on a full pipe and never fills memory.</li>
 * </ul>
 * With {@code traceOnFd3} the program's standard output pipe is handed to it as file descriptor 3 and its own
 * standard output goes to standard error, before it runs a single instruction, so nothing it prints reaches the
 * trace (see {@link Trace}). Needs {@code setsid} and {@code prlimit} (util-linux), and {@code setpriv} when run
 * as root; a missing one is a {@link CWriterException} naming it.
 */
final class Confined {
    /** How much of the program's printed output is kept (the rest is read and dropped). */
    static final int KEPT_OUTPUT = 64 * 1024;
    /** The user a single-process program runs as when hitless runs as root ({@code nobody} on Debian and most others). */
    static final int NOBODY = 65534;

    /**
     * The resource limits of one program.
     *
     * @param cpuSeconds CPU time (each process of the group has its own)
     * @param addressSpaceBytes virtual memory of each process
     * @param fileSizeBytes the largest file it may write (0: none at all)
     * @param singleProcess no fork, no threads: the program is its whole process group
     */
    record Limits(long cpuSeconds, long addressSpaceBytes, long fileSizeBytes, boolean singleProcess) {
        Limits {
            if (cpuSeconds < 1 || addressSpaceBytes < 1 || fileSizeBytes < 0) throw new IllegalArgumentException(this.toString());
        }

        /** The {@code prlimit} options that set these limits, hard and soft. */
        List<String> prlimitOptions() {
            List<String> o = new ArrayList<>(List.of("--cpu=" + cpuSeconds + ":" + cpuSeconds,
                    "--as=" + addressSpaceBytes + ":" + addressSpaceBytes, "--fsize=" + fileSizeBytes + ":" + fileSizeBytes,
                    "--core=0:0"));
            if (singleProcess) o.add("--nproc=0:0");
            return o;
        }
    }

    private final Process process;
    private final Thread drain;
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
    private volatile boolean killed;

    private Confined(Process process, InputStream printed) {
        this.process = process;
        this.drain = Thread.ofVirtual().start(() -> keep(printed));
    }

    /**
     * Starts {@code command} in {@code dir} under {@code limits}, its standard input read from {@code stdin}.
     *
     * @param env variables added to (or, with a null value, removed from) this process's environment
     * @param traceOnFd3 true: {@link #trace} is the program's descriptor 3, and {@link #output} what it prints on
     *     standard output and standard error; false: {@link #output} is both, and there is no trace
     */
    static Confined start(List<String> command, Limits limits, Path dir, Path stdin, Map<String, String> env, boolean traceOnFd3) {
        List<String> full = new ArrayList<>();
        full.add(tool("setsid"));
        if (limits.singleProcess() && isRoot()) {
            full.addAll(List.of(tool("setpriv"), "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups", "--no-new-privs"));
        }
        full.add(tool("prlimit"));
        full.addAll(limits.prlimitOptions());
        full.add("--");
        if (traceOnFd3) full.addAll(List.of("/bin/sh", "-c", "exec \"$0\" \"$@\" 3>&1 1>&2"));
        full.addAll(command);
        ProcessBuilder pb = new ProcessBuilder(full).directory(dir.toFile()).redirectInput(stdin.toFile());
        if (!traceOnFd3) pb.redirectErrorStream(true);
        env.forEach((k, v) -> {
            if (v == null) pb.environment().remove(k);
            else pb.environment().put(k, v);
        });
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new CWriterException("cannot start " + command.get(0) + ": " + e.getMessage());
        }
        if (traceOnFd3) {
            try {
                p.getOutputStream().close();
            } catch (IOException ignored) {
                // stdin is a file here; nothing to close
            }
        }
        return new Confined(p, traceOnFd3 ? p.getErrorStream() : p.getInputStream());
    }

    /** The program's descriptor 3 (with {@code traceOnFd3}). */
    InputStream trace() {
        return process.getInputStream();
    }

    /** Waits up to {@code millis} for the program to end; true when it did. */
    boolean waitFor(long millis) throws InterruptedException {
        return process.waitFor(Math.max(0, millis), TimeUnit.MILLISECONDS);
    }

    /** True when this object ended the program ({@link #kill}). */
    boolean killedByUs() {
        return killed;
    }

    /** The exit code, or 128 + the signal that ended it (the JDK's convention); call after it ended. */
    int exitValue() {
        return process.exitValue();
    }

    /**
     * Ends the program's whole process group with SIGKILL, and the program itself should the group be gone, then
     * waits for it. Also called, harmlessly, for a program that has ended: whatever it left in its group goes too.
     */
    void kill() throws InterruptedException {
        if (process.isAlive()) killed = true;
        killGroup(process.pid());
        process.destroyForcibly();
        process.waitFor();
    }

    /** Everything the program printed that was kept, decoded whatever its encoding; waits briefly for the reader. */
    String output() throws InterruptedException {
        drain.join(1000);
        synchronized (kept) {
            return UntrustedText.decode(kept.toByteArray(), kept.size());
        }
    }

    private void keep(InputStream in) {
        byte[] buf = new byte[8192];
        try (in) {
            for (int n; (n = in.read(buf)) >= 0; ) {
                synchronized (kept) {
                    int room = KEPT_OUTPUT - kept.size();
                    if (room > 0) kept.write(buf, 0, Math.min(room, n));
                }
            }
        } catch (IOException ignored) {
            // the pipe closed under us: what was kept is what there is
        }
    }

    /** SIGKILL to process group {@code pgid} (the shell's kill takes a negative id; Java has no call for it). */
    private static void killGroup(long pgid) throws InterruptedException {
        try {
            new ProcessBuilder("/bin/sh", "-c", "kill -s KILL -- -\"$0\" 2>/dev/null", Long.toString(pgid))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
        } catch (IOException e) {
            // no shell: the caller's destroyForcibly still ends the program itself
        }
    }

    /** The path of one of the programs this class needs, from PATH or the usual system folders. */
    static String tool(String name) {
        return findTool(name, System.getenv().getOrDefault("PATH", "")).orElseThrow(() -> new CWriterException(
                "c-check runs the compiler and the writer under limits with setsid, prlimit and (as root) setpriv from"
                        + " util-linux; " + name + " was not found on PATH or in /usr/bin, /bin, /usr/sbin, /sbin"));
    }

    static Optional<String> findTool(String name, String path) {
        List<String> dirs = new ArrayList<>(List.of(path.split(File.pathSeparator)));
        dirs.addAll(List.of("/usr/bin", "/bin", "/usr/sbin", "/sbin"));
        for (String d : dirs) {
            if (d.isEmpty()) continue;
            Path p = Path.of(d, name);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) return Optional.of(p.toString());
        }
        return Optional.empty();
    }

    /** True when this JVM runs as root (the owner of /proc/self is the effective user). */
    static boolean isRoot() {
        try {
            return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return false;
        }
    }

    /** How a program ended, from its exit value: "exited with code N" or "killed by signal N (SIGNAME)". */
    static String status(int exitValue) {
        if (exitValue <= 128) return "exited with code " + exitValue;
        String name = signalName(exitValue - 128);
        return "killed by " + name + (name.startsWith("SIG") ? " (signal " + (exitValue - 128) + ")" : "");
    }

    private static final java.util.Map<Integer, String> SIGNALS = java.util.Map.ofEntries(java.util.Map.entry(1, "SIGHUP"),
            java.util.Map.entry(2, "SIGINT"), java.util.Map.entry(3, "SIGQUIT"), java.util.Map.entry(4, "SIGILL"),
            java.util.Map.entry(5, "SIGTRAP"), java.util.Map.entry(6, "SIGABRT"), java.util.Map.entry(7, "SIGBUS"),
            java.util.Map.entry(8, "SIGFPE"), java.util.Map.entry(9, "SIGKILL"), java.util.Map.entry(10, "SIGUSR1"),
            java.util.Map.entry(11, "SIGSEGV"), java.util.Map.entry(12, "SIGUSR2"), java.util.Map.entry(13, "SIGPIPE"),
            java.util.Map.entry(14, "SIGALRM"), java.util.Map.entry(15, "SIGTERM"), java.util.Map.entry(24, "SIGXCPU"),
            java.util.Map.entry(25, "SIGXFSZ"), java.util.Map.entry(31, "SIGSYS"));

    /** {@code SIGSEGV} for 11 (Linux numbers), {@code signal N} for one without a name here. */
    static String signalName(int signal) {
        String n = SIGNALS.get(signal);
        return n == null ? "signal " + signal : n;
    }
}
