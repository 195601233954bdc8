/*
 * hitless_harness.c - the recording runtime behind hitless.h and the main that runs a writer over transitions.
 * Written from scratch for the hitless project. Compile it together with the writer's file:
 *
 *     cc -std=gnu11 -O1 -I c/ writer.c c/hitless_harness.c -o writer
 *     ./writer [TIME_LIMIT_MS] < transitions
 *
 * The entry is HITLESS_ENTRY_QWORDS qwords wide (hitless.h; `hitless c-check` defines it as the format's width with
 * -D). Input, one transition per line: ID (no blanks) then that many hex qwords of the current entry and as many of
 * the target (with or without 0x). Output on stdout, per transition: `begin ID`, the recorded events, `end ID`, then a flush
 * (format: c/README.md). Anything the writer itself prints to stdout goes to stderr, so it cannot corrupt the trace.
 *
 * Failures: one line on stderr, "hitless-harness: transition ID: WHAT", and the exit code
 *     64 bad input line or usage    65 write outside the entry    66 time limit exceeded (default 2000 ms)
 *     67 SIGSEGV   68 SIGBUS   69 SIGFPE   70 SIGILL   71 SIGABRT (abort, failed assert)
 */
#define _GNU_SOURCE
#include "hitless.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/time.h>
#include <unistd.h>

enum {
	EXIT_BAD_INPUT = 64,
	EXIT_OUTSIDE = 65,
	EXIT_TIME_LIMIT = 66,
	EXIT_SIGSEGV = 67,
	EXIT_SIGBUS = 68,
	EXIT_SIGFPE = 69,
	EXIT_SIGILL = 70,
	EXIT_SIGABRT = 71,
};

#define ENTRY_BYTES (HITLESS_ENTRY_QWORDS * 8)
#define CANARY 0xa5

static size_t page_size;
static unsigned char *guarded;  /* guard page, data page, guard page */
static unsigned char *data_page;
static u64 *live;               /* the live entry, in the middle of the data page */
static u64 expected[HITLESS_ENTRY_QWORDS];
static bool running;            /* inside the writer: events are recorded */
static char current_id[128] = "(none)";
static long time_limit_ms = 2000;
static FILE *trace;

/* ---- failure lines (async-signal-safe: write(2) only) ---- */

struct line {
	char buf[512];
	size_t n;
};

static void put(struct line *l, const char *s)
{
	while (*s && l->n + 1 < sizeof l->buf)
		l->buf[l->n++] = *s++;
}

static void put_digits(struct line *l, unsigned long v, unsigned base)
{
	char digits[24];
	int k = 0;
	do {
		digits[k++] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	while (k && l->n + 1 < sizeof l->buf)
		l->buf[l->n++] = digits[--k];
}

static void put_long(struct line *l, long v)
{
	if (v < 0)
		put(l, "-");
	put_digits(l, v < 0 ? -(unsigned long)v : (unsigned long)v, 10);
}

/* Starts the one failure line: "hitless-harness: transition ID: ". */
static void start(struct line *l)
{
	l->n = 0;
	put(l, "hitless-harness: transition ");
	put(l, current_id);
	put(l, ": ");
}

static void __attribute__((noreturn)) fail_with(struct line *l, int code)
{
	l->buf[l->n++] = '\n';
	ssize_t ignored = write(STDERR_FILENO, l->buf, l->n);
	(void)ignored;
	_exit(code);
}

/* Ends the program with the failure line "... BEFORE NUMBER AFTER". */
static void __attribute__((noreturn)) fail_number(const char *before, long number, const char *after, int code)
{
	struct line l;
	start(&l);
	put(&l, before);
	put_long(&l, number);
	put(&l, after);
	fail_with(&l, code);
}

/* Offset of p from the first byte of the live entry (negative: before it). */
static long offset_from_entry(const void *p)
{
	return (long)((const unsigned char *)p - (const unsigned char *)live);
}

static void __attribute__((noreturn)) fail_outside(long offset)
{
	struct line l;
	start(&l);
	put(&l, "the writer wrote outside the entry (at byte ");
	put_long(&l, offset);
	put(&l, " from its start; the entry is bytes 0..");
	put_long(&l, ENTRY_BYTES - 1);
	put(&l, ")");
	fail_with(&l, EXIT_OUTSIDE);
}

static void on_signal(int sig, siginfo_t *info, void *context)
{
	(void)context;
	if (sig == SIGALRM)
		fail_number("the writer did not return within the time limit of ", time_limit_ms, " ms", EXIT_TIME_LIMIT);
	if (sig == SIGSEGV && running && info && guarded) {
		unsigned char *a = (unsigned char *)info->si_addr;
		if ((a >= guarded && a < data_page) || (a >= data_page + page_size && a < data_page + 2 * page_size))
			fail_outside(offset_from_entry(a));
	}
	const char *name = sig == SIGSEGV ? "SIGSEGV" : sig == SIGBUS ? "SIGBUS" : sig == SIGFPE ? "SIGFPE"
			 : sig == SIGILL ? "SIGILL" : "SIGABRT";
	int code = sig == SIGSEGV ? EXIT_SIGSEGV : sig == SIGBUS ? EXIT_SIGBUS : sig == SIGFPE ? EXIT_SIGFPE
		 : sig == SIGILL ? EXIT_SIGILL : EXIT_SIGABRT;
	struct line l;
	start(&l);
	put(&l, "the writer crashed with ");
	put(&l, name);
	if (info && (sig == SIGSEGV || sig == SIGBUS)) {
		put(&l, " at address 0x");
		put_digits(&l, (unsigned long)info->si_addr, 16);
	}
	fail_with(&l, code);
}

static void install_handlers(void)
{
	static char alt_stack[64 * 1024];
	stack_t ss = { .ss_sp = alt_stack, .ss_size = sizeof alt_stack, .ss_flags = 0 };
	sigaltstack(&ss, NULL);
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = on_signal;
	sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
	sigemptyset(&sa.sa_mask);
	int sigs[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT, SIGALRM };
	for (size_t i = 0; i < ARRAY_SIZE(sigs); i++)
		sigaction(sigs[i], &sa, NULL);
}

/* ---- recording ---- */

static int qword_of(const void *addr)
{
	long off = offset_from_entry(addr);
	if (off < 0 || off >= ENTRY_BYTES || off % 8 != 0)
		return -1;
	return (int)(off / 8);
}

/* Records every qword of the live entry that changed without a recorded store, as a plain store. */
static void record_plain_changes(void)
{
	for (int q = 0; q < HITLESS_ENTRY_QWORDS; q++) {
		u64 now = ((volatile u64 *)live)[q];
		if (now != expected[q]) {
			fprintf(trace, "plain store64 %d 0x%016llx\n", q, (unsigned long long)now);
			expected[q] = now;
		}
	}
}

void hitless__write64(void *addr, u64 value)
{
	int q = running ? qword_of(addr) : -1;
	if (q < 0) {
		if (((uintptr_t)addr & 7) == 0)
			*(volatile u64 *)addr = value;
		else
			memcpy(addr, &value, 8);
		return;
	}
	record_plain_changes();
	((volatile u64 *)live)[q] = value;
	expected[q] = value;
	fprintf(trace, "store64 %d 0x%016llx\n", q, (unsigned long long)value);
}

u128 hitless__cmpxchg128(u128 *ptr, u128 old, u128 new_value)
{
	int q = running ? qword_of(ptr) : -1;
	if (q < 0 || q % 2 != 0) {
		u128 cur = *(volatile u128 *)ptr;
		if (cur == old)
			*(volatile u128 *)ptr = new_value;
		return cur;
	}
	record_plain_changes();
	volatile u64 *p = (volatile u64 *)live;
	u128 cur = ((u128)p[q + 1] << 64) | p[q];
	if (cur != old)
		return cur;
	u64 low = (u64)new_value, high = (u64)(new_value >> 64);
	p[q] = low;
	p[q + 1] = high;
	expected[q] = low;
	expected[q + 1] = high;
	fprintf(trace, "store128 %d 0x%016llx 0x%016llx\n", q / 2, (unsigned long long)low, (unsigned long long)high);
	return cur;
}

void hitless__barrier(const char *kind)
{
	if (!running)
		return;
	record_plain_changes();
	fprintf(trace, "barrier %s\n", kind);
}

void hitless_sync(const char *kinds)
{
	if (!running)
		return;
	record_plain_changes();
	fprintf(trace, "sync %s\n", kinds && *kinds ? kinds : "(none)");
}

void hitless__warn(const char *file, int line)
{
	if (!running)
		return;
	record_plain_changes();
	fprintf(trace, "warn %s:%d\n", file, line);
}

/* ---- main ---- */

static void setup_entry(void)
{
	page_size = (size_t)sysconf(_SC_PAGESIZE);
	guarded = mmap(NULL, 3 * page_size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (guarded == MAP_FAILED) {
		perror("hitless-harness: mmap");
		exit(EXIT_BAD_INPUT);
	}
	data_page = guarded + page_size;
	mprotect(guarded, page_size, PROT_NONE);
	mprotect(data_page + page_size, page_size, PROT_NONE);
	live = (u64 *)(data_page + page_size / 2); /* aligned to its size: page_size / 2 is a multiple of 64 */
}

static void fill_canary(void)
{
	memset(data_page, CANARY, page_size);
}

static void check_canary(void)
{
	unsigned char *entry_start = (unsigned char *)live;
	for (unsigned char *b = data_page; b < data_page + page_size; b++) {
		if (b >= entry_start && b < entry_start + ENTRY_BYTES)
			continue;
		if (*b != CANARY)
			fail_outside(offset_from_entry(b));
	}
}

static void arm_timer(long ms)
{
	struct itimerval t;
	memset(&t, 0, sizeof t);
	t.it_value.tv_sec = ms / 1000;
	t.it_value.tv_usec = (ms % 1000) * 1000;
	setitimer(ITIMER_REAL, &t, NULL);
}

static bool parse_line(char *line, char *id, size_t id_cap, u64 *current, u64 *target)
{
	char *save = NULL;
	char *tok = strtok_r(line, " \t\r\n", &save);
	if (!tok)
		return false;
	if (strlen(tok) >= id_cap)
		return false;
	strcpy(id, tok);
	for (int i = 0; i < 2 * HITLESS_ENTRY_QWORDS; i++) {
		tok = strtok_r(NULL, " \t\r\n", &save);
		if (!tok)
			return false;
		char *end;
		errno = 0;
		unsigned long long v = strtoull(tok, &end, 16);
		if (errno || *end)
			return false;
		if (i < HITLESS_ENTRY_QWORDS)
			current[i] = v;
		else
			target[i - HITLESS_ENTRY_QWORDS] = v;
	}
	return strtok_r(NULL, " \t\r\n", &save) == NULL;
}

int main(int argc, char **argv)
{
	if (argc > 2 || (argc == 2 && (time_limit_ms = strtol(argv[1], NULL, 10)) <= 0)) {
		fprintf(stderr, "usage: %s [TIME_LIMIT_MS] < transitions\n", argv[0]);
		return EXIT_BAD_INPUT;
	}
	/* The trace gets the original stdout; the writer's own printf output goes to stderr. */
	int trace_fd = dup(STDOUT_FILENO);
	dup2(STDERR_FILENO, STDOUT_FILENO);
	trace = fdopen(trace_fd, "w");
	if (!trace) {
		perror("hitless-harness: fdopen");
		return EXIT_BAD_INPUT;
	}
	setup_entry();
	install_handlers();

	static char line[4096];
	static u64 target[HITLESS_ENTRY_QWORDS];
	while (fgets(line, sizeof line, stdin)) {
		if (strspn(line, " \t\r\n") == strlen(line))
			continue;
		u64 current[HITLESS_ENTRY_QWORDS];
		char id[sizeof current_id];
		if (!parse_line(line, id, sizeof id, current, target)) {
			fprintf(stderr, "hitless-harness: bad input line (want ID and %d hex qwords): %s",
				2 * HITLESS_ENTRY_QWORDS, line);
			return EXIT_BAD_INPUT;
		}
		strcpy(current_id, id);
		fill_canary();
		memcpy(live, current, ENTRY_BYTES);
		memcpy(expected, current, ENTRY_BYTES);
		fprintf(trace, "begin %s\n", id);
		arm_timer(time_limit_ms);
		running = true;
		hitless_writer((__le64 *)live, (const __le64 *)target);
		running = false;
		arm_timer(0);
		record_plain_changes();
		check_canary();
		fprintf(trace, "end %s\n", id);
		fflush(trace);
	}
	fflush(trace);
	return 0;
}
