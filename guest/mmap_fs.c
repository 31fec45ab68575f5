// SPDX-License-Identifier: GPL-2.0
/*
 * mmap_fs - file mappings on one file system: merge, read, write back, exec.
 *
 * Usage:
 *   mmap_fs --fs TYPE --dir DIR [--mount DEV [--options OPTS]
 *           [--copy-from SRC]] [--ro] [--dax]
 *   mmap_fs --make-data FILE      (host: write the data file of the images)
 *   mmap_fs --child               (internal: the program exec'd from DIR)
 *
 * With --mount, DEV is mounted on DIR (created if needed) as TYPE, read-only
 * with --ro, with the file system options OPTS (mount -o, both times it is
 * mounted), and unmounted at the end; without it DIR must already be a
 * mount point of TYPE.  Either way /proc/self/mounts must show TYPE on DIR,
 * so that a missing disk or a failed mount is a failure, never a skip.
 * --copy-from copies the block device SRC onto DEV first (dd bs=1M): the
 * DAX tests put a file system made on the host onto /dev/pmem0 that way.
 *
 * --dax (the mount is -o dax=always): the reports name TYPE_dax, and
 * /proc/self/mounts must show dax (dax=always) in the mount's options, the
 * data file must have STATX_ATTR_DAX, and every merged VMA of check 1 must
 * have VM_HUGEPAGE ("hg" in its /proc/self/smaps VmFlags), which ext4 and
 * xfs ->mmap_prepare set for DAX files.  On a mount without dax these
 * checks fail.
 *
 * Every check applies to every file system; where one lacks what a check
 * needs, the mount options of guest/fs-tests.list provide it.  exfat has no
 * permission bits: every file has mode 0777 & ~fmask (fmask defaults to
 * the mounting process's umask), and a chmod() that would change the r or x
 * bits is ignored without an error, so it is mounted with fmask=0022 and
 * both files are 0755, mmap_fs.exe executable.  ntfs3 keeps the mode that
 * fchmod() sets in the WSL extended attributes ($LXMOD), and needs nothing.
 *
 * DIR holds (or, on a writable file system, gets) two files:
 *
 *   mmap_fs.data   DATA_SIZE bytes of a known pattern (4 pages and a tail)
 *   mmap_fs.exe    a copy of this static program
 *
 * On a writable file system both are written with write() first (the copy is
 * of /proc/self/exe), and the page cache is dropped.  On a read-only one
 * (--ro: squashfs, erofs) they come with the image, made on the host with
 * --make-data and a copy of the same binary.  The checks:
 *
 *   1. merge: reserve two pages (anonymous, PROT_NONE), then map file pages
 *      1 and 2 over the two halves with MAP_FIXED (the lower one first, and
 *      touched before the upper one is mapped): /proc/self/maps must show
 *      one VMA for the two pages.  For MAP_PRIVATE and MAP_SHARED, PROT_READ
 *      (and, on a writable file system, MAP_SHARED PROT_READ|PROT_WRITE).
 *   2. data: the merged mappings and a mapping of the whole file read the
 *      pattern, and the end of the last page, past EOF, reads zeros.
 *   3. write back (writable only): the inverted pattern written through the
 *      merged MAP_SHARED mapping, msync(MS_SYNC), munmap(); read() of the
 *      reopened file must see it in pages 1 and 2 and the old data
 *      elsewhere, again after /proc/sys/vm/drop_caches and, with --mount,
 *      after an unmount and a new mount.  Read-only: open(O_RDWR) must fail
 *      with EROFS.
 *   4. exec: fork and exec DIR/mmap_fs.exe --child; it must exit with
 *      CHILD_STATUS and print its /proc/self/exe, which must be the file in
 *      DIR, and how many of its VMAs map that file (at least one).
 *
 * Each check prints "ok   TYPE: ..." or "FAIL TYPE: ...", then a line
 * "TYPE: PASS (N checks)" or "TYPE: FAIL (N of M checks failed)".  Exit
 * status: 0 if every check passed, 1 otherwise, 2 on a usage error (never 4,
 * which guest/init would count as a skip).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "guest.h"

#define DATA_NAME	"mmap_fs.data"
#define EXE_NAME	"mmap_fs.exe"
/* Four 4 KiB pages and a tail: erofs keeps such a tail inline. */
#define DATA_SIZE	(4 * 4096 + 1000)
/* The file pages that the merge checks map, and the write check changes. */
#define FIRST_PAGE	1
/* VMAs that the two adjacent mappings must make. */
#define EXPECTED_VMAS	1
#define CHILD_STATUS	42
#define CHILD_TAG	"mmap_fs child: "
#ifndef STATX_ATTR_DAX
#define STATX_ATTR_DAX	0x00200000
#endif

static const char *fs_type;
/* What the reports name: TYPE, or TYPE_dax with --dax. */
static char label[80];
/* --dax: the file system is mounted with -o dax=always. */
static bool dax;
/* The options of the mount that mounted_as() found last. */
static char seen_opts[512];
static long page_size;
static int checks, failures;

static void report(bool ok, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Print one check's result. */
static void report(bool ok, const char *fmt, ...)
{
	va_list ap;

	checks++;
	if (!ok)
		failures++;
	printf("%s %s: ", ok ? "ok  " : "FAIL", label);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

/* Byte @off of the data file; @written: after the write check. */
static unsigned char pattern(size_t off, bool written)
{
	unsigned char c = (unsigned char)(((off * 2654435761UL) >> 13) ^
					  (off >> 12) * 0x5b);

	return written ? (unsigned char)~c : c;
}

/* The content the data file must have: pages FIRST_PAGE and next written? */
static unsigned char expected(size_t off, bool written)
{
	size_t lo = FIRST_PAGE * page_size, hi = lo + 2 * page_size;

	return pattern(off, written && off >= lo && off < hi);
}

/*
 * Compare @len bytes at @buf with the file content at offset @off.  On a
 * mismatch fill @why and return false.
 */
static bool same(const unsigned char *buf, size_t off, size_t len,
		 bool written, char *why, size_t why_len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		if (buf[i] != expected(off + i, written)) {
			snprintf(why, why_len,
				 "offset %zu: 0x%02x, expected 0x%02x",
				 off + i, buf[i], expected(off + i, written));
			return false;
		}
	}
	return true;
}

static int write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= n;
	}
	return 0;
}

/* Read up to @len bytes of @path; return the size read or -1 (errno). */
static ssize_t read_path(const char *path, void *buf, size_t len)
{
	size_t got = 0;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return -1;
	while (got < len) {
		ssize_t n = read(fd, (char *)buf + got, len - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int e = errno;

			close(fd);
			errno = e;
			return -1;
		}
		if (n == 0)
			break;
		got += n;
	}
	close(fd);
	return got;
}

/* Write @len bytes to a new @path with @mode, and fsync it. */
static int write_path(const char *path, const void *buf, size_t len,
		      mode_t mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);

	if (fd < 0)
		return -1;
	if (write_all(fd, buf, len) || fsync(fd) || fchmod(fd, mode)) {
		int e = errno;

		close(fd);
		errno = e;
		return -1;
	}
	return close(fd);
}

static int make_data(const char *path)
{
	unsigned char buf[DATA_SIZE];
	size_t i;

	for (i = 0; i < sizeof(buf); i++)
		buf[i] = pattern(i, false);
	if (write_path(path, buf, sizeof(buf), 0644)) {
		fprintf(stderr, "mmap_fs: %s: %s\n", path, strerror(errno));
		return 1;
	}
	return 0;
}

/*
 * sync and drop the clean page cache.  Return 1 if done, 0 if this kernel or
 * system cannot (@why says why), -1 on an error.
 */
static int drop_caches(char *why, size_t why_len)
{
	int fd;

	sync();
	fd = open("/proc/sys/vm/drop_caches", O_WRONLY);
	if (fd < 0) {
		snprintf(why, why_len, "/proc/sys/vm/drop_caches: %s",
			 strerror(errno));
		return errno == ENOENT || errno == EACCES || errno == EROFS ||
		       errno == EPERM ? 0 : -1;
	}
	if (write_all(fd, "3\n", 2)) {
		snprintf(why, why_len, "write /proc/sys/vm/drop_caches: %s",
			 strerror(errno));
		close(fd);
		return -1;
	}
	close(fd);
	return 1;
}

/* Does /proc/self/mounts show @type on @dir (the last mount there)? */
static bool mounted_as(const char *dir, const char *type, char *why,
		       size_t why_len)
{
	char line[1024], dev[256], mnt[PATH_MAX], fstype[64], opts[512];
	bool found = false, ok = false;
	FILE *f = fopen("/proc/self/mounts", "r");

	if (!f) {
		snprintf(why, why_len, "/proc/self/mounts: %s", strerror(errno));
		return false;
	}
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%255s %4095s %63s %511s", dev, mnt, fstype,
			   opts) != 4 || strcmp(mnt, dir))
			continue;
		found = true;
		ok = !strcmp(fstype, type);
		snprintf(why, why_len, "%s on %.3000s type %s (%s)", dev, mnt,
			 fstype, opts);
		snprintf(seen_opts, sizeof(seen_opts), "%s", opts);
	}
	fclose(f);
	if (!found)
		snprintf(why, why_len, "nothing is mounted on %s", dir);
	return ok;
}

static int do_mount(const char *dev, const char *dir, bool ro,
		    const char *opts)
{
	struct stat st;

	if (stat(dev, &st) || !S_ISBLK(st.st_mode)) {
		report(false, "no block device %s (is the disk attached?)", dev);
		return -1;
	}
	if (mkdir(dir, 0755) && errno != EEXIST) {
		report(false, "mkdir %s: %s", dir, strerror(errno));
		return -1;
	}
	if (mount(dev, dir, fs_type, ro ? MS_RDONLY : 0, opts)) {
		report(false, "mount -t %s -o %s%s%s %s %s: %s (kernel log above)",
		       fs_type, ro ? "ro" : "rw", opts ? "," : "",
		       opts ? opts : "", dev, dir, strerror(errno));
		return -1;
	}
	return 0;
}

/* Copy this program to @path (executable). */
static int copy_self(const char *path)
{
	static char buf[4 << 20];
	ssize_t len = read_path("/proc/self/exe", buf, sizeof(buf));

	if (len < 0)
		return -1;
	if (len == sizeof(buf)) {
		errno = EFBIG;
		return -1;
	}
	return write_path(path, buf, len, 0755);
}

/*
 * Copy the block device @src onto the block device @dst (dd bs=1M), and
 * flush @dst.  Report the copy; return 0 or -1.
 */
static int copy_dev(const char *src, const char *dst)
{
	static char buf[1 << 20];
	long long total = 0;
	int in, out = -1;
	ssize_t n;

	in = open(src, O_RDONLY);
	if (in < 0) {
		report(false, "copy %s: %s (is the disk attached?)", src,
		       strerror(errno));
		return -1;
	}
	out = open(dst, O_WRONLY);
	if (out < 0) {
		report(false, "copy to %s: %s (pmem: memmap=SIZE!ADDR?)", dst,
		       strerror(errno));
		close(in);
		return -1;
	}
	while ((n = read(in, buf, sizeof(buf))) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 || write_all(out, buf, n)) {
			report(false, "copy %s to %s after %lld bytes: %s", src,
			       dst, total, strerror(errno));
			close(in);
			close(out);
			return -1;
		}
		total += n;
	}
	close(in);
	if (fsync(out) || close(out)) {
		report(false, "copy %s to %s: fsync: %s", src, dst,
		       strerror(errno));
		return -1;
	}
	report(true, "copy: %s onto %s (%lld MiB)", src, dst, total >> 20);
	return 0;
}

/*
 * Copy the VmFlags of the VMA that starts at @start (/proc/self/smaps) to
 * @flags.  Return 0, or -1 with @flags saying why.
 */
static int vma_flags(unsigned long start, char *flags, size_t len)
{
	char line[512];
	unsigned long vm_start, vm_end;
	bool in = false;
	FILE *f = fopen("/proc/self/smaps", "r");

	if (!f) {
		snprintf(flags, len, "/proc/self/smaps: %s", strerror(errno));
		return -1;
	}
	snprintf(flags, len, "no VMA at %#lx in /proc/self/smaps", start);
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%lx-%lx ", &vm_start, &vm_end) == 2 &&
		    strchr(line, '-') < strchr(line, ' ')) {
			in = vm_start == start;
			continue;
		}
		if (in && !strncmp(line, "VmFlags:", 8)) {
			line[strcspn(line, "\n")] = '\0';
			snprintf(flags, len, "%s", line + 8 + strspn(line + 8, " "));
			fclose(f);
			return 0;
		}
	}
	fclose(f);
	return -1;
}

/* Is @word one of the space-separated words of @list? */
static bool has_word(const char *list, const char *word, const char *sep)
{
	size_t wl = strlen(word);
	const char *p = list;

	while (*p) {
		size_t l = strcspn(p, sep);

		if (l == wl && !strncmp(p, word, wl))
			return true;
		p += l;
		p += strspn(p, sep);
	}
	return false;
}

/*
 * --dax: the mount shows dax (dax=always) in /proc/self/mounts, and the data
 * file is a DAX file (statx STATX_ATTR_DAX).
 */
static void dax_file_check(const char *dir, const char *path)
{
	struct statx stx;

	report(has_word(seen_opts, "dax", ",") ||
	       has_word(seen_opts, "dax=always", ","),
	       "dax: %s is mounted with dax=always (%s)", dir, seen_opts);
	if (statx(AT_FDCWD, path, 0, STATX_BASIC_STATS, &stx)) {
		report(false, "dax: statx %s: %s", path, strerror(errno));
		return;
	}
	report(stx.stx_attributes_mask & stx.stx_attributes & STATX_ATTR_DAX,
	       "dax: statx %s has STATX_ATTR_DAX (attributes %#llx, mask %#llx)",
	       path, (unsigned long long)stx.stx_attributes,
	       (unsigned long long)stx.stx_attributes_mask);
}

/*
 * Reserve two pages, map file pages FIRST_PAGE and FIRST_PAGE + 1 over the
 * lower and the upper half with MAP_FIXED (touching the lower one before the
 * upper one is mapped), count the VMAs that cover the two pages, and check
 * what they read.  Return the two pages (to be unmapped by the caller) or
 * NULL.
 */
static char *merge_check(int fd, int prot, int flags, const char *what)
{
	char why[256] = "", lines[1024];
	char *res, *lo, *hi;
	volatile char c;
	int n;

	res = mmap(NULL, 2 * page_size, PROT_NONE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (res == MAP_FAILED) {
		report(false, "merge, %s: reserving two pages: %s", what,
		       strerror(errno));
		return NULL;
	}
	lo = mmap(res, page_size, prot, flags | MAP_FIXED, fd,
		  FIRST_PAGE * page_size);
	if (lo == MAP_FAILED) {
		report(false, "merge, %s: mmap of the lower page: %s", what,
		       strerror(errno));
		munmap(res, 2 * page_size);
		return NULL;
	}
	c = lo[0];
	(void)c;
	hi = mmap(res + page_size, page_size, prot, flags | MAP_FIXED, fd,
		  (FIRST_PAGE + 1) * page_size);
	if (hi == MAP_FAILED) {
		report(false, "merge, %s: mmap of the upper page: %s", what,
		       strerror(errno));
		munmap(res, 2 * page_size);
		return NULL;
	}

	n = count_vmas((unsigned long)res, (unsigned long)(res + 2 * page_size),
		       lines, sizeof(lines));
	if (n < 0)
		report(false, "merge, %s: /proc/self/maps: %s", what,
		       strerror(errno));
	else
		report(n == EXPECTED_VMAS, "merge, %s: %d VMA%s (expected %d)",
		       what, n, n == 1 ? "" : "s", EXPECTED_VMAS);
	if (dax && n == EXPECTED_VMAS) {
		char flags[256];

		n = vma_flags((unsigned long)res, flags, sizeof(flags));
		report(!n && has_word(flags, "hg", " "),
		       "dax, merge, %s: the VMA's VmFlags have hg (%s)", what,
		       flags);
		n = EXPECTED_VMAS;
	}
	if (n != EXPECTED_VMAS) {
		char *line, *pos;

		for (line = strtok_r(lines, "\n", &pos); line;
		     line = strtok_r(NULL, "\n", &pos))
			printf("     %s\n", line);
	}

	report(same((unsigned char *)res, FIRST_PAGE * page_size,
		    2 * page_size, false, why, sizeof(why)),
	       "data, %s: the two pages read the file%s%s", what,
	       *why ? ": " : "", why);
	return res;
}

/* Map the whole file once and compare it, and the zeros past EOF. */
static void whole_file_check(int fd)
{
	size_t len = (DATA_SIZE + page_size - 1) / page_size * page_size;
	char why[256] = "";
	unsigned char *p;
	size_t i;

	p = mmap(NULL, len, PROT_READ, MAP_PRIVATE, fd, 0);
	if (p == MAP_FAILED) {
		report(false, "data, whole file: mmap: %s", strerror(errno));
		return;
	}
	if (same(p, 0, DATA_SIZE, false, why, sizeof(why))) {
		for (i = DATA_SIZE; i < len; i++) {
			if (p[i]) {
				snprintf(why, sizeof(why),
					 "offset %zu past EOF: 0x%02x, expected 0",
					 i, p[i]);
				break;
			}
		}
	}
	report(!*why, "data, whole file: %d bytes and zeros to the page end%s%s",
	       DATA_SIZE, *why ? ": " : "", why);
	munmap(p, len);
}

/* read() the data file and compare it with its content after the write. */
static void read_back(const char *path, const char *when)
{
	static unsigned char buf[DATA_SIZE + 1];
	char why[256] = "";
	ssize_t len;

	len = read_path(path, buf, sizeof(buf));
	if (len < 0)
		snprintf(why, sizeof(why), "%s: %s", path, strerror(errno));
	else if (len != DATA_SIZE)
		snprintf(why, sizeof(why), "%zd bytes, expected %d", len,
			 DATA_SIZE);
	else
		same(buf, 0, DATA_SIZE, true, why, sizeof(why));
	report(!*why, "write back: read() %s sees the MAP_SHARED write%s%s",
	       when, *why ? ": " : "", why);
}

/* Write the inverted pattern through a merged MAP_SHARED mapping. */
static bool shared_write(const char *path)
{
	char *p;
	size_t i;
	int fd = open(path, O_RDWR);

	if (fd < 0) {
		report(false, "write back: open %s: %s", path, strerror(errno));
		return false;
	}
	p = merge_check(fd, PROT_READ | PROT_WRITE, MAP_SHARED,
			"MAP_SHARED PROT_READ|PROT_WRITE");
	close(fd);
	if (!p)
		return false;
	for (i = 0; i < 2 * (size_t)page_size; i++)
		p[i] = pattern(FIRST_PAGE * page_size + i, true);
	if (msync(p, 2 * page_size, MS_SYNC)) {
		report(false, "write back: msync: %s", strerror(errno));
		munmap(p, 2 * page_size);
		return false;
	}
	if (munmap(p, 2 * page_size)) {
		report(false, "write back: munmap: %s", strerror(errno));
		return false;
	}
	return true;
}

/* fork and exec @exe --child, check its status and what it printed. */
static void exec_check(const char *exe)
{
	char out[1024], want[PATH_MAX + 64], why[PATH_MAX + 128] = "";
	int pipefd[2], status, maps = 0;
	size_t got = 0;
	ssize_t n;
	pid_t pid;

	if (pipe(pipefd)) {
		report(false, "exec: pipe: %s", strerror(errno));
		return;
	}
	fflush(stdout);
	pid = fork();
	if (pid < 0) {
		report(false, "exec: fork: %s", strerror(errno));
		close(pipefd[0]);
		close(pipefd[1]);
		return;
	}
	if (pid == 0) {
		dup2(pipefd[1], STDOUT_FILENO);
		close(pipefd[0]);
		close(pipefd[1]);
		execl(exe, EXE_NAME, "--child", (char *)NULL);
		fprintf(stderr, "mmap_fs: exec %s: %s\n", exe, strerror(errno));
		_exit(127);
	}
	close(pipefd[1]);
	while (got < sizeof(out) - 1) {
		n = read(pipefd[0], out + got, sizeof(out) - 1 - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += n;
	}
	out[got] = '\0';
	close(pipefd[0]);
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR) {
			report(false, "exec: waitpid: %s", strerror(errno));
			return;
		}
	}

	snprintf(want, sizeof(want), CHILD_TAG "exe=%s mappings=", exe);
	if (!WIFEXITED(status))
		snprintf(why, sizeof(why), "killed by signal %d",
			 WTERMSIG(status));
	else if (WEXITSTATUS(status) != CHILD_STATUS)
		snprintf(why, sizeof(why), "exit status %d, expected %d",
			 WEXITSTATUS(status), CHILD_STATUS);
	else if (strncmp(out, want, strlen(want)) ||
		 sscanf(out + strlen(want), "%d", &maps) != 1 || maps < 1)
		snprintf(why, sizeof(why), "printed '%.*s', expected '%s<N >= 1>'",
			 (int)strcspn(out, "\n"), out, want);
	report(!*why, "exec: %s ran (exit %d, %d VMA%s of the file)%s%s", exe,
	       CHILD_STATUS, maps, maps == 1 ? "" : "s", *why ? ": " : "", why);
}

/* --child: say where we run from, and how many VMAs map that file. */
static int child(void)
{
	char exe[PATH_MAX], line[PATH_MAX + 128];
	ssize_t len = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	size_t elen;
	int maps = 0;
	FILE *f;

	if (len < 0)
		return 1;
	exe[len] = '\0';
	elen = strlen(exe);
	f = fopen("/proc/self/maps", "r");
	if (!f)
		return 1;
	while (fgets(line, sizeof(line), f)) {
		size_t l = strcspn(line, "\n");

		if (l > elen && line[l - elen - 1] == ' ' &&
		    !strncmp(line + l - elen, exe, elen))
			maps++;
	}
	fclose(f);
	printf(CHILD_TAG "exe=%s mappings=%d\n", exe, maps);
	return CHILD_STATUS;
}

static void usage(FILE *out, const char *prog)
{
	fprintf(out,
		"usage: %s --fs TYPE --dir DIR [--mount DEV [--options OPTS]\n"
		"          [--copy-from SRC]] [--ro] [--dax]\n"
		"       %s --make-data FILE\n"
		"  --fs TYPE        the file system DIR must be (as /proc/self/mounts names it)\n"
		"  --dir DIR        where the files are, or go\n"
		"  --mount DEV      mount DEV on DIR first (and unmount it at the end)\n"
		"  --options OPTS   mount DEV with the file system options OPTS\n"
		"  --copy-from SRC  copy the block device SRC onto DEV before mounting it\n"
		"  --ro             read-only: the files come with the image\n"
		"  --dax            DIR is mounted dax=always: its files must be DAX, the\n"
		"                   merged VMAs VM_HUGEPAGE (hg); reports say TYPE_dax\n"
		"  --make-data FILE write the data file of the read-only images\n",
		prog, prog);
}

int main(int argc, char **argv)
{
	static const struct option options[] = {
		{ "fs", required_argument, NULL, 'f' },
		{ "dir", required_argument, NULL, 'd' },
		{ "mount", required_argument, NULL, 'm' },
		{ "options", required_argument, NULL, 'o' },
		{ "ro", no_argument, NULL, 'r' },
		{ "copy-from", required_argument, NULL, 'C' },
		{ "dax", no_argument, NULL, 'x' },
		{ "make-data", required_argument, NULL, 'D' },
		{ "child", no_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	char dir[PATH_MAX], data[PATH_MAX + 32], exe[PATH_MAX + 32];
	const char *dir_arg = NULL, *dev = NULL, *mount_opts = NULL;
	const char *copy_from = NULL;
	char why[PATH_MAX + 256] = "";
	bool ro = false, mounted = false;
	int opt, fd, r;

	while ((opt = getopt_long(argc, argv, "f:d:m:o:rC:xD:ch", options,
				  NULL)) != -1) {
		switch (opt) {
		case 'f':
			fs_type = optarg;
			break;
		case 'd':
			dir_arg = optarg;
			break;
		case 'm':
			dev = optarg;
			break;
		case 'o':
			mount_opts = optarg;
			break;
		case 'r':
			ro = true;
			break;
		case 'C':
			copy_from = optarg;
			break;
		case 'x':
			dax = true;
			break;
		case 'D':
			return make_data(optarg);
		case 'c':
			return child();
		case 'h':
			usage(stdout, argv[0]);
			return 0;
		default:
			usage(stderr, argv[0]);
			return 2;
		}
	}
	if (optind != argc || !fs_type || !dir_arg ||
	    ((mount_opts || copy_from) && !dev)) {
		usage(stderr, argv[0]);
		return 2;
	}
	snprintf(label, sizeof(label), "%s%s", fs_type, dax ? "_dax" : "");

	page_size = sysconf(_SC_PAGESIZE);
	setvbuf(stdout, NULL, _IOLBF, 0);
	if ((FIRST_PAGE + 2) * page_size > DATA_SIZE) {
		report(false, "page size %ld: the data file is too small",
		       page_size);
		goto out;
	}

	if (copy_from && copy_dev(copy_from, dev))
		goto out;
	if (dev) {
		if (do_mount(dev, dir_arg, ro, mount_opts))
			goto out;
		mounted = true;
	}
	if (!realpath(dir_arg, dir)) {
		report(false, "%s: %s", dir_arg, strerror(errno));
		goto out;
	}
	r = mounted_as(dir, fs_type, why, sizeof(why));
	report(r, "%s is %s: %s", dir, fs_type, why);
	if (!r)
		goto out;
	snprintf(data, sizeof(data), "%s/%s", dir, DATA_NAME);
	snprintf(exe, sizeof(exe), "%s/%s", dir, EXE_NAME);

	if (!ro) {
		unsigned char buf[DATA_SIZE];
		size_t i;

		for (i = 0; i < sizeof(buf); i++)
			buf[i] = pattern(i, false);
		if (write_path(data, buf, sizeof(buf), 0644) ||
		    copy_self(exe)) {
			report(false, "populate %s: %s", dir, strerror(errno));
			goto out;
		}
		r = drop_caches(why, sizeof(why));
		report(r >= 0, "populate: wrote %s (%d bytes) and %s with write(), %s",
		       DATA_NAME, DATA_SIZE, EXE_NAME,
		       r > 0 ? "dropped the page cache" : why);
	}

	if (dax)
		dax_file_check(dir, data);

	fd = open(data, O_RDONLY);
	if (fd < 0) {
		report(false, "open %s: %s", data, strerror(errno));
		goto out;
	}
	{
		char *p;

		p = merge_check(fd, PROT_READ, MAP_PRIVATE, "MAP_PRIVATE PROT_READ");
		if (p)
			munmap(p, 2 * page_size);
		p = merge_check(fd, PROT_READ, MAP_SHARED, "MAP_SHARED PROT_READ");
		if (p)
			munmap(p, 2 * page_size);
	}
	whole_file_check(fd);
	close(fd);

	if (ro) {
		fd = open(data, O_RDWR);
		report(fd < 0 && errno == EROFS,
		       "read-only: open(O_RDWR) fails with EROFS (%s)",
		       fd < 0 ? strerror(errno) : "it succeeded");
		if (fd >= 0)
			close(fd);
	} else if (shared_write(data)) {
		read_back(data, "after reopening");
		*why = '\0';
		r = drop_caches(why, sizeof(why));
		if (r > 0)
			read_back(data, "after drop_caches");
		else
			report(r == 0, "write back: no read after drop_caches: %s",
			       why);
		if (mounted) {
			if (umount(dir_arg)) {
				report(false, "write back: unmount %s: %s",
				       dir_arg, strerror(errno));
			} else if (mount(dev, dir_arg, fs_type, 0, mount_opts)) {
				mounted = false;
				report(false, "write back: mount %s again: %s",
				       dev, strerror(errno));
				goto out;
			} else {
				read_back(data, "after a new mount");
			}
		}
	}

	exec_check(exe);

	if (!ro && (unlink(data) || unlink(exe)))
		report(false, "unlink in %s: %s", dir, strerror(errno));
out:
	if (mounted) {
		r = umount(dir_arg);
		report(r == 0, "unmount %s%s%s", dir_arg, r ? ": " : "",
		       r ? strerror(errno) : "");
	}
	if (failures)
		printf("%s: FAIL (%d of %d checks failed)\n", label, failures,
		       checks);
	else
		printf("%s: PASS (%d checks)\n", label, checks);
	return failures ? 1 : 0;
}
