// SPDX-License-Identifier: GPL-2.0
/*
 * mmap_demo - what the ->mmap_prepare series changes, as a program sees it.
 *
 * Each case below gives a different result on the unpatched 6.12 kernel
 * (`make run BASE=1` boots both kernels with this program and prints the two
 * columns side by side).  One line per case, "label : result":
 *
 *   secretmem below next page  memfd_secret() page mapped just below a
 *                              mapping of the file's next page, with nothing
 *                              below it: VMAs (series 1; 6.12 retried the
 *                              merge after ->mmap() only with a VMA below: 2)
 *   KSM merge-any, anonymous   64 adjacent private anonymous pages of a
 *                              process under PR_SET_MEMORY_MERGE: VMAs
 *                              (series 1; 6.12: 64)
 *   KSM merge-any, tmpfs       the same for a tmpfs file (series 1; 6.12: 64)
 *   refused MAP_FIXED          a MAP_FIXED mapping the driver refuses
 *                              (memfd_secret, private) over written memory:
 *                              what is left (series: the old data; 6.12: a
 *                              hole)
 *   failed MAP_FIXED charge    1000 private MAP_FIXED mappings of a perf
 *                              event, which perf refuses after the old page
 *                              tables are gone, over 1 MiB of anonymous
 *                              memory each: Committed_AS afterwards (series:
 *                              +0 MiB; 6.12 leaks the whole 1000 MiB)
 *
 * Exit status: 0 if every case gives the series' result, 1 otherwise (a case
 * whose facility is missing counts as a failure unless --allow-missing is
 * given), 2 on a usage error.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <linux/perf_event.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/vfs.h>
#include <sys/wait.h>
#include <unistd.h>

#include "guest.h"

#ifndef __NR_memfd_secret
#define __NR_memfd_secret 447	/* x86_64, arm64, riscv */
#endif
#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE 0x100000
#endif
#ifndef PR_SET_MEMORY_MERGE
#define PR_SET_MEMORY_MERGE 67
#endif

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define TMPFS_MAGIC	0x01021994
#define KSM_PAGES	64
#define CHARGE_ROUNDS	1000
#define CHARGE_SIZE	(1UL << 20)

enum outcome {
	SERIES,		/* the series' result */
	OTHER,		/* anything else: 6.12's, or a regression */
	UNAVAILABLE,	/* the kernel or the system lacks the facility */
	ERROR,		/* something else went wrong */
};

static long page_size;
static bool verbose;
static const char *tmpfs_dir = "/tmp";

/*
 * Each case measures one thing, writes it to @result (what is printed) and
 * says whether it is the series' result; on UNAVAILABLE or ERROR, @result
 * says why.
 */
struct demo_case {
	const char *label;
	enum outcome (*run)(char *result, size_t len);
};

static int sys_memfd_secret(void)
{
	return syscall(__NR_memfd_secret, 0);
}

static enum outcome vmas_result(int n, int series, char *result, size_t len)
{
	if (n < 0) {
		snprintf(result, len, "/proc/self/maps: %s", strerror(errno));
		return ERROR;
	}
	snprintf(result, len, "%d VMA%s", n, n == 1 ? "" : "s");
	return n == series ? SERIES : OTHER;
}

/* The first number in @path, read with @fmt, or 0. */
static unsigned long first_number(const char *path, const char *fmt)
{
	unsigned long n = 0;
	FILE *f = fopen(path, "r");

	if (f) {
		if (fscanf(f, fmt, &n) != 1)
			n = 0;
		fclose(f);
	}
	return n;
}

/* The start of the lowest mapping of the process. */
static unsigned long lowest_mapping(void)
{
	return first_number("/proc/self/maps", "%lx-");
}

/* vm.mmap_min_addr, and never below one page. */
static unsigned long lowest_mmap_addr(void)
{
	unsigned long addr = first_number("/proc/sys/vm/mmap_min_addr", "%lu");

	return addr < (unsigned long)page_size ? (unsigned long)page_size : addr;
}

static enum outcome secretmem_below(char *result, size_t len)
{
	unsigned long low = lowest_mmap_addr();
	const int prot = PROT_READ | PROT_WRITE;
	enum outcome ret = ERROR;
	char *a, *b;
	int fd;

	if (lowest_mapping() <= low + 2 * page_size) {
		snprintf(result, len, "something is mapped below %#lx",
			 low + 2 * page_size);
		return ERROR;
	}
	fd = sys_memfd_secret();
	if (fd < 0) {
		snprintf(result, len, "memfd_secret: %s", strerror(errno));
		return errno == ENOSYS ? UNAVAILABLE : ERROR;
	}
	if (ftruncate(fd, 2 * page_size)) {
		snprintf(result, len, "ftruncate: %s", strerror(errno));
		goto out;
	}
	b = mmap((void *)(low + page_size), page_size, prot,
		 MAP_SHARED | MAP_FIXED_NOREPLACE, fd, page_size);
	if (b != (void *)(low + page_size)) {
		snprintf(result, len, "mmap of the upper page: %s", strerror(errno));
		goto out;
	}
	a = mmap((void *)low, page_size, prot, MAP_SHARED | MAP_FIXED_NOREPLACE,
		 fd, 0);
	if (a != (void *)low) {
		snprintf(result, len, "mmap of the lower page: %s", strerror(errno));
		munmap(b, page_size);
		goto out;
	}
	a[0] = 'a';
	b[0] = 'b';
	ret = vmas_result(count_vmas(low, low + 2 * page_size, NULL, 0), 1,
			  result, len);
	munmap(a, 2 * page_size);
out:
	close(fd);
	return ret;
}

/*
 * Map KSM_PAGES adjacent private pages of @fd (-1: anonymous) in a child
 * that has set PR_SET_MEMORY_MERGE, and return how many VMAs they made (or
 * -1 - errno, or -1000 if PR_SET_MEMORY_MERGE is not there).
 */
static int ksm_child(int fd)
{
	const int flags = MAP_PRIVATE | MAP_FIXED_NOREPLACE |
			  (fd < 0 ? MAP_ANONYMOUS : 0);
	char *hole, *p;
	int i;

	if (prctl(PR_SET_MEMORY_MERGE, 1, 0, 0, 0))
		return -1000;
	hole = mmap(NULL, (KSM_PAGES + 1) * page_size, PROT_NONE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (hole == MAP_FAILED)
		return -1 - errno;
	munmap(hole, (KSM_PAGES + 1) * page_size);
	for (i = 0; i < KSM_PAGES; i++) {
		p = mmap(hole + i * page_size, page_size, PROT_READ | PROT_WRITE,
			 flags, fd, fd < 0 ? 0 : i * page_size);
		if (p != hole + i * page_size)
			return -1 - errno;
		p[0] = i;
	}
	return count_vmas((unsigned long)hole,
			  (unsigned long)(hole + KSM_PAGES * page_size), NULL, 0);
}

static enum outcome ksm_case(int fd, char *result, size_t len)
{
	int status, n;
	pid_t pid;

	/* PR_SET_MEMORY_MERGE cannot be undone for every VMA: use a child. */
	fflush(stdout);
	pid = fork();
	if (pid < 0) {
		snprintf(result, len, "fork: %s", strerror(errno));
		return ERROR;
	}
	if (!pid) {
		n = ksm_child(fd);
		/* Exit codes are 8 bits: report through the status. */
		_exit(n == -1000 ? 255 : n < 0 ? 254 : n > 200 ? 200 : n);
	}
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status)) {
		snprintf(result, len, "child failed");
		return ERROR;
	}
	n = WEXITSTATUS(status);
	if (n == 255) {
		snprintf(result, len, "PR_SET_MEMORY_MERGE: not supported");
		return UNAVAILABLE;
	}
	if (n == 254) {
		snprintf(result, len, "mmap failed in the child");
		return ERROR;
	}
	return vmas_result(n, 1, result, len);
}

static enum outcome ksm_anonymous(char *result, size_t len)
{
	return ksm_case(-1, result, len);
}

static enum outcome ksm_tmpfs(char *result, size_t len)
{
	enum outcome ret;
	char path[4096];
	struct statfs sfs;
	int fd;

	if (statfs(tmpfs_dir, &sfs) || sfs.f_type != TMPFS_MAGIC) {
		snprintf(result, len, "%s is not on tmpfs", tmpfs_dir);
		return UNAVAILABLE;
	}
	snprintf(path, sizeof(path), "%s/mmap_demo.%d", tmpfs_dir, getpid());
	fd = open(path, O_RDWR | O_CREAT | O_EXCL, 0600);
	if (fd < 0) {
		snprintf(result, len, "open %s: %s", path, strerror(errno));
		return ERROR;
	}
	unlink(path);
	if (ftruncate(fd, KSM_PAGES * page_size)) {
		snprintf(result, len, "ftruncate: %s", strerror(errno));
		close(fd);
		return ERROR;
	}
	ret = ksm_case(fd, result, len);
	close(fd);
	return ret;
}

static enum outcome refused_map_fixed(char *result, size_t len)
{
	enum outcome ret = ERROR;
	char *old;
	int fd;

	fd = sys_memfd_secret();
	if (fd < 0) {
		snprintf(result, len, "memfd_secret: %s", strerror(errno));
		return errno == ENOSYS ? UNAVAILABLE : ERROR;
	}
	if (ftruncate(fd, page_size)) {
		snprintf(result, len, "ftruncate: %s", strerror(errno));
		goto out;
	}
	old = mmap(NULL, page_size, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (old == MAP_FAILED) {
		snprintf(result, len, "mmap: %s", strerror(errno));
		goto out;
	}
	memset(old, 0x5a, page_size);
	/* memfd_secret refuses private mappings. */
	if (mmap(old, page_size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_FIXED,
		 fd, 0) != MAP_FAILED) {
		snprintf(result, len, "the private memfd_secret mapping was made");
		goto out_unmap;
	}
	if (count_vmas((unsigned long)old, (unsigned long)old + page_size,
		       NULL, 0) != 1) {
		snprintf(result, len, "a hole (the old mapping is gone)");
		ret = OTHER;
	} else if (old[0] != 0x5a || old[page_size - 1] != 0x5a) {
		snprintf(result, len, "a mapping without the old data");
		ret = OTHER;
	} else {
		snprintf(result, len, "the old mapping and its data");
		ret = SERIES;
	}
out_unmap:
	munmap(old, page_size);
out:
	close(fd);
	return ret;
}

/* Committed_AS from /proc/meminfo, in kB, or -1. */
static long committed_kb(void)
{
	char line[128];
	long kb = -1;
	FILE *f = fopen("/proc/meminfo", "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "Committed_AS: %ld kB", &kb) == 1)
			break;
	fclose(f);
	return kb;
}

static enum outcome failed_map_fixed_charge(char *result, size_t len)
{
	struct perf_event_attr attr = {
		.type = PERF_TYPE_SOFTWARE,
		.size = sizeof(attr),
		.config = PERF_COUNT_SW_DUMMY,
		.exclude_kernel = 1,
	};
	long before, after;
	int fd, i;

	fd = syscall(__NR_perf_event_open, &attr, 0, -1, -1, 0);
	if (fd < 0) {
		snprintf(result, len, "perf_event_open: %s", strerror(errno));
		return errno == ENOSYS ? UNAVAILABLE : ERROR;
	}
	before = committed_kb();
	for (i = 0; i < CHARGE_ROUNDS; i++) {
		char *p = mmap(NULL, CHARGE_SIZE, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		if (p == MAP_FAILED ||
		    mmap(p, CHARGE_SIZE, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_FIXED, fd, 0) != MAP_FAILED) {
			snprintf(result, len, "round %d: unexpected mmap result", i);
			close(fd);
			return ERROR;
		}
		munmap(p, CHARGE_SIZE);
	}
	after = committed_kb();
	close(fd);
	if (before < 0 || after < 0) {
		snprintf(result, len, "no Committed_AS in /proc/meminfo");
		return ERROR;
	}
	snprintf(result, len, "Committed_AS %+ld MiB", (after - before) / 1024);
	/* The counter is per-CPU and approximate: allow 64 MiB of noise. */
	return after - before < 64 * 1024 ? SERIES : OTHER;
}

static void print_help(FILE *out, const char *prog)
{
	fprintf(out,
		"usage: %s [--tmpfs DIR] [--allow-missing] [--verbose]\n"
		"  --tmpfs DIR       directory on a tmpfs mount (default /tmp)\n"
		"  --allow-missing   a missing facility is not a failure\n"
		"  --verbose         say what each case expects\n",
		prog);
}

int main(int argc, char **argv)
{
	static const struct option options[] = {
		{ "tmpfs", required_argument, NULL, 't' },
		{ "allow-missing", no_argument, NULL, 'm' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	static const struct demo_case cases[] = {
		{ "secretmem below next page", secretmem_below },
		{ "KSM merge-any, anonymous", ksm_anonymous },
		{ "KSM merge-any, tmpfs", ksm_tmpfs },
		{ "refused MAP_FIXED", refused_map_fixed },
		{ "failed MAP_FIXED charge", failed_map_fixed_charge },
	};
	static const char *const series_results[] = {
		"1 VMA", "1 VMA", "1 VMA", "the old mapping and its data",
		"Committed_AS +0 MiB",
	};
	bool allow_missing = false;
	int failures = 0, missing = 0;
	size_t i;
	int opt;

	while ((opt = getopt_long(argc, argv, "t:mvh", options, NULL)) != -1) {
		switch (opt) {
		case 't':
			tmpfs_dir = optarg;
			break;
		case 'm':
			allow_missing = true;
			break;
		case 'v':
			verbose = true;
			break;
		case 'h':
			print_help(stdout, argv[0]);
			return 0;
		default:
			print_help(stderr, argv[0]);
			return 2;
		}
	}
	if (optind != argc) {
		print_help(stderr, argv[0]);
		return 2;
	}

	page_size = sysconf(_SC_PAGESIZE);
	/* Keep the table in order when stdout is a pipe or the console. */
	setvbuf(stdout, NULL, _IOLBF, 0);

	printf("What the ->mmap_prepare series changes (make run BASE=1: beside 6.12)\n");
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		char result[256] = "";

		switch (cases[i].run(result, sizeof(result))) {
		case SERIES:
			printf("%-26s: %s\n", cases[i].label, result);
			break;
		case OTHER:
			printf("%-26s: %s\n", cases[i].label, result);
			failures++;
			break;
		case UNAVAILABLE:
			printf("%-26s: unavailable (%s)\n", cases[i].label, result);
			missing++;
			if (!allow_missing)
				failures++;
			break;
		case ERROR:
			printf("%-26s: error (%s)\n", cases[i].label, result);
			failures++;
			break;
		}
		if (verbose)
			printf("%-26s  (with the series: %s)\n", "",
			       series_results[i]);
	}
	if (failures)
		printf("FAIL: %d of %zu cases differ from the series' result\n",
		       failures, i);
	else if (missing)
		printf("PASS: every available case as with the series (%d unavailable)\n",
		       missing);
	else
		printf("PASS: every case as with the series\n");
	return failures ? 1 : 0;
}
