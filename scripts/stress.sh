#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# stress.sh - `make stress`: the long run of guest/mmap_stress in the debug
# guest (KASAN, lockdep, DEBUG_VM, kmemleak, failslab, fail_page_alloc).
#
# Builds the debug guest kernel of build/linux HEAD the way stage guest-debug
# of `make check` does (worktree $BUILD/check/head, objects in
# $BUILD/obj-debug, incremental: nothing to do when make check built the same
# HEAD), so that the stress always tests the series as committed.  Packs an
# initramfs
# ($BUILD/initramfs-stress) whose test list ends with
#
#   mmap_stress --iterations ITER --threads THREADS --seconds SECONDS
#               --probability PROB --readers READERS ARGS
#
# boots the guest (console: $BUILD/guest-stress/console.log), prints what
# the guest printed and the guest's verdict, then the totals and one line,
# "stress: PASS (...)" or "stress: FAIL (...)".  Exit status 0 only if
# mmap_stress passed every check (leaks included), the guest saw no kernel
# problem (scripts/guest-run.sh: KASAN, lockdep, WARNING, BUG, kmemleak...),
# no "VFS: Busy inodes" message and no test failed.
#
# Counts (environment; `make stress ITER=... SECONDS=...` sets them):
#   STRESS_ITER      runs of the random phase, all threads (default 3000)
#   STRESS_THREADS   threads of the random and concurrency phases (default 4)
#   STRESS_SECONDS   length of the concurrency phase (default 120)
#   STRESS_PROB      percent of the runs and calls with a fault (default 50)
#   STRESS_READERS   /proc/self/maps readers (default 2)
#   STRESS_ARGS      more mmap_stress options (--seed N, --no-sweep,
#                    --exclude KIND/SCENARIO, --verbose)
#   GUEST_TIMEOUT    default 600 s + SECONDS + ITER / 10
# The exhaustive fail-nth sweep always runs first unless ARGS has --no-sweep.

. "$(dirname "$0")/lib.sh"

iter=${STRESS_ITER:-3000}
threads=${STRESS_THREADS:-4}
seconds=${STRESS_SECONDS:-120}
prob=${STRESS_PROB:-50}
readers=${STRESS_READERS:-2}
args=${STRESS_ARGS:-}
for v in iter threads seconds prob readers; do
	[[ ${!v} =~ ^[0-9]+$ ]] || die "stress: ${v^^} must be a number, not '${!v}'"
done
if [ "$threads" -lt 1 ] || [ "$threads" -gt 16 ]; then
	die "stress: THREADS must be 1-16"
fi
[ "$readers" -le 8 ] || die "stress: READERS must be 0-8"
[ "$prob" -le 100 ] || die "stress: PROB must be 0-100"

obj=$BUILD/obj-debug
wt=$BUILD/check/head
[ -d "$LINUX/.git" ] || die "$LINUX is not a git tree (run 'make tree')"
head=$(git -C "$LINUX" rev-parse HEAD)
linux_worktree "$wt" "$head"
log "stress: debug guest kernel of HEAD ${head:0:12}"
SRC=$wt OBJ=$obj "$TOP/scripts/guest-build.sh" debug ||
	die "stress: FAIL (the debug guest kernel does not build)"

tests=$BUILD/stress-tests
cmd="/bin/mmap_stress --iterations $iter --threads $threads --seconds $seconds"
cmd+=" --probability $prob --readers $readers${args:+ $args}"
mkdir -p "$tests"
printf '# make stress\nmmap_stress %s\n' "$cmd" > "$tests/tests.list"
INITRAMFS_OUT=$BUILD/initramfs-stress INITRAMFS_EXTRA=$tests \
	"$TOP/scripts/initramfs.sh"

out=$BUILD/guest-stress
console=$out/console.log
timeout=${GUEST_TIMEOUT:-$((600 + seconds + iter / 10))}
log "stress: mmap_stress $cmd"
rm -f "$console"
rc=0
OBJ=$obj INITRD=$BUILD/initramfs-stress/initramfs.cpio.gz GUEST_OUT=$out \
	GUEST_TIMEOUT=$timeout "$TOP/scripts/guest-run.sh" debug || rc=$?
[ -f "$console" ] || die "stress: FAIL (the guest did not start: no $console)"

# --- the verdict ------------------------------------------------------------

reasons=()
[ "$rc" -eq 0 ] || reasons+=("the debug guest failed (scripts/guest-run.sh, above)")
totals=$(grep -o 'mmap_stress: totals: .*' "$console" | tail -n 1 || true)
result=$(grep -oE 'mmap_stress: (PASS|FAIL.*)$' "$console" | tail -n 1 || true)
if [ -z "$totals" ] || [ -z "$result" ]; then
	reasons+=("mmap_stress did not print its totals (crashed? killed?)")
elif [ "$result" != "mmap_stress: PASS" ]; then
	reasons+=("${result#mmap_stress: }")
fi
busy=$(grep -c 'VFS: Busy inodes after unmount' "$console" || true)
[ "$busy" -eq 0 ] || reasons+=("$busy 'VFS: Busy inodes after unmount' message(s)")
leaks=$(awk '/^KMEMLEAK-BEGIN/ { on = 1; next } /^KMEMLEAK-END/ { on = 0 }
	on && /unreferenced object/' "$console" | wc -l)

printf '\n'
grep -E '^mmap_stress: (seed|EXCLUDED|sweep:|random:|after the|leak check|umount|runs judged|  |failed calls|concurrency:)' \
	"$console" || true
[ -z "$totals" ] || printf '%s\n' "$totals"
printf 'kmemleak: %s unreferenced object(s); console: %s\n' "$leaks" "$console"
if [ ${#reasons[@]} -ne 0 ]; then
	why=$(printf '%s; ' "${reasons[@]}")
	printf 'stress: FAIL (%s)\n' "${why%; }"
	exit 1
fi
printf 'stress: PASS (%s; no kernel report, kmemleak %s)\n' \
	"${totals#mmap_stress: totals: }" "$leaks"
