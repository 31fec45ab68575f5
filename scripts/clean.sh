#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# clean.sh - remove the build outputs under build/ (kernel objects, initramfs,
# guest logs, make check's worktrees and logs, KUnit build), but keep
# build/linux, the kernel tree with the series.  The ccache cache is kept
# too (ccache -C empties it).

. "$(dirname "$0")/lib.sh"

[ -d "$BUILD" ] || exit 0

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
