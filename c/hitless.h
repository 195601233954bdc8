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
 *   kunit     VISIBLE_IF_KUNIT EXPORT_SYMBOL_IF_KUNIT(x) EXPORT_SYMBOL_NS(x, ns) EXPORT_SYMBOL_NS_GPL(x, ns) (no-ops)
 *   kconfig   IS_ENABLED(CONFIG_X) IS_BUILTIN IS_MODULE IS_REACHABLE (1 when CONFIG_X is defined as 1, as the
 *             kernel's kconfig.h; `c-check -D CONFIG_X` defines one)
 *   checks    static_assert(expr[, msg]) (C11's, message optional) BUILD_BUG_ON_MSG(c, msg) BUG_ON(c) BUG()
 *             (BUG traps: the writer crashes with SIGILL) WARN(c, fmt, ...) WARN_ONCE(c, fmt, ...) (recorded as
 *             WARN_ON)
 *   locks     spinlock_t raw_spinlock_t struct mutex DEFINE_SPINLOCK spin_lock_init spin_lock spin_unlock
 *             spin_lock_irqsave spin_unlock_irqrestore raw_spin_lock* mutex_lock mutex_unlock lockdep_assert_held
 *             lockdep_assert_not_held might_sleep (no-ops: the harness runs one writer on one thread)
 *   atomics   cmpxchg128_local try_cmpxchg128_local arch_cmpxchg128_local (recorded as cmpxchg128)
 *             system_has_cmpxchg128() (true)
 *   misc      container_of offsetof sizeof_field CONCATENATE __stringify upper_32_bits lower_32_bits U8_MAX..U64_MAX
 *             __le16 __be64 __u8 __u16 cpu_to_le16 le16_to_cpu __packed __aligned(n) __force __iomem __rcu
 *             __must_hold(x) __acquires(x) __releases(x) __init __read_mostly __cacheline_aligned
 *             pr_err pr_warn pr_info pr_debug dev_err dev_warn dev_info dev_dbg (print nothing) errno values
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
#include <errno.h>

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

/* ---- KUnit, exports, kconfig ---- */
#define VISIBLE_IF_KUNIT
#define EXPORT_SYMBOL_IF_KUNIT(x)
#define EXPORT_SYMBOL_NS(x, ns)
#define EXPORT_SYMBOL_NS_GPL(x, ns)
/* IS_ENABLED(CONFIG_X): 1 when CONFIG_X (or CONFIG_X_MODULE) is defined as 1, else 0; usable in #if */
#define __hl_placeholder_1 0,
#define __hl_second(ignored, val, ...) val
#define __hl_is_one(x) __hl_is_one_(x)
#define __hl_is_one_(val) __hl_is_one__(__hl_placeholder_##val)
#define __hl_is_one__(arg_or_junk) __hl_second(arg_or_junk 1, 0)
#define IS_BUILTIN(option) __hl_is_one(option)
#define IS_MODULE(option) __hl_is_one(option##_MODULE)
#define IS_ENABLED(option) (IS_BUILTIN(option) || IS_MODULE(option))
#define IS_REACHABLE(option) IS_ENABLED(option)

/* ---- checks ---- */
#undef static_assert
#define static_assert(expr, ...) __hl_static_assert(expr, ##__VA_ARGS__, #expr)
#define __hl_static_assert(expr, msg, ...) _Static_assert(expr, msg)
#define BUILD_BUG_ON_MSG(cond, msg) BUILD_BUG_ON(cond)
#define BUG() __builtin_trap()
#define BUG_ON(cond) do { if (cond) __builtin_trap(); } while (0)
#define WARN(cond, ...) WARN_ON(cond)
#define WARN_ONCE(cond, ...) WARN_ON(cond)

/* ---- locks: one writer on one thread, nothing to exclude ---- */
typedef struct { int __hl_unused; } spinlock_t;
typedef struct { int __hl_unused; } raw_spinlock_t;
struct mutex { int __hl_unused; };
#define DEFINE_SPINLOCK(x) spinlock_t x = { 0 }
#define DEFINE_MUTEX(x) struct mutex x = { 0 }
#define spin_lock_init(l) ((void)(l))
#define spin_lock(l) ((void)(l))
#define spin_unlock(l) ((void)(l))
#define spin_lock_irqsave(l, flags) ((void)(l), (flags) = 0)
#define spin_unlock_irqrestore(l, flags) ((void)(l), (void)(flags))
#define raw_spin_lock(l) ((void)(l))
#define raw_spin_unlock(l) ((void)(l))
#define raw_spin_lock_irqsave(l, flags) ((void)(l), (flags) = 0)
#define raw_spin_unlock_irqrestore(l, flags) ((void)(l), (void)(flags))
#define mutex_lock(m) ((void)(m))
#define mutex_unlock(m) ((void)(m))
#define lockdep_assert_held(l) do { (void)(l); } while (0)
#define lockdep_assert_not_held(l) do { (void)(l); } while (0)
#define might_sleep() do { } while (0)

/* ---- misc ---- */
typedef uint16_t __le16;
typedef uint64_t __be64;
typedef uint8_t __u8;
typedef uint16_t __u16;
#define container_of(ptr, type, member) ((type *)((char *)(ptr) - offsetof(type, member)))
#define sizeof_field(type, member) sizeof(((type *)0)->member)
#define __hl_concat(a, b) a##b
#define CONCATENATE(a, b) __hl_concat(a, b)
#define __hl_str(x) #x
#define __stringify(x) __hl_str(x)
#define upper_32_bits(n) ((u32)(((u64)(n)) >> 32))
#define lower_32_bits(n) ((u32)((u64)(n) & 0xffffffffu))
#define U8_MAX ((u8)~0U)
#define U16_MAX ((u16)~0U)
#define U32_MAX ((u32)~0U)
#define U64_MAX ((u64)~0ULL)
#define cpu_to_le16(x) ((__le16)(x))
#define le16_to_cpu(x) ((u16)(x))
#define __packed __attribute__((__packed__))
#define __aligned(n) __attribute__((__aligned__(n)))
#define __force
#define __iomem
#define __rcu
#define __must_hold(x)
#define __acquires(x)
#define __releases(x)
#define __init
#define __read_mostly
#define __cacheline_aligned
#define __hl_print_nothing(...) do { } while (0)
#define pr_err(...) __hl_print_nothing(__VA_ARGS__)
#define pr_warn(...) __hl_print_nothing(__VA_ARGS__)
#define pr_info(...) __hl_print_nothing(__VA_ARGS__)
#define pr_debug(...) __hl_print_nothing(__VA_ARGS__)
#define dev_err(...) __hl_print_nothing(__VA_ARGS__)
#define dev_warn(...) __hl_print_nothing(__VA_ARGS__)
#define dev_info(...) __hl_print_nothing(__VA_ARGS__)
#define dev_dbg(...) __hl_print_nothing(__VA_ARGS__)

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

#define cmpxchg128_local(ptr, old, new_value) cmpxchg128(ptr, old, new_value)
#define try_cmpxchg128_local(ptr, oldp, new_value) try_cmpxchg128(ptr, oldp, new_value)
#define arch_cmpxchg128_local(ptr, old, new_value) hitless__cmpxchg128((u128 *)(ptr), (old), (new_value))
#define system_has_cmpxchg128() 1

#endif /* HITLESS_H */
