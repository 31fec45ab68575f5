// SPDX-License-Identifier: GPL-2.0
/*
 * mmap_bench - map and unmap in a loop in the guest, for `make bench`.
 *
 * Usage: mmap_bench [-n ITERATIONS] [-t TMPFS_DIR] [-e EXT4_DIR] [-c]
 *
 * Workloads, each ITERATIONS times (default 20000):
 *
 *   anon          mmap() and munmap() one private anonymous page
 *   tmpfs         the same, one shared page of a tmpfs file
 *   ext4          the same, one shared page of an ext4 file
 *   secretmem     with page 0 of a memfd_secret() file mapped, map page 1
 *                 right after it (the merge case) and unmap it again
 *
 * For each it prints a line
 *
 *   BENCH <workload> ops_per_s=<mmap+munmap pairs per second> \
 *         vma_allocs_per_mmap=<N> vma_allocs_per_munmap=<N>
 *
 * The allocation counts come from the vm_area_struct cache's SLUB statistics
 * (/sys/kernel/slab/vm_area_struct/alloc_fastpath + alloc_slowpath, which
 * needs CONFIG_SLUB_STATS and slab_nomerge), read around each call in a
 * second, shorter pass: they count every VMA allocated, including any freed
 * again before the call returns.  They are exact as long as nothing else in
 * the guest maps memory meanwhile (guest/init only waits).  The timing pass
 * reads nothing.
 *
 * Then, with KSM merging all of the process's memory (PR_SET_MEMORY_MERGE),
 * it maps KSM_PAGES adjacent private pages one mmap() at a time, at
 * contiguous offsets, and prints the number of VMAs they make:
 *
 *   KSM <kind> mappings=<N> vmas=<N>
 *
 * for anonymous memory, a tmpfs file and an ext4 file.  Exit status 0 if
 * everything could be measured, 1 otherwise.
 *
 * With -c (the check that the debug guest runs), the exit status is also 1
 * unless the merging memfd_secret mmap() allocated no VMA at all, which is
 * what the series changes: 6.12 allocates one for it, calls ->mmap() on it
 * and frees it again in its retry merge.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "guest.h"

#ifndef PR_SET_MEMORY_MERGE
#define PR_SET_MEMORY_MERGE 67
#endif

#define SLAB_DIR	"/sys/kernel/slab/vm_area_struct/"
#define COUNT_ITERATIONS 200
#define KSM_PAGES	64

static size_t page;

static void fail(const char *what)
{
	fprintf(stderr, "mmap_bench: %s: %s\n", what, strerror(errno));
	exit(1);
}

/* The first number in a SLUB statistics file ("N C0=... C1=..."). */
static long read_stat(const char *name)
{
	char path[128];
	long value = -1;
	FILE *f;

	snprintf(path, sizeof(path), SLAB_DIR "%s", name);
	f = fopen(path, "r");
	if (!f)
		return -1;
	if (fscanf(f, "%ld", &value) != 1)
		value = -1;
	fclose(f);
	return value;
}

static long vma_allocs(void)
{
	long fast = read_stat("alloc_fastpath");
	long slow = read_stat("alloc_slowpath");

	if (fast < 0 || slow < 0) {
		fprintf(stderr, "mmap_bench: no SLUB statistics in " SLAB_DIR
			" (CONFIG_SLUB_STATS and slab_nomerge needed)\n");
		exit(1);
	}
	return fast + slow;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

struct workload {
	const char *name;
	int fd;
	int prot, flags;
	off_t offset;
	char *at;		/* Fixed address, or NULL. */
};

static void *map_one(const struct workload *w)
{
	void *p = mmap(w->at, page, w->prot,
		       w->flags | (w->at ? MAP_FIXED_NOREPLACE : 0),
		       w->fd, w->offset);

	if (p == MAP_FAILED)
		fail(w->name);
	return p;
}

/* Returns the VMAs allocated by COUNT_ITERATIONS mmap() calls. */
static long run(const struct workload *w, long iterations)
{
	long before, in_mmap = 0, in_munmap = 0;
	double t0, t;
	void *p;
	long i;

	/* Timing pass. */
	t0 = now();
	for (i = 0; i < iterations; i++) {
		p = map_one(w);
		if (munmap(p, page))
			fail("munmap");
	}
	t = now() - t0;

	/* Counting pass. */
	for (i = 0; i < COUNT_ITERATIONS; i++) {
		before = vma_allocs();
		p = map_one(w);
		in_mmap += vma_allocs() - before;
		before = vma_allocs();
		if (munmap(p, page))
			fail("munmap");
		in_munmap += vma_allocs() - before;
	}
	printf("BENCH %s ops_per_s=%.0f vma_allocs_per_mmap=%.2f vma_allocs_per_munmap=%.2f\n",
	       w->name, iterations / t, (double)in_mmap / COUNT_ITERATIONS,
	       (double)in_munmap / COUNT_ITERATIONS);
	return in_mmap;
}

/* A file of @pages pages in @dir (unlinked), or a memfd if @dir is NULL. */
static int scratch_file(const char *dir, size_t pages)
{
	int fd;

	if (dir)
		fd = open(dir, O_TMPFILE | O_RDWR, 0600);
	else
		fd = memfd_create("mmap_bench", 0);
	if (fd < 0)
		fail(dir ? dir : "memfd_create");
	if (ftruncate(fd, pages * page))
		fail("ftruncate");
	return fd;
}

/* KSM_PAGES adjacent private mappings of @fd (-1: anonymous), one by one. */
static void ksm_run(const char *kind, int fd)
{
	size_t len = KSM_PAGES * page;
	char *area;
	int i, vmas;

	area = mmap(NULL, len, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (area == MAP_FAILED)
		fail("mmap");
	for (i = 0; i < KSM_PAGES; i++) {
		char *p = mmap(area + i * page, page, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_FIXED |
			       (fd < 0 ? MAP_ANONYMOUS : 0), fd, i * page);

		if (p == MAP_FAILED)
			fail(kind);
		p[0] = 1;
	}
	vmas = count_vmas((unsigned long)area, (unsigned long)area + len,
			  NULL, 0);
	if (vmas < 0)
		fail("/proc/self/maps");
	printf("KSM %s mappings=%d vmas=%d\n", kind, KSM_PAGES, vmas);
	munmap(area, len);
}

int main(int argc, char **argv)
{
	const char *tmpfs = "/tmp", *ext4 = "/mnt/ext4";
	long iterations = 20000;
	long secret_allocs;
	bool check = false;
	struct workload w;
	char *secret;
	int opt, fd;

	while ((opt = getopt(argc, argv, "n:t:e:c")) != -1) {
		switch (opt) {
		case 'n':
			iterations = atol(optarg);
			break;
		case 't':
			tmpfs = optarg;
			break;
		case 'e':
			ext4 = optarg;
			break;
		case 'c':
			check = true;
			break;
		default:
			fprintf(stderr, "usage: %s [-n ITERATIONS] [-t TMPFS_DIR] [-e EXT4_DIR] [-c]\n",
				argv[0]);
			return 2;
		}
	}
	if (iterations <= 0)
		iterations = 1;
	page = sysconf(_SC_PAGESIZE);
	setvbuf(stdout, NULL, _IOLBF, 0);

	w = (struct workload){ "anon", -1, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS, 0, NULL };
	run(&w, iterations);

	fd = scratch_file(tmpfs, 1);
	w = (struct workload){ "tmpfs", fd, PROT_READ | PROT_WRITE,
			       MAP_SHARED, 0, NULL };
	run(&w, iterations);
	close(fd);

	fd = scratch_file(ext4, 1);
	w = (struct workload){ "ext4", fd, PROT_READ | PROT_WRITE,
			       MAP_SHARED, 0, NULL };
	run(&w, iterations);
	close(fd);

	/* Page 0 stays mapped; page 1 is mapped right after it and unmapped. */
	fd = syscall(SYS_memfd_secret, 0);
	if (fd < 0)
		fail("memfd_secret");
	if (ftruncate(fd, 2 * page))
		fail("ftruncate");
	secret = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (secret == MAP_FAILED)
		fail("memfd_secret mmap");
	if (munmap(secret + page, page))
		fail("munmap");
	w = (struct workload){ "secretmem", fd, PROT_READ | PROT_WRITE,
			       MAP_SHARED, page, secret + page };
	secret_allocs = run(&w, iterations);
	munmap(secret, page);
	close(fd);

	if (prctl(PR_SET_MEMORY_MERGE, 1, 0, 0, 0))
		fail("PR_SET_MEMORY_MERGE");
	ksm_run("anon", -1);
	fd = scratch_file(tmpfs, KSM_PAGES);
	ksm_run("tmpfs", fd);
	close(fd);
	fd = scratch_file(ext4, KSM_PAGES);
	ksm_run("ext4", fd);
	close(fd);
	if (check && secret_allocs) {
		printf("FAIL: %ld VMAs allocated by %d merging memfd_secret mmap() calls, not 0\n",
		       secret_allocs, COUNT_ITERATIONS);
		return 1;
	}
	return 0;
}
