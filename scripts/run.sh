#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# run.sh - what `make run` does once build/linux is up to date (make tree):
# build the guest kernel from build/linux, build the initramfs, boot the
# guest under QEMU (TCG) and show what the demo and the tests printed.
# Exit status: the guest's verdict (scripts/guest-run.sh).

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
if [ "$rc" -eq 0 ]; then
	log "run: PASS"
else
	log "run: FAIL (console: $BUILD/guest-guest/console.log)"
fi
exit "$rc"
