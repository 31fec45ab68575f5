#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# initramfs.sh - build the guest's initramfs and its ext4 disk template.
#
# The initramfs ($BUILD/initramfs/initramfs.cpio.gz, gzip'ed newc cpio) holds
# busybox (static, applets as symlinks), guest/init as /init, the test list
# guest/tests.list as /tests.list and every guest/*.c built with gcc -static
# into /bin.  No root needed: devtmpfs provides /dev in the guest.
#
# Extra content: INITRAMFS_EXTRA="DIR..." (space-separated directories, e.g.
# an installed kselftest tree).  Each DIR is copied into the root as it is,
# except DIR/tests.list, which is appended to /tests.list.
# INITRAMFS_TESTS=FILE starts /tests.list with FILE instead of
# guest/tests.list (make bench: the benchmark alone).
#
# The ext4 disk template ($BUILD/initramfs/ext4.img, 64 MiB) is made with
# mkfs.ext4; guest-run.sh boots a fresh copy of it every time.
#
# Both are rebuilt only when an input changed (stamp in $BUILD/initramfs/).
# INITRAMFS_OUT=DIR puts them in DIR instead of $BUILD/initramfs.

. "$(dirname "$0")/lib.sh"

need gcc readelf cpio gzip mkfs.ext4 sha256sum
BUSYBOX=${BUSYBOX:-/bin/busybox}
[ -x "$BUSYBOX" ] || die "busybox not found at $BUSYBOX (install busybox-static: make deps)"
readelf -l "$BUSYBOX" 2>/dev/null | grep -q 'Requesting program interpreter' &&
	die "$BUSYBOX is dynamically linked; the guest needs busybox-static"

OUT=${INITRAMFS_OUT:-$BUILD/initramfs}
IMAGE=$OUT/initramfs.cpio.gz
DISK=$OUT/ext4.img
DISK_MB=64
CFLAGS=${GUEST_CFLAGS:--static -O2 -Wall -Wextra}

read -r -a extra <<< "${INITRAMFS_EXTRA:-}"
TESTS=${INITRAMFS_TESTS:-$TOP/guest/tests.list}
[ -f "$TESTS" ] || die "INITRAMFS_TESTS: $TESTS is not a file"
for d in "${extra[@]}"; do
	[ -d "$d" ] || die "INITRAMFS_EXTRA: $d is not a directory"
done

mkdir -p "$OUT"

# Everything the image depends on.
stamp=$(
	{
		echo "$CFLAGS"
		gcc --version | head -n 1
		sha256sum "$0" "$BUSYBOX" "$TESTS"
		(cd "$TOP/guest" && find . -type f -print0 | sort -z |
			xargs -0 sha256sum)
		for d in "${extra[@]}"; do
			echo "extra $d"
			(cd "$d" && find . -type f -print0 | sort -z |
				xargs -0 -r sha256sum)
		done
	} | sha256sum | awk '{ print $1 }'
)

if [ -f "$IMAGE" ] && [ "$(cat "$OUT/stamp" 2>/dev/null)" = "$stamp" ]; then
	log "initramfs up to date: $IMAGE"
else
	rm -f "$OUT/stamp"
	root=$OUT/root
	rm -rf "$root"
	mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,dev,proc,sys,tmp,root,mnt/ext4,etc}

	# busybox and its applets
	cp "$BUSYBOX" "$root/bin/busybox"
	"$BUSYBOX" --list-full | while read -r applet; do
		[ -e "$root/$applet" ] || ln -s /bin/busybox "$root/$applet"
	done

	# test programs
	shopt -s nullglob
	for c in "$TOP"/guest/*.c; do
		prog=$(basename "$c" .c)
		log "initramfs: building $prog"
		# shellcheck disable=SC2086 # CFLAGS is a list of options
		gcc $CFLAGS -o "$OUT/$prog" "$c" 2>"$OUT/$prog.log" || {
			cat "$OUT/$prog.log" >&2
			die "gcc failed for guest/$prog.c"
		}
		[ -s "$OUT/$prog.log" ] && cat "$OUT/$prog.log" >&2
		cp "$OUT/$prog" "$root/bin/$prog"
	done
	shopt -u nullglob

	install -m 0755 "$TOP/guest/init" "$root/init"
	cp "$TESTS" "$root/tests.list"
	echo "root:x:0:0:root:/root:/bin/sh" > "$root/etc/passwd"
	echo "root:x:0:" > "$root/etc/group"

	for d in "${extra[@]}"; do
		log "initramfs: adding $d"
		(cd "$d" && tar --exclude=./tests.list -cf - .) | tar -C "$root" -xf -
		[ -f "$d/tests.list" ] && cat "$d/tests.list" >> "$root/tests.list"
	done

	log "initramfs: packing $(find "$root" | wc -l) entries"
	(cd "$root" && find . -print0 | LC_ALL=C sort -z |
		cpio --null -o -H newc --owner=0:0 --quiet) | gzip -9n > "$IMAGE.tmp"
	mv "$IMAGE.tmp" "$IMAGE"
	echo "$stamp" > "$OUT/stamp"
	log "initramfs ready: $IMAGE ($(du -k "$IMAGE" | cut -f1) KiB)"
fi

if [ ! -f "$DISK" ]; then
	rm -f "$DISK.tmp"
	truncate -s "${DISK_MB}M" "$DISK.tmp"
	mkfs.ext4 -F -q -L ktest "$DISK.tmp" || die "mkfs.ext4 failed"
	mv "$DISK.tmp" "$DISK"
	log "ext4 disk template ready: $DISK (${DISK_MB} MiB)"
fi
