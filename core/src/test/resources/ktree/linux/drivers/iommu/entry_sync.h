/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A fake entry_sync library for hitless's tests, written from scratch in the shape of the 2026 library: update a
 * multi-quantum entry the IOMMU reads while it reads it, through the bits the hardware uses ("used bits"), hitless
 * where one quantum's used bits change, else through V=0.
 */
#ifndef IOMMU_ENTRY_SYNC_H
#define IOMMU_ENTRY_SYNC_H

#include <linux/types.h>
#include <linux/compiler.h>
#include <linux/bug.h>

/* The caller's scratch memory: three entries' worth of quanta */
#define ENTRY_SYNC_MEMORY_LEN(writer) ((writer)->num_quantas * 3)

struct entry_sync_writer_ops64;
struct entry_sync_writer64 {
	const struct entry_sync_writer_ops64 *ops;
	size_t num_quantas;	/* the entry's size in quanta */
	size_t vbit_quanta;	/* the quantum holding the valid bit */
};

struct entry_sync_writer_ops64 {
	void (*get_used)(const __le64 *entry, __le64 *used);
	void (*sync)(struct entry_sync_writer64 *writer);
};

void entry_sync_write64(struct entry_sync_writer64 *writer, __le64 *entry,
			const __le64 *target, __le64 *memory,
			size_t memory_len);

struct entry_sync_writer_ops128;
struct entry_sync_writer128 {
	const struct entry_sync_writer_ops128 *ops;
	size_t num_quantas;	/* the entry's size in quanta */
	size_t vbit_quanta;	/* the quantum holding the valid bit */
};

struct entry_sync_writer_ops128 {
	void (*get_used)(const u128 *entry, u128 *used);
	void (*sync)(struct entry_sync_writer128 *writer);
};

void entry_sync_write128(struct entry_sync_writer128 *writer, u128 *entry,
			 const u128 *target, u128 *memory,
			 size_t memory_len);

#endif
