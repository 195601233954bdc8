/*
 * hitless_harness.c - the recording runtime behind hitless.h and the main that runs a writer over transitions.
 * Written from scratch for the hitless project. Compile it together with the writer's file:
 *
 *     cc -std=gnu11 -O1 -I c/ writer.c c/hitless_harness.c -o writer
 *     ./writer < transitions 3> trace.bin
 *
 * The entry is HITLESS_ENTRY_QWORDS qwords wide (hitless.h; `hitless c-check` defines it as the format's width with
 * -D). Input, one transition per line: ID (no blanks) then that many hex qwords of the current entry and as many of
 * the target (with or without 0x). Output: binary trace records on file descriptor 3 (TRACE_FD), never on stdout or stderr,
 * so nothing the writer prints can be taken for a record. Each record is a 4-byte little-endian body length, then
 * the body: one type byte and its fields (little-endian), format in c/README.md, "The trace". Per transition:
 * BEGIN (the transition's index: 0, 1, ... in input order), the recorded events, END. A failure the harness sees
 * (a crash, a write outside the entry, a bad input line) is one FAIL record, then exit code 65. Whoever calls
 * exit() (main returning included) sends EXIT with the status given, last.
 *
 * Exit codes: 0 every transition recorded; 64 no trace descriptor, or a bad argument; 65 a FAIL record was sent;
 * 66 the trace could not be written (descriptor 3 closed or replaced by the writer).
 * hitless c-check reads the records and the exit status only; it enforces the time, memory and output limits
 * from outside the program (c/README.md, "Limits").
 */
#define _GNU_SOURCE
#include "hitless.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

enum {
	EXIT_USAGE = 64,
	EXIT_FAILED = 65,
	EXIT_TRACE = 66,
};

/* Where the trace goes: opened by whoever runs the program (c-check: a pipe). */
#define TRACE_FD 3

/* Record types and sizes: c/README.md, "The trace"; dev.hitless.cwriter.TraceDecoder reads them. */
enum {
	REC_BEGIN = 1,    /* u32 index */
	REC_END = 2,      /* u32 index */
	REC_STORE64 = 3,  /* u8 qword, u64 value */
	REC_PLAIN64 = 4,  /* u8 qword, u64 value */
	REC_STORE128 = 5, /* u8 chunk, u64 low, u64 high */
	REC_BARRIER = 6,  /* bytes: the macro's name */
	REC_SYNC = 7,     /* bytes: the kinds as given to hitless_sync */
	REC_WARN = 8,     /* u32 line, bytes: file */
	REC_FAIL = 9,     /* u8 what, u64 number, u64 address */
	REC_EXIT = 10,    /* i32 status: exit() was called (by the writer, or by main returning) */
};

/* What a FAIL record reports; number and address as noted. */
enum {
	FAIL_OUTSIDE = 1,   /* number: byte offset from the entry's start (signed) */
	FAIL_SIGNAL = 2,    /* number: the signal; address: the faulting address (SIGSEGV, SIGBUS), else 0 */
	FAIL_BAD_INPUT = 3, /* number: the input line, 1-based */
};

/* Longest string a record carries; longer ones are cut (the Java side reports what it got). */
#define MAX_TEXT 1024

#define ENTRY_BYTES (HITLESS_ENTRY_QWORDS * 8)
#define CANARY 0xa5

static size_t page_size;
static unsigned char *guarded;  /* guard page, data page, guard page */
static unsigned char *data_page;
static u64 *live;               /* the live entry, in the middle of the data page */
static u64 expected[HITLESS_ENTRY_QWORDS];
static bool running;            /* inside the writer: events are recorded */

/* ---- trace records (async-signal-safe: write(2) only) ---- */

struct record {
	unsigned char buf[4 + 1 + 4 + MAX_TEXT];
	size_t n;
};

static void rec_start(struct record *r, int type)
{
	r->n = 4;
	r->buf[r->n++] = (unsigned char)type;
}

static void rec_u8(struct record *r, unsigned v)
{
	r->buf[r->n++] = (unsigned char)v;
}

static void rec_le(struct record *r, u64 v, int bytes)
{
	for (int i = 0; i < bytes; i++)
		r->buf[r->n++] = (unsigned char)(v >> (8 * i));
}

static void rec_text(struct record *r, const char *s)
{
	for (size_t k = 0; s && s[k] && k < MAX_TEXT; k++)
		r->buf[r->n++] = (unsigned char)s[k];
}

/* Sends the record whole; a trace that cannot be written ends the program (the reader sees a short trace). */
static void rec_send(struct record *r)
{
	u32 body = (u32)(r->n - 4);
	for (int i = 0; i < 4; i++)
		r->buf[i] = (unsigned char)(body >> (8 * i));
	size_t done = 0;
	while (done < r->n) {
		ssize_t w = write(TRACE_FD, r->buf + done, r->n - done);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			_exit(EXIT_TRACE);
		done += (size_t)w;
	}
}

static void __attribute__((noreturn)) fail(unsigned what, u64 number, u64 address)
{
	struct record r;
	rec_start(&r, REC_FAIL);
	rec_u8(&r, what);
	rec_le(&r, number, 8);
	rec_le(&r, address, 8);
	rec_send(&r);
	_exit(EXIT_FAILED);
}

/* Offset of p from the first byte of the live entry (negative: before it). */
static long offset_from_entry(const void *p)
{
	return (long)((const unsigned char *)p - (const unsigned char *)live);
}

static void __attribute__((noreturn)) fail_outside(long offset)
{
	fail(FAIL_OUTSIDE, (u64)offset, 0);
}

static void on_signal(int sig, siginfo_t *info, void *context)
{
	(void)context;
	if (sig == SIGSEGV && running && info && guarded) {
		unsigned char *a = (unsigned char *)info->si_addr;
		if ((a >= guarded && a < data_page) || (a >= data_page + page_size && a < data_page + 2 * page_size))
			fail_outside(offset_from_entry(a));
	}
	bool has_address = info && (sig == SIGSEGV || sig == SIGBUS);
	fail(FAIL_SIGNAL, (u64)sig, has_address ? (u64)(uintptr_t)info->si_addr : 0);
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
	int sigs[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT };
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

static void send_store(int type, int index, u64 low, u64 high, bool wide)
{
	struct record r;
	rec_start(&r, type);
	rec_u8(&r, (unsigned)index);
	rec_le(&r, low, 8);
	if (wide)
		rec_le(&r, high, 8);
	rec_send(&r);
}

static void send_text(int type, const char *text)
{
	struct record r;
	rec_start(&r, type);
	rec_text(&r, text);
	rec_send(&r);
}

/* Records every qword of the live entry that changed without a recorded store, as a plain store. */
static void record_plain_changes(void)
{
	for (int q = 0; q < HITLESS_ENTRY_QWORDS; q++) {
		u64 now = ((volatile u64 *)live)[q];
		if (now != expected[q]) {
			send_store(REC_PLAIN64, q, now, 0, false);
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
	send_store(REC_STORE64, q, value, 0, false);
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
	send_store(REC_STORE128, q / 2, low, high, true);
	return cur;
}

void hitless__barrier(const char *kind)
{
	if (!running)
		return;
	record_plain_changes();
	send_text(REC_BARRIER, kind);
}

void hitless_sync(const char *kinds)
{
	if (!running)
		return;
	record_plain_changes();
	send_text(REC_SYNC, kinds);
}

void hitless__warn(const char *file, int line)
{
	if (!running)
		return;
	record_plain_changes();
	struct record r;
	rec_start(&r, REC_WARN);
	rec_le(&r, (u64)(u32)line, 4);
	rec_text(&r, file);
	rec_send(&r);
}

/* ---- main ---- */

static void setup_entry(void)
{
	page_size = (size_t)sysconf(_SC_PAGESIZE);
	guarded = mmap(NULL, 3 * page_size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (guarded == MAP_FAILED) {
		perror("hitless-harness: mmap");
		exit(EXIT_USAGE);
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

static bool parse_line(char *line, u64 *current, u64 *target)
{
	char *save = NULL;
	if (!strtok_r(line, " \t\r\n", &save)) /* the ID: only for people reading the input */
		return false;
	for (int i = 0; i < 2 * HITLESS_ENTRY_QWORDS; i++) {
		char *tok = strtok_r(NULL, " \t\r\n", &save);
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

/* Runs inside exit(), whoever called it: the status exit() was given, which the exit code alone cannot tell
 * apart from a signal (128 + N). _exit() and a signal bypass it. */
static void send_exit(int status, void *unused)
{
	(void)unused;
	struct record r;
	rec_start(&r, REC_EXIT);
	rec_le(&r, (u64)(u32)status, 4);
	rec_send(&r);
}

static void send_index(int type, u32 index)
{
	struct record r;
	rec_start(&r, type);
	rec_le(&r, index, 4);
	rec_send(&r);
}

int main(int argc, char **argv)
{
	if (argc > 1 || fcntl(TRACE_FD, F_GETFD) < 0) {
		fprintf(stderr, "usage: %s < transitions 3> trace (file descriptor 3 must be open for the trace)\n", argv[0]);
		return EXIT_USAGE;
	}
	setup_entry();
	install_handlers();
	on_exit(send_exit, NULL);

	static char line[4096];
	static u64 target[HITLESS_ENTRY_QWORDS];
	u32 index = 0;
	for (u64 line_no = 1; fgets(line, sizeof line, stdin); line_no++) {
		if (strspn(line, " \t\r\n") == strlen(line))
			continue;
		u64 current[HITLESS_ENTRY_QWORDS];
		if (!parse_line(line, current, target))
			fail(FAIL_BAD_INPUT, line_no, 0);
		fill_canary();
		memcpy(live, current, ENTRY_BYTES);
		memcpy(expected, current, ENTRY_BYTES);
		send_index(REC_BEGIN, index);
		running = true;
		hitless_writer((__le64 *)live, (const __le64 *)target);
		running = false;
		record_plain_changes();
		check_canary();
		send_index(REC_END, index);
		index++;
	}
	return 0;
}
