#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# fs-guest.sh - file mappings on tmpfs, ext4, xfs, btrfs, squashfs, erofs,
# ext2, exfat, f2fs, udf, nilfs2 and ntfs3 in the fs-guest kernel
# (configs/guest.config + configs/fs-guest.config).
#
# Boots $OBJ/arch/x86/boot/bzImage (OBJ defaults to $BUILD/obj-fs-guest, what
# stage fsguest of `make check` builds; KERNEL overrides the image) with
# scripts/guest-run.sh, an initramfs whose tests are guest/fs-tests.list
# (one guest/mmap_fs run per file system: adjacent mappings merge into one
# VMA, data reads back, MAP_SHARED writes reach the file, a binary stored on
# the file system executes), and twelve disks after the ext4 one, in this
# order:
#
#   /dev/vdb  xfs       320 MiB sparse, empty   (a fresh copy each boot)
#   /dev/vdc  btrfs     256 MiB sparse, empty   (a fresh copy each boot)
#   /dev/vdd  squashfs  gzip, read-only         (the image itself, read-only)
#   /dev/vde  erofs     uncompressed, read-only (the image itself, read-only)
#   /dev/vdf  ext2       16 MiB sparse, empty   (a fresh copy each boot)
#   /dev/vdg  exfat      16 MiB sparse, empty   (a fresh copy each boot)
#   /dev/vdh  f2fs       64 MiB sparse, empty   (a fresh copy each boot)
#   /dev/vdi  udf        16 MiB sparse, empty   (a fresh copy each boot)
#   /dev/vdj  nilfs2     32 MiB sparse, empty   (a fresh copy each boot)
#   /dev/vdk  ntfs3      16 MiB sparse, empty   (a fresh copy each boot)
#   /dev/vdl  ext4       64 MiB, 4 KiB blocks   (the image itself, read-only)
#   /dev/vdm  xfs       320 MiB, no reflink     (the image itself, read-only)
#
# vdl and vdm are for the DAX tests: the guest boots with 3 GiB (GUEST_MEM)
# and memmap=512M!2G, a legacy pmem region (/dev/pmem0; the kernel needs
# CONFIG_LIBNVDIMM, BLK_DEV_PMEM, X86_PMEM_LEGACY, ND_CLAIM (selected by
# NVDIMM_PFN or BTT: without it every pmem namespace fails to probe), FS_DAX
# and TRANSPARENT_HUGEPAGE).  mmap_fs_ext4_dax copies vdl onto /dev/pmem0
# (mmap_fs --copy-from) and mounts it -o dax=always, then mmap_fs_xfs_dax
# does the same with vdm; both run mmap_fs --dax: the mount says dax, the
# data file has STATX_ATTR_DAX, and each merged VMA has VM_HUGEPAGE ("hg" in
# /proc/self/smaps VmFlags), which ext4's and xfs's ->mmap_prepare set.
#
# guest/fs-tests.list names the devices and the mount options (exfat:
# fmask=0022, as it has no permission bits).  ext2 is the ext2 driver
# (CONFIG_EXT2_FS=y); the ntfs3 image is made by mkntfs (ntfs-3g).  The
# read-only images are made from a staging directory that holds mmap_fs.exe
# (the static guest/mmap_fs of the initramfs) and mmap_fs.data (its known
# pattern, written by `mmap_fs --make-data`); the guest test writes both
# itself on the writable file systems.  Everything goes to $BUILD/fs-guest/:
# initramfs/, images/ (rebuilt only when their recipe, the mkfs tools or the
# staged files changed), run/ (the copies booted) and guest/console.log.
#
# Exit status 0 only if guest-run.sh passes the guest (every test ok, no
# kernel problem), every test of guest/fs-tests.list reported ok and the
# console has no "VFS: Busy inodes".
#
# Environment: OBJ, KERNEL, GUEST_TIMEOUT (default 300), GUEST_MEM (default
# 3G here), GUEST_APPEND (see scripts/guest-run.sh; after memmap=512M!2G).

. "$(dirname "$0")/lib.sh"

need mkfs.xfs mkfs.btrfs mksquashfs mkfs.erofs mkfs.ext2 mkfs.exfat mkfs.f2fs \
	mkudffs mkfs.nilfs2 mkntfs sha256sum truncate fallocate
OBJ=${OBJ:-$BUILD/obj-fs-guest}
KERNEL=${KERNEL:-$OBJ/arch/x86/boot/bzImage}
OUT=$BUILD/fs-guest
TESTS=$TOP/guest/fs-tests.list
# The legacy pmem region of the DAX tests: 512 MiB at 2 GiB, in the 3 GiB of
# RAM that QEMU puts below 4 GiB (GUEST_MEM 3G leaves 2.5 GiB of it RAM).
PMEM='memmap=512M!2G'
t0=$(date +%s)

[ -f "$KERNEL" ] ||
	die "no kernel image $KERNEL (build it: OBJ=$OBJ scripts/guest-build.sh fs-guest)"

# A kernel without one of the file systems fails its test in the guest; say
# why up front when the configuration is at hand.
if [ -f "$OBJ/.config" ] && [ "$KERNEL" -ef "$OBJ/arch/x86/boot/bzImage" ]; then
	for opt in EXT4_FS TMPFS XFS_FS BTRFS_FS SQUASHFS SQUASHFS_ZLIB EROFS_FS \
		EXT2_FS EXFAT_FS F2FS_FS UDF_FS NILFS2_FS NTFS3_FS \
		VIRTIO_BLK PROC_SYSCTL LIBNVDIMM BLK_DEV_PMEM X86_PMEM_LEGACY \
		ND_CLAIM FS_DAX TRANSPARENT_HUGEPAGE; do
		grep -qx "CONFIG_$opt=y" "$OBJ/.config" && continue
		why=
		[ "$opt" != SQUASHFS_ZLIB ] ||
			why=" (the squashfs image is gzip-compressed; without a decompressor squashfs mounts nothing)"
		[ "$opt" != ND_CLAIM ] ||
			why=" (set CONFIG_NVDIMM_PFN=y: without ND_CLAIM no /dev/pmem0)"
		warn "$OBJ/.config lacks CONFIG_$opt=y: a test will fail$why"
	done
fi

# --- The initramfs: guest/*.c, guest/fs-tests.list --------------------------

INITRAMFS_OUT=$OUT/initramfs INITRAMFS_TESTS=$TESTS INITRAMFS_EXTRA='' \
	"$TOP/scripts/initramfs.sh"

# --- The disk images ----------------------------------------------------------

images=$OUT/images
staging=$images/staging
mkdir -p "$staging"
cmp -s "$OUT/initramfs/mmap_fs" "$staging/mmap_fs.exe" ||
	install -m 0755 "$OUT/initramfs/mmap_fs" "$staging/mmap_fs.exe"
"$staging/mmap_fs.exe" --make-data "$staging/mmap_fs.data.new" ||
	die "mmap_fs --make-data failed"
if cmp -s "$staging/mmap_fs.data.new" "$staging/mmap_fs.data"; then
	rm "$staging/mmap_fs.data.new"
else
	mv "$staging/mmap_fs.data.new" "$staging/mmap_fs.data"
fi

# Recipes: each writes the image to $1.
# fallocate --dig-holes: mkfs.btrfs writes zeros (4.6 MiB, 0.4 MiB without
# them), as do mkfs.f2fs (4 MiB, 60 KiB), mkfs.exfat (2 MiB, 32 KiB) and
# mkfs.nilfs2 (2 MiB, 1 MiB); xfs's log stays a preallocated extent (64 MiB
# in du, but cp --sparse skips it).  The sizes are near the tools' minima:
# mkfs.f2fs wants at least 52 MiB, mkfs.nilfs2 16 segments (and 1 MiB ones,
# -B 256 blocks, instead of the default 8 MiB make that 16 MiB).  udf and
# ntfs get the 512-byte blocks and sectors of the virtio disk.
mk_xfs() {
	truncate -s 320M "$1" && mkfs.xfs -q -L fsguest "$1" &&
		fallocate --dig-holes "$1"
}
mk_btrfs() {
	truncate -s 256M "$1" && mkfs.btrfs -q -L fsguest "$1" >/dev/null &&
		fallocate --dig-holes "$1"
}
mk_squashfs() {
	mksquashfs "$staging" "$1" -comp gzip -all-root -all-time 0 \
		-mkfs-time 0 -noappend -quiet -no-progress >/dev/null
}
mk_erofs() {
	mkfs.erofs --quiet --all-root -T0 "$1" "$staging"
}
mk_ext2() {
	truncate -s 16M "$1" && mkfs.ext2 -q -L fsguest "$1" &&
		fallocate --dig-holes "$1"
}
mk_exfat() {
	truncate -s 16M "$1" && mkfs.exfat -L fsguest "$1" >/dev/null &&
		fallocate --dig-holes "$1"
}
mk_f2fs() {
	truncate -s 64M "$1" && mkfs.f2fs -q -l fsguest "$1" &&
		fallocate --dig-holes "$1"
}
mk_udf() {
	truncate -s 16M "$1" &&
		mkudffs --media-type=hd --blocksize=512 --label=fsguest "$1" \
			>/dev/null && fallocate --dig-holes "$1"
}
# The DAX images are copied onto /dev/pmem0 in the guest (mmap_fs
# --copy-from): 4 KiB blocks, as dax=always wants the page size; xfs without
# reflink, and at its 300 MiB minimum or more.
mk_ext4dax() {
	truncate -s 64M "$1" && mkfs.ext4 -q -b 4096 -L fsdax "$1" &&
		fallocate --dig-holes "$1"
}
mk_xfsdax() {
	truncate -s 320M "$1" &&
		mkfs.xfs -q -m reflink=0 -b size=4096 -L fsdax "$1" &&
		fallocate --dig-holes "$1"
}
mk_nilfs2() {
	truncate -s 32M "$1" && mkfs.nilfs2 -q -B 256 -L fsguest "$1" &&
		fallocate --dig-holes "$1"
}
# mkntfs -F (a file, not a block device) always says so on stderr: show what
# it printed only when it fails.
mk_ntfs3() {
	local out
	truncate -s 16M "$1" || return
	if ! out=$(mkntfs -q -F -Q -s 512 -L fsguest "$1" 2>&1); then
		printf '%s\n' "$out" >&2
		return 1
	fi
	fallocate --dig-holes "$1"
}

# image FS PACKAGE [staged]: make $images/FS.img with mk_FS unless the recipe,
# the version of the Debian PACKAGE that has the mkfs tool and (with
# "staged") the staged files are those of the image there.
image() {
	local fs=$1 pkg=$2 staged=${3:-} img=$images/$1.img stamp
	stamp=$(
		{
			declare -f "mk_$fs"
			dpkg-query -W "$pkg" 2>/dev/null || echo "$pkg ?"
			[ -z "$staged" ] ||
				(cd "$staging" && sha256sum mmap_fs.exe mmap_fs.data)
		} | sha256sum | awk '{ print $1 }'
	)
	if [ -f "$img" ] && [ "$(cat "$img.stamp" 2>/dev/null)" = "$stamp" ]; then
		return
	fi
	rm -f "$img" "$img.stamp" "$img.tmp"
	"mk_$fs" "$img.tmp" || die "making the $fs image failed"
	mv "$img.tmp" "$img"
	echo "$stamp" > "$img.stamp"
	log "fs-guest: made $img ($(du -k "$img" | cut -f1) KiB used)"
}
image xfs xfsprogs
image btrfs btrfs-progs
image squashfs squashfs-tools staged
image erofs erofs-utils staged
image ext2 e2fsprogs
image exfat exfatprogs
image f2fs f2fs-tools
image udf udftools
image nilfs2 nilfs-tools
image ntfs3 ntfs-3g
image ext4dax e2fsprogs
image xfsdax xfsprogs

# The writable file systems boot from fresh copies.
run=$OUT/run
mkdir -p "$run"
writable=(xfs btrfs ext2 exfat f2fs udf nilfs2 ntfs3)
for fs in "${writable[@]}"; do
	cp --sparse=always "$images/$fs.img" "$run/$fs.img"
done

# --- Boot ---------------------------------------------------------------------

# /dev/vdb, /dev/vdc... in this order (guest/fs-tests.list); EXTRA_DISKS is
# one line.
disks=("$run/xfs.img" "$run/btrfs.img" "$images/squashfs.img:ro"
	"$images/erofs.img:ro" "$run/ext2.img" "$run/exfat.img" "$run/f2fs.img"
	"$run/udf.img" "$run/nilfs2.img" "$run/ntfs3.img"
	"$images/ext4dax.img:ro" "$images/xfsdax.img:ro")

log "fs-guest: images ready after $(( $(date +%s) - t0 ))s"
rc=0
OBJ=$OBJ KERNEL=$KERNEL INITRD=$OUT/initramfs/initramfs.cpio.gz \
	GUEST_OUT=$OUT/guest GUEST_TIMEOUT=${GUEST_TIMEOUT:-300} \
	GUEST_MEM=${GUEST_MEM:-3G} GUEST_APPEND="$PMEM ${GUEST_APPEND:-}" \
	EXTRA_DISKS="${disks[*]}" \
	"$TOP/scripts/guest-run.sh" fs-guest || rc=$?
console=$OUT/guest/console.log

# --- Per file system ----------------------------------------------------------

[ -f "$console" ] || die "fs-guest: FAIL (no console log $console)"
missing=()
printf '\n%-18s %s\n' test result
while read -r name _; do
	case $name in
	''|'#'*) continue ;;
	esac
	fs=${name#mmap_fs_}
	if grep -qx "KTEST: ok $name" "$console"; then
		result="ok   $(grep -m1 -o "^$fs: PASS (.*)" "$console" || true)"
	else
		result="FAIL $(grep -m1 -oE "^FAIL $fs: .*|^KTEST: not ok $name.*" "$console" |
			sed "s/^FAIL //" || true)"
		[ "$result" != 'FAIL ' ] || result='FAIL (did not run)'
		missing+=("$name")
	fi
	printf '%-18s %s\n' "$name" "$result"
done < "$TESTS"

reasons=()
[ "$rc" -eq 0 ] || reasons+=("the guest failed (scripts/guest-run.sh, above)")
[ ${#missing[@]} -eq 0 ] || reasons+=("not ok: ${missing[*]}")
busy=$(grep -m1 'VFS: Busy inodes' "$console" || true)
[ -z "$busy" ] || reasons+=("kernel: $busy")

elapsed=$(( $(date +%s) - t0 ))
if [ ${#reasons[@]} -ne 0 ]; then
	printf '\nfs-guest: FAIL after %ss (console: %s)\n' "$elapsed" "$console" >&2
	printf '  - %s\n' "${reasons[@]}" >&2
	exit 1
fi
printf '\nfs-guest: PASS (%s) in %ss\n' \
	"$(grep -cE '^mmap_fs_' "$TESTS") file systems" "$elapsed"
