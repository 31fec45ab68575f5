// SPDX-License-Identifier: GPL-2.0
/*
 * vma_bench - instruction counts of mmap_region() per mmap call, on the
 * userland VMA harness (tools/testing/vma) of a kernel tree.
 *
 * scripts/bench.sh copies this file next to the harness's vma.c and builds
 * it with the harness's flags; it reuses the harness's helpers (the test
 * files whose ->mmap() or ->mmap_prepare() hooks it controls, the mm set-up)
 * and replaces its main().  Run under
 *
 *	valgrind --tool=callgrind --collect-atstart=no \
 *		--toggle-collect=measured_mmap ./vma_bench SCENARIO
 *
 * so that only the mmap_region() calls are counted; SCENARIO does
 * BENCH_ITERATIONS of them, each from the same starting state.
 *
 * Scenarios (HAVE_MMAP_PREPARE: only in a tree with the hook):
 *   anon             anonymous private mapping, no neighbour
 *   legacy           file mapping through ->mmap(), no neighbour
 *   prepare          the same through ->mmap_prepare()
 *   legacy_merge     next to a mapping of the same file whose ->mmap() set
 *                    VM_DONTDUMP, at the contiguous offset (6.12: the first
 *                    merge fails, a VMA is set up, ->mmap() sets the flag,
 *                    the retry merge succeeds and frees it)
 *   prepare_merge    the same with ->mmap_prepare() (merges at once)
 *   legacy_error     ->mmap() refuses the mapping (-EIO), no neighbour
 *   prepare_error    ->mmap_prepare() refuses it
 *   legacy_fixed_error / prepare_fixed_error
 *                    the same, MAP_FIXED over an existing anonymous mapping
 *
 * It prints "SCENARIO ITERATIONS RESULT" where RESULT checks what happened
 * (e.g. "merged"), so that a scenario that does not do what it claims is
 * caught instead of measured.
 */
#include "bench_config.h"	/* written by scripts/bench.sh */

/* Measure mm/vma.c, not the harness's fault-injection bookkeeping. */
#define VMA_NO_FAULT_INJECTION 1
#define main vma_harness_main
#include "vma.c"
#undef main

#define BENCH_ITERATIONS	1000
#define PAGE			0x1000UL
#define AREA			0x100000UL

static const vm_flags_t anon_flags = VM_READ | VM_WRITE | VM_MAYREAD |
				     VM_MAYWRITE | VM_MAYEXEC;
static const vm_flags_t shared_flags = VM_READ | VM_WRITE | VM_MAYREAD |
				       VM_MAYWRITE | VM_MAYEXEC | VM_SHARED |
				       VM_MAYSHARE;

/* The only function callgrind counts. */
static noinline unsigned long
measured_mmap(struct mm_struct *mm, struct file *file, unsigned long start,
	      vm_flags_t flags, pgoff_t pgoff)
{
	return do_mmap_region(mm, file, start, start + PAGE, flags, pgoff);
}

static int count_vmas(struct mm_struct *mm)
{
	struct vm_area_struct *vma;
	VMA_ITERATOR(vmi, mm, 0);
	int n = 0;

	for_each_vma(vmi, vma)
		n++;
	return n;
}

static void fail(const char *scenario, const char *what)
{
	fprintf(stderr, "vma_bench: %s: %s\n", scenario, what);
	exit(1);
}

/* No neighbour: map, check, unmap; @want_error: the call must fail. */
static void run_single(const char *name, struct file *file, vm_flags_t flags,
		       int want_error)
{
	struct mm_struct mm;
	unsigned long addr;
	int i;

	init_mmap_mm(&mm);
	for (i = 0; i < BENCH_ITERATIONS; i++) {
		addr = measured_mmap(&mm, file, AREA, flags, AREA >> PAGE_SHIFT);
		if (want_error) {
			if (addr != (unsigned long)want_error)
				fail(name, "the mapping did not fail as expected");
			if (count_vmas(&mm) != 0)
				fail(name, "a failed mapping left a VMA");
			continue;
		}
		if (addr != AREA || count_vmas(&mm) != 1)
			fail(name, "the mapping was not made");
		if (do_unmap(&mm, AREA, AREA + PAGE))
			fail(name, "munmap failed");
	}
	cleanup_mmap_mm(&mm);
	printf("%s %d %s\n", name, BENCH_ITERATIONS,
	       want_error ? "refused" : "mapped");
}

/*
 * Next to a mapping of the same file at the contiguous offset: the two
 * must end up as one VMA.
 */
static void run_merge(const char *name, struct file *file)
{
	pgoff_t pgoff = AREA >> PAGE_SHIFT;
	struct mm_struct mm;
	int i;

	init_mmap_mm(&mm);
	for (i = 0; i < BENCH_ITERATIONS; i++) {
		if (do_mmap_region(&mm, file, AREA, AREA + PAGE, shared_flags,
				   pgoff) != AREA)
			fail(name, "the first mapping was not made");
		if (measured_mmap(&mm, file, AREA + PAGE, shared_flags,
				  pgoff + 1) != AREA + PAGE)
			fail(name, "the second mapping was not made");
		if (count_vmas(&mm) != 1)
			fail(name, "the mappings did not merge");
		if (do_unmap(&mm, AREA, AREA + 2 * PAGE))
			fail(name, "munmap failed");
	}
	cleanup_mmap_mm(&mm);
	printf("%s %d merged\n", name, BENCH_ITERATIONS);
}

/* MAP_FIXED over an anonymous mapping, refused by the hook. */
static void run_fixed_error(const char *name, struct file *file, int err)
{
	struct mm_struct mm;
	int i;

	init_mmap_mm(&mm);
	for (i = 0; i < BENCH_ITERATIONS; i++) {
		if (count_vmas(&mm) == 0 &&
		    do_mmap_region(&mm, NULL, AREA, AREA + PAGE, anon_flags,
				   AREA >> PAGE_SHIFT) != AREA)
			fail(name, "the existing mapping was not made");
		if (measured_mmap(&mm, file, AREA, shared_flags,
				  AREA >> PAGE_SHIFT) != (unsigned long)err)
			fail(name, "the mapping did not fail as expected");
	}
	/* What the failed calls left behind: the old mapping, or a hole. */
	printf("%s %d refused, old mapping %s\n", name, BENCH_ITERATIONS,
	       count_vmas(&mm) == 1 ? "kept" : "lost");
	cleanup_mmap_mm(&mm);
}

int main(int argc, char **argv)
{
	static struct test_file tf;
	const char *s = argc == 2 ? argv[1] : "";

	maple_tree_init();

	if (!strcmp(s, "anon")) {
		run_single(s, NULL, anon_flags, 0);
		return 0;
	}

	if (!strncmp(s, "legacy", 6))
		init_test_file(&tf);
#ifdef HAVE_MMAP_PREPARE
	else if (!strncmp(s, "prepare", 7))
		init_test_prepare_file(&tf);
#endif
	else {
		fprintf(stderr, "vma_bench: unknown scenario '%s'\n", s);
		return 2;
	}

	if (!strcmp(s, "legacy") || !strcmp(s, "prepare")) {
		run_single(s, &tf.file, shared_flags, 0);
	} else if (!strcmp(s, "legacy_merge") || !strcmp(s, "prepare_merge")) {
		tf.set_flags = VM_DONTDUMP;
		run_merge(s, &tf.file);
	} else if (!strcmp(s, "legacy_error") || !strcmp(s, "prepare_error")) {
		tf.mmap_error = -EIO;
		run_single(s, &tf.file, shared_flags, -EIO);
	} else if (!strcmp(s, "legacy_fixed_error") ||
		   !strcmp(s, "prepare_fixed_error")) {
		tf.mmap_error = -EIO;
		run_fixed_error(s, &tf.file, -EIO);
	} else {
		fprintf(stderr, "vma_bench: unknown scenario '%s'\n", s);
		return 2;
	}
	return 0;
}
