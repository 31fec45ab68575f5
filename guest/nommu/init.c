// SPDX-License-Identifier: GPL-2.0
/*
 * nommu/init.c - /init of the riscv64 !MMU guest that stage nommu boots under
 * qemu-system-riscv64: it maps files of the two file systems whose !MMU
 * mmap methods the series converts to ->mmap_prepare(), and checks what the
 * mappings read and write.
 *
 *   ramfs (the initramfs itself): a file sized with ftruncate() (so that
 *         its pages are contiguous, as a direct mapping needs) and filled
 *         with write();
 *         - MAP_SHARED PROT_READ|PROT_WRITE maps the page cache directly:
 *           it reads the pattern, a store through it is seen by pread(),
 *           and a second shared mapping is the same memory;
 *         - MAP_PRIVATE PROT_READ|PROT_WRITE is a copy (ramfs's hook
 *           refuses private mappings with -ENOSYS, so the core copies the
 *           file): it reads the pattern, a store to it stays private.
 *   romfs on /dev/vda (a virtio disk made by genromfs on the host; a block
 *         backed romfs can only be copied):
 *         - MAP_PRIVATE PROT_READ reads the pattern;
 *         - MAP_SHARED is refused with ENODEV.
 *
 * Each check prints "nommu: ok NAME" or "nommu: FAIL NAME: why"; the last
 * line is "nommu: done, N failed".  It then asks for a power-off and, as
 * a !MMU riscv64 guest may have no way to do that, sleeps; the host stops
 * QEMU once it has seen the last line.
 *
 * Built with the kernel's nolibc (tools/include/nolibc) as a static PIE
 * that has no relocations: binfmt_elf_fdpic loads a plain ELF PIE at any
 * address on !MMU, and nothing would apply relocations.
 */
#include <linux/mount.h>
#include <linux/reboot.h>

#define PATTERN(i)	((unsigned char)((i) * 7 + 3))
#define ROM_DATA	"/rom/mmap_data"
#define RAM_DATA	"/ramfs_data"

static int failed;
static long page;

static void report(const char *name, int ok, const char *why)
{
	if (ok) {
		printf("nommu: ok %s\n", name);
	} else {
		printf("nommu: FAIL %s: %s (errno %d)\n", name, why, errno);
		failed++;
	}
}

/* Whether @len bytes at @p hold the pattern of file offset @off on. */
static int holds_pattern(const unsigned char *p, long off, long len)
{
	long i;

	for (i = 0; i < len; i++)
		if (p[i] != PATTERN(off + i))
			return 0;
	return 1;
}

static long sys_ftruncate(int fd, long len)
{
	return __sysret(my_syscall2(__NR_ftruncate, fd, len));
}

static long sys_pread(int fd, void *buf, long len, long off)
{
	return __sysret(my_syscall4(__NR_pread64, fd, buf, len, off));
}

static int byte_at(int fd, long off)
{
	unsigned char c;

	if (sys_pread(fd, &c, 1, off) != 1)
		return -1;
	return c;
}

static void check_ramfs(void)
{
	long size = 2 * page + 100, i;
	unsigned char buf[256];
	unsigned char *shared, *again, *private;
	int fd;

	fd = open(RAM_DATA, O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (fd < 0 || sys_ftruncate(fd, size) < 0) {
		report("ramfs_file", 0, "open or ftruncate failed");
		return;
	}
	for (i = 0; i < size; i += sizeof(buf)) {
		long n = size - i < (long)sizeof(buf) ? size - i : (long)sizeof(buf);
		long j;

		for (j = 0; j < n; j++)
			buf[j] = PATTERN(i + j);
		if (write(fd, buf, n) != n) {
			report("ramfs_file", 0, "write failed");
			return;
		}
	}
	report("ramfs_file", 1, NULL);

	shared = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	report("ramfs_shared_map", shared != MAP_FAILED, "mmap failed");
	if (shared != MAP_FAILED) {
		report("ramfs_shared_read", holds_pattern(shared, 0, size),
		       "the mapping does not read the file");
		shared[page + 1] = 0xa5;
		report("ramfs_shared_write", byte_at(fd, page + 1) == 0xa5,
		       "pread() does not see a store through the mapping");
		again = mmap(NULL, page, PROT_READ, MAP_SHARED, fd, page);
		report("ramfs_shared_again", again == shared + page,
		       "a second shared mapping is not the same memory");
		if (again != MAP_FAILED)
			munmap(again, page);
		shared[page + 1] = PATTERN(page + 1);
		report("ramfs_shared_unmap", munmap(shared, size) == 0,
		       "munmap failed");
	}

	private = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	report("ramfs_private_map", private != MAP_FAILED, "mmap failed");
	if (private != MAP_FAILED) {
		report("ramfs_private_read", holds_pattern(private, 0, size),
		       "the copy does not hold the file");
		private[3] = 0x5a;
		report("ramfs_private_write", byte_at(fd, 3) == PATTERN(3),
		       "a store to the private copy reached the file");
		report("ramfs_private_unmap", munmap(private, size) == 0,
		       "munmap failed");
	}
	close(fd);
	unlink(RAM_DATA);
}

static void check_romfs(void)
{
	long size = 2 * page + 100;
	unsigned char *p;
	int fd;

	if (mkdir("/rom", 0755) < 0 && errno != EEXIST) {
		report("romfs_mount", 0, "mkdir /rom failed");
		return;
	}
	if (mount("/dev/vda", "/rom", "romfs", MS_RDONLY, NULL) < 0) {
		report("romfs_mount", 0, "mount of /dev/vda failed");
		return;
	}
	report("romfs_mount", 1, NULL);

	fd = open(ROM_DATA, O_RDONLY);
	if (fd < 0) {
		report("romfs_open", 0, "open " ROM_DATA " failed");
		return;
	}
	p = mmap(NULL, size, PROT_READ, MAP_PRIVATE, fd, 0);
	report("romfs_private_map", p != MAP_FAILED, "mmap failed");
	if (p != MAP_FAILED) {
		report("romfs_private_read", holds_pattern(p, 0, size),
		       "the copy does not hold the file");
		report("romfs_private_unmap", munmap(p, size) == 0,
		       "munmap failed");
	}
	p = mmap(NULL, page, PROT_READ, MAP_SHARED, fd, 0);
	report("romfs_shared_refused", p == MAP_FAILED && errno == ENODEV,
	       "a shared mapping of a block backed romfs was not refused with ENODEV");
	if (p != MAP_FAILED)
		munmap(p, page);
	close(fd);
	umount2("/rom", 0);
}

int main(void)
{
	page = getpagesize();
	/* The kernel opened /dev/console of the initramfs as fds 0-2. */
	if (mount("devtmpfs", "/dev", "devtmpfs", 0, NULL) < 0)
		report("devtmpfs", 0, "mount devtmpfs on /dev failed");
	check_ramfs();
	check_romfs();
	printf("nommu: done, %d failed\n", failed);
	reboot(LINUX_REBOOT_CMD_POWER_OFF);
	for (;;)
		sleep(1000);
}
