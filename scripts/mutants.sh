#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# mutants.sh - the mutation gate of the series' core code (`make mutants`,
# stage mutants of `make check`).
#
# Each file tests/mutants/NN-name.sed is a GNU sed script that breaks one
# thing in the series' own code (mm/vma_desc.c, mm/vma.c); its first line is
# "# FILE: what it breaks", FILE relative to the kernel tree (see
# tests/mutants/README).  First, every mutant must still change its FILE in
# build/linux HEAD: a stale one is an error, and nothing is built.  Then, in
# scratch worktrees of HEAD ($BUILD/mutants/wt, and wt-2... for the other
# workers), the unmutated VMA harness must build and pass, and for each
# mutant:
#
#   1. apply it to FILE (sed -i) and check that FILE changed;
#   2. build the userland VMA harness (tools/testing/vma) and run it: the
#      mutant is killed if the build fails or the harness does not pass;
#   3. only with MUTANTS_KUNIT=1, for a mutant the harness did not kill: the
#      KUnit suite (mm/tests/.kunitconfig, UML), killed if it does not pass;
#   4. restore FILE (git checkout).
#
# Prints a table "| mutant | killed by | detail |", then exactly
# "mutants: N killed, M survived" as the last line on stdout; the exit status
# is 1 if a mutant survived (a test is missing) or anything went wrong.
#
# Usage: scripts/mutants.sh [MUTANT...]   (files, or names such as
# 07-rule-may-twin-removed; default: every tests/mutants/[0-9]*.sed).
# Environment:
#   MUTANTS_REV      the commit of build/linux to test (default HEAD)
#   MUTANTS_JOBS     mutants built and run at a time, each in its own
#                    worktree (default: $JOBS, the number of CPUs)
#   MUTANTS_KUNIT=1  the KUnit second layer (minutes per surviving mutant)
#   MUTANTS_TIMEOUT  seconds one harness run may take (default 300)
#   MUTANTS_APPLY    a patch (git apply) of test additions applied to the
#                    worktrees first, to see which mutants it kills; it may
#                    not touch a file that a mutant mutates
# Logs, and the diff of each mutant: $BUILD/mutants/log/.

. "$(dirname "$0")/lib.sh"

MUTANTS_DIR=$TOP/tests/mutants
MUT=$BUILD/mutants
LOGS=$MUT/log
RESULTS=$MUT/results
REV=${MUTANTS_REV:-HEAD}
KUNIT=${MUTANTS_KUNIT:-0}
TIMEOUT=${MUTANTS_TIMEOUT:-300}
APPLY=${MUTANTS_APPLY:-}
HARNESS=tools/testing/vma
KUNITCONFIG=mm/tests/.kunitconfig

export CCACHE_MAXSIZE=${CCACHE_MAXSIZE:-5G}
export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$BUILD}
export CCACHE_NOHASHDIR=${CCACHE_NOHASHDIR:-1}
# ccache: the harness's objects other than vma.o are the same for every
# mutant, and a rerun finds vma.o of each mutant in the cache.
HARNESS_CC=gcc
command -v ccache >/dev/null && HARNESS_CC="ccache gcc"

need git sed make timeout flock cmp

# --- helpers --------------------------------------------------------------------

# mutant_file NAME-OR-PATH: the path of a mutant.
mutant_file() {
	case $1 in
	*/*|*.sed) printf '%s\n' "$1" ;;
	*) printf '%s\n' "$MUTANTS_DIR/$1.sed" ;;
	esac
}

# mutant_target FILE: the kernel file named by the mutant's first line.
mutant_target() {
	sed -n '1s/^# \([^ :]*\): .*/\1/p' "$1"
}

# mutant_what FILE: what the mutant breaks (the rest of its first line).
mutant_what() {
	sed -n '1s/^# [^ :]*: //p' "$1"
}

# worktree DIR: make DIR a detached worktree of build/linux at $sha with
# every tracked file as committed (an interrupted run may have left a mutant
# applied), plus $APPLY; ignored build outputs are kept, so that the
# harness's shared objects are not rebuilt.
worktree() {
	local dir=$1

	if ! git -C "$LINUX" worktree list --porcelain |
		grep -qxF "worktree $dir" || [ ! -e "$dir/.git" ]; then
		rm -rf "$dir"
		git -C "$LINUX" worktree prune
		log "creating the worktree $dir"
		git -C "$LINUX" worktree add -q --detach "$dir" "$sha" ||
			die "git worktree add $dir failed (see above); remove $dir and run 'git -C $LINUX worktree prune'"
	fi
	git -C "$dir" checkout -q -f --detach "$sha" ||
		die "cannot check out ${sha:0:12} in $dir; remove $dir and rerun"
	git -C "$dir" diff --quiet HEAD ||
		die "$dir still differs from ${sha:0:12} after checkout -f; remove $dir and rerun"
	if [ -n "$APPLY" ]; then
		git -C "$dir" apply "$APPLY" ||
			die "MUTANTS_APPLY: $APPLY does not apply to build/linux ${sha:0:12} (see above); make it against that commit"
	fi
}

# build_harness DIR LOG: build the VMA harness in the tree DIR.  vma.o and
# vma are removed first: every mutant changes a file that vma.c includes,
# and make must not be left to judge that by timestamps alone.
build_harness() {
	rm -f "$1/$HARNESS/vma.o" "$1/$HARNESS/vma"
	make -C "$1/$HARNESS" CC="$HARNESS_CC" > "$2" 2>&1
}

# run_harness DIR LOG: run it; sets $verdict (pass, fail) and $detail.
run_harness() {
	local rc=0 summary failed

	(cd "$1/$HARNESS" && timeout "$TIMEOUT" ./vma) >> "$2" 2>&1 || rc=$?
	summary=$(grep -E '^[0-9]+ tests run, [0-9]+ passed, [0-9]+ failed\.$' "$2" | tail -n 1 || true)
	failed=$(sed -n 's/^Test \([a-z0-9_]*\) FAILED$/\1/p' "$2" | paste -sd' ' - | sed 's/ /, /g')
	if [ "$rc" -eq 0 ] && [[ $summary == *", 0 failed." ]]; then
		verdict=pass
		detail=$summary
		return 0
	fi
	verdict=fail
	if [ "$rc" -eq 124 ]; then
		detail="timed out after ${TIMEOUT}s${failed:+ (failed before: $failed)}"
	elif [ -n "$failed" ]; then
		detail="failed: $failed"
	elif grep -qE 'ERROR: (Address|Leak)Sanitizer|runtime error:' "$2"; then
		detail="$(grep -m1 -oE '(ERROR: (Address|Leak)Sanitizer: [A-Za-z-]+|runtime error: .*)' "$2" | sed 's/^ERROR: //') (exit $rc)"
	elif [ -n "$summary" ]; then
		detail="exit $rc after: $summary"
	else
		detail="exit $rc, no summary"
	fi
}

# run_kunit DIR BUILDDIR LOG: the KUnit suite on the tree DIR as it is; sets
# $verdict and $detail like run_harness.
run_kunit() {
	local rc=0 complete

	(cd "$1" && python3 tools/testing/kunit/kunit.py run \
		--kunitconfig="$1/$KUNITCONFIG" --build_dir="$2" \
		--jobs="$kunit_jobs" --make_options "CC=ccache gcc") > "$3" 2>&1 || rc=$?
	complete=$(sed 's/\x1b\[[0-9;]*m//g' "$3" |
		grep -o 'Testing complete\. Ran [0-9]* tests.*' | tail -n 1 || true)
	case $rc:$complete in
	0:*failed:*|0:*crashed:*|0:*errors:*|0:) ;;
	0:*)
		verdict=pass
		detail=${complete#Testing complete. }
		return 0
		;;
	esac
	verdict=fail
	if [ -n "$complete" ]; then
		detail=${complete#Testing complete. }
	elif grep -q 'error:' "$3"; then
		detail="does not build: $(grep -m1 'error:' "$3" | sed 's/^[^ ]* //')"
	else
		detail="kunit.py exit $rc, did not complete"
	fi
}

# worker K: set up worktree K (wt for the first, wt-K for the others),
# check the unmutated harness there, then test every mutant whose index is
# K modulo $jobs, writing "KILLED-BY<TAB>DETAIL" to $RESULTS/NAME.
worker() {
	local k=$1 dir=$MUT/wt kdir=$MUT/kunit i=0 m name target mlog by

	if [ "$k" -gt 1 ]; then
		dir=$MUT/wt-$k
		kdir=$MUT/kunit-$k
	fi
	worktree "$dir"
	# The unmutated tree must pass, or every mutant would look killed.
	if ! build_harness "$dir" "$LOGS/unmutated-$k.log"; then
		tail -n 20 "$LOGS/unmutated-$k.log" >&2
		die "the VMA harness of ${sha:0:12}${APPLY:+ + $APPLY} does not build without a mutant (log: $LOGS/unmutated-$k.log); fix that first (STAGES=harness make check)"
	fi
	run_harness "$dir" "$LOGS/unmutated-$k.log"
	[ "$verdict" = pass ] ||
		die "the VMA harness of ${sha:0:12}${APPLY:+ + $APPLY} fails without a mutant ($detail; log: $LOGS/unmutated-$k.log); fix that first (STAGES=harness make check)"
	log "worker $k: the unmutated harness passes in $dir ($detail)"
	if [ "$KUNIT" = 1 ]; then
		run_kunit "$dir" "$kdir" "$LOGS/unmutated-kunit-$k.log"
		[ "$verdict" = pass ] ||
			die "the KUnit suite of ${sha:0:12} fails without a mutant ($detail; log: $LOGS/unmutated-kunit-$k.log); fix that first (STAGES=kunit make check), or run without MUTANTS_KUNIT=1"
	fi

	for m in "${mutants[@]}"; do
		i=$((i + 1))
		[ $(( (i - 1) % jobs + 1 )) -eq "$k" ] || continue
		name=$(basename "$m" .sed)
		target=$(mutant_target "$m")
		mlog=$LOGS/$name.log
		sed -i -f "$m" "$dir/$target"
		git -C "$dir" diff -- "$target" > "$LOGS/$name.diff"
		# Checked on the committed file before; the worktree must agree.
		[ -s "$LOGS/$name.diff" ] ||
			die "$name did not change $dir/$target; remove $dir and rerun"

		by=
		if ! build_harness "$dir" "$mlog"; then
			by=build
			detail="does not build: $(grep -m1 -E 'error:' "$mlog" | sed -E 's|^.*/(mm/[^:]*):([0-9]+):[0-9]+: |\1:\2: |' || true)"
		else
			run_harness "$dir" "$mlog"
			[ "$verdict" = pass ] || by=harness
		fi
		if [ -z "$by" ] && [ "$KUNIT" = 1 ]; then
			log "[$i/${#mutants[@]}] $name: the harness passes; KUnit"
			run_kunit "$dir" "$kdir" "$LOGS/$name-kunit.log"
			[ "$verdict" = pass ] || by=kunit
		fi
		git -C "$dir" checkout -q -- "$target"
		git -C "$dir" diff --quiet -- "$target" ||
			die "cannot restore $target in $dir after $name; remove $dir and rerun"

		if [ -n "$by" ]; then
			log "[$i/${#mutants[@]}] $name: killed by $by ($detail)"
		else
			by=SURVIVED
			detail=$(mutant_what "$m")
			log "[$i/${#mutants[@]}] $name: SURVIVED: no test fails when $detail (diff: $LOGS/$name.diff)"
		fi
		printf '%s\t%s\n' "$by" "$detail" > "$RESULTS/$name"
	done
}

# --- the run --------------------------------------------------------------------

git -C "$LINUX" rev-parse -q --verify 'base^{commit}' > /dev/null ||
	die "$LINUX is not the kernel tree with a base tag: run 'make tree' first"
sha=$(git -C "$LINUX" rev-parse -q --verify "$REV^{commit}") ||
	die "no commit '$REV' in $LINUX (MUTANTS_REV)"
if [ -n "$APPLY" ]; then
	[ -f "$APPLY" ] || die "MUTANTS_APPLY: no such patch: $APPLY"
	APPLY=$(cd "$(dirname "$APPLY")" && pwd)/$(basename "$APPLY")
fi

if [ $# -gt 0 ]; then
	mutants=()
	for m in "$@"; do
		mutants+=("$(mutant_file "$m")")
	done
else
	mapfile -t mutants < <(find "$MUTANTS_DIR" -maxdepth 1 -name '[0-9]*.sed' | sort)
fi
[ ${#mutants[@]} -gt 0 ] || die "no mutants in $MUTANTS_DIR (tests/mutants/NN-name.sed)"
jobs=${MUTANTS_JOBS:-$JOBS}
[[ $jobs =~ ^[1-9][0-9]*$ ]] || die "MUTANTS_JOBS must be a positive number, not '$jobs'"
[ "$jobs" -le ${#mutants[@]} ] || jobs=${#mutants[@]}
# The CPUs, shared by the workers' KUnit builds.
kunit_jobs=$(( JOBS / jobs ))
[ "$kunit_jobs" -ge 1 ] || kunit_jobs=1

mkdir -p "$MUT" "$LOGS"
exec 9> "$MUT/.lock"
flock -n 9 || die "another scripts/mutants.sh is running (lock $MUT/.lock); wait for it to finish"
rm -rf "$RESULTS"
mkdir -p "$RESULTS"

t_start=$(date +%s)
log "${#mutants[@]} mutant(s) of build/linux ${sha:0:12} ($(git -C "$LINUX" log -1 --format=%s "$sha"))${APPLY:+ + $APPLY}, $jobs at a time"

# Every mutant must name a file of the tree and change it: a stale mutant
# fails the run before anything is built.
bad=()
targets=()
for m in "${mutants[@]}"; do
	name=$(basename "$m" .sed)
	if [ ! -f "$m" ]; then
		bad+=("$name: no such mutant ($m)")
		continue
	fi
	target=$(mutant_target "$m")
	if [ -z "$target" ] || [ -z "$(mutant_what "$m")" ]; then
		bad+=("$name: its first line is not '# FILE: what it breaks'")
		continue
	fi
	if ! git -C "$LINUX" cat-file -e "$sha:$target" 2> /dev/null; then
		bad+=("$name: $target is not in build/linux ${sha:0:12}")
		continue
	fi
	targets+=("$target")
	if ! git -C "$LINUX" show "$sha:$target" | sed -f "$m" > "$MUT/applied" 2> "$MUT/applied.err"; then
		bad+=("$name: sed fails on it: $(head -n 1 "$MUT/applied.err")")
		continue
	fi
	if git -C "$LINUX" show "$sha:$target" | cmp -s - "$MUT/applied"; then
		bad+=("$name: STALE, it no longer changes $target (the code it mutates changed)")
	fi
done
rm -f "$MUT/applied" "$MUT/applied.err"
if [ ${#bad[@]} -gt 0 ]; then
	printf 'error: %s\n' "${bad[@]}" >&2
	die "${#bad[@]} mutant(s) cannot be applied to build/linux ${sha:0:12}: update them in tests/mutants/ (sed -f MUTANT FILE must change FILE), or delete the ones whose code is gone"
fi
if [ -n "$APPLY" ]; then
	for f in $(git -C "$LINUX" apply --numstat "$APPLY" | cut -f3); do
		[[ " ${targets[*]} " != *" $f "* ]] ||
			die "MUTANTS_APPLY: $APPLY changes $f, which mutants mutate (a mutant is undone with git checkout): keep test additions to the tests"
	done
fi

pids=()
for k in $(seq 1 "$jobs"); do
	worker "$k" &
	pids+=($!)
done
failed_workers=0
for p in "${pids[@]}"; do
	wait "$p" || failed_workers=$((failed_workers + 1))
done
[ "$failed_workers" -eq 0 ] ||
	die "$failed_workers worker(s) stopped (the first error above says why); nothing is judged"

killed=0
survived=0
weak=()
printf '| mutant | killed by | detail |\n|---|---|---|\n'
for m in "${mutants[@]}"; do
	name=$(basename "$m" .sed)
	[ -f "$RESULTS/$name" ] || die "no result for $name (a worker skipped it?)"
	IFS=$'\t' read -r by detail < "$RESULTS/$name"
	case $by in
	SURVIVED) survived=$((survived + 1)) ;;
	build) killed=$((killed + 1)); weak+=("$name") ;;
	*) killed=$((killed + 1)) ;;
	esac
	printf '| %s | %s | %s |\n' "$name" "$by" "${detail//|/\\|}"
done
echo
if [ ${#weak[@]} -gt 0 ]; then
	echo "killed only because it does not build (weak: prefer mutants that compile): ${weak[*]}"
fi
if [ "$survived" -gt 0 ]; then
	echo "SURVIVED: $survived mutant(s): no test notices what they break; add a test that fails on each (its diff: $LOGS/NAME.diff; rerun one: scripts/mutants.sh NAME)"
fi
layers=harness
[ "$KUNIT" != 1 ] || layers="harness, then KUnit"
echo "time: $(( $(date +%s) - t_start ))s for ${#mutants[@]} mutant(s), $jobs at a time ($layers)"
echo "mutants: $killed killed, $survived survived"
if [ "$survived" -ne 0 ]; then
	exit 1
fi
