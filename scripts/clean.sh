#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# clean.sh - remove the build outputs under build/ (kernel objects, initramfs,
# guest logs, make check's worktrees and logs, KUnit build), but keep
# build/linux, the kernel tree with the series.  The ccache cache is kept
# too (ccache -C empties it).

. "$(dirname "$0")/lib.sh"

[ -d "$BUILD" ] || exit 0

# make fresh mounts proc, sysfs and a /dev in its chroot (build/fresh/root)
# while it runs: never delete through them.
mounted=$(findmnt -rn -o TARGET | awk -v b="$BUILD/" 'index($0, b) == 1')
[ -z "$mounted" ] ||
	die "file systems are mounted under $BUILD (a 'make fresh' running, or one that was killed):
$mounted
wait for it to finish, or unmount them (umount -l PATH), then run 'make clean' again"

for f in "$BUILD"/* "$BUILD"/.[!.]*; do
	[ -e "$f" ] || continue
	[ "$f" = "$LINUX" ] || [ "$f" = "$BUILD/linux" ] && continue
	log "removing ${f#"$TOP"/}"
	rm -rf "$f"
done

# make check's worktrees (build/check/*) are registered in build/linux.
if [ -d "$LINUX/.git" ]; then
	git -C "$LINUX" worktree prune
fi
log "clean: kept ${LINUX#"$TOP"/}"
