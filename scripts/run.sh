#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# run.sh - what `make run` does once build/linux is up to date (make tree):
# build the guest kernel from build/linux, build the initramfs, boot the
# guest under QEMU (TCG) and show what the demo and the tests printed.
# Exit status: the guest's verdict (scripts/guest-run.sh).
#
# BASE=1 then also builds the unpatched base (build/base-src, a worktree of
# build/linux at the base commit; objects in build/obj-base-guest), boots it
# with the demo alone and prints the demo's results of both kernels side by
# side; it fails if a case gives the same result on both (the demo is there
# to show what the series changes) or if the base's demo did not run.

. "$(dirname "$0")/lib.sh"

head=$(kgit log -1 --format='%h %s' 2>/dev/null) ||
	die "$LINUX is not a git tree (run 'make tree')"
log "run: guest kernel from build/linux ($(kgit rev-list --count base..HEAD 2>/dev/null || echo '?') commit(s) on base; HEAD $head)"
"$TOP/scripts/guest-build.sh" guest
log "run: kselftests of the series"
"$TOP/scripts/selftests-build.sh" "$TOP/configs/selftests-series.list" \
	"$BUILD/st-series"
log "run: initramfs"
INITRAMFS_EXTRA=$BUILD/st-series "$TOP/scripts/initramfs.sh"
log "run: booting the guest"
rc=0
GUEST_SKIPS=${GUEST_SKIPS-$TOP/configs/guest.skips} "$TOP/scripts/guest-run.sh" guest || rc=$?
# demo_lines CONSOLE: the demo's "label : result" lines from a console log.
demo_lines() {
	tr -d '\r' < "$1" | awk '
		/^What the ->mmap_prepare series changes/ { on = 1; next }
		on && /^(PASS|FAIL):/ { exit }
		on && / : / { print }'
}

if [ "$rc" -eq 0 ] && [ "${BASE:-0}" = 1 ]; then
	src=$BUILD/base-src
	if [ ! -e "$src/.git" ]; then
		rm -rf "$src"
		kgit worktree prune
		kgit worktree add -q --detach "$src" base ||
			die "cannot create the worktree $src of the base"
	fi
	git -C "$src" checkout -q -f --detach base ||
		die "cannot check out the base in $src; remove it and rerun"
	log "run: the unpatched base ($(kgit log -1 --format='%h %s' base)), for comparison"
	SRC=$src OBJ=$BUILD/obj-base-guest "$TOP/scripts/guest-build.sh" guest
	grep '^mmap_demo ' "$TOP/guest/tests.list" > "$BUILD/demo.list" ||
		die "guest/tests.list has no mmap_demo line"
	INITRAMFS_OUT=$BUILD/initramfs-demo INITRAMFS_TESTS=$BUILD/demo.list \
		"$TOP/scripts/initramfs.sh"
	# The base fails the demo by design: only its output counts here.
	OBJ=$BUILD/obj-base-guest INITRD=$BUILD/initramfs-demo/initramfs.cpio.gz \
		GUEST_OUT=$BUILD/guest-base-demo "$TOP/scripts/guest-run.sh" guest \
		> "$BUILD/guest-base-demo.out" 2>&1 || true
	same=()
	printf '\n%-26s  %-32s  %s\n' case "with the series" "6.12 (base)"
	while IFS= read -r line; do
		label=${line%% : *}
		label=${label%"${label##*[! ]}"}
		mine=${line#* : }
		theirs=$(demo_lines "$BUILD/guest-base-demo/console.log" |
			awk -v l="$label" -F ' : ' '{ k = $1; sub(/ +$/, "", k) } k == l { print $2 }')
		printf '%-26s  %-32s  %s\n' "$label" "$mine" "${theirs:-(did not run)}"
		[ -n "$theirs" ] && [ "$theirs" != "$mine" ] || same+=("$label")
	done < <(demo_lines "$BUILD/guest-guest/console.log")
	if [ ${#same[@]} -gt 0 ]; then
		log "run: the base gave the series' result (or none) for: ${same[*]} (console: $BUILD/guest-base-demo/console.log)"
		rc=1
	fi
fi

if [ "$rc" -eq 0 ]; then
	log "run: PASS"
else
	log "run: FAIL (console: $BUILD/guest-guest/console.log)"
fi
exit "$rc"
