/*
 * hitless.h - a user-space build of a kernel-style IOMMU entry writer, recorded.
 *
 * Written from scratch for the hitless project (no kernel code). Include it (or pass `-include hitless.h`) in a
 * C file that defines the writer entry point and compile that file together with hitless_harness.c; `hitless
 * c-check` does both. The harness runs the writer once per catalogue transition on a live entry of
 * HITLESS_ENTRY_QWORDS qwords (the format's width, aligned to its size, on its own page, guarded) and sends what it recorded on file descriptor 3 (trace
 * format: c/README.md).
 *
 * THE WRITER ENTRY POINT (defined by the user's file)
 *   void hitless_writer(__le64 *entry, const __le64 *target);
 *       `entry` is the live entry (HITLESS_ENTRY_QWORDS qwords), `target` the entry to reach (as many, read only). Another name
 *       is chosen with `hitless c-check --entry NAME` (a generated hitless_writer calls NAME, so that function
 *       has this signature and must not be static).
 *
 * RECORDED (in program order, each with its value)
 *   WRITE_ONCE(x, v)       on an 8-byte lvalue whose address is a qword of the live entry: `store64 Q VALUE`.
 *                          Anywhere else (a stack copy, a 4-byte field) it is an ordinary volatile store.
 *   cmpxchg128(p, o, n)    u128 *p; returns the old value; when *p == o stores n. A successful one on a 16-byte
 *                          aligned chunk of the live entry: `store128 C LOW HIGH` (C = qword index / 2).
 *   try_cmpxchg128(p, op, n)  u128 *op; true on success, else *op = current value (kernel semantics).
 *   dma_wmb() wmb() smp_wmb() mb() smp_mb()
 *                          `barrier KIND`, KIND = the macro's name (dma_wmb, wmb, smp_wmb, mb, smp_mb). smp_wmb and
 *                          smp_mb order stores among CPUs only, not for the IOMMU (c/README.md, "Mapping to plans").
 *   hitless_sync(kinds)    `sync KINDS`; kinds names dev.hitless.plan.SyncKind labels joined by '+':
 *                          "entry", "entry+iotlb", "entry+iotlb+devtlb", "iotlb", ... (aliases pasid-cache, cfgi,
 *                          tlbi, atc are accepted by the Java side). Call it from the ops' sync callback.
 *   WARN_ON(c) WARN_ON_ONCE(c)
 *                          `warn FILE:LINE` each time c is true (ONCE is not tracked across transitions); both
 *                          return !!c.
 *   plain stores           any change of the live entry not made by WRITE_ONCE/cmpxchg128 (entry[i] = v, a
 *                          struct copy, memcpy) is found by comparing the live entry with its expected value at
 *                          every recorded event and after the writer returns: `plain store64 Q VALUE`, one per
 *                          changed qword, in qword order, just before the event that found it. Checked as plain
 *                          64-bit stores: the compiler may reorder them (c/README.md, "Plain stores").
 *   NOT recorded           READ_ONCE (a volatile load), rmb() dma_rmb() smp_rmb() barrier() (compiler barriers).
 *
 * KERNEL NAMES PROVIDED
 *   types     u8 u16 u32 u64 s8 s16 s32 s64 __le64 __le32 __u64 __u32 bool u128 (unsigned __int128) size_t
 *   attrs     __always_inline noinline __maybe_unused __must_check fallthrough likely(x) unlikely(x)
 *             EXPORT_SYMBOL(x) EXPORT_SYMBOL_GPL(x) (no-ops)
 *   helpers   ARRAY_SIZE BUILD_BUG_ON(c) (compile-time when c is constant) min max min_t max_t
 *             FIELD_PREP(mask, v) FIELD_GET(mask, reg) GENMASK_ULL(h, l) GENMASK(h, l) BIT_ULL(n) BIT(n)
 *             hweight8 hweight16 hweight32 hweight64 ffs (libc) __ffs __ffs64 fls fls64
 *             le64_to_cpu cpu_to_le64 le32_to_cpu cpu_to_le32 (identity: the harness runs little-endian)
 *   harness   HITLESS_ENTRY_QWORDS: the entry's width in qwords, the format's (8 for VT-d PASID entries and SMMUv3
 *             STEs and CDs); `hitless c-check` defines it with -D, 8 when nothing does
 * A kernel name missing here: define it before including hitless.h, or put a stub header in a folder passed
 * with `hitless c-check --include-dir DIR` (see README.md, "Check your C").
 */
#ifndef HITLESS_H
#define HITLESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

#ifndef HITLESS_ENTRY_QWORDS
#define HITLESS_ENTRY_QWORDS 8
#endif
#if HITLESS_ENTRY_QWORDS != 2 && HITLESS_ENTRY_QWORDS != 4 && HITLESS_ENTRY_QWORDS != 8
#error "HITLESS_ENTRY_QWORDS is the entry's width in qwords: 2, 4 or 8"
#endif

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int8_t s8;
typedef int16_t s16;
typedef int32_t s32;
typedef int64_t s64;
typedef uint64_t __le64;
typedef uint32_t __le32;
typedef uint64_t __u64;
typedef uint32_t __u32;
typedef unsigned __int128 u128;

/* ---- attributes ---- */
#ifndef __always_inline
#define __always_inline inline __attribute__((__always_inline__))
#endif
#define noinline __attribute__((__noinline__))
#define __maybe_unused __attribute__((__unused__))
#define __must_check __attribute__((__warn_unused_result__))
#define fallthrough __attribute__((__fallthrough__))
#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)
#define EXPORT_SYMBOL(x)
#define EXPORT_SYMBOL_GPL(x)

/* ---- helpers ---- */
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define BUILD_BUG_ON(cond) ((void)sizeof(char[1 - 2 * !!(cond)]))
#define min(a, b) ({ __typeof__(a) __hl_a = (a); __typeof__(b) __hl_b = (b); __hl_a < __hl_b ? __hl_a : __hl_b; })
#define max(a, b) ({ __typeof__(a) __hl_a = (a); __typeof__(b) __hl_b = (b); __hl_a > __hl_b ? __hl_a : __hl_b; })
#define min_t(t, a, b) ({ t __hl_a = (a); t __hl_b = (b); __hl_a < __hl_b ? __hl_a : __hl_b; })
#define max_t(t, a, b) ({ t __hl_a = (a); t __hl_b = (b); __hl_a > __hl_b ? __hl_a : __hl_b; })

#define BIT_ULL(n) (1ULL << (n))
#define BIT(n) (1UL << (n))
#define GENMASK_ULL(h, l) (((~0ULL) << (l)) & (~0ULL >> (63 - (h))))
#define GENMASK(h, l) (((~0UL) << (l)) & (~0UL >> (63 - (h))))
#define FIELD_PREP(mask, val) ((__typeof__(mask))(((u64)(val) << __builtin_ctzll(mask)) & (u64)(mask)))
#define FIELD_GET(mask, reg) ((__typeof__(mask))(((u64)(reg) & (u64)(mask)) >> __builtin_ctzll(mask)))

#define hweight8(x) ((unsigned int)__builtin_popcount((u8)(x)))
#define hweight16(x) ((unsigned int)__builtin_popcount((u16)(x)))
#define hweight32(x) ((unsigned int)__builtin_popcount((u32)(x)))
#define hweight64(x) ((unsigned int)__builtin_popcountll((u64)(x)))
/* ffs() is libc's (1-based, 0 for 0), the same as the kernel's. */
#define __ffs(x) ((unsigned long)__builtin_ctzl((unsigned long)(x)))
#define __ffs64(x) ((unsigned long)__builtin_ctzll((u64)(x)))
#define fls(x) ((x) ? 32 - __builtin_clz((u32)(x)) : 0)
#define fls64(x) ((x) ? 64 - __builtin_clzll((u64)(x)) : 0)

#define le64_to_cpu(x) ((u64)(x))
#define cpu_to_le64(x) ((__le64)(x))
#define le32_to_cpu(x) ((u32)(x))
#define cpu_to_le32(x) ((__le32)(x))

/* ---- the recording runtime (hitless_harness.c) ---- */
void hitless_writer(__le64 *entry, const __le64 *target);

/** Records a sync naming its kinds, e.g. "entry+iotlb+devtlb". */
void hitless_sync(const char *kinds);

/* Internal: called through the macros below. */
void hitless__write64(void *addr, u64 value);
void hitless__barrier(const char *kind);
u128 hitless__cmpxchg128(u128 *ptr, u128 old, u128 new_value);
void hitless__warn(const char *file, int line);

#define WRITE_ONCE(x, val)                                                                 \
	do {                                                                               \
		__typeof__(x) *__hl_p = &(x);                                              \
		__typeof__(x) __hl_v = (val);                                              \
		if (sizeof(*__hl_p) == 8) {                                                \
			u64 __hl_u;                                                        \
			memcpy(&__hl_u, &__hl_v, 8);                                       \
			hitless__write64((void *)__hl_p, __hl_u);                          \
		} else {                                                                   \
			*(volatile __typeof__(x) *)__hl_p = __hl_v;                        \
		}                                                                          \
	} while (0)
#define READ_ONCE(x) (*(const volatile __typeof__(x) *)&(x))

#define barrier() __asm__ __volatile__("" ::: "memory")
#define dma_wmb() hitless__barrier("dma_wmb")
#define wmb() hitless__barrier("wmb")
#define smp_wmb() hitless__barrier("smp_wmb")
#define mb() hitless__barrier("mb")
#define smp_mb() hitless__barrier("smp_mb")
#define rmb() barrier()
#define dma_rmb() barrier()
#define smp_rmb() barrier()

#define cmpxchg128(ptr, old, new_value) hitless__cmpxchg128((ptr), (old), (new_value))
#define try_cmpxchg128(ptr, oldp, new_value)                                               \
	({                                                                                 \
		u128 *__hl_op = (oldp);                                                    \
		u128 __hl_o = *__hl_op;                                                    \
		u128 __hl_r = hitless__cmpxchg128((ptr), __hl_o, (new_value));             \
		if (__hl_r != __hl_o)                                                      \
			*__hl_op = __hl_r;                                                 \
		__hl_r == __hl_o;                                                          \
	})

#define WARN_ON(cond)                                                                      \
	({                                                                                 \
		bool __hl_c = !!(cond);                                                    \
		if (__hl_c)                                                                \
			hitless__warn(__FILE__, __LINE__);                                 \
		__hl_c;                                                                    \
	})
#define WARN_ON_ONCE(cond) WARN_ON(cond)

#endif /* HITLESS_H */
