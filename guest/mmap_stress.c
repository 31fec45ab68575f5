// SPDX-License-Identifier: GPL-2.0
/*
 * mmap_stress - stress the mmap paths with faults injected, and look for leaks.
 *
 * Runs as root in the debug guest (scripts/guest-run.sh debug): a kernel with
 * FAULT_INJECTION, FAILSLAB, FAIL_PAGE_ALLOC and FAULT_INJECTION_DEBUG_FS,
 * debugfs mounted, booted with slab_nomerge (configs/debug.cmdline) so that
 * the slab caches it counts are not shared with others.  Three phases:
 *
 * sweep        One thread.  For every kind of memory (below) and every
 *              scenario (map at a hint, map where the kernel picks, unmap, a
 *              mapping that merges with one or two neighbours, MAP_FIXED over
 *              part of or over all of a mapping, munmap and mprotect that split
 *              a mapping) the operation runs once without a fault, then again
 *              with the n-th fault-injectable call of the system call failed
 *              (/proc/thread-self/fail-nth: failslab and fail_page_alloc),
 *              n = 1, 2, ... until the call no longer makes an n-th such call.
 *              After each run: either the call failed (ENOMEM or EAGAIN;
 *              ENOSPC when a MAP_SHARED|MAP_ANONYMOUS mmap() cannot make its
 *              shmem inode, as 6.12 does) and /proc/self/maps is what it was
 *              before the call, or it succeeded
 *              and the maps are what the run without a fault gave; the pages
 *              hold what they must; Committed_AS is unchanged by a failed
 *              call and back to its value once the scenario is torn down.
 *              Two outcomes the kernel allows are counted apart: a failed
 *              munmap() or mprotect() may leave a split behind (same maps once
 *              adjacent compatible lines are joined), and a failed MAP_FIXED
 *              mmap() over a mapping may leave the range unmapped (mm/vma.h,
 *              vms_abort_munmap_vmas()).
 * random       THREADS threads, ITERATIONS runs in all: a random kind and
 *              scenario in the thread's own address range, run without a
 *              fault and then, with PROBABILITY percent, with a fault at a
 *              random call; judged as in the sweep on the thread's range of
 *              /proc/self/maps (no Committed_AS check: the threads share it).
 * concurrency  THREADS threads map, unmap, mprotect, zap and touch random
 *              adjacent ranges of the same files (the same address range for
 *              all, each file mapped at its own offsets, so that neighbours
 *              merge) for SECONDS seconds, while READERS threads read
 *              /proc/self/maps and /proc/self/smaps in a loop; with PROBABILITY
 *              percent an mmap, munmap or mprotect gets a fault at a random
 *              call.  Checked: no unexpected error; the kernel's lockdep,
 *              KASAN and DEBUG_VM judge the rest (guest-run.sh).
 *
 * Kinds: a tmpfs file (a tmpfs mounted for the run), an ext4 file (in a
 * directory of the ext4 file system, bind-mounted for the run), memfd_secret,
 * an overlayfs file on a read-only lower layer on tmpfs mapped MAP_PRIVATE
 * (overlayfs's ->mmap_prepare() calling shmem's), an overlayfs file
 * copied up to the tmpfs upper layer mapped MAP_SHARED, a memfd,
 * MAP_SHARED|MAP_ANONYMOUS and MAP_PRIVATE|MAP_ANONYMOUS.
 *
 * Leak checks.  The slab caches vm_area_struct, filp, anon_vma,
 * anon_vma_chain, shmem_inode_cache and ovl_inode are counted from
 * /proc/slabinfo (else /sys/kernel/slab/CACHE/objects), each right after
 * /sys/kernel/slab/CACHE/shrink freed its per-CPU slabs and KASAN's
 * quarantine; a count that cannot be had exactly (no sysfs, a merged cache)
 * is skipped with the reason printed.  Between the phases, the program
 * holding the same files and mounts, Committed_AS and these counts must not
 * change (which phase leaked).  At the end, with everything unmapped and
 * closed: every mount of the run umounts (no file reference pins it);
 * Committed_AS is back to its value at the start plus what the program's own
 * heap and stack grew by; the caches hold as many objects as at the start;
 * the process has as many open files and the same mappings as at the start.
 *
 * Exit status 0 only if every check passed, 1 otherwise, 2 on a usage
 * error.  The last lines are "mmap_stress: totals: ..." and
 * "mmap_stress: PASS" or "mmap_stress: FAIL (...)".
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/vfs.h>
#include <time.h>
#include <unistd.h>

#ifndef __NR_memfd_secret
#define __NR_memfd_secret 447	/* x86_64, arm64, riscv */
#endif
#ifndef MFD_CLOEXEC
#define MFD_CLOEXEC 0x0001U
#endif

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#define EXT4_SUPER_MAGIC	0xef53

#define FILE_PAGES	32	/* size of every file */
#define ARENA_PAGES	16	/* a thread's range for the scenarios */
#define CONC_PAGES	FILE_PAGES	/* the shared range of the concurrency phase */
#define MAX_THREADS	16
#define MAX_READERS	8
#define MAX_LINES	160	/* lines of /proc/self/maps kept */
#define MAPS_BUF	(64 * 1024)
#define READER_BUF	(256 * 1024)
#define STACK_SIZE	(256 * 1024)
#define MAX_NTH		2000	/* the sweep gives up on a call beyond this */
#define MAX_ERRORS_SHOWN 25
#define VICTIM_TAG	0x56494354494d0000ULL

static size_t ps;
static bool verbose;
static unsigned int opt_iterations = 200;
static unsigned int opt_threads = 2;
static unsigned int opt_seconds = 5;
static unsigned int opt_probability = 50;
static unsigned int opt_readers = 2;
static bool opt_sweep = true;
static uint64_t opt_seed;
static const char *opt_ext4 = "/mnt/ext4";
static const char *opt_dir = "/tmp/mmap_stress";
static char opt_exclude_text[512];

static atomic_long errors;
static atomic_bool stop;
static pthread_mutex_t out_lock = PTHREAD_MUTEX_INITIALIZER;

/* --- output -------------------------------------------------------------- */

/* No stdio: it would allocate, and the heap must not change during the run. */
static void say(const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n >= sizeof(buf))
		n = sizeof(buf) - 1;
	pthread_mutex_lock(&out_lock);
	while (n > 0) {
		ssize_t w = write(STDOUT_FILENO, buf, n);

		if (w <= 0)
			break;
		n -= w;
	}
	pthread_mutex_unlock(&out_lock);
}

/* Count an error; print the first MAX_ERRORS_SHOWN of them.  True if shown. */
static bool error(const char *fmt, ...)
{
	char buf[768];
	va_list ap;
	long n = atomic_fetch_add(&errors, 1) + 1;

	if (n > MAX_ERRORS_SHOWN) {
		if (n == MAX_ERRORS_SHOWN + 1)
			say("mmap_stress: ERROR: more errors, not shown\n");
		return false;
	}
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	say("mmap_stress: ERROR: %s\n", buf);
	return true;
}

/* --- small helpers --------------------------------------------------------- */

static uint64_t rnd(uint64_t *state)
{
	uint64_t x = *state;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*state = x;
	return x * 0x2545f4914f6cdd1dULL;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

/* Read a whole (small) file into buf, NUL-terminated; length or -errno. */
static ssize_t read_file(const char *path, char *buf, size_t size)
{
	size_t len = 0;
	ssize_t r;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	while (len < size - 1) {
		r = read(fd, buf + len, size - 1 - len);
		if (r < 0) {
			r = -errno;
			close(fd);
			return r;
		}
		if (r == 0)
			break;
		len += r;
	}
	close(fd);
	buf[len] = '\0';
	return len;
}

static int write_file(const char *path, const char *val)
{
	size_t len = strlen(val);
	int fd, ret = 0;

	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (write(fd, val, len) != (ssize_t)len)
		ret = -errno;
	close(fd);
	return ret;
}

/* Committed_AS of /proc/meminfo in kB, -1 if not found. */
static long committed_kb(void)
{
	char buf[8192], *p;
	ssize_t n;

	n = read_file("/proc/meminfo", buf, sizeof(buf));
	if (n < 0)
		return -1;
	p = strstr(buf, "\nCommitted_AS:");
	if (!p)
		return -1;
	return strtol(p + strlen("\nCommitted_AS:"), NULL, 10);
}

/* Open files of this process (entries of /proc/self/fd), -1 on error. */
static long count_fds(void)
{
	char buf[4096];
	long n = 0;
	int fd, r, off;

	fd = open("/proc/self/fd", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	while ((r = syscall(SYS_getdents64, fd, buf, sizeof(buf))) > 0) {
		for (off = 0; off < r;) {
			unsigned short reclen;
			const char *name;

			memcpy(&reclen, buf + off + 16, sizeof(reclen));
			name = buf + off + 19;
			if (name[0] != '.')
				n++;
			off += reclen;
		}
	}
	close(fd);
	/* The fd of /proc/self/fd itself. */
	return r < 0 ? -1 : n - 1;
}

/* --- /proc/self/maps snapshots ------------------------------------------ */

struct mline {
	unsigned long start, end, off, ino;
	unsigned int major, minor;
	bool shanon;		/* MAP_SHARED|MAP_ANONYMOUS: a new inode each time */
	char perms[5];
	char path[56];
};

struct snap {
	int n;
	bool truncated;
	struct mline l[MAX_LINES];
};

static bool line_eq(const struct mline *a, const struct mline *b)
{
	return a->start == b->start && a->end == b->end && a->off == b->off &&
	       a->major == b->major && a->minor == b->minor &&
	       (a->ino == b->ino || (a->shanon && b->shanon)) &&
	       !strcmp(a->perms, b->perms) && !strcmp(a->path, b->path);
}

static bool snap_eq(const struct snap *a, const struct snap *b)
{
	int i;

	if (a->n != b->n)
		return false;
	for (i = 0; i < a->n; i++)
		if (!line_eq(&a->l[i], &b->l[i]))
			return false;
	return true;
}

/* A file mapping: /proc/self/maps shows an offset (0 for anonymous memory). */
static bool line_has_off(const struct mline *l)
{
	return l->ino || l->major || l->minor;
}

/* Could the kernel have made these two adjacent lines one VMA? */
static bool line_joins(const struct mline *a, const struct mline *b)
{
	return a->end == b->start &&
	       (line_has_off(a) ? a->off + (a->end - a->start) == b->off :
				  b->off == a->off) &&
	       a->major == b->major && a->minor == b->minor &&
	       a->ino == b->ino && !strcmp(a->perms, b->perms) &&
	       !strcmp(a->path, b->path);
}

/* dst = src with adjacent joinable lines joined (a split left behind). */
static void snap_join(const struct snap *src, struct snap *dst)
{
	int i;

	dst->n = 0;
	dst->truncated = src->truncated;
	for (i = 0; i < src->n; i++) {
		if (dst->n && line_joins(&dst->l[dst->n - 1], &src->l[i])) {
			dst->l[dst->n - 1].end = src->l[i].end;
			continue;
		}
		dst->l[dst->n++] = src->l[i];
	}
}

/* dst = src without [lo, hi). */
static void snap_punch(const struct snap *src, unsigned long lo,
		       unsigned long hi, struct snap *dst)
{
	int i;

	dst->n = 0;
	dst->truncated = src->truncated;
	for (i = 0; i < src->n && dst->n < MAX_LINES; i++) {
		const struct mline *l = &src->l[i];

		if (l->end <= lo || l->start >= hi) {
			dst->l[dst->n++] = *l;
			continue;
		}
		if (l->start < lo) {
			dst->l[dst->n] = *l;
			dst->l[dst->n++].end = lo;
		}
		if (l->end > hi && dst->n < MAX_LINES) {
			dst->l[dst->n] = *l;
			dst->l[dst->n].start = hi;
			if (line_has_off(l))
				dst->l[dst->n].off = l->off + (hi - l->start);
			dst->n++;
		}
	}
}

/*
 * Parse /proc/self/maps into s, keeping only [lo, hi) (clipped) unless
 * lo == hi.  buf is MAPS_BUF bytes of scratch.  False on error.
 */
static bool snap_take(struct snap *s, char *buf, unsigned long lo,
		      unsigned long hi)
{
	char *line, *next;
	ssize_t len;

	s->n = 0;
	s->truncated = false;
	len = read_file("/proc/self/maps", buf, MAPS_BUF);
	if (len < 0) {
		error("cannot read /proc/self/maps: %s", strerror(-len));
		return false;
	}
	if (len >= MAPS_BUF - 1)
		s->truncated = true;
	for (line = buf; *line; line = next) {
		struct mline l;
		int pos = 0;
		char *p;

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		else
			next = line + strlen(line);
		memset(&l, 0, sizeof(l));
		if (sscanf(line, "%lx-%lx %4s %lx %x:%x %lu %n", &l.start, &l.end,
			   l.perms, &l.off, &l.major, &l.minor, &l.ino, &pos) < 7) {
			error("cannot parse a line of /proc/self/maps: '%s'", line);
			return false;
		}
		p = line + pos;
		while (*p == ' ')
			p++;
		snprintf(l.path, sizeof(l.path), "%s", p);
		l.shanon = !strncmp(l.path, "/dev/zero", 9);
		if (lo != hi) {
			if (l.end <= lo || l.start >= hi)
				continue;
			if (l.start < lo) {
				if (line_has_off(&l))
					l.off += lo - l.start;
				l.start = lo;
			}
			if (l.end > hi)
				l.end = hi;
		}
		if (s->n == MAX_LINES) {
			s->truncated = true;
			break;
		}
		s->l[s->n++] = l;
	}
	return true;
}

static void snap_print(const char *what, const struct snap *s)
{
	int i;

	say("    %s (%d line%s%s):\n", what, s->n, s->n == 1 ? "" : "s",
	    s->truncated ? ", truncated" : "");
	for (i = 0; i < s->n && i < 24; i++)
		say("      %lx-%lx %s %08lx %02x:%02x %lu %s\n", s->l[i].start,
		    s->l[i].end, s->l[i].perms, s->l[i].off, s->l[i].major,
		    s->l[i].minor, s->l[i].ino, s->l[i].path);
}

/*
 * Size in kB of [heap] and [stack]: accounted memory that the program may
 * have grown (and keeps) during the run.
 */
static long snap_heap_stack_kb(const struct snap *s)
{
	long kb = 0;
	int i;

	for (i = 0; i < s->n; i++)
		if (!strcmp(s->l[i].path, "[heap]") || !strcmp(s->l[i].path, "[stack]"))
			kb += (s->l[i].end - s->l[i].start) / 1024;
	return kb;
}

/* --- kinds of memory ------------------------------------------------------- */

enum {
	K_TMPFS, K_EXT4, K_SECRETMEM, K_OVL_PRIVATE, K_OVL_SHARED, K_MEMFD,
	K_SHANON, K_ANON, NR_KINDS
};

struct kind {
	const char *name;
	int fd;			/* -1: anonymous memory */
	int flags;		/* MAP_SHARED or MAP_PRIVATE, | MAP_ANONYMOUS */
	bool merges;		/* adjacent mappings must become one VMA */
	uint64_t tag;		/* what its pages hold (with the offset) */
};

static struct kind kinds[NR_KINDS] = {
	[K_TMPFS] = { "tmpfs", -1, MAP_SHARED, true, 0x746d706673000000ULL },
	[K_EXT4] = { "ext4", -1, MAP_SHARED, true, 0x6578743400000000ULL },
	[K_SECRETMEM] = { "secretmem", -1, MAP_SHARED, true, 0x7365637265740000ULL },
	/*
	 * overlayfs's ->mmap_prepare() has the real file's hook describe the
	 * mapping, which holds the real file: adjacent mappings of one open
	 * overlay file merge (on 6.12, ->mmap() swapped the file in after the
	 * merge decision, which compared the overlay file: they never did).
	 */
	[K_OVL_PRIVATE] = { "ovl-private", -1, MAP_PRIVATE, true, 0x6f766c7000000000ULL },
	[K_OVL_SHARED] = { "ovl-shared", -1, MAP_SHARED, true, 0x6f766c7300000000ULL },
	[K_MEMFD] = { "memfd", -1, MAP_SHARED, true, 0x6d656d6664000000ULL },
	/* Each mapping is a new shmem file: they never merge. */
	[K_SHANON] = { "shared-anon", -1, MAP_SHARED | MAP_ANONYMOUS, false,
		       0x7368616e6f6e0000ULL },
	[K_ANON] = { "anon", -1, MAP_PRIVATE | MAP_ANONYMOUS, true, 0x616e6f6e00000000ULL },
};

static bool is_file(int k)
{
	return !(kinds[k].flags & MAP_ANONYMOUS);
}

/* --- scenarios ------------------------------------------------------------ */

enum { OP_MMAP, OP_MUNMAP, OP_MPROTECT };
/* What a range of pages holds. */
enum { SRC_PRE = 1, SRC_NEW, SRC_VICTIM };

/* Pages [lo, hi) of the range, mapped at file offset pgoff (in pages). */
struct region {
	int lo, hi, src, pgoff;
	bool ro;		/* read-only: not written back */
};

#define RW(lo, hi, src, pgoff)	{ lo, hi, src, pgoff, false }
#define RO(lo, hi, src, pgoff)	{ lo, hi, src, pgoff, true }

struct scenario {
	const char *name;
	int op;
	bool null_addr;		/* mmap(NULL, ...): the kernel picks */
	bool fixed;		/* MAP_FIXED */
	bool may_hole;		/* MAP_FIXED over a mapping: a failure may unmap */
	bool victim;		/* an anonymous mapping at [0, 8) first */
	bool random_ok;		/* also in the random phase */
	int merge_hi;		/* after it, [0, merge_hi) is one VMA if it merges */
	struct region pre[2];	/* mappings of the kind before the call */
	int lo, hi, pgoff;	/* the call's range */
	struct region post[3];	/* what the pages hold after a success */
};

static const struct scenario scenarios[] = {
	{ .name = "map", .op = OP_MMAP, .random_ok = true,
	  .lo = 0, .hi = 4, .pgoff = 0,
	  .post = { RW(0, 4, SRC_NEW, 0) } },
	{ .name = "map-null", .op = OP_MMAP, .null_addr = true,
	  .lo = 0, .hi = 4, .pgoff = 0,
	  .post = { RW(0, 4, SRC_NEW, 0) } },
	{ .name = "unmap", .op = OP_MUNMAP, .random_ok = true,
	  .pre = { RW(0, 4, SRC_PRE, 0) },
	  .lo = 0, .hi = 4 },
	{ .name = "merge", .op = OP_MMAP, .fixed = true, .random_ok = true,
	  .merge_hi = 8, .pre = { RW(0, 4, SRC_PRE, 0) },
	  .lo = 4, .hi = 8, .pgoff = 4,
	  .post = { RW(0, 4, SRC_PRE, 0), RW(4, 8, SRC_NEW, 4) } },
	{ .name = "merge3", .op = OP_MMAP, .fixed = true, .random_ok = true,
	  .merge_hi = 12,
	  .pre = { RW(0, 4, SRC_PRE, 0), RW(8, 12, SRC_PRE, 8) },
	  .lo = 4, .hi = 8, .pgoff = 4,
	  .post = { RW(0, 4, SRC_PRE, 0), RW(4, 8, SRC_NEW, 4),
		    RW(8, 12, SRC_PRE, 8) } },
	{ .name = "fixed-mid", .op = OP_MMAP, .fixed = true, .may_hole = true,
	  .victim = true, .random_ok = true,
	  .lo = 2, .hi = 6, .pgoff = 2,
	  .post = { RW(0, 2, SRC_VICTIM, 0), RW(2, 6, SRC_NEW, 2),
		    RW(6, 8, SRC_VICTIM, 0) } },
	{ .name = "fixed-all", .op = OP_MMAP, .fixed = true, .may_hole = true,
	  .random_ok = true, .pre = { RW(0, 4, SRC_PRE, 8) },
	  .lo = 0, .hi = 4, .pgoff = 0,
	  .post = { RW(0, 4, SRC_NEW, 0) } },
	{ .name = "munmap-split", .op = OP_MUNMAP, .random_ok = true,
	  .pre = { RW(0, 12, SRC_PRE, 0) },
	  .lo = 4, .hi = 8,
	  .post = { RW(0, 4, SRC_PRE, 0), RW(8, 12, SRC_PRE, 8) } },
	{ .name = "mprotect-split", .op = OP_MPROTECT, .random_ok = true,
	  .pre = { RW(0, 12, SRC_PRE, 0) },
	  .lo = 4, .hi = 8,
	  .post = { RW(0, 4, SRC_PRE, 0), RO(4, 8, SRC_PRE, 4),
		    RW(8, 12, SRC_PRE, 8) } },
};
#define NR_SCEN ARRAY_SIZE(scenarios)

/* --exclude KIND[/SCENARIO] and --exclude '*'/SCENARIO; -1: any. */
#define MAX_EXCLUDES 16
static struct {
	int kind, scen;
} excludes[MAX_EXCLUDES];
static int nr_excludes;

/* Is scenario s (-1: the concurrency phase) of kind k excluded? */
static bool excluded(int k, int s)
{
	int i;

	for (i = 0; i < nr_excludes; i++)
		if ((excludes[i].kind < 0 || excludes[i].kind == k) &&
		    (excludes[i].scen < 0 || excludes[i].scen == s))
			return true;
	return false;
}

static bool parse_exclude(const char *arg)
{
	const char *slash = strchr(arg, '/');
	size_t kl = slash ? (size_t)(slash - arg) : strlen(arg);
	int kind = -1, scen = -1;
	size_t i;

	if (nr_excludes == MAX_EXCLUDES)
		return false;
	if (kl && !(kl == 1 && arg[0] == '*')) {
		for (i = 0; i < NR_KINDS; i++)
			if (strlen(kinds[i].name) == kl && !strncmp(arg, kinds[i].name, kl))
				kind = i;
		if (kind < 0)
			return false;
	}
	if (slash) {
		for (i = 0; i < NR_SCEN; i++)
			if (!strcmp(slash + 1, scenarios[i].name))
				scen = i;
		if (scen < 0)
			return false;
	}
	if (kind < 0 && scen < 0)
		return false;
	excludes[nr_excludes].kind = kind;
	excludes[nr_excludes++].scen = scen;
	snprintf(opt_exclude_text + strlen(opt_exclude_text),
		 sizeof(opt_exclude_text) - strlen(opt_exclude_text), " %s", arg);
	return true;
}

/* What page (arena index page, file offset pgoff) of a region must hold. */
static uint64_t expected(int k, int src, int page, int pgoff)
{
	if (src == SRC_VICTIM)
		return VICTIM_TAG ^ page;
	if (is_file(k))
		return kinds[k].tag ^ pgoff;
	/* Anonymous: what the setup wrote, or zero for a new mapping. */
	return src == SRC_PRE ? kinds[k].tag ^ page : 0;
}

/* --- per-thread state ------------------------------------------------------ */

enum {
	O_FAIL_EXACT,	/* failed, maps as before */
	O_FAIL_SPLIT,	/* failed, as before but for a split left behind */
	O_FAIL_HOLE,	/* failed, MAP_FIXED range unmapped */
	O_OK_EXACT,	/* succeeded, maps as without a fault */
	O_OK_SPLIT,	/* succeeded, as without a fault but for a split */
	NR_OUTCOMES
};

static const char *const outcome_names[NR_OUTCOMES] = {
	"failed, maps unchanged", "failed, split left", "failed, range unmapped",
	"succeeded, maps as without fault", "succeeded, split left",
};

/* What the concurrency phase counts. */
enum { C_MMAP, C_MUNMAP, C_MPROTECT, C_ZAP, C_TOUCH, C_INJECTED, NR_CONC };

struct ctx {
	int id;
	char *base;		/* first page of the thread's range */
	char *guard;		/* the range with a PROT_NONE page on each side */
	int arena_pages;	/* pages between the guards */
	uint64_t rng;
	int fail_fd;		/* /proc/thread-self/fail-nth */
	bool whole_maps;	/* judge all of /proc/self/maps (one thread) */
	bool check_committed;	/* and Committed_AS (one thread) */
	unsigned long lo, hi;	/* else this range of it */
	char *extra;		/* a mapping of map-null, outside the range */
	size_t extra_len;
	long ref_committed;	/* Committed_AS growth by setup + call, no fault */

	/* counters */
	long runs, injected, survived, pairs, iterations;
	long outcomes[NR_OUTCOMES], enomem, eagain, enospc;
	long conc_ops[NR_CONC], conc_faults, maps_reads, smaps_reads;

	pthread_t thread;
	char *stack;
	struct snap before, after, ref_before, ref_after, t1, t2;
	char buf[MAPS_BUF];
};

static struct ctx ctxs[MAX_THREADS + MAX_READERS];
static char reader_bufs[MAX_READERS][READER_BUF];
static int sweep_points[NR_KINDS][NR_SCEN];
static char *conc_base;
static int conc_kinds[NR_KINDS], nr_conc_kinds;

/* --- fault injection ------------------------------------------------------- */

static int fail_open(void)
{
	return open("/proc/thread-self/fail-nth", O_RDWR | O_CLOEXEC);
}

static void fail_set(int fd, unsigned int n)
{
	char b[16];
	int len = snprintf(b, sizeof(b), "%u", n);

	if (pwrite(fd, b, len, 0) != len)
		error("cannot write %u to /proc/thread-self/fail-nth: %s", n,
		      strerror(errno));
}

/* Was the fault armed by fail_set() injected?  Disarms it in any case. */
static bool fail_injected(int fd)
{
	char b[16];
	ssize_t r;

	r = pread(fd, b, sizeof(b) - 1, 0);
	fail_set(fd, 0);
	if (r <= 0) {
		error("cannot read /proc/thread-self/fail-nth: %s",
		      r ? strerror(errno) : "empty");
		return false;
	}
	b[r] = '\0';
	return atoi(b) == 0;
}

/* failslab and fail_page_alloc: fail what fail-nth points at, quietly. */
static struct {
	const char *path, *val;
	char old[32];
	bool saved;
} fi_knobs[] = {
	{ .path = "/sys/kernel/debug/failslab/ignore-gfp-wait", .val = "N" },
	{ .path = "/sys/kernel/debug/failslab/verbose", .val = "0" },
	{ .path = "/sys/kernel/debug/fail_page_alloc/ignore-gfp-wait", .val = "N" },
	{ .path = "/sys/kernel/debug/fail_page_alloc/ignore-gfp-highmem", .val = "N" },
	{ .path = "/sys/kernel/debug/fail_page_alloc/min-order", .val = "0" },
	{ .path = "/sys/kernel/debug/fail_page_alloc/verbose", .val = "0" },
};

static bool fi_setup(void)
{
	char prob[32];
	size_t i;
	int r;

	if (access("/proc/thread-self/fail-nth", R_OK | W_OK)) {
		error("no /proc/thread-self/fail-nth (CONFIG_FAULT_INJECTION?): %s",
		      strerror(errno));
		return false;
	}
	for (i = 0; i < ARRAY_SIZE(fi_knobs); i++) {
		ssize_t n = read_file(fi_knobs[i].path, fi_knobs[i].old,
				      sizeof(fi_knobs[i].old));

		if (n < 0) {
			error("cannot read %s: %s (debugfs mounted? CONFIG_FAILSLAB, CONFIG_FAIL_PAGE_ALLOC, CONFIG_FAULT_INJECTION_DEBUG_FS?)",
			      fi_knobs[i].path, strerror(-n));
			return false;
		}
		fi_knobs[i].saved = true;
		r = write_file(fi_knobs[i].path, fi_knobs[i].val);
		if (r) {
			error("cannot write %s: %s", fi_knobs[i].path, strerror(-r));
			return false;
		}
	}
	/* fail-nth does not need it, and anything else would fail at random. */
	if (read_file("/sys/kernel/debug/failslab/probability", prob, sizeof(prob)) > 0 &&
	    atoi(prob) != 0)
		say("mmap_stress: note: failslab/probability is %d, not 0\n", atoi(prob));
	return true;
}

static void fi_restore(void)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(fi_knobs); i++)
		if (fi_knobs[i].saved)
			write_file(fi_knobs[i].path, fi_knobs[i].old);
}

/* --- files and mounts ------------------------------------------------------ */

static char d_tmpfs[256], d_ovl[256], d_ext4[256], d_ext4_real[256];
static bool m_tmpfs, m_ovl, m_ext4;
static char f_ext4[300];

static int fill_file(int fd, int k)
{
	static char page[65536];
	int p;

	for (p = 0; p < FILE_PAGES; p++) {
		uint64_t v = kinds[k].tag ^ p;

		memcpy(page, &v, sizeof(v));
		if (pwrite(fd, page, ps, (off_t)p * ps) != (ssize_t)ps)
			return -1;
	}
	return 0;
}

static int create_file(const char *dir, const char *name, int k)
{
	char path[512];
	int fd;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0 || fill_file(fd, k)) {
		error("cannot create %s: %s", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	return fd;
}

static bool mkdir_ok(const char *path)
{
	if (mkdir(path, 0755) && errno != EEXIST) {
		error("mkdir %s: %s", path, strerror(errno));
		return false;
	}
	return true;
}

static bool setup_files(void)
{
	char lower[300], upper[300], work[300], opts[1024], path[512];
	struct statfs sfs;
	void *p;
	int fd, i;

	snprintf(d_tmpfs, sizeof(d_tmpfs), "%s/tmpfs", opt_dir);
	snprintf(d_ovl, sizeof(d_ovl), "%s/ovl", opt_dir);
	snprintf(d_ext4, sizeof(d_ext4), "%s/ext4", opt_dir);
	if (!mkdir_ok(opt_dir) || !mkdir_ok(d_tmpfs) || !mkdir_ok(d_ovl) ||
	    !mkdir_ok(d_ext4))
		return false;

	/* tmpfs, with the overlayfs layers on it */
	if (mount("mmap_stress", d_tmpfs, "tmpfs", 0, "size=64m")) {
		error("mount tmpfs on %s: %s", d_tmpfs, strerror(errno));
		return false;
	}
	m_tmpfs = true;
	kinds[K_TMPFS].fd = create_file(d_tmpfs, "tmpfs.dat", K_TMPFS);
	snprintf(lower, sizeof(lower), "%s/lower", d_tmpfs);
	snprintf(upper, sizeof(upper), "%s/upper", d_tmpfs);
	snprintf(work, sizeof(work), "%s/work", d_tmpfs);
	if (kinds[K_TMPFS].fd < 0 || !mkdir_ok(lower) || !mkdir_ok(upper) ||
	    !mkdir_ok(work))
		return false;
	for (i = K_OVL_PRIVATE; i <= K_OVL_SHARED; i++) {
		fd = create_file(lower, kinds[i].name, i);
		if (fd < 0)
			return false;
		close(fd);
	}

	/*
	 * overlayfs: the private file stays on the lower layer, the shared one
	 * is copied up by its O_RDWR open.
	 */
	snprintf(opts, sizeof(opts), "lowerdir=%s,upperdir=%s,workdir=%s",
		 lower, upper, work);
	if (mount("overlay", d_ovl, "overlay", 0, opts)) {
		error("mount overlay on %s (%s): %s", d_ovl, opts, strerror(errno));
		return false;
	}
	m_ovl = true;
	snprintf(path, sizeof(path), "%s/%s", d_ovl, kinds[K_OVL_PRIVATE].name);
	kinds[K_OVL_PRIVATE].fd = open(path, O_RDONLY | O_CLOEXEC);
	snprintf(path, sizeof(path), "%s/%s", d_ovl, kinds[K_OVL_SHARED].name);
	kinds[K_OVL_SHARED].fd = open(path, O_RDWR | O_CLOEXEC);
	if (kinds[K_OVL_PRIVATE].fd < 0 || kinds[K_OVL_SHARED].fd < 0) {
		error("cannot open the files of the overlay %s: %s", d_ovl,
		      strerror(errno));
		return false;
	}

	/* ext4: a directory of it, bind-mounted, so that umount tells */
	if (statfs(opt_ext4, &sfs) || sfs.f_type != EXT4_SUPER_MAGIC) {
		error("%s is not an ext4 file system (the ext4 disk?)", opt_ext4);
		return false;
	}
	snprintf(d_ext4_real, sizeof(d_ext4_real), "%s/mmap_stress.%d",
		 opt_ext4, (int)getpid());
	if (!mkdir_ok(d_ext4_real))
		return false;
	if (mount(d_ext4_real, d_ext4, NULL, MS_BIND, NULL)) {
		error("bind mount %s on %s: %s", d_ext4_real, d_ext4, strerror(errno));
		return false;
	}
	m_ext4 = true;
	snprintf(f_ext4, sizeof(f_ext4), "%s/ext4.dat", d_ext4);
	kinds[K_EXT4].fd = create_file(d_ext4, "ext4.dat", K_EXT4);
	if (kinds[K_EXT4].fd < 0)
		return false;

	kinds[K_MEMFD].fd = syscall(SYS_memfd_create, "mmap_stress", MFD_CLOEXEC);
	if (kinds[K_MEMFD].fd < 0 || ftruncate(kinds[K_MEMFD].fd, FILE_PAGES * ps) ||
	    fill_file(kinds[K_MEMFD].fd, K_MEMFD)) {
		error("memfd: %s", strerror(errno));
		return false;
	}

	/* memfd_secret: no write(), fill it through a mapping */
	fd = syscall(__NR_memfd_secret, O_CLOEXEC);
	if (fd < 0) {
		error("memfd_secret: %s (CONFIG_SECRETMEM, secretmem.enable?)",
		      strerror(errno));
		return false;
	}
	kinds[K_SECRETMEM].fd = fd;
	if (ftruncate(fd, FILE_PAGES * ps)) {
		error("memfd_secret: ftruncate: %s", strerror(errno));
		return false;
	}
	p = mmap(NULL, FILE_PAGES * ps, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED) {
		error("memfd_secret: mmap: %s", strerror(errno));
		return false;
	}
	for (i = 0; i < FILE_PAGES; i++)
		*(volatile uint64_t *)((char *)p + i * ps) = kinds[K_SECRETMEM].tag ^ i;
	munmap(p, FILE_PAGES * ps);
	return true;
}

/* umount path; false (and an error) if it is busy. */
static bool umount_check(const char *what, const char *path, bool *mounted)
{
	if (!*mounted)
		return true;
	if (umount2(path, 0)) {
		error("leak: cannot umount the %s at %s: %s (a file reference left?)",
		      what, path, strerror(errno));
		/* Out of the way of the next tests, with whatever pins it. */
		if (umount2(path, MNT_DETACH) == 0)
			*mounted = false;
		return false;
	}
	*mounted = false;
	say("mmap_stress: umount %s: ok\n", what);
	return true;
}

static int teardown_files(void)
{
	int k, bad = 0;

	for (k = 0; k < NR_KINDS; k++) {
		if (kinds[k].fd >= 0)
			close(kinds[k].fd);
		kinds[k].fd = -1;
	}
	if (f_ext4[0] && unlink(f_ext4) && errno != ENOENT)
		error("unlink %s: %s", f_ext4, strerror(errno));
	bad += !umount_check("overlay", d_ovl, &m_ovl);
	bad += !umount_check("tmpfs", d_tmpfs, &m_tmpfs);
	bad += !umount_check("ext4 bind mount", d_ext4, &m_ext4);
	if (d_ext4_real[0])
		rmdir(d_ext4_real);
	rmdir(d_ovl);
	rmdir(d_tmpfs);
	rmdir(d_ext4);
	rmdir(opt_dir);
	return bad;
}

/* --- one run of a scenario ------------------------------------------------- */

/*
 * Page accesses that may fault: a SIGSEGV or SIGBUS there is reported, not
 * fatal (in the concurrency phase other threads unmap and mprotect).
 */
static __thread sigjmp_buf touch_jmp;
static __thread volatile sig_atomic_t touching;

static void fault_handler(int sig, siginfo_t *si, void *uc)
{
	(void)si;
	(void)uc;
	if (touching)
		siglongjmp(touch_jmp, 1);
	signal(sig, SIG_DFL);
	raise(sig);
}

/* *val = the first word of the page at addr, written back if write. */
static __attribute__((noinline)) bool access_page(char *addr, uint64_t *val,
						  bool write)
{
	bool ok = true;

	touching = 1;
	if (sigsetjmp(touch_jmp, 1) == 0) {
		volatile uint64_t *v = (volatile uint64_t *)addr;

		*val = *v;
		if (write)
			*v = *val;
	} else {
		ok = false;
	}
	touching = 0;
	return ok;
}


static bool map_fixed(int k, char *addr, int pages, int pgoff)
{
	void *p = mmap(addr, pages * ps, PROT_READ | PROT_WRITE,
		       kinds[k].flags | MAP_FIXED, kinds[k].fd,
		       is_file(k) ? (off_t)pgoff * ps : 0);

	if (p == MAP_FAILED) {
		error("%s: setup mmap of %d page(s): %s", kinds[k].name, pages,
		      strerror(errno));
		return false;
	}
	return true;
}

static bool setup(struct ctx *c, int k, const struct scenario *s)
{
	int i, p;

	if (s->victim) {
		if (!map_fixed(K_ANON, c->base, 8, 0))
			return false;
		for (p = 0; p < 8; p++)
			*(volatile uint64_t *)(c->base + p * ps) = VICTIM_TAG ^ p;
	}
	for (i = 0; i < 2 && s->pre[i].hi; i++) {
		const struct region *r = &s->pre[i];

		if (!map_fixed(k, c->base + r->lo * ps, r->hi - r->lo, r->pgoff))
			return false;
		/* Populate the pages: anon_vma, COW, page tables. */
		for (p = r->lo; p < r->hi; p++)
			*(volatile uint64_t *)(c->base + p * ps) =
				expected(k, SRC_PRE, p, r->pgoff + p - r->lo);
	}
	return true;
}

static void teardown(struct ctx *c)
{
	if (munmap(c->base, ARENA_PAGES * ps))
		error("teardown munmap: %s", strerror(errno));
	if (c->extra && munmap(c->extra, c->extra_len))
		error("teardown munmap: %s", strerror(errno));
	c->extra = NULL;
}

/* Check what the pages of the regions hold (base: page 0); write back. */
static bool check_pages(struct ctx *c, int k, const struct scenario *s,
			const struct region *regs, int nregs, char *base,
			const char *when)
{
	int i, p;

	for (i = 0; i < nregs && regs[i].hi; i++) {
		const struct region *r = &regs[i];

		for (p = r->lo; p < r->hi; p++) {
			uint64_t want = expected(k, r->src, p, r->pgoff + p - r->lo);
			uint64_t got;

			if (!access_page(base + p * ps, &got, !r->ro)) {
				error("%s/%s (thread %d) %s: page %d: %s access faults",
				      kinds[k].name, s->name, c->id, when, p,
				      r->ro ? "read" : "read/write");
				return false;
			}
			if (got != want) {
				error("%s/%s (thread %d) %s: page %d holds %#llx, not %#llx",
				      kinds[k].name, s->name, c->id, when, p,
				      (unsigned long long)got,
				      (unsigned long long)want);
				return false;
			}
		}
	}
	return true;
}

static bool snap(struct ctx *c, struct snap *s)
{
	return snap_take(s, c->buf, c->whole_maps ? 0 : c->lo,
			 c->whole_maps ? 0 : c->hi);
}

/* The call of the scenario; 0 or -errno; *addr: where it mapped. */
static int do_call(struct ctx *c, int k, const struct scenario *s, char **addr)
{
	char *a = c->base + s->lo * ps;
	size_t len = (s->hi - s->lo) * ps;
	void *p;
	int r;

	*addr = a;
	switch (s->op) {
	case OP_MMAP:
		p = mmap(s->null_addr ? NULL : a, len, PROT_READ | PROT_WRITE,
			 kinds[k].flags | (s->fixed ? MAP_FIXED : 0), kinds[k].fd,
			 is_file(k) ? (off_t)s->pgoff * ps : 0);
		if (p == MAP_FAILED)
			return -errno;
		*addr = p;
		return 0;
	case OP_MUNMAP:
		r = munmap(a, len);
		break;
	default:
		r = mprotect(a, len, PROT_READ);
		break;
	}
	return r ? -errno : 0;
}

/*
 * MAP_SHARED|MAP_ANONYMOUS makes a shmem file, and shmem reports the failed
 * allocation of its inode as ENOSPC (__shmem_get_inode(), as in 6.12).
 */
static bool enospc_ok(int k, int op)
{
	return k == K_SHANON && op == OP_MMAP;
}

static void report_maps(struct ctx *c, const struct snap *want_join)
{
	snap_print("before the call", &c->before);
	snap_print("after the call", &c->after);
	if (want_join)
		snap_print("expected (adjacent lines joined)", want_join);
	else
		snap_print("after the call without a fault", &c->ref_after);
}

/*
 * One run of scenario s on kind k, with the n-th fault-injectable call of
 * the operation failed (n = 0: no fault; ref: the reference run).  Returns
 * whether a fault was injected.
 */
static bool run(struct ctx *c, int k, const struct scenario *s, unsigned int n,
		bool ref)
{
	long c0 = 0, c1 = 0, c2 = 0, c3;
	bool injected = false;
	char *addr = NULL;
	int ret, outcome = -1;

	c->runs++;
	if (c->check_committed)
		c0 = committed_kb();
	if (!setup(c, k, s)) {
		teardown(c);
		return false;
	}
	if (!snap(c, &c->before))
		goto out;
	if (c->check_committed)
		c1 = committed_kb();

	if (n)
		fail_set(c->fail_fd, n);
	ret = do_call(c, k, s, &addr);
	if (n)
		injected = fail_injected(c->fail_fd);

	if (s->null_addr && ret == 0 &&
	    (addr < c->base || addr >= c->base + ARENA_PAGES * ps)) {
		c->extra = addr;
		c->extra_len = (s->hi - s->lo) * ps;
	}
	if (!snap(c, &c->after))
		goto out;
	if (c->check_committed)
		c2 = committed_kb();

	if (ref) {
		if (ret) {
			error("%s/%s: fails without a fault: %s", kinds[k].name,
			      s->name, strerror(-ret));
			goto out;
		}
		c->ref_before = c->before;
		c->ref_after = c->after;
		c->ref_committed = c2 - c0;
		/* Private neighbours with their own anon_vma each: two VMAs. */
		if (s->merge_hi && kinds[k].merges &&
		    !(s->merge_hi > 8 && (kinds[k].flags & MAP_PRIVATE))) {
			unsigned long lo = (unsigned long)c->base;

			if (snap_take(&c->t1, c->buf, lo, lo + s->merge_hi * ps) &&
			    c->t1.n != 1 &&
			    error("%s/%s: adjacent mappings did not merge (%d VMAs)",
				  kinds[k].name, s->name, c->t1.n))
				snap_print("the range", &c->t1);
		}
		check_pages(c, k, s, s->post, 3,
			    addr - s->lo * ps, "after the call");
		goto out;
	}

	if (!snap_eq(&c->before, &c->ref_before)) {
		if (error("%s/%s n=%u (thread %d): the setup gave other maps than before",
			  kinds[k].name, s->name, n, c->id)) {
			snap_print("now", &c->before);
			snap_print("first time", &c->ref_before);
		}
		goto out;
	}
	if (ret && !injected) {
		error("%s/%s n=%u (thread %d): fails with no fault injected: %s",
		      kinds[k].name, s->name, n, c->id, strerror(-ret));
		goto out;
	}
	if (injected) {
		c->injected++;
		if (ret == 0)
			c->survived++;
	}
	if (ret) {
		if (ret == -ENOMEM) {
			c->enomem++;
		} else if (ret == -EAGAIN) {
			c->eagain++;
		} else if (ret == -ENOSPC && enospc_ok(k, s->op)) {
			c->enospc++;
		} else {
			error("%s/%s n=%u (thread %d): failed with %s, not ENOMEM, EAGAIN (or ENOSPC for a new shared-anon mapping)",
			      kinds[k].name, s->name, n, c->id, strerror(-ret));
			goto out;
		}
		if (snap_eq(&c->after, &c->before)) {
			outcome = O_FAIL_EXACT;
		} else {
			snap_join(&c->before, &c->t1);
			snap_join(&c->after, &c->t2);
			if (snap_eq(&c->t1, &c->t2)) {
				outcome = O_FAIL_SPLIT;
			} else if (s->may_hole) {
				unsigned long lo = (unsigned long)c->base + s->lo * ps;

				snap_punch(&c->before, lo, lo + (s->hi - s->lo) * ps,
					   &c->t2);
				snap_join(&c->t2, &c->t1);
				snap_join(&c->after, &c->t2);
				if (snap_eq(&c->t1, &c->t2))
					outcome = O_FAIL_HOLE;
			}
		}
		if (outcome < 0) {
			if (error("%s/%s n=%u (thread %d): failed (%s) but /proc/self/maps changed",
				  kinds[k].name, s->name, n, c->id, strerror(-ret)))
				report_maps(c, NULL);
			goto out;
		}
		if (c->check_committed && outcome != O_FAIL_HOLE && c2 != c1)
			error("%s/%s n=%u: failed, but Committed_AS went from %ld to %ld kB",
			      kinds[k].name, s->name, n, c1, c2);
		if (outcome != O_FAIL_HOLE)
			check_pages(c, k, s, s->pre, 2, c->base, "after the failed call");
		if (outcome != O_FAIL_HOLE && s->victim) {
			static const struct region victim[] = { RW(0, 8, SRC_VICTIM, 0) };

			check_pages(c, k, s, victim, 1, c->base, "after the failed call");
		}
	} else {
		if (snap_eq(&c->after, &c->ref_after)) {
			outcome = O_OK_EXACT;
		} else {
			snap_join(&c->ref_after, &c->t1);
			snap_join(&c->after, &c->t2);
			if (snap_eq(&c->t1, &c->t2))
				outcome = O_OK_SPLIT;
		}
		if (outcome < 0) {
			if (error("%s/%s n=%u (thread %d): succeeded, but /proc/self/maps differs from a run without fault",
				  kinds[k].name, s->name, n, c->id))
				report_maps(c, NULL);
			goto out;
		}
		if (c->check_committed && c2 - c0 != c->ref_committed)
			error("%s/%s n=%u: succeeded, and Committed_AS grew by %ld kB, %ld kB without fault",
			      kinds[k].name, s->name, n, c2 - c0, c->ref_committed);
		check_pages(c, k, s, s->post, 3, addr - s->lo * ps, "after the call");
	}
	if (injected)
		c->outcomes[outcome]++;
	if (verbose && injected)
		say("  %s/%s n=%u: %s%s%s\n", kinds[k].name, s->name, n,
		    outcome_names[outcome], ret ? ": " : "",
		    ret ? strerror(-ret) : "");
out:
	teardown(c);
	if (c->check_committed) {
		c3 = committed_kb();
		if (c3 != c0)
			error("leak: %s/%s n=%u: Committed_AS %ld kB before, %ld kB after the scenario (%+ld kB)",
			      kinds[k].name, s->name, n, c0, c3, c3 - c0);
	}
	return injected;
}

/* --- the phases -------------------------------------------------------- */

static bool arena_alloc(struct ctx *c, int pages)
{
	char *p = mmap(NULL, (pages + 2) * ps, PROT_NONE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);

	if (p == MAP_FAILED) {
		error("cannot reserve an address range: %s", strerror(errno));
		return false;
	}
	c->guard = p;
	c->arena_pages = pages;
	c->base = p + ps;
	c->lo = (unsigned long)p;
	c->hi = (unsigned long)p + (pages + 2) * ps;
	/* Guard pages stay; the range between them is empty. */
	if (munmap(c->base, pages * ps)) {
		error("munmap: %s", strerror(errno));
		return false;
	}
	return true;
}

static void arena_free(struct ctx *c)
{
	if (c->guard)
		munmap(c->guard, (c->arena_pages + 2) * ps);
	c->guard = c->base = NULL;
}

static void sweep(struct ctx *c)
{
	unsigned int n;
	size_t s;
	int k;

	c->whole_maps = true;
	c->check_committed = true;
	for (k = 0; k < NR_KINDS; k++) {
		char line[512];
		int len = 0;
		double t0 = now();

		if (excluded(k, -1)) {
			say("mmap_stress: sweep %-11s: excluded\n", kinds[k].name);
			continue;
		}
		for (s = 0; s < NR_SCEN; s++) {
			long before = atomic_load(&errors);

			if (excluded(k, s)) {
				len += snprintf(line + len, sizeof(line) - len,
						" %s=excluded", scenarios[s].name);
				continue;
			}
			run(c, k, &scenarios[s], 0, true);
			if (atomic_load(&errors) != before)
				continue;
			for (n = 1; n <= MAX_NTH; n++) {
				if (!run(c, k, &scenarios[s], n, false))
					break;
				c->pairs++;
			}
			if (n > MAX_NTH)
				error("%s/%s: still injecting at n=%d", kinds[k].name,
				      scenarios[s].name, MAX_NTH);
			sweep_points[k][s] = n - 1;
			len += snprintf(line + len, sizeof(line) - len, " %s=%u",
					scenarios[s].name, n - 1);
		}
		say("mmap_stress: sweep %-11s:%s (%.1fs)\n", kinds[k].name, line,
		    now() - t0);
	}
	c->whole_maps = false;
	c->check_committed = false;
}

static atomic_long random_left;

static void *random_main(void *arg)
{
	struct ctx *c = arg;
	struct {
		int k, s;
	} pairs[NR_KINDS * NR_SCEN];
	int nr = 0, k, s;

	for (k = 0; k < NR_KINDS; k++)
		for (s = 0; s < (int)NR_SCEN; s++)
			if (scenarios[s].random_ok && !excluded(k, s)) {
				pairs[nr].k = k;
				pairs[nr++].s = s;
			}
	c->fail_fd = fail_open();
	if (c->fail_fd < 0) {
		error("thread %d: cannot open fail-nth: %s", c->id, strerror(errno));
		return NULL;
	}
	while (nr && atomic_fetch_sub(&random_left, 1) > 0) {
		int i = rnd(&c->rng) % nr;
		const struct scenario *sc = &scenarios[pairs[i].s];
		unsigned int max = sweep_points[pairs[i].k][pairs[i].s] + 1;

		/* Without a sweep: about as far as the longest call goes. */
		if (max == 1)
			max = 32;
		c->iterations++;
		run(c, pairs[i].k, sc, 0, true);
		if (rnd(&c->rng) % 100 < opt_probability)
			run(c, pairs[i].k, sc, 1 + rnd(&c->rng) % max, false);
		if (atomic_load(&errors) > MAX_ERRORS_SHOWN)
			break;
	}
	close(c->fail_fd);
	c->fail_fd = -1;
	return NULL;
}

/* --- concurrency phase ----------------------------------------------------- */

static void conc_op(struct ctx *c)
{
	static const int prots[] = { PROT_NONE, PROT_READ, PROT_READ | PROT_WRITE };
	int k = conc_kinds[rnd(&c->rng) % nr_conc_kinds];
	int a = rnd(&c->rng) % CONC_PAGES;
	int pages = 1 + rnd(&c->rng) % 4;
	int what = rnd(&c->rng) % 100, op, ret = 0, err = 0, i;
	bool armed = false, injected = false;
	char *addr;
	size_t len;

	if (a + pages > CONC_PAGES)
		pages = CONC_PAGES - a;
	addr = conc_base + a * ps;
	len = pages * ps;
	op = what < 35 ? C_MMAP : what < 50 ? C_MUNMAP : what < 65 ? C_MPROTECT :
	     what < 70 ? C_ZAP : C_TOUCH;
	if (op <= C_MPROTECT && rnd(&c->rng) % 100 < opt_probability) {
		fail_set(c->fail_fd, 1 + rnd(&c->rng) % 32);
		armed = true;
	}
	switch (op) {
	case C_MMAP:
		/* Each page of the range at its own file offset: neighbours merge. */
		if (mmap(addr, len, rnd(&c->rng) % 4 ? PROT_READ | PROT_WRITE : PROT_READ,
			 kinds[k].flags | MAP_FIXED, kinds[k].fd,
			 is_file(k) ? (off_t)a * ps : 0) == MAP_FAILED)
			ret = -1;
		break;
	case C_MUNMAP:
		ret = munmap(addr, len);
		break;
	case C_MPROTECT:
		ret = mprotect(addr, len, prots[rnd(&c->rng) % 3]);
		break;
	case C_ZAP:
		ret = madvise(addr, len, MADV_DONTNEED);
		break;
	default:
		for (i = 0; i < pages; i++) {
			uint64_t v;

			if (!access_page(addr + i * ps, &v, rnd(&c->rng) & 1))
				c->conc_faults++;
		}
		break;
	}
	err = errno;
	if (armed)
		injected = fail_injected(c->fail_fd);
	c->conc_ops[op]++;
	if (injected)
		c->conc_ops[C_INJECTED]++;
	if (!ret)
		return;
	/* mprotect() and madvise() of a range with a hole: ENOMEM. */
	if (err == ENOMEM && (injected || op == C_MPROTECT || op == C_ZAP))
		return;
	if (injected && (err == EAGAIN || (err == ENOSPC && enospc_ok(k, OP_MMAP) &&
					    op == C_MMAP)))
		return;
	error("concurrency (thread %d): %s of %s [%d, %d) failed: %s%s", c->id,
	      op == C_MMAP ? "mmap" : op == C_MUNMAP ? "munmap" :
	      op == C_MPROTECT ? "mprotect" : "madvise",
	      kinds[k].name, a, a + pages, strerror(err),
	      injected ? " (fault injected)" : "");
}

static void *conc_main(void *arg)
{
	struct ctx *c = arg;

	c->fail_fd = fail_open();
	if (c->fail_fd < 0) {
		error("thread %d: cannot open fail-nth: %s", c->id, strerror(errno));
		return NULL;
	}
	while (!atomic_load(&stop) && atomic_load(&errors) <= MAX_ERRORS_SHOWN)
		conc_op(c);
	close(c->fail_fd);
	c->fail_fd = -1;
	return NULL;
}

/* Every line of maps must parse, smaps must read to the end. */
static void *reader_main(void *arg)
{
	struct ctx *c = arg;
	char *buf = reader_bufs[c->id - MAX_THREADS];

	while (!atomic_load(&stop)) {
		ssize_t len = read_file("/proc/self/maps", buf, READER_BUF);
		char *line, *next;

		if (len < 0) {
			error("reader: /proc/self/maps: %s", strerror(-len));
			break;
		}
		for (line = buf; *line; line = next) {
			unsigned long start, end;

			next = strchr(line, '\n');
			if (next)
				*next++ = '\0';
			else
				next = line + strlen(line);
			if (sscanf(line, "%lx-%lx ", &start, &end) != 2 || start >= end) {
				error("reader: bad line of /proc/self/maps: '%s'", line);
				return NULL;
			}
		}
		c->maps_reads++;
		len = read_file("/proc/self/smaps", buf, READER_BUF);
		if (len < 0) {
			error("reader: /proc/self/smaps: %s", strerror(-len));
			break;
		}
		c->smaps_reads++;
	}
	return NULL;
}

/* --- threads with their own stacks (glibc would cache its own) ------------- */

static bool start_thread(struct ctx *c, void *(*fn)(void *))
{
	pthread_attr_t attr;
	int r;

	c->stack = mmap(NULL, STACK_SIZE, PROT_READ | PROT_WRITE,
			MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_STACK, -1, 0);
	if (c->stack == MAP_FAILED) {
		c->stack = NULL;
		error("thread stack: %s", strerror(errno));
		return false;
	}
	pthread_attr_init(&attr);
	pthread_attr_setstack(&attr, c->stack, STACK_SIZE);
	r = pthread_create(&c->thread, &attr, fn, c);
	pthread_attr_destroy(&attr);
	if (r) {
		error("pthread_create: %s", strerror(r));
		munmap(c->stack, STACK_SIZE);
		c->stack = NULL;
		return false;
	}
	return true;
}

static void join_thread(struct ctx *c)
{
	if (!c->stack)
		return;
	pthread_join(c->thread, NULL);
	munmap(c->stack, STACK_SIZE);
	c->stack = NULL;
}

static void *idle_main(void *arg)
{
	return arg;
}

/* --- leak accounting ------------------------------------------------------- */

static const char *const caches[] = {
	"vm_area_struct", "filp", "anon_vma", "anon_vma_chain",
	"shmem_inode_cache", "ovl_inode",
};
#define NR_CACHES ARRAY_SIZE(caches)

struct counts {
	long committed, fds;
	long objs[NR_CACHES];	/* -1: no exact count (slab_srcs[].why) */
	struct snap maps;
};

static struct counts at_start, at_end;

/*
 * Where the object counts come from.  The files stay open for the whole
 * run: a file closed after a cache was shrunk would wait in KASAN's
 * quarantine and count as an object in use.
 */
static struct {
	int shrink_fd, objects_fd;
	char why[320];		/* why there is no exact count */
} slab_srcs[NR_CACHES];
static int slabinfo_fd = -1;
static char slabinfo[256 * 1024];

static void slab_open(void)
{
	char path[128], val[64];
	struct stat st;
	size_t i;

	slabinfo_fd = open("/proc/slabinfo", O_RDONLY | O_CLOEXEC);
	for (i = 0; i < NR_CACHES; i++) {
		char *why = slab_srcs[i].why;
		size_t wl = sizeof(slab_srcs[i].why);

		slab_srcs[i].shrink_fd = slab_srcs[i].objects_fd = -1;
		snprintf(path, sizeof(path), "/sys/kernel/slab/%s", caches[i]);
		if (lstat(path, &st)) {
			snprintf(why, wl, "no %s (CONFIG_SYSFS, full SLUB?): the free objects of the per-CPU slabs cannot be flushed, no exact count",
				 path);
			continue;
		}
		snprintf(path, sizeof(path), "/sys/kernel/slab/%s/aliases", caches[i]);
		if (read_file(path, val, sizeof(val)) > 0 && atoi(val) > 0) {
			snprintf(why, wl, "the cache is merged with %d other(s), its count is theirs too (boot with slab_nomerge)",
				 atoi(val));
			continue;
		}
		/* Frees the per-CPU slabs and KASAN's quarantine of the cache. */
		snprintf(path, sizeof(path), "/sys/kernel/slab/%s/shrink", caches[i]);
		slab_srcs[i].shrink_fd = open(path, O_WRONLY | O_CLOEXEC);
		if (slab_srcs[i].shrink_fd < 0) {
			snprintf(why, wl, "cannot open %s: no exact count", path);
			continue;
		}
		if (slabinfo_fd >= 0)
			continue;
		snprintf(path, sizeof(path), "/sys/kernel/slab/%s/objects", caches[i]);
		slab_srcs[i].objects_fd = open(path, O_RDONLY | O_CLOEXEC);
		if (slab_srcs[i].objects_fd < 0) {
			snprintf(why, wl, "neither /proc/slabinfo nor %s (CONFIG_SLUB_DEBUG?)",
				 path);
			close(slab_srcs[i].shrink_fd);
			slab_srcs[i].shrink_fd = -1;
		}
	}
}

static void slab_close(void)
{
	size_t i;

	for (i = 0; i < NR_CACHES; i++) {
		if (slab_srcs[i].shrink_fd >= 0)
			close(slab_srcs[i].shrink_fd);
		if (slab_srcs[i].objects_fd >= 0)
			close(slab_srcs[i].objects_fd);
	}
	if (slabinfo_fd >= 0)
		close(slabinfo_fd);
}

/* Objects in use in cache i, right after shrinking it; -1 on error. */
static long slab_count(size_t i)
{
	size_t nl = strlen(caches[i]), len = 0;
	const char *p;
	ssize_t r;

	if (slab_srcs[i].shrink_fd < 0)
		return -1;
	if (pwrite(slab_srcs[i].shrink_fd, "1", 1, 0) != 1) {
		snprintf(slab_srcs[i].why, sizeof(slab_srcs[i].why),
			 "cannot shrink the cache: %s", strerror(errno));
		return -1;
	}
	if (slabinfo_fd < 0) {
		r = pread(slab_srcs[i].objects_fd, slabinfo, 64, 0);
		if (r <= 0)
			return -1;
		slabinfo[r] = '\0';
		return strtol(slabinfo, NULL, 10);
	}
	while ((r = pread(slabinfo_fd, slabinfo + len, sizeof(slabinfo) - 1 - len,
			  len)) > 0)
		len += r;
	slabinfo[len] = '\0';
	for (p = slabinfo; p; p = strchr(p, '\n')) {
		if (*p == '\n')
			p++;
		if (!strncmp(p, caches[i], nl) && p[nl] == ' ')
			return strtol(p + nl, NULL, 10);
	}
	snprintf(slab_srcs[i].why, sizeof(slab_srcs[i].why),
		 "no line for it in /proc/slabinfo");
	return -1;
}

/* Each cache is counted right after its shrink, with no file closed between. */
static void take_counts(struct counts *cnt)
{
	size_t i;

	cnt->committed = committed_kb();
	cnt->fds = count_fds();
	snap_take(&cnt->maps, ctxs[0].buf, 0, 0);
	for (i = 0; i < NR_CACHES; i++)
		cnt->objs[i] = slab_count(i);
}

static bool counts_same(const struct counts *a, const struct counts *b,
			long held)
{
	size_t i;

	if (a->committed + held != b->committed)
		return false;
	for (i = 0; i < NR_CACHES; i++)
		if (a->objs[i] >= 0 && b->objs[i] >= 0 && a->objs[i] != b->objs[i])
			return false;
	return true;
}

/* The mappings of a and b, but for the extent of [heap] and [stack]. */
static bool maps_same(const struct snap *a, const struct snap *b)
{
	int i;

	if (a->n != b->n)
		return false;
	for (i = 0; i < a->n; i++) {
		struct mline x = a->l[i], y = b->l[i];

		if (!strcmp(x.path, "[heap]") || !strcmp(x.path, "[stack]")) {
			x.start = y.start;
			x.end = y.end;
			x.off = y.off;
		}
		if (!line_eq(&x, &y))
			return false;
	}
	return true;
}

static struct counts at_phase, at_phase_end;

/* Counts that stay the same 100 ms later (RCU frees of the last unmaps). */
static void take_settled(struct counts *cnt)
{
	static struct counts again;
	int tries;

	take_counts(cnt);
	for (tries = 0; tries < 20; tries++) {
		sleep_ms(100);
		take_counts(&again);
		if (counts_same(cnt, &again, 0))
			break;
		*cnt = again;
	}
}

/*
 * Between the phases the program holds the same files, mounts and mappings:
 * the counts must be those of the previous phase's end.  Says which phase
 * leaked.
 */
static void phase_check(const char *phase)
{
	char line[512];
	int tries, len = 0;
	size_t i;

	if (!phase) {
		take_settled(&at_phase);
		return;
	}
	for (tries = 0; tries < 20; tries++) {
		sleep_ms(tries ? 200 : 20);
		take_counts(&at_phase_end);
		if (counts_same(&at_phase, &at_phase_end, 0))
			break;
	}
	len += snprintf(line + len, sizeof(line) - len, " Committed_AS %+ld kB",
			at_phase_end.committed - at_phase.committed);
	for (i = 0; i < NR_CACHES; i++)
		if (at_phase.objs[i] >= 0 && at_phase_end.objs[i] >= 0)
			len += snprintf(line + len, sizeof(line) - len, ", %s %+ld",
					caches[i], at_phase_end.objs[i] - at_phase.objs[i]);
	if (counts_same(&at_phase, &at_phase_end, 0))
		say("mmap_stress: after the %s phase:%s: ok\n", phase, line);
	else
		error("leak in the %s phase:%s", phase, line);
	at_phase = at_phase_end;
}

/* Compare the end with the start; counts that differ are retried a while. */
static int leak_checks(void)
{
	long held = 0;
	int tries, bad = 0;
	size_t i;

	/* Freed VMAs and inodes go back to their caches after RCU. */
	for (tries = 0; tries < 40; tries++) {
		sleep_ms(tries ? 250 : 50);
		take_counts(&at_end);
		held = snap_heap_stack_kb(&at_end.maps) -
		       snap_heap_stack_kb(&at_start.maps);
		if (counts_same(&at_start, &at_end, held))
			break;
	}

	if (at_start.committed < 0 || at_end.committed < 0) {
		error("no Committed_AS in /proc/meminfo");
		bad++;
	} else if (at_end.committed != at_start.committed + held) {
		error("leak: Committed_AS %ld kB at the start, %ld kB at the end (%+ld kB; the program's own heap and stack grew by %ld kB)",
		      at_start.committed, at_end.committed,
		      at_end.committed - at_start.committed, held);
		bad++;
	} else {
		say("mmap_stress: leak check Committed_AS: %ld kB at the start, %ld kB at the end (own heap and stack %+ld kB): ok\n",
		    at_start.committed, at_end.committed, held);
	}
	for (i = 0; i < NR_CACHES; i++) {
		if (at_start.objs[i] < 0 || at_end.objs[i] < 0) {
			say("mmap_stress: leak check %s: SKIPPED: %s\n", caches[i],
			    slab_srcs[i].why);
		} else if (at_end.objs[i] != at_start.objs[i]) {
			error("leak: slab cache %s: %ld objects at the start, %ld at the end (%+ld)",
			      caches[i], at_start.objs[i], at_end.objs[i],
			      at_end.objs[i] - at_start.objs[i]);
			bad++;
		} else {
			say("mmap_stress: leak check %s: %ld objects at the start and at the end: ok\n",
			    caches[i], at_start.objs[i]);
		}
	}
	if (at_start.fds < 0 || at_end.fds != at_start.fds) {
		error("leak: %ld open files at the start, %ld at the end",
		      at_start.fds, at_end.fds);
		bad++;
	} else {
		say("mmap_stress: leak check open files: %ld at the start and at the end: ok\n",
		    at_start.fds);
	}
	if (!maps_same(&at_start.maps, &at_end.maps)) {
		if (error("leak: the mappings at the end are not those of the start")) {
			snap_print("at the start", &at_start.maps);
			snap_print("at the end", &at_end.maps);
		}
		bad++;
	} else {
		say("mmap_stress: leak check mappings: the %d of the start: ok\n",
		    at_end.maps.n);
	}
	return bad;
}

/* --- main ------------------------------------------------------------------ */

static void usage(const char *prog, int status)
{
	say("usage: %s [options]\n"
	    "  -i, --iterations N   runs of the random phase, all threads together (default %u)\n"
	    "  -t, --threads N      threads of the random and concurrency phases (1-%d, default %u)\n"
	    "  -s, --seconds N      length of the concurrency phase (0: none; default %u)\n"
	    "  -p, --probability P  percent of the random runs and concurrent calls that get\n"
	    "                       a fault at a random call (default %u)\n"
	    "  -r, --readers N      /proc/self/maps readers of the concurrency phase (0-%d, default %u)\n",
	    prog, opt_iterations, MAX_THREADS, opt_threads, opt_seconds,
	    opt_probability, MAX_READERS, opt_readers);
	say("  -n, --no-sweep       no systematic phase (fail-nth n = 1, 2, ... per scenario)\n"
	    "  -S, --seed N         random seed (default: from the clock, printed)\n"
	    "  -e, --ext4 DIR       the ext4 file system to use (default %s)\n"
	    "  -d, --dir DIR        scratch directory for the mount points (default %s)\n",
	    opt_ext4, opt_dir);
	say("  -x, --exclude K[/S]  leave kind K out (all phases), or scenario S of kind K\n"
	    "                       (sweep, random); K may be '*'; repeatable.  To reproduce\n"
	    "                       a failure alone or to get past a known kernel bug; the\n"
	    "                       exclusions are printed\n"
	    "  -v, --verbose        print every injected run\n");
	exit(status);
}

static unsigned int num_arg(const char *prog, const char *arg, unsigned int max)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(arg, &end, 0);
	if (errno || !*arg || *end || v > max) {
		say("%s: bad number '%s' (at most %u)\n", prog, arg, max);
		usage(prog, 2);
	}
	return v;
}

/* Grow the stack now, so that its growth is not counted as a leak. */
static __attribute__((noinline)) void grow_stack(void)
{
	volatile char pad[512 * 1024];
	size_t i;

	for (i = 0; i < sizeof(pad); i += 4096)
		pad[i] = 0;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "iterations", required_argument, NULL, 'i' },
		{ "threads", required_argument, NULL, 't' },
		{ "seconds", required_argument, NULL, 's' },
		{ "probability", required_argument, NULL, 'p' },
		{ "readers", required_argument, NULL, 'r' },
		{ "no-sweep", no_argument, NULL, 'n' },
		{ "seed", required_argument, NULL, 'S' },
		{ "ext4", required_argument, NULL, 'e' },
		{ "dir", required_argument, NULL, 'd' },
		{ "exclude", required_argument, NULL, 'x' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct sigaction sa;
	long injected = 0, pairs = 0, runs = 0, iterations = 0, survived = 0;
	long outcomes[NR_OUTCOMES] = { 0 }, enomem = 0, eagain = 0, enospc = 0;
	long conc[NR_CONC] = { 0 }, conc_faults = 0, maps_reads = 0, smaps_reads = 0;
	unsigned int i, j;
	double t0 = now(), t;
	int opt, leaks = 0;

	ps = sysconf(_SC_PAGESIZE);
	while ((opt = getopt_long(argc, argv, "i:t:s:p:r:nS:e:d:x:vh", longopts,
				  NULL)) != -1) {
		switch (opt) {
		case 'i':
			opt_iterations = num_arg(argv[0], optarg, 100000000);
			break;
		case 't':
			opt_threads = num_arg(argv[0], optarg, MAX_THREADS);
			break;
		case 's':
			opt_seconds = num_arg(argv[0], optarg, 86400);
			break;
		case 'p':
			opt_probability = num_arg(argv[0], optarg, 100);
			break;
		case 'r':
			opt_readers = num_arg(argv[0], optarg, MAX_READERS);
			break;
		case 'n':
			opt_sweep = false;
			break;
		case 'S':
			opt_seed = strtoull(optarg, NULL, 0);
			break;
		case 'e':
			opt_ext4 = optarg;
			break;
		case 'd':
			opt_dir = optarg;
			break;
		case 'x':
			if (!parse_exclude(optarg)) {
				say("%s: bad --exclude '%s' (kinds:", argv[0], optarg);
				for (i = 0; i < NR_KINDS; i++)
					say(" %s", kinds[i].name);
				say("; scenarios:");
				for (i = 0; i < NR_SCEN; i++)
					say(" %s", scenarios[i].name);
				say(")\n");
				usage(argv[0], 2);
			}
			break;
		case 'v':
			verbose = true;
			break;
		case 'h':
			usage(argv[0], 0);
			break;
		default:
			usage(argv[0], 2);
		}
	}
	if (optind != argc || opt_threads == 0 || ps > 65536)
		usage(argv[0], 2);
	if (!opt_seed)
		opt_seed = (uint64_t)time(NULL) ^ ((uint64_t)getpid() << 32);
	say("mmap_stress: seed %llu, %u thread(s), %u iteration(s), %u s of concurrency with %u reader(s), fault probability %u%%, sweep %s\n",
	    (unsigned long long)opt_seed, opt_threads, opt_iterations,
	    opt_seconds, opt_readers, opt_probability, opt_sweep ? "on" : "off");
	if (nr_excludes)
		say("mmap_stress: EXCLUDED from this run:%s\n", opt_exclude_text);

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = fault_handler;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGSEGV, &sa, NULL);
	sigaction(SIGBUS, &sa, NULL);

	for (i = 0; i < ARRAY_SIZE(ctxs); i++) {
		ctxs[i].id = i;
		ctxs[i].fail_fd = -1;
		ctxs[i].rng = opt_seed + 0x9e3779b97f4a7c15ULL * (i + 1);
	}
	for (i = 0; i < NR_KINDS; i++)
		kinds[i].fd = -1;

	/*
	 * What the program keeps from now on must be there before the
	 * start counts: its stack, and what glibc allocates for threads.
	 */
	grow_stack();
	for (i = 0; i < opt_threads + opt_readers; i++)
		if (start_thread(&ctxs[i], idle_main))
			join_thread(&ctxs[i]);
	slab_open();
	take_settled(&at_start);
	if (at_start.maps.truncated)
		error("/proc/self/maps has more than %d lines", MAX_LINES);

	if (!fi_setup() || !setup_files())
		goto end;
	phase_check(NULL);

	/* sweep */
	ctxs[0].fail_fd = fail_open();
	if (ctxs[0].fail_fd < 0) {
		error("cannot open /proc/thread-self/fail-nth: %s", strerror(errno));
		goto end;
	}
	if (!arena_alloc(&ctxs[0], ARENA_PAGES))
		goto end;
	if (opt_sweep) {
		t = now();
		sweep(&ctxs[0]);
		say("mmap_stress: sweep: %ld run(s), %ld (scenario, failure point) pair(s) in %.1f s\n",
		    ctxs[0].runs, ctxs[0].pairs, now() - t);
	}
	arena_free(&ctxs[0]);
	close(ctxs[0].fail_fd);
	ctxs[0].fail_fd = -1;
	if (opt_sweep)
		phase_check("sweep");

	/* random */
	if (opt_iterations && atomic_load(&errors) <= MAX_ERRORS_SHOWN) {
		t = now();
		atomic_store(&random_left, opt_iterations);
		for (i = 0; i < opt_threads; i++)
			if (!arena_alloc(&ctxs[i], ARENA_PAGES))
				break;
		for (j = 0; j < i; j++)
			start_thread(&ctxs[j], random_main);
		for (j = 0; j < i; j++) {
			join_thread(&ctxs[j]);
			arena_free(&ctxs[j]);
		}
		say("mmap_stress: random: %u iteration(s) in %.1f s\n",
		    opt_iterations, now() - t);
		phase_check("random");
	}

	/* concurrency */
	for (i = 0; i < NR_KINDS; i++)
		if (!excluded(i, -1))
			conc_kinds[nr_conc_kinds++] = i;
	if (opt_seconds && nr_conc_kinds && atomic_load(&errors) <= MAX_ERRORS_SHOWN) {
		static struct ctx shared;

		if (!arena_alloc(&shared, CONC_PAGES))
			goto end;
		conc_base = shared.base;
		atomic_store(&stop, false);
		for (i = 0; i < opt_threads; i++)
			start_thread(&ctxs[i], conc_main);
		for (i = 0; i < opt_readers; i++)
			start_thread(&ctxs[MAX_THREADS + i], reader_main);
		for (i = 0; i < opt_seconds * 10 && atomic_load(&errors) <= MAX_ERRORS_SHOWN; i++)
			sleep_ms(100);
		atomic_store(&stop, true);
		for (i = 0; i < opt_threads; i++)
			join_thread(&ctxs[i]);
		for (i = 0; i < opt_readers; i++)
			join_thread(&ctxs[MAX_THREADS + i]);
		shared.whole_maps = false;
		munmap(shared.base, CONC_PAGES * ps);
		if (snap_take(&shared.before, ctxs[0].buf, (unsigned long)shared.base,
			      (unsigned long)shared.base + CONC_PAGES * ps) &&
		    shared.before.n)
			error("concurrency: %d mapping(s) left in the range after munmap()",
			      shared.before.n);
		arena_free(&shared);
		phase_check("concurrency");
	}

end:
	for (i = 0; i < ARRAY_SIZE(ctxs); i++)
		arena_free(&ctxs[i]);
	leaks += teardown_files();
	fi_restore();
	if (ctxs[0].fail_fd >= 0)
		close(ctxs[0].fail_fd);
	leaks += leak_checks();
	slab_close();

	for (i = 0; i < ARRAY_SIZE(ctxs); i++) {
		struct ctx *c = &ctxs[i];

		runs += c->runs;
		pairs += c->pairs;
		iterations += c->iterations;
		injected += c->injected + c->conc_ops[C_INJECTED];
		survived += c->survived;
		enomem += c->enomem;
		eagain += c->eagain;
		enospc += c->enospc;
		for (j = 0; j < NR_OUTCOMES; j++)
			outcomes[j] += c->outcomes[j];
		for (j = 0; j < NR_CONC; j++)
			conc[j] += c->conc_ops[j];
		conc_faults += c->conc_faults;
		maps_reads += c->maps_reads;
		smaps_reads += c->smaps_reads;
	}
	say("mmap_stress: runs judged: %ld; outcomes of the runs with a fault injected:\n",
	    runs);
	for (j = 0; j < NR_OUTCOMES; j++)
		say("mmap_stress:   %-34s %ld\n", outcome_names[j], outcomes[j]);
	say("mmap_stress: failed calls: %ld ENOMEM, %ld EAGAIN, %ld ENOSPC (shared-anon); %ld call(s) survived their fault\n",
	    enomem, eagain, enospc, survived);
	say("mmap_stress: concurrency: %ld mmap, %ld munmap, %ld mprotect, %ld madvise, %ld touch (%ld faulted), %ld with a fault injected; %ld maps and %ld smaps reads\n",
	    conc[C_MMAP], conc[C_MUNMAP], conc[C_MPROTECT], conc[C_ZAP],
	    conc[C_TOUCH], conc_faults, conc[C_INJECTED], maps_reads, smaps_reads);
	say("mmap_stress: totals: iterations=%ld sweep_pairs=%ld injected=%ld threads=%u readers=%u seconds=%u concurrent_ops=%ld leaks=%d errors=%ld time=%.0fs\n",
	    iterations, pairs, injected, opt_threads, opt_readers, opt_seconds,
	    conc[C_MMAP] + conc[C_MUNMAP] + conc[C_MPROTECT] + conc[C_ZAP] + conc[C_TOUCH],
	    leaks, atomic_load(&errors), now() - t0);
	if (atomic_load(&errors)) {
		say("mmap_stress: FAIL (%ld error(s), %d leak(s))\n",
		    atomic_load(&errors), leaks);
		return 1;
	}
	say("mmap_stress: PASS\n");
	return 0;
}
