// SPDX-License-Identifier: GPL-2.0
/*
 * mmap_demo - do two adjacent mappings of the same object merge into one VMA?
 *
 * For each kind of memory (anonymous, a tmpfs file, an ext4 file and a
 * memfd_secret() file) this maps two one-page ranges next to each other,
 * with the same protection and contiguous file offsets, so that the kernel
 * can merge them into a single VMA.  It then counts the VMAs that cover the
 * two pages in /proc/self/maps and prints one line per kind:
 *
 *	anonymous       : 1 VMA  (merged)
 *	memfd_secret    : 2 VMAs (not merged)
 *
 * A file system whose ->mmap() changes the VMA flags (memfd_secret adds
 * VM_DONTDUMP) only merges because mmap_region() retries the merge after
 * ->mmap(), or because the flags are set before the merge (->mmap_prepare).
 *
 * Exit status: 0 if every kind merged, 1 otherwise (a kind whose facility is
 * missing counts as a failure unless --allow-missing is given), 2 on a usage
 * error.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/vfs.h>
#include <unistd.h>

#include "guest.h"

#ifndef __NR_memfd_secret
#define __NR_memfd_secret 447	/* x86_64, arm64, riscv */
#endif
#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE 0x100000
#endif

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#define TMPFS_MAGIC		0x01021994
#define EXT4_SUPER_MAGIC	0xef53

enum outcome {
	MERGED,		/* one VMA covers both pages */
	NOT_MERGED,	/* two VMAs */
	UNAVAILABLE,	/* the kernel or the system lacks the facility */
	ERROR,		/* something else went wrong */
};

struct kind {
	const char *label;
	/*
	 * NULL for anonymous memory.  Return an fd for a file of two pages,
	 * or -1 with *why filled in and *missing set if the facility does not
	 * exist here.
	 */
	int (*open)(const struct kind *kind, bool *missing, char *why,
		    size_t len);
	const char *dir;	/* where to create the file, if any */
	long fs_magic;		/* the file system dir must be on, if any */
	const char *fs_name;
};

static long page_size;
static bool verbose;
/* With --verbose: the /proc/self/maps lines of the last count_vmas(). */
static char maps_lines[2048];

/* Create an unlinked two-page file in kind->dir, which must be on the right fs. */
static int open_fs_file(const struct kind *kind, bool *missing, char *why,
			size_t len)
{
	char path[4096];
	struct statfs sfs;
	int fd;

	if (statfs(kind->dir, &sfs)) {
		snprintf(why, len, "%s: %s", kind->dir, strerror(errno));
		*missing = true;
		return -1;
	}
	if (sfs.f_type != kind->fs_magic) {
		snprintf(why, len, "%s is not on %s", kind->dir, kind->fs_name);
		*missing = true;
		return -1;
	}

	snprintf(path, sizeof(path), "%s/mmap_demo.%d", kind->dir, getpid());
	fd = open(path, O_RDWR | O_CREAT | O_EXCL, 0600);
	if (fd < 0) {
		snprintf(why, len, "open %s: %s", path, strerror(errno));
		return -1;
	}
	/* The mapping keeps the file alive; leave nothing behind. */
	unlink(path);

	if (ftruncate(fd, 2 * page_size)) {
		snprintf(why, len, "ftruncate %s: %s", path, strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

static int open_secretmem(const struct kind *kind, bool *missing, char *why,
			  size_t len)
{
	int fd;

	(void)kind;
	fd = syscall(__NR_memfd_secret, 0);
	if (fd < 0) {
		/* Not built in, or disabled with secretmem.enable=0. */
		*missing = errno == ENOSYS;
		snprintf(why, len, "memfd_secret: %s", strerror(errno));
		return -1;
	}
	if (ftruncate(fd, 2 * page_size)) {
		snprintf(why, len, "ftruncate memfd_secret: %s", strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

/*
 * Map page A and then page B right after it, from offsets 0 and one page of
 * the same file (or both anonymous), and report how many VMAs they ended in.
 */
static enum outcome try_kind(const struct kind *kind, int *nr_vmas,
			     char *why, size_t len)
{
	const int prot = PROT_READ | PROT_WRITE;
	enum outcome ret = ERROR;
	bool missing = false;
	char *hole, *a, *b;
	int flags, fd = -1;

	/* No open method: anonymous memory. */
	if (kind->open) {
		fd = kind->open(kind, &missing, why, len);
		if (fd < 0)
			return missing ? UNAVAILABLE : ERROR;
	}
	flags = fd < 0 ? MAP_PRIVATE | MAP_ANONYMOUS : MAP_SHARED;

	/*
	 * Find three free pages: A and B go in the first two and the third
	 * keeps B away from whatever is mapped above the hole.
	 */
	hole = mmap(NULL, 3 * page_size, PROT_NONE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (hole == MAP_FAILED) {
		snprintf(why, len, "reserve: %s", strerror(errno));
		goto out_close;
	}
	munmap(hole, 3 * page_size);

	a = mmap(hole, page_size, prot, flags | MAP_FIXED_NOREPLACE, fd, 0);
	if (a == MAP_FAILED) {
		snprintf(why, len, "mmap A: %s", strerror(errno));
		goto out_close;
	}
	b = mmap(hole + page_size, page_size, prot,
		 flags | MAP_FIXED_NOREPLACE, fd, page_size);
	if (b == MAP_FAILED) {
		snprintf(why, len, "mmap B: %s", strerror(errno));
		goto out_unmap_a;
	}
	if (a != hole || b != hole + page_size) {
		/* Old kernels treat MAP_FIXED_NOREPLACE as a mere hint. */
		snprintf(why, len, "mappings not placed where asked");
		munmap(b, page_size);
		goto out_unmap_a;
	}

	/* Fault both pages in: merging must survive populated pages. */
	a[0] = 'A';
	b[0] = 'B';
	if (a[0] != 'A' || b[0] != 'B') {
		snprintf(why, len, "pages do not hold what was written");
		goto out_unmap;
	}

	*nr_vmas = count_vmas((unsigned long)hole,
			      (unsigned long)(hole + 2 * page_size),
			      maps_lines, sizeof(maps_lines));
	if (*nr_vmas < 0)
		snprintf(why, len, "/proc/self/maps: %s", strerror(errno));
	else if (*nr_vmas == 1)
		ret = MERGED;
	else
		ret = NOT_MERGED;

out_unmap:
	munmap(hole, 2 * page_size);
	goto out_close;
out_unmap_a:
	munmap(a, page_size);
out_close:
	if (fd >= 0)
		close(fd);
	return ret;
}

static void print_help(FILE *out, const char *prog)
{
	fprintf(out,
		"usage: %s [--tmpfs DIR] [--ext4 DIR] [--allow-missing] [--verbose]\n"
		"  --tmpfs DIR       directory on a tmpfs mount (default /tmp)\n"
		"  --ext4 DIR        directory on an ext4 mount (default /mnt/ext4)\n"
		"  --allow-missing   a missing facility is not a failure\n"
		"  --verbose         print the /proc/self/maps lines\n",
		prog);
}

int main(int argc, char **argv)
{
	static const struct option options[] = {
		{ "tmpfs", required_argument, NULL, 't' },
		{ "ext4", required_argument, NULL, 'e' },
		{ "allow-missing", no_argument, NULL, 'm' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct kind kinds[] = {
		{ "anonymous", NULL, NULL, 0, NULL },
		{ "tmpfs file", open_fs_file, "/tmp", TMPFS_MAGIC, "tmpfs" },
		{ "ext4 file", open_fs_file, "/mnt/ext4", EXT4_SUPER_MAGIC,
		  "ext4" },
		{ "memfd_secret", open_secretmem, NULL, 0, NULL },
	};
	bool allow_missing = false;
	int failures = 0, missing = 0;
	size_t i;
	int opt;

	while ((opt = getopt_long(argc, argv, "t:e:mvh", options, NULL)) != -1) {
		switch (opt) {
		case 't':
			kinds[1].dir = optarg;
			break;
		case 'e':
			kinds[2].dir = optarg;
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

	printf("Two adjacent one-page mappings, contiguous offsets (expected: 1 VMA each)\n");
	for (i = 0; i < ARRAY_SIZE(kinds); i++) {
		char why[512] = "";
		int nr_vmas = 0;

		switch (try_kind(&kinds[i], &nr_vmas, why, sizeof(why))) {
		case MERGED:
			printf("%-16s: 1 VMA  (merged)\n", kinds[i].label);
			break;
		case NOT_MERGED:
			printf("%-16s: %d VMAs (not merged)\n", kinds[i].label,
			       nr_vmas);
			failures++;
			break;
		case UNAVAILABLE:
			printf("%-16s: unavailable (%s)\n", kinds[i].label, why);
			missing++;
			if (!allow_missing)
				failures++;
			break;
		case ERROR:
			printf("%-16s: error (%s)\n", kinds[i].label, why);
			failures++;
			break;
		}
		if (verbose)
			fputs(maps_lines, stdout);
		maps_lines[0] = '\0';
	}
	if (failures)
		printf("FAIL: %d of %zu kinds did not merge%s\n", failures, i,
		       missing && !allow_missing ? " or are unavailable" : "");
	else if (missing)
		printf("PASS: every available kind merged (%d unavailable)\n",
		       missing);
	else
		printf("PASS: every kind merged\n");
	return failures ? 1 : 0;
}
