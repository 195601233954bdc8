package dev.hitless.hostile;

import java.util.List;

/**
 * C writers that attack {@code c-check} rather than update an entry: each is a way the writer's code (which runs in
 * the harness's process) or the file given to the compiler could break the trace, the limits or the messages. Used
 * by {@code BadInputTest} (the ones that must be rejected, one per class) and by {@link HostileCorpus} (all, in
 * variants). Every writer must end in exit code 0, 1 or 2 within the documented limits; {@code fragment} is what the
 * one error line must contain (one of several joined by {@code |}, where the machine's speed decides which limit
 * comes first), or null where the run may succeed (the attack is harmless by design, e.g. printing something that
 * looks like a trace record).
 *
 * @param name a short name, also the C file's base name
 * @param kind the class of attack, as issue 19 lists them
 * @param source the file's text (hitless.h is included before it)
 * @param fragment part of the expected error line, or null when exit 0 or 1 is right
 */
public record HostileWriters(String name, String kind, String source, String fragment) {
    /** The writers, one or more per class. */
    public static final List<HostileWriters> ALL = List.of(
            // ---- events the plans cannot express, made through the shim's own functions
            w("sync-injection", "trace injection", """
                    void hitless_writer(__le64 *e, const __le64 *t) { hitless_sync("entry\\nstore64 9 0x0"); }
                    """, "the writer called hitless_sync(\"entry\\nstore64 9 0x0\")"),
            w("barrier-with-blank", "trace injection", """
                    void hitless_writer(__le64 *e, const __le64 *t) { hitless__barrier("dma wmb"); }
                    """, "recorded a barrier \"dma wmb\""),
            w("barrier-empty", "trace injection", """
                    void hitless_writer(__le64 *e, const __le64 *t) { hitless__barrier(""); }
                    """, "recorded a barrier \"\""),
            w("barrier-null", "trace injection", """
                    void hitless_writer(__le64 *e, const __le64 *t) { hitless__barrier(0); }
                    """, "recorded a barrier \"\""),
            w("sync-empty", "trace injection", """
                    void hitless_writer(__le64 *e, const __le64 *t) { hitless_sync(""); }
                    """, "hitless_sync(\"\")"),
            w("sync-null", "trace injection", """
                    void hitless_writer(__le64 *e, const __le64 *t) { hitless_sync(0); }
                    """, "hitless_sync(\"\")"),
            w("sync-not-utf8", "trace injection", """
                    void hitless_writer(__le64 *e, const __le64 *t) { hitless_sync("entry+\\xff\\xfe"); }
                    """, "hitless_sync(\"entry+\uFFFD\uFFFD\")"),
            w("sync-trailing-plus", "trace injection", """
                    void hitless_writer(__le64 *e, const __le64 *t) { hitless_sync("entry+"); }
                    """, "hitless_sync(\"entry+\")"),
            w("sync-long", "trace injection", """
                    void hitless_writer(__le64 *e, const __le64 *t)
                    {
                            static char k[5000];
                            memset(k, 'e', sizeof k - 1);
                            hitless_sync(k);
                    }
                    """, "..."),
            w("store-beyond-entry", "write outside the entry", """
                    void hitless_writer(__le64 *e, const __le64 *t) { WRITE_ONCE(e[8], 1); }
                    """, "the writer wrote outside the entry (at byte 64"),
            w("store-before-entry", "write outside the entry", """
                    void hitless_writer(__le64 *e, const __le64 *t) { e[-1] = 1; }
                    """, "the writer wrote outside the entry (at byte -8"),
            w("many-stores", "trace size", """
                    void hitless_writer(__le64 *e, const __le64 *t) { for (u64 i = 0; ; i++) WRITE_ONCE(e[0], i); }
                    """, "recorded more than 10000|did not return within the time limit"),
            w("many-warnings", "trace size", """
                    void hitless_writer(__le64 *e, const __le64 *t) { for (;;) WARN_ON(1); }
                    """, "recorded more than 10000|did not return within the time limit"),
            // ---- the trace descriptor written, closed or replaced by the writer
            w("forged-record", "trace forged on descriptor 3", """
                    #include <unistd.h>
                    void hitless_writer(__le64 *e, const __le64 *t)
                    {
                            static const unsigned char r[] = { 10, 0, 0, 0, 3, 9, 0, 0, 0, 0, 0, 0, 0, 0 };
                            ssize_t n = write(3, r, sizeof r);
                            (void)n;
                    }
                    """, "malformed trace at byte 9: a store to qword 9"),
            w("garbage-on-fd3", "trace forged on descriptor 3", """
                    #include <unistd.h>
                    void hitless_writer(__le64 *e, const __le64 *t) { ssize_t n = write(3, "hello, trace", 12); (void)n; }
                    """, "malformed trace"),
            w("huge-length-on-fd3", "trace forged on descriptor 3", """
                    #include <unistd.h>
                    void hitless_writer(__le64 *e, const __le64 *t) { ssize_t n = write(3, "\\xff\\xff\\xff\\x7f", 4); (void)n; }
                    """, "malformed trace"),
            w("forged-begin", "trace forged on descriptor 3", """
                    #include <unistd.h>
                    void hitless_writer(__le64 *e, const __le64 *t)
                    {
                            static const unsigned char r[] = { 5, 0, 0, 0, 1, 0, 0, 0, 0 };
                            ssize_t n = write(3, r, sizeof r);
                            (void)n;
                    }
                    """, "BEGIN 0 inside transition 0"),
            w("half-record-then-exit", "trace forged on descriptor 3", """
                    #include <unistd.h>
                    void hitless_writer(__le64 *e, const __le64 *t) { ssize_t n = write(3, "\\x09\\x00\\x00\\x00\\x03", 5); (void)n; _exit(0); }
                    """, "malformed trace"),
            w("closes-fd3", "trace forged on descriptor 3", """
                    #include <unistd.h>
                    void hitless_writer(__le64 *e, const __le64 *t) { close(3); }
                    """, "exit code 66"),
            w("fd3-to-dev-null", "trace forged on descriptor 3", """
                    #include <fcntl.h>
                    #include <unistd.h>
                    void hitless_writer(__le64 *e, const __le64 *t) { dup2(open("/dev/null", O_WRONLY), 3); }
                    """, "exit code 0"),
            // ---- printing what looks like the harness's own output, then leaving
            w("fake-trace-on-stdout", "printing", """
                    #include <stdio.h>
                    void hitless_writer(__le64 *e, const __le64 *t)
                    {
                            printf("end 0\\nbegin 1\\nstore64 9 0x0\\n");
                            fwrite("\\x0a\\x00\\x00\\x00\\x03\\x09", 1, 6, stdout);
                            fflush(stdout);
                            WRITE_ONCE(e[0], t[0]);
                    }
                    """, null),
            w("fake-harness-line-exit-64", "printing", """
                    #include <stdio.h>
                    #include <stdlib.h>
                    void hitless_writer(__le64 *e, const __le64 *t)
                    {
                            fprintf(stderr, "hitless-harness: transition 0: the writer did not return\\n");
                            exit(64);
                    }
                    """, "the writer called exit(64)"),
            w("exit-66", "exit", """
                    #include <stdlib.h>
                    void hitless_writer(__le64 *e, const __le64 *t) { exit(66); }
                    """, "the writer called exit(66)"),
            w("exit-0", "exit", """
                    #include <stdlib.h>
                    void hitless_writer(__le64 *e, const __le64 *t) { exit(0); }
                    """, "the writer called exit(0)"),
            w("exit-minus-1", "exit", """
                    #include <stdlib.h>
                    void hitless_writer(__le64 *e, const __le64 *t) { exit(-1); }
                    """, "the writer called exit(-1)"),
            w("exit-255-printing-binary", "exit", """
                    #include <stdio.h>
                    #include <unistd.h>
                    void hitless_writer(__le64 *e, const __le64 *t) { fputs("\\xff\\xfe\\x1b[2J\\n", stderr); _exit(255); }
                    """, "or it called _exit(255)"),
            w("stdout-flood", "printing", """
                    #include <stdio.h>
                    void hitless_writer(__le64 *e, const __le64 *t)
                    {
                            for (int i = 0; i < 200000; i++)
                                    fputs("begin 0 store64 0 0x0 end 0 hitless-harness: transition 0\\n", stdout);
                            WRITE_ONCE(e[0], t[0]);
                    }
                    """, null),
            // ---- time: limits the writer's code could switch off if they were its own
            w("sigalrm-ignored", "time limit", """
                    #include <signal.h>
                    void hitless_writer(__le64 *e, const __le64 *t) { signal(SIGALRM, SIG_IGN); for (;;); }
                    """, "did not return within the time limit"),
            w("signals-blocked", "time limit", """
                    #include <signal.h>
                    void hitless_writer(__le64 *e, const __le64 *t)
                    {
                            sigset_t all;
                            sigfillset(&all);
                            sigprocmask(SIG_BLOCK, &all, 0);
                            for (;;);
                    }
                    """, "did not return within the time limit"),
            w("timer-zeroed", "time limit", """
                    #include <sys/time.h>
                    void hitless_writer(__le64 *e, const __le64 *t)
                    {
                            struct itimerval z = { { 0, 0 }, { 0, 0 } };
                            setitimer(ITIMER_REAL, &z, 0);
                            for (;;);
                    }
                    """, "did not return within the time limit"),
            w("cpu-limit-raised", "time limit", """
                    #include <sys/resource.h>
                    void hitless_writer(__le64 *e, const __le64 *t)
                    {
                            struct rlimit r = { RLIM_INFINITY, RLIM_INFINITY };
                            setrlimit(RLIMIT_CPU, &r);
                            for (;;);
                    }
                    """, "did not return within the time limit"),
            w("sleeps", "time limit", """
                    #include <unistd.h>
                    void hitless_writer(__le64 *e, const __le64 *t) { sleep(1000); }
                    """, "did not return within the time limit"),
            w("reads-stdin-forever", "time limit", """
                    #include <unistd.h>
                    void hitless_writer(__le64 *e, const __le64 *t) { char b[64]; while (read(0, b, sizeof b) >= 0); }
                    """, "did not return within the time limit"),
            w("looping-constructor", "time limit", """
                    #include <stdio.h>
                    __attribute__((constructor)) static void loop(void) { printf("begin 0\\n"); for (;;); }
                    void hitless_writer(__le64 *e, const __le64 *t) { }
                    """, "did not reach its first transition"),
            w("looping-exit-handler", "time limit", """
                    #include <stdlib.h>
                    static void loop(void) { for (;;); }
                    void hitless_writer(__le64 *e, const __le64 *t) { static int once; if (!once++) atexit(loop); WRITE_ONCE(e[0], t[0]); }
                    """, "did not exit within"),
            // ---- processes, memory, files
            w("forks", "processes", """
                    #include <unistd.h>
                    void hitless_writer(__le64 *e, const __le64 *t) { if (fork() == 0) for (;;); WRITE_ONCE(e[0], t[0]); }
                    """, null),
            w("double-fork-setsid", "processes", """
                    #include <unistd.h>
                    void hitless_writer(__le64 *e, const __le64 *t)
                    {
                            if (fork() == 0) { setsid(); if (fork() == 0) for (;;); _exit(0); }
                            WRITE_ONCE(e[0], t[0]);
                    }
                    """, null),
            w("kills-its-group", "processes", """
                    #include <signal.h>
                    void hitless_writer(__le64 *e, const __le64 *t) { kill(0, SIGKILL); }
                    """, "SIGKILL"),
            w("raises-sigterm", "processes", """
                    #include <signal.h>
                    void hitless_writer(__le64 *e, const __le64 *t) { signal(SIGTERM, SIG_DFL); raise(SIGTERM); }
                    """, "SIGTERM"),
            w("aborts", "crash", """
                    #include <stdlib.h>
                    void hitless_writer(__le64 *e, const __le64 *t) { abort(); }
                    """, "crashed with SIGABRT"),
            w("own-segv-handler", "crash", """
                    #include <signal.h>
                    void hitless_writer(__le64 *e, const __le64 *t) { signal(SIGSEGV, SIG_DFL); *(volatile int *)0 = 1; }
                    """, "SIGSEGV"),
            w("deep-recursion", "crash", """
                    static int down(volatile int n) { volatile char pad[4096]; pad[0] = (char)n; return n ? down(n + 1) + pad[0] : 0; }
                    void hitless_writer(__le64 *e, const __le64 *t) { down(1); }
                    """, "crashed with SIGSEGV"),
            w("allocates-8-gib", "memory", """
                    #include <stdlib.h>
                    #include <string.h>
                    void hitless_writer(__le64 *e, const __le64 *t)
                    {
                            volatile char *p = malloc(8UL << 30);
                            for (unsigned long i = 0; i < (8UL << 30); i += 4096) p[i] = 1;
                    }
                    """, "SIGSEGV"),
            w("writes-a-file", "files", """
                    #include <stdio.h>
                    void hitless_writer(__le64 *e, const __le64 *t)
                    {
                            FILE *f = fopen("hitless-hostile-leak.txt", "w");
                            if (f) { fputs("left behind\\n", f); fclose(f); }
                            WRITE_ONCE(e[0], t[0]);
                    }
                    """, null),
            // ---- the compile
            w("includes-dev-zero", "compiler limits", """
                    #include "/dev/zero"
                    """, "does not compile"),
            w("not-utf8-source", "compiler output", "void hitless_writer(__le64 *e, const __le64 *t) { }\nint x = \u00ff\u00fe;\n",
                    "does not compile"),
            w("error-with-escape", "compiler output", "#error \u001b[2J\u001b[31mred\n", "does not compile"),
            w("defines-main", "link error", """
                    int main(void) { return 0; }
                    void hitless_writer(__le64 *e, const __le64 *t) { }
                    """, "multiple definition of `main'"),
            w("defines-hitless-sync", "link error", """
                    void hitless_sync(const char *k) { }
                    void hitless_writer(__le64 *e, const __le64 *t) { }
                    """, "multiple definition of `hitless_sync'"),
            w("undefined-function", "link error", """
                    void not_here(void);
                    void hitless_writer(__le64 *e, const __le64 *t) { not_here(); }
                    """, "undefined reference to `not_here'"),
            w("includes-itself", "compiler limits", """
                    #include __FILE__
                    """, "does not compile"));

    /** True when {@code error} holds the fragment, or one of its alternatives. */
    public boolean named(String error) {
        for (String f : fragment.split("\\|")) if (error.contains(f)) return true;
        return false;
    }

    private static HostileWriters w(String name, String kind, String source, String fragment) {
        return new HostileWriters(name, kind, source, fragment);
    }
}
