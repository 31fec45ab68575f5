// SPDX-License-Identifier: GPL-2.0
/*
 * mmap_bench - map and unmap in a loop in the guest, for `make bench`.
 *
 * Usage: mmap_bench [-n ITERATIONS] [-t TMPFS_DIR] [-e EXT4_DIR] [-c]
 *                   [-m WINDOWS [-v VMAS]]
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
 *
 * With -m N (instruction counts, for bench/insn_count.c, the QEMU plugin),
 * nothing of the above runs.  Instead each measured system call is made N
 * times between two marker instructions (no-ops the plugin recognises), one
 * window per call, with -v VMAS: the process has about that many VMAs
 * (split off an anonymous area with mprotect()) while it is measured.  For
 * each measurement it prints
 *
 *   MARK id=<id> vmas=<VMAS> workload=<name> call=<mmap|munmap>
 *
 * and the plugin reports the instructions of the windows of each id.
 * Workloads: anon, tmpfs, ext4, secretmem (the merge case, as above),
 * refused (a MAP_PRIVATE memfd_secret mapping, which its file refuses),
 * refused-fixed (the same with MAP_FIXED over an anonymous page) and
 * ksm-anon (an anonymous page under PR_SET_MEMORY_MERGE), the second and
 * third for mmap() only, and io_uring (the submission ring of an io_uring
 * instance: a file that still has ->mmap()).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/io_uring.h>
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

/*
 * The plugin's markers: "nopw 0x0(%rax,%rax,1)" with the displacement
 * 0x6d70 << 16 | id << 8 | kind (1 opens a window, 2 closes it).
 */
#define MARKER(id, kind)						\
	asm volatile(".byte 0x66, 0x0f, 0x1f, 0x84, 0x00, %c0, %c1, 0x70, 0x6d" \
		     : : "i" (kind), "i" (id) : "memory")
#define MARK_CASE(id, kind)	case id: MARKER(id, kind); break
#define MARK_IDS		16

/* The marker of @id, which the instruction's bytes must hold. */
static void mark(int id, bool open)
{
	if (open) {
		switch (id) {
		MARK_CASE(0, 1); MARK_CASE(1, 1); MARK_CASE(2, 1); MARK_CASE(3, 1);
		MARK_CASE(4, 1); MARK_CASE(5, 1); MARK_CASE(6, 1); MARK_CASE(7, 1);
		MARK_CASE(8, 1); MARK_CASE(9, 1); MARK_CASE(10, 1); MARK_CASE(11, 1);
		MARK_CASE(12, 1); MARK_CASE(13, 1); MARK_CASE(14, 1); MARK_CASE(15, 1);
		}
	} else {
		switch (id) {
		MARK_CASE(0, 2); MARK_CASE(1, 2); MARK_CASE(2, 2); MARK_CASE(3, 2);
		MARK_CASE(4, 2); MARK_CASE(5, 2); MARK_CASE(6, 2); MARK_CASE(7, 2);
		MARK_CASE(8, 2); MARK_CASE(9, 2); MARK_CASE(10, 2); MARK_CASE(11, 2);
		MARK_CASE(12, 2); MARK_CASE(13, 2); MARK_CASE(14, 2); MARK_CASE(15, 2);
		}
	}
}

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

/*
 * The merge case: a two-page memfd_secret() file (in *@fdp) whose page 0 is
 * mapped, with the page after it left free for page 1.
 */
static char *secret_pages(int *fdp)
{
	char *secret;
	int fd;

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
	*fdp = fd;
	return secret;
}

/* The marker pass (-m): the VMAs the process has, as asked with -v. */
static long vmas_wanted = 1;

static void announce(int id, const char *name, const char *call)
{
	printf("MARK id=%d vmas=%ld workload=%s call=%s\n", id, vmas_wanted,
	       name, call);
}

/* @n windows of the mmap() of @w (@id) and of its munmap() (@id + 1). */
static void mark_run(const struct workload *w, int id, long n)
{
	int flags = w->flags | (w->at ? MAP_FIXED_NOREPLACE : 0);
	void *p;
	long i;
	int err;

	announce(id, w->name, "mmap");
	announce(id + 1, w->name, "munmap");
	for (i = 0; i < n; i++) {
		mark(id, true);
		p = mmap(w->at, page, w->prot, flags, w->fd, w->offset);
		mark(id, false);
		if (p == MAP_FAILED)
			fail(w->name);
		mark(id + 1, true);
		err = munmap(p, page);
		mark(id + 1, false);
		if (err)
			fail("munmap");
	}
}

/*
 * @n windows (@id) of a private mapping of the memfd_secret file @fd, which
 * its file refuses; with MAP_FIXED over an anonymous page at @over if that is
 * not NULL (mapped again before each window: 6.12 unmaps it first).
 */
static void mark_refused(int id, const char *name, int fd, char *over, long n)
{
	void *p;
	long i;

	announce(id, name, "mmap");
	for (i = 0; i < n; i++) {
		if (over && mmap(over, page, PROT_READ | PROT_WRITE,
				 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1,
				 0) == MAP_FAILED)
			fail("mmap");
		mark(id, true);
		p = mmap(over, page, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | (over ? MAP_FIXED : 0), fd, 0);
		mark(id, false);
		if (p != MAP_FAILED || errno != EINVAL) {
			errno = p == MAP_FAILED ? errno : 0;
			fail(name);
		}
	}
}

/* Give the process about @vmas VMAs: one page each, alternately readable. */
static void make_vmas(long vmas)
{
	char *area;
	FILE *f;
	long i;

	if (vmas <= 1)
		return;
	f = fopen("/proc/sys/vm/max_map_count", "w");
	if (!f || fprintf(f, "%ld\n", 2 * vmas + 1000) < 0 || fclose(f))
		fail("/proc/sys/vm/max_map_count");
	area = mmap(NULL, vmas * page, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS,
		    -1, 0);
	if (area == MAP_FAILED)
		fail("mmap");
	for (i = 1; i < vmas; i += 2)
		if (mprotect(area + i * page, page, PROT_NONE))
			fail("mprotect");
}

static int mark_main(const char *tmpfs, const char *ext4, long n)
{
	struct workload w;
	char *secret, *over;
	int fd;

	make_vmas(vmas_wanted);

	w = (struct workload){ "anon", -1, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS, 0, NULL };
	mark_run(&w, 0, n);

	fd = scratch_file(tmpfs, 1);
	w = (struct workload){ "tmpfs", fd, PROT_READ | PROT_WRITE,
			       MAP_SHARED, 0, NULL };
	mark_run(&w, 2, n);
	close(fd);

	fd = scratch_file(ext4, 1);
	w = (struct workload){ "ext4", fd, PROT_READ | PROT_WRITE,
			       MAP_SHARED, 0, NULL };
	mark_run(&w, 4, n);
	close(fd);

	secret = secret_pages(&fd);
	w = (struct workload){ "secretmem", fd, PROT_READ | PROT_WRITE,
			       MAP_SHARED, page, secret + page };
	mark_run(&w, 6, n);
	munmap(secret, page);

	mark_refused(8, "refused", fd, NULL, n);
	over = mmap(NULL, page, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (over == MAP_FAILED)
		fail("mmap");
	mark_refused(10, "refused-fixed", fd, over, n);
	munmap(over, page);
	close(fd);

	/* A file with ->mmap(): one page of an io_uring submission ring. */
	{
		struct io_uring_params params = { 0 };

		fd = syscall(SYS_io_uring_setup, 1, &params);
		if (fd < 0)
			fail("io_uring_setup");
		w = (struct workload){ "io_uring", fd, PROT_READ | PROT_WRITE,
				       MAP_SHARED, IORING_OFF_SQ_RING, NULL };
		mark_run(&w, 14, n);
		close(fd);
	}

	if (prctl(PR_SET_MEMORY_MERGE, 1, 0, 0, 0))
		fail("PR_SET_MEMORY_MERGE");
	w = (struct workload){ "ksm-anon", -1, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS, 0, NULL };
	mark_run(&w, 12, n);
	return 0;
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
	long secret_allocs, marks = 0;
	bool check = false;
	struct workload w;
	char *secret;
	int opt, fd;

	while ((opt = getopt(argc, argv, "n:t:e:cm:v:")) != -1) {
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
		case 'm':
			marks = atol(optarg);
			break;
		case 'v':
			vmas_wanted = atol(optarg);
			break;
		default:
			fprintf(stderr, "usage: %s [-n ITERATIONS] [-t TMPFS_DIR] [-e EXT4_DIR] [-c] [-m WINDOWS [-v VMAS]]\n",
				argv[0]);
			return 2;
		}
	}
	if (iterations <= 0)
		iterations = 1;
	page = sysconf(_SC_PAGESIZE);
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (marks > 0)
		return mark_main(tmpfs, ext4, marks);

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
	secret = secret_pages(&fd);
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
