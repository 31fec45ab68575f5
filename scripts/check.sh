#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# check.sh - the test suite of the series (`make check`).
#
# Stages, in order (each a function stage_<name> below):
#
#   workspace    the workspace's own scripts (tests/workspace/run.sh, seconds):
#                scripts/deps.sh against stubs of dpkg-query, apt-get,
#                apt-cache, sudo and id; scripts/tree.sh's import and refusals
#                and scripts/export.sh's determinism on a tiny fake base; no
#                ShellCheck finding in scripts/*.sh, guest/init and the tests.
#                It needs neither build/linux nor the tree stage
#   tree         scripts/tree.sh: build/linux = base + patches/series
#   series       patches/ is what a distro or b4 user gets: series file and
#                directory agree, the cover letter names the pinned base,
#                re-exporting changes no byte, both git am and quilt
#                push -a on the base give HEAD's tree, and series-lint.py:
#                [PATCH vN NN/MM] subjects, a changelog naming every patch
#                changed since versions/v<N-1>, Fixes: + Cc: stable fixes
#                first
#   checkpatch   checkpatch.pl --strict on every patch, minus checkpatch-allow.txt
#   fsbuild      every C file the series touches that
#                configs/fs-coverage.config builds (every converted file
#                system and driver; which ones: make's dry run of vmlinux)
#                compiles as an object of that configuration (no whole
#                kernel), and W=1 on them gives no warning the base does not
#                have (fs/hostfs: UML)
#   bisect       every commit of base..HEAD, incrementally: the kernel of
#                guest.config + fs-guest.config builds (a header change
#                recompiles the series' own objects that include it, see
#                stage_bisect; HEAD is then rebuilt exactly) and the VMA
#                harness passes; the commit's C files that this kernel does
#                not build and fs-coverage.config does: those objects
#   harness      tools/testing/vma on HEAD
#   mutants      the mutation gate (scripts/mutants.sh, also `make mutants`):
#                each mutant of tests/mutants/ breaks one thing in the
#                series' own code (mm/vma_desc.c, mm/vma.c), and the VMA
#                harness of HEAD, built in worktrees of its own
#                ($BUILD/mutants/wt...), must fail on every one; a survivor
#                is a missing test, a mutant that no longer applies an error
#   guest-debug  debug guest kernel (KASAN, lockdep, kmemleak...) from HEAD
#                (built in the background from the first stage after tree
#                on, see prebuild_start),
#                booted under QEMU: the series' KUnit suite at boot, the demo,
#                the series' kselftests (configs/selftests-series.list) and
#                the tests of configs/debug.tests (the short run of
#                guest/mmap_stress: fail-nth sweep, concurrency, leak checks);
#                any failed test or kernel report fails it
#   selftests    the base and the patched kernel of stage bisect (guest.config
#                + fs-guest.config) run the
#                same 6.12 mm selftests (configs/selftests-compare.list, built
#                from the base), booted without address randomisation; a
#                table side by side; a test that passes on base and fails on
#                patched is rerun $SELFTESTS_RERUNS (10) times on each kernel
#                and fails the stage if it fails again on patched and never
#                on base
#   kunit        kunit.py run for every kunitconfig in configs/kunit.list
#   docs         kernel-doc on the C files the series touches (no warning
#                that the base does not have) and Sphinx htmldocs of the
#                Documentation/ directories it touches (no warning naming
#                a file of the series)
#   cocci        scripts/coccinelle/api/mmap_prepare.cocci in report mode on
#                the files whose ->mmap initialisers the series converts: on
#                the base it reports each of them (as convertible, or as
#                blocked for those converted by hand), on HEAD none of them
#                reappears
#   fsguest      the kernel of stage bisect (guest.config + fs-guest.config)
#                at HEAD booted with a disk of each
#                of xfs, btrfs, squashfs, erofs, ext2, exfat, f2fs, udf,
#                nilfs2 and ntfs3 besides ext4, and ext4 and xfs with DAX on
#                legacy pmem (scripts/fs-guest.sh): on each of them and tmpfs,
#                adjacent mappings merge (with VM_HUGEPAGE on DAX), data reads
#                back, MAP_SHARED writes reach the file, a binary there runs
#   census       census/mmap-handlers.md is what scripts/census.sh generates
#                from HEAD, and the cover letter carries its summary line
#   nommu        riscv64 nommu_virt_defconfig (+ romfs) kernel of HEAD,
#                booted under qemu-system-riscv64 (TCG) with guest/nommu/init.c
#                as /init: ramfs and romfs files mapped, read and written
#
# STAGES="checkpatch harness" runs a subset; the tree stage then runs only if
# it is named, otherwise build/linux is tested as it is.  If the tree stage
# fails, the stages after it are not run (workspace, which does not use
# build/linux, runs whenever it is named).
#
# Every stage logs to $BUILD/check/<stage>.log and prints "PASS <stage>" or
# "FAIL <stage>" with a one-line reason; the last line is
# "check: N passed, N failed" and the exit status is 1 if any stage failed.
# Stage durations go to $BUILD/check/timings.txt.
#
# The stages never build inside build/linux: HEAD is checked out in the git
# worktree $BUILD/check/head (and each commit in $BUILD/check/bisect), so
# uncommitted edits in build/linux never leak into the results.

. "$(dirname "$0")/lib.sh"

ALL_STAGES="workspace tree series checkpatch fsbuild bisect harness mutants guest-debug selftests kunit docs fsguest cocci census nommu"
CHECK=$BUILD/check
HEAD_WT=$CHECK/head
BISECT_WT=$CHECK/bisect
SERIES_WT=$CHECK/series
KUNIT_LIST=${KUNIT_LIST:-$TOP/configs/kunit.list}
ALLOW=${CHECKPATCH_ALLOW:-$TOP/checkpatch-allow.txt}
# A full nommu vmlinux takes about 4 min cold here (under the 6 min budget);
# NOMMU_FULL=0 builds only the directories that matter for the series.
NOMMU_FULL=${NOMMU_FULL:-1}
NOMMU_DIRS="mm/ fs/ ipc/ kernel/"

export CCACHE_MAXSIZE=${CCACHE_MAXSIZE:-5G}
export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$BUILD}
export CCACHE_NOHASHDIR=${CCACHE_NOHASHDIR:-1}
HARNESS_CC=gcc
command -v ccache >/dev/null && HARNESS_CC="ccache gcc"

# --- helpers for the stages ------------------------------------------------

# A progress line on the terminal (fd 8) and in the stage's log.
progress() {
	log "$@"
	log "$@" 2>&8
}

# The one-line note (on success) of the current stage; fail sets it as the
# reason and ends the stage (stages run in a subshell).
note() { printf '%s\n' "$*" > "$CHECK/$stage.note"; }
fail() { note "$*"; exit 1; }

# worktree DIR SHA: make DIR a detached worktree of build/linux at SHA.
worktree() { linux_worktree "$@"; }

# harness DIR: build and run tools/testing/vma in the tree DIR; print the
# summary line on stdout; fail if it does not build, fails or has no summary.
harness() {
	local dir=$1 out rc=0 summary

	make -C "$dir/tools/testing/vma" clean >/dev/null 2>&1 || true
	# Through ccache: most commits of stage bisect leave every file the
	# harness compiles unchanged.
	if ! make -C "$dir/tools/testing/vma" -j"$JOBS" CC="$HARNESS_CC" >&2; then
		echo "the VMA harness does not build"
		return 1
	fi
	out=$(cd "$dir/tools/testing/vma" && ./vma 2>&1) || rc=$?
	printf '%s\n' "$out" >&2
	summary=$(printf '%s\n' "$out" | grep -E '^[0-9]+ tests run, [0-9]+ passed, [0-9]+ failed\.$' | tail -n 1 || true)
	if [ -z "$summary" ]; then
		echo "the VMA harness printed no summary (exit $rc)"
		return 1
	fi
	echo "$summary"
	[ "$rc" -eq 0 ] && [[ $summary == *", 0 failed." ]]
}

# --- stages -------------------------------------------------------------------

# Not build/linux: tests/workspace makes its own fake base in a temporary
# directory.
stage_workspace() {
	local out rc=0 summary

	out=$("$TOP/tests/workspace/run.sh" 2>&1) || rc=$?
	printf '%s\n' "$out"
	summary=$(printf '%s\n' "$out" | grep -E '^workspace: [0-9]+ passed, [0-9]+ failed$' | tail -n 1 || true)
	[ -n "$summary" ] || fail "tests/workspace/run.sh printed no summary (exit $rc)"
	if [ "$rc" -ne 0 ]; then
		fail "${summary#workspace: }: $(printf '%s\n' "$out" | sed -n 's/^not ok [0-9]* - //p' | paste -sd';' - | sed 's/;/; /g') (rerun: tests/workspace/run.sh WORD)"
	fi
	note "${summary#workspace: }: deps.sh, tree.sh, export.sh, series-lint.py, shellcheck"
}

stage_tree() {
	"$TOP/scripts/tree.sh" || fail "scripts/tree.sh failed (build/linux is not base + patches/)"
	note "build/linux = base + $(series_list | wc -l) patch(es), HEAD $(git -C "$LINUX" rev-parse --short=12 HEAD)"
}

# tree_of DIR: the git tree object of DIR's files (tracked or not, minus
# quilt's .pc), without touching DIR's own index.
tree_of() {
	local idx

	idx=$(mktemp "$CHECK/index.XXXXXX")
	rm -f "$idx"
	(
		export GIT_INDEX_FILE=$idx
		git -C "$1" add -A -f -- . ':(exclude).pc' >/dev/null
		git -C "$1" write-tree
	)
	rm -f "$idx"
}

stage_series() {
	local patches listed on_disk p want got cover lint

	mapfile -t patches < <(series_list)
	[ ${#patches[@]} -gt 0 ] || fail "patches/series lists no patch"
	# The series file and the directory agree.
	listed=$(printf '%s\n' "${patches[@]}" | sort)
	on_disk=$(cd "$PATCHES" && printf '%s\n' [0-9]*.patch |
		grep -v '^0000-cover-letter\.patch$' | sort)
	if [ "$listed" != "$on_disk" ]; then
		diff <(echo "$listed") <(echo "$on_disk") || true
		fail "patches/series and the patches in patches/ differ"
	fi
	# The cover letter names the pinned base.
	cover=$PATCHES/0000-cover-letter.patch
	[ -f "$cover" ] || fail "no $cover"
	grep -qx "base-commit: $BASE_COMMIT" "$cover" ||
		fail "the cover letter's base-commit is not BASE_COMMIT ($BASE_COMMIT)"
	grep -qF "$PACKAGE_VERSION" "$cover" ||
		fail "the cover letter does not name the Debian base $PACKAGE_VERSION"
	# The form a list and a stable maintainer expect: the version in
	# every subject, a changelog naming each patch changed since the
	# previous version, Fixes: tags of the right form on fixes that come
	# first.
	lint=$("$TOP/scripts/series-lint.py" "$PATCHES" "$TOP/cover-letter.txt" \
		"$TOP/VERSION" "$TOP/versions") || {
		printf '%s\n' "$lint"
		fail "the series' form (series-lint.py, above)"
	}
	printf '%s\n' "$lint"
	lint=${lint##*series-lint: OK (}
	lint=${lint%)}
	# Deterministic export: build/linux re-exports to the same bytes.
	"$TOP/scripts/export.sh" --check ||
		fail "re-exporting build/linux changes patches/ (not deterministic?)"

	want=$(git -C "$LINUX" rev-parse "$HEAD_SHA^{tree}")

	# git am, the way a b4/git user applies the series.
	worktree "$SERIES_WT" base
	git -C "$SERIES_WT" clean -q -f -d -x
	for p in "${patches[@]}"; do
		echo "git am $p"
		(base_env; git -C "$SERIES_WT" am -q "$PATCHES/$p") || {
			git -C "$SERIES_WT" am --abort || true
			fail "git am: $p does not apply to the base"
		}
	done
	got=$(git -C "$SERIES_WT" rev-parse 'HEAD^{tree}')
	[ "$got" = "$want" ] || fail "git am of patches/ gives tree $got, build/linux HEAD has $want"

	# quilt, the way a distro applies it (debian/patches).
	need quilt
	worktree "$SERIES_WT" base
	git -C "$SERIES_WT" clean -q -f -d -x
	(cd "$SERIES_WT" && QUILT_PATCHES=$PATCHES QUILTRC=- \
		quilt push -a --fuzz=0 -q) || fail "quilt push -a --fuzz=0 failed (see the log)"
	got=$(tree_of "$SERIES_WT")
	rm -rf "$SERIES_WT/.pc"
	[ "$got" = "$want" ] || fail "quilt push -a gives tree $got, build/linux HEAD has $want"
	note "${#patches[@]} patch(es): git am and quilt push -a give HEAD's tree, export is reproducible; $lint"
}

# Parse checkpatch-allow.txt into allow_glob/allow_type/allow_used.
read_allow_list() {
	local n=0 glob type reason bad=0

	allow_glob=() allow_type=() allow_used=()
	[ -f "$ALLOW" ] || return 0
	while read -r glob type reason; do
		n=$((n + 1))
		case $glob in ''|'#'*) continue ;; esac
		if [ -z "$type" ] || [ -z "$reason" ]; then
			echo "checkpatch-allow.txt:$n: entry without a type and a reason: '$glob $type'"
			bad=$((bad + 1))
			continue
		fi
		allow_glob+=("$glob")
		allow_type+=("$type")
		allow_used+=(0)
	done < "$ALLOW"
	[ "$bad" -eq 0 ] || fail "checkpatch-allow.txt: $bad entr(y/ies) without a reason"
}

stage_checkpatch() {
	local patches p out level type msg where i allowed bad=() allowed_n=0

	read_allow_list
	mapfile -t patches < <(series_list)
	if [ ${#patches[@]} -eq 0 ]; then
		note "no patches in patches/series"
		return 0
	fi
	for p in "${patches[@]}"; do
		[ -f "$PATCHES/$p" ] || fail "patches/series lists $p, which does not exist"
		echo "=== $p"
		# checkpatch looks commit ids up with git in the current
		# directory; its SPDX check runs scripts/spdxcheck.py with the
		# python3 first in PATH, which needs ply and git (Debian's).
		out=$(cd "$LINUX" && PATH=/usr/bin:$PATH \
			scripts/checkpatch.pl --strict --show-types \
			"$PATCHES/$p" 2>&1) || true
		printf '%s\n' "$out"
		grep -q '^total: [0-9]* errors' <<< "$out" ||
			fail "checkpatch did not finish on $p"
		! grep -q '^Traceback' <<< "$out" ||
			fail "a checkpatch helper crashed on $p (python3-ply, python3-git missing?)"
		# "LEVEL:TYPE: message", then the location on the next line.
		while IFS=$'\t' read -r level type msg where; do
			allowed=0
			for i in "${!allow_glob[@]}"; do
				# shellcheck disable=SC2053 # the entry is a glob
				if [[ $p == ${allow_glob[$i]} ]] && [ "$type" = "${allow_type[$i]}" ]; then
					allowed=1
					allow_used[i]=1
				fi
			done
			if [ "$allowed" = 1 ]; then
				allowed_n=$((allowed_n + 1))
				continue
			fi
			bad+=("$p: $level:$type: $msg [$where]")
		done < <(awk '
			# "LEVEL:TYPE: message", "#N: FILE: f:l:" or "#N: " + text
			function flush(where) {
				if (msg != "") print msg "\t" where
				msg = ""; loc = ""
			}
			/^(ERROR|WARNING|CHECK):[A-Z0-9_]+: / {
				flush(loc)
				split($0, f, ":")
				rest = $0; sub(/^[A-Z]+:[A-Z0-9_]+: /, "", rest)
				msg = f[1] "\t" f[2] "\t" rest
				next
			}
			msg != "" && loc == "" && /^#[0-9]+: *$/ { loc = $0; next }
			msg != "" { flush(loc $0) }
			END { flush(loc) }' <<< "$out")
	done
	for i in "${!allow_glob[@]}"; do
		[ "${allow_used[$i]}" = 1 ] ||
			echo "note: checkpatch-allow.txt entry '${allow_glob[$i]} ${allow_type[$i]}' matched nothing (stale?)" >&2
	done
	if [ ${#bad[@]} -gt 0 ]; then
		printf '\nMessages not in checkpatch-allow.txt:\n'
		printf '  %s\n' "${bad[@]}"
		fail "${#bad[@]} checkpatch message(s) not in checkpatch-allow.txt"
	fi
	note "${#patches[@]} patch(es) clean under --strict ($allowed_n allowed message(s))"
}

# includers OBJDIR FILE...: the objects of OBJDIR whose recorded
# dependencies (kbuild's .*.o.cmd) name one of the source files FILE (paths
# relative to the source tree), one per line.
includers() {
	local objdir=$1 f pats=()

	shift
	for f in "$@"; do
		pats+=(-e "/${f//./\\.}( \\\\)?\$")
	done
	grep -rlE --include='.*.o.cmd' "${pats[@]}" "$objdir" 2>/dev/null |
		sed -E "s#^$objdir/##; s#(^|/)\.([^/]*)\.cmd\$#\1\2#" | sort -u
}

# The walk of stage bisect builds every commit incrementally, in one object
# directory.  A commit that changes a header would make make recompile every
# object that includes it: for include/linux/mm.h or fs.h, nearly the whole
# kernel, once per such commit (a cold build each time, as no earlier build
# saw that header).  Instead the walk gives a changed header back an old
# modification time, so that make leaves the objects that include it alone,
# and deletes those of the objects that include it which the series itself
# touches (every C file that any commit changes; those that only the
# fs-coverage configuration builds are compiled as its objects), so that
# exactly these are recompiled against it; the link then goes on with the
# others' objects.
# What that misses: a header change that breaks a file that no commit of the
# series touches and that a later commit repairs without touching that file
# either.  A break that lasts to HEAD is caught: after the walk every object
# that includes a header changed by any commit is recompiled (HEAD's build
# is exact; stages selftests and fsguest boot it), and stage guest-debug
# builds HEAD in another configuration from scratch.  BISECT_EXACT=1 lets
# make rebuild every includer at every commit instead (hours on two cores).
BISECT_OLD=200001010000

stage_bisect() {
	local commits n i=0 sha subject what summary objs light=0 skipped=0
	local changed f hdrs relevant touched inc forced=0 nforced exact=${BISECT_EXACT:-0}
	local all_hdrs obj=$BUILD/obj-bisect hskipped=0 fsinc=()

	mapfile -t commits < <(git -C "$LINUX" rev-list --reverse "base..$HEAD_SHA")
	n=${#commits[@]}
	if [ "$n" -eq 0 ]; then
		note "trivially: no commits on base"
		return 0
	fi
	# Which objects the fs-coverage configuration builds: stage fsbuild's.
	[ -f "$BUILD/obj-fs/.config" ] ||
		fail "no fs-coverage objects in $BUILD/obj-fs: run stage fsbuild first"
	# The objects of every C file the series touches, whichever commit.
	mapfile -t touched < <(git -C "$LINUX" log --format= --name-only \
		--diff-filter=AM "base..$HEAD_SHA" -- '*.c' ':!tools/' \
		':!Documentation/' ':!samples/' ':!scripts/' | sort -u | sed 's/\.c$/.o/')
	# Every header any commit changes (for the exact build of HEAD).
	mapfile -t all_hdrs < <(git -C "$LINUX" log --format= --name-only \
		"base..$HEAD_SHA" -- '*.h' ':!tools/' | sort -u)

	for sha in "${commits[@]}"; do
		i=$((i + 1))
		subject=$(git -C "$LINUX" log -1 --format=%s "$sha")
		what="commit $i/$n ${sha:0:12} (\"$subject\")"
		progress "bisect: [$i/$n] ${sha:0:12} $subject"
		worktree "$BISECT_WT" "$sha"
		mapfile -t changed < <(git -C "$LINUX" diff-tree --no-commit-id \
			--name-only -r "$sha" -- . ':!tools/' ':!Documentation/' \
			':!scripts/coccinelle/' ':!MAINTAINERS')
		hdrs=()
		relevant=0
		for f in "${changed[@]}"; do
			case $f in
			*.h) hdrs+=("$f") ;;
			# A C file the guest kernel does not build.
			*.c) [ -f "$obj/${f%.c}.o" ] && relevant=1 ;;
			# Makefiles, Kconfig, assembly, linker scripts...
			*) relevant=1 ;;
			esac
		done
		if [ ${#hdrs[@]} -gt 0 ] && [ "$i" -gt 1 ] && [ "$exact" != 1 ]; then
			touch -c -t "$BISECT_OLD" "${hdrs[@]/#/$BISECT_WT/}" 2>/dev/null || true
			# The index must agree, or the next checkout -f would
			# write these files again, with a new time.
			git -C "$BISECT_WT" update-index -q --refresh >/dev/null || true
			mapfile -t inc < <(includers "$obj" "${hdrs[@]}")
			[ ${#inc[@]} -gt 0 ] && relevant=1
			# The same for the series' objects that only fs-coverage
			# builds (which of them include it: their HEAD build),
			# where the file exists at this commit.
			mapfile -t fsinc < <(includers "$BUILD/obj-fs" "${hdrs[@]}" |
				while read -r f; do
					[ -f "$obj/$f" ] && continue
					[ -f "$BISECT_WT/${f%.o}.c" ] || continue
					[[ " ${touched[*]} " == *" $f "* ]] && echo "$f"
				done)
			nforced=0
			for f in "${inc[@]}"; do
				[[ " ${touched[*]} " == *" $f "* ]] || continue
				rm -f "$obj/$f"
				nforced=$((nforced + 1))
			done
			forced=$((forced + nforced + ${#fsinc[@]}))
			progress "bisect: [$i/$n] ${hdrs[*]}: ${#inc[@]} object(s) include it, $nforced of them the series' own, and ${#fsinc[@]} of fs-coverage's: those recompiled"
		elif [ ${#hdrs[@]} -gt 0 ]; then
			relevant=1
		fi
		if [ "$i" -gt 1 ] && [ "$relevant" = 0 ]; then
			progress "bisect: [$i/$n] nothing the guest kernel builds changed: the build of the previous commit stands"
			skipped=$((skipped + 1))
		else
			SRC=$BISECT_WT OBJ=$obj "$TOP/scripts/guest-build.sh" fs-guest ||
				fail "$what: the guest kernel does not build"
		fi
		# The commit's C files that the guest kernel does not build
		# but the fs-coverage configuration does (the conversions of
		# other file systems and drivers): their objects.
		mapfile -t objs < <({
			for f in "${changed[@]}"; do
				[[ $f == *.c ]] || continue
				[ -f "$obj/${f%.c}.o" ] && continue
				[ -f "$BUILD/obj-fs/${f%.c}.o" ] && echo "${f%.c}.o"
			done
			printf '%s\n' "${fsinc[@]}"; } | grep . | sort -u)
		fsinc=()
		if [ ${#objs[@]} -gt 0 ]; then
			# make alone would not see a header whose time went back.
			(cd "$BUILD/obj-bisect-fs" 2>/dev/null && rm -f -- "${objs[@]}")
			progress "bisect: [$i/$n] fs-coverage: ${objs[*]}"
			SRC=$BISECT_WT OBJ=$BUILD/obj-bisect-fs TARGETS="${objs[*]}" \
				"$TOP/scripts/guest-build.sh" fs-coverage ||
				fail "$what: ${objs[*]} do(es) not build with fs-coverage.config"
			light=$((light + 1))
		fi
		# The harness compiles mm/vma.c, mm/vma_desc.c, its own files
		# in tools/ and some of include/ and lib/: a commit that
		# changes none of these cannot change its result.
		if [ "$i" -gt 1 ] && git -C "$LINUX" diff-tree --quiet --no-commit-id \
			-r "$sha" -- tools/ mm/ include/ lib/; then
			progress "bisect: [$i/$n] harness: nothing it compiles changed ($summary)"
			hskipped=$((hskipped + 1))
			continue
		fi
		summary=$(harness "$BISECT_WT") ||
			fail "$what: VMA harness: $summary"
		progress "bisect: [$i/$n] harness: $summary"
	done
	# HEAD exactly: every object that includes a header some commit changed
	# is recompiled (stage selftests boots this kernel).
	if [ "$exact" != 1 ] && [ ${#all_hdrs[@]} -gt 0 ]; then
		progress "bisect: HEAD: recompiling every object that includes one of the ${#all_hdrs[@]} header(s) the series changes"
		(cd "$BISECT_WT" && touch -c -- "${all_hdrs[@]}" 2>/dev/null) || true
		SRC=$BISECT_WT OBJ=$obj "$TOP/scripts/guest-build.sh" fs-guest ||
			fail "HEAD: the guest kernel does not build when every includer of the series' headers is recompiled"
	fi
	if [ "$exact" = 1 ]; then
		summary="every includer of a changed header recompiled at each commit (BISECT_EXACT=1)"
	else
		summary="$forced recompilation(s) of the series' own objects for header changes; HEAD then rebuilt exactly"
	fi
	note "$n commit(s): each builds and passes the VMA harness ($light of them also built the files the guest kernel does not, with fs-coverage.config; $skipped changed nothing the guest kernel builds and reused the previous build, $hskipped nothing the harness compiles; $summary)"
}

stage_harness() {
	local summary out line missing=()

	worktree "$HEAD_WT" "$HEAD_SHA"
	summary=$(harness "$HEAD_WT" 2> "$CHECK/harness.out") || {
		cat "$CHECK/harness.out"
		fail "VMA harness on HEAD: $summary"
	}
	out=$(cat "$CHECK/harness.out")
	printf '%s\n' "$out"
	# The size of the run is pinned (configs/harness.expect).
	while IFS= read -r line; do
		case $line in ''|'#'*) continue ;; esac
		grep -qxF -- "$line" <<< "$out" || missing+=("$line")
	done < "$TOP/configs/harness.expect"
	[ ${#missing[@]} -eq 0 ] ||
		fail "the harness did not print what configs/harness.expect pins: $(printf "'%s' " "${missing[@]}")(a test or fault-injection point lost? if tests were added, update the file)"
	note "$summary; $(grep -m1 '^fault injection: ' <<< "$out")"
}

# The mutants are tested in scripts/mutants.sh's own worktrees of HEAD, not
# in $HEAD_WT, so that a mutant never reaches what the other stages build.
stage_mutants() {
	local out rc=0 summary survivors

	out=$(MUTANTS_REV=$HEAD_SHA "$TOP/scripts/mutants.sh" 2>&1) || rc=$?
	printf '%s\n' "$out"
	summary=$(printf '%s\n' "$out" | grep -E '^mutants: [0-9]+ killed, [0-9]+ survived$' | tail -n 1 || true)
	if [ -z "$summary" ]; then
		fail "scripts/mutants.sh stopped (exit $rc): $(printf '%s\n' "$out" | grep '^error: ' | tail -n 1 | sed 's/^error: //')"
	fi
	if [ "$rc" -ne 0 ]; then
		survivors=$(printf '%s\n' "$out" | sed -n 's/^| \([^ ]*\) | SURVIVED | .*/\1/p' | paste -sd' ' -)
		fail "${summary#mutants: }: no test kills ${survivors:-?}: add the missing tests (the mutants' diffs: $BUILD/mutants/log/NAME.diff; rerun: make mutants)"
	fi
	note "${summary#mutants: }; $(printf '%s\n' "$out" | sed -n 's/^time: //p')"
}

stage_guest-debug() {
	local out rc=0

	worktree "$HEAD_WT" "$HEAD_SHA"
	prebuild_wait
	SRC=$HEAD_WT OBJ=$BUILD/obj-debug "$TOP/scripts/guest-build.sh" debug ||
		fail "the debug guest kernel does not build"
	SRC=$HEAD_WT "$TOP/scripts/selftests-build.sh" \
		"$TOP/configs/selftests-series.list" "$CHECK/st-series" ||
		fail "the series' kselftests do not build"
	# The tests only this guest can run (fault injection, debugfs).
	mkdir -p "$CHECK/debug-tests"
	cp "$TOP/configs/debug.tests" "$CHECK/debug-tests/tests.list"
	INITRAMFS_OUT=$BUILD/initramfs-check \
		INITRAMFS_EXTRA="$CHECK/st-series $CHECK/debug-tests" \
		"$TOP/scripts/initramfs.sh" || fail "initramfs.sh failed"
	out=$(OBJ=$BUILD/obj-debug INITRD=$BUILD/initramfs-check/initramfs.cpio.gz \
		GUEST_SKIPS=$TOP/configs/debug.skips \
		"$TOP/scripts/guest-run.sh" debug 2>&1) || rc=$?
	printf '%s\n' "$out"
	if [ "$rc" -ne 0 ]; then
		fail "$(printf '%s\n' "$out" | grep -m1 '^  - ' | sed 's/^  - //')" \
			"(console: $BUILD/guest-debug/console.log)"
	fi
	note "$(printf '%s\n' "$out" | sed -n 's/^debug guest: PASS (\(.*\))$/\1/p' | tail -n 1)"
}

# guest_results CONSOLE: "NAME RESULT" for every test guest/init ran
# (RESULT: ok, FAIL, skip), in order.
guest_results() {
	sed -nE -e 's/^KTEST: ok ([^ ]+)$/\1 ok/p' \
		-e 's/^KTEST: not ok ([^ ]+) .*/\1 FAIL/p' \
		-e 's/^KTEST: skip ([^ ]+)$/\1 skip/p' "$1" 2>/dev/null
}

# compare_boot WHICH INITRD OUT: boot the base or the patched guest kernel
# (WHICH: base, patched) with INITRD, console in OUT.  Without address space
# randomisation (norandmaps), so that a test whose result depends on where
# the kernel happens to place a mapping gives the same result on both
# kernels.  Prints guest-run.sh's output; fails the stage for anything wrong
# with the patched guest other than failed tests.
compare_boot() {
	local which=$1 initrd=$2 out=$3 obj=$BUILD/obj-base text rc=0

	[ "$which" = base ] || obj=$BUILD/obj-bisect
	text=$(OBJ=$obj INITRD=$initrd GUEST_OUT=$out \
		GUEST_TIMEOUT=${SELFTESTS_TIMEOUT:-900} GUEST_MEM=${SELFTESTS_MEM:-4G} \
		GUEST_APPEND=norandmaps "$TOP/scripts/guest-run.sh" guest 2>&1) || rc=$?
	printf '%s\n' "$text"
	[ "$which" = patched ] || return 0
	# Test failures are judged against the base; anything else wrong with
	# the patched guest fails the stage.
	if [ "$rc" -ne 0 ] && printf '%s\n' "$text" |
		grep -qE '^  - (kernel problem|kmemleak|guest (timed out|hung)|qemu failed|the guest kernel panicked|the guest stopped)'; then
		fail "patched guest: $(printf '%s\n' "$text" | grep -m1 -E '^  - ' | sed 's/^  - //')"
	fi
	return 0
}

# case_results CONSOLE TEST: "CASE RESULT" for every case that the kselftest
# program of guest test TEST reported (RESULT: ok, FAIL, skip), in order.
case_results() {
	kselftest_cases "$1" | awk -v t="$2/" \
		'index($1, t) == 1 { print substr($1, length(t) + 1), $2 }'
}

# The series' kselftests ran on both kernels: every case passes on patched;
# on base, the cases configs/selftests-series-only.list names fail and all
# others pass, so that the list (and the "fails on 6.12" comments in the
# tests) says what is true.  Appends to the caller's regressions.
series_cases() {
	local only=$TOP/configs/selftests-series-only.list t c b p want row
	local wrong=() nseries=0 ncases=0

	printf '\n%-60s %-6s %-7s %s\n' "series kselftest case" base patched "expected on base"
	while read -r t _; do
		case $t in ''|'#'*) continue ;; esac
		while read -r c p; do
			ncases=$((ncases + 1))
			b=$(case_results "$BUILD/guest-base/console.log" "$t" |
				awk -v c="$c" '$1 == c { print $2 }')
			b=${b:-none}
			want=ok
			if awk -v t="$t" -v c="$c" '$1 == t && $2 == c { f = 1 } END { exit !f }' "$only"; then
				want=FAIL
				nseries=$((nseries + 1))
			fi
			row=$(printf '%-60s %-6s %-7s %s' "$t:$c" "$b" "$p" "$want")
			if [ "$p" = skip ] && skip_allowed "$TOP/configs/guest.skips" "$t/$c"; then
				row+="  (skip allowed: configs/guest.skips)"
			elif [ "$p" != ok ]; then
				wrong+=("$t:$c ($p on patched)")
				row+="  <-- must pass on patched"
			elif [ "$b" != "$want" ]; then
				wrong+=("$t:$c ($b on base, configs/selftests-series-only.list says $want)")
				row+="  <-- not as listed"
			fi
			echo "$row"
		done < <(case_results "$BUILD/guest-patched/console.log" "$t")
	done < <(sed -e 's/#.*//' -e 's/^[[:space:]]*//' "$TOP/configs/selftests-series.list" |
		awk 'NF { print $1 ":" $2 }')
	[ "$ncases" -gt 0 ] || wrong+=("no case of the series' kselftests ran on patched")
	# Every listed case must exist.
	while read -r t c _; do
		case $t in ''|'#'*) continue ;; esac
		case_results "$BUILD/guest-patched/console.log" "$t" | awk '{ print $1 }' |
			grep -qxF "$c" || wrong+=("$t:$c is in configs/selftests-series-only.list but did not run")
	done < "$only"
	echo "series kselftests: $ncases case(s), $nseries of them series only (fail on base)"
	regressions+=("${wrong[@]}")
}

stage_selftests() {
	local st=$BUILD/st-compare irfs=$BUILD/initramfs-compare
	local sst=$BUILD/st-series-compare
	local rr=$BUILD/st-rerun rrfs=$BUILD/initramfs-rerun
	local reruns=${SELFTESTS_RERUNS:-10}
	local which t b p k bf pf cmd row
	local regressions=() fixed=() both=() suspects=() flaky=() unconfirmed=()

	# The base kernel, built in the bisect worktree: with the same sources
	# at the same path relative to the objects, every object is a ccache
	# hit of stage bisect's first commit (which changes only the harness).
	worktree "$BISECT_WT" base
	progress "selftests: base kernel"
	SRC=$BISECT_WT OBJ=$BUILD/obj-base "$TOP/scripts/guest-build.sh" fs-guest ||
		fail "the base guest kernel does not build"
	# The same test binaries, from the base, for both kernels.
	SRC=$BISECT_WT "$TOP/scripts/selftests-build.sh" \
		"$TOP/configs/selftests-compare.list" "$st" ||
		fail "6.12's mm selftests do not build"
	# The patched kernel: HEAD, whose objects stage bisect leaves at HEAD;
	# and the series' own kselftests, from HEAD, run on both kernels.
	progress "selftests: patched kernel"
	worktree "$BISECT_WT" "$HEAD_SHA"
	SRC=$BISECT_WT OBJ=$BUILD/obj-bisect "$TOP/scripts/guest-build.sh" fs-guest ||
		fail "the patched guest kernel does not build"
	SRC=$BISECT_WT "$TOP/scripts/selftests-build.sh" \
		"$TOP/configs/selftests-series.list" "$sst" ||
		fail "the series' kselftests do not build"
	INITRAMFS_OUT=$irfs INITRAMFS_EXTRA="$st $sst" "$TOP/scripts/initramfs.sh" ||
		fail "initramfs.sh failed"

	for which in base patched; do
		progress "selftests: booting the $which kernel"
		compare_boot "$which" "$irfs/initramfs.cpio.gz" "$BUILD/guest-$which"
	done

	printf '\n%-28s %-8s %-8s\n' test base patched
	while read -r t p; do
		b=$(guest_results "$BUILD/guest-base/console.log" | awk -v t="$t" '$1 == t { print $2 }')
		b=${b:-none}
		row=$(printf '%-28s %-8s %-8s' "$t" "$b" "$p")
		if [ "$b" = ok ] && [ "$p" = FAIL ]; then
			suspects+=("$t")
			row+="  <-- rerun on both kernels"
		elif [ "$b" = ok ] && [ "$p" = skip ]; then
			regressions+=("$t (skipped on patched)")
			row+="  <-- REGRESSION (skips)"
		elif [ "$b" != ok ] && [ "$b" != skip ] && [ "$p" = ok ]; then
			fixed+=("$t")
			row+="  (fixed)"
		elif [ "$b" = FAIL ] && [ "$p" = FAIL ]; then
			both+=("$t")
			row+="  (fails on base too)"
		fi
		echo "$row"
	done < <(guest_results "$BUILD/guest-patched/console.log")
	# A test that ran on base but not at all on patched is a regression.
	while read -r t b; do
		guest_results "$BUILD/guest-patched/console.log" | awk '{ print $1 }' |
			grep -qxF "$t" && continue
		printf '%-28s %-8s %-8s  <-- REGRESSION (did not run)\n' "$t" "$b" none
		regressions+=("$t (did not run)")
	done < <(guest_results "$BUILD/guest-base/console.log")

	# A test that passed on base and failed on patched once may be a test
	# that fails now and then on any kernel.  Run it $reruns more times on
	# each kernel: it is a regression if it fails again on patched and never
	# on base; if it fails on base too it is flaky, not a regression; if it
	# never fails again on either, the one failure is reported but does not
	# fail the stage.
	if [ ${#suspects[@]} -gt 0 ]; then
		rm -rf "$rr"
		mkdir -p "$rr"
		cp -al "$st/selftests" "$rr/selftests"
		for t in "${suspects[@]}"; do
			cmd=$(awk -v t="$t" '$1 == t { $1 = ""; sub(/^ /, ""); print; exit }' "$st/tests.list")
			[ -n "$cmd" ] || fail "no command for $t in $st/tests.list"
			for k in $(seq 1 "$reruns"); do
				printf 'rerun:%s#%d %s\n' "$t" "$k" "$cmd"
			done
		done > "$rr/tests.list"
		INITRAMFS_OUT=$rrfs INITRAMFS_EXTRA=$rr "$TOP/scripts/initramfs.sh" ||
			fail "initramfs.sh failed"
		for which in base patched; do
			progress "selftests: rerunning ${suspects[*]} $reruns times on the $which kernel"
			compare_boot "$which" "$rrfs/initramfs.cpio.gz" "$BUILD/guest-rerun-$which"
		done
		echo
		printf '%-28s %-14s %-14s\n' "rerun (failed/runs)" base patched
		for t in "${suspects[@]}"; do
			bf=$(rerun_fails "$BUILD/guest-rerun-base/console.log" "$t")
			pf=$(rerun_fails "$BUILD/guest-rerun-patched/console.log" "$t")
			row=$(printf '%-28s %-14s %-14s' "$t" "$bf/$reruns" "$pf/$reruns")
			if [ "$bf" -gt 0 ]; then
				flaky+=("$t (base $bf/$reruns, patched $pf/$reruns)")
				row+="  (flaky on base too)"
			elif [ "$pf" -gt 0 ]; then
				regressions+=("$t (patched failed $((pf + 1)) of $((reruns + 1)) runs, base 0 of $((reruns + 1)))")
				row+="  <-- REGRESSION"
			else
				unconfirmed+=("$t")
				row+="  (one failure on patched, not reproduced)"
			fi
			echo "$row"
		done
	fi
	series_cases
	echo
	[ ${#both[@]} -eq 0 ] || echo "fail on base and patched alike: ${both[*]}"
	[ ${#fixed[@]} -eq 0 ] || echo "fail on base, pass on patched: ${fixed[*]}"
	[ ${#flaky[@]} -eq 0 ] || echo "flaky on both kernels: ${flaky[*]}"
	[ ${#unconfirmed[@]} -eq 0 ] ||
		echo "WARNING: failed once on patched, passed $reruns reruns on each kernel: ${unconfirmed[*]}"
	[ ${#regressions[@]} -eq 0 ] ||
		fail "regressions (pass on base, not on patched): ${regressions[*]}"
	note "$(guest_results "$BUILD/guest-patched/console.log" | wc -l) tests on base and patched, no regression${both[*]:+; failing on both: ${both[*]}}${fixed[*]:+; fixed: ${fixed[*]}}${flaky[*]:+; flaky on both: ${flaky[*]}}${unconfirmed[*]:+; failed once on patched, not reproduced in $reruns reruns: ${unconfirmed[*]}}"
}

stage_kunit() {
	local configs cfg out rc complete total=0 ran summaries=()

	mapfile -t configs < <(sed -e 's/#.*//' -e 's/[[:space:]]*$//' -e '/^$/d' \
		"$KUNIT_LIST" 2>/dev/null)
	if [ ${#configs[@]} -eq 0 ]; then
		note "no KUnit suites in the series yet"
		return 0
	fi
	worktree "$HEAD_WT" "$HEAD_SHA"
	for cfg in "${configs[@]}"; do
		[ -e "$HEAD_WT/$cfg" ] ||
			fail "$(basename "$KUNIT_LIST") lists $cfg, which is not in the tree"
		progress "kunit: $cfg"
		rc=0
		out=$(cd "$HEAD_WT" && python3 tools/testing/kunit/kunit.py run \
			--kunitconfig="$HEAD_WT/$cfg" --build_dir="$BUILD/kunit" \
			--jobs="$JOBS" --make_options "CC=ccache gcc" 2>&1) || rc=$?
		printf '%s\n' "$out"
		complete=$(printf '%s\n' "$out" | sed 's/\x1b\[[0-9;]*m//g' |
			grep -o 'Testing complete\. Ran [0-9]* tests.*' | tail -n 1 || true)
		[ -n "$complete" ] ||
			fail "$cfg: kunit.py did not complete (exit $rc)"
		[ "$rc" -eq 0 ] || fail "$cfg: $complete (exit $rc)"
		case $complete in
		*failed:*|*crashed:*|*errors:*)
			fail "$cfg: $complete"
			;;
		esac
		ran=$(printf '%s\n' "$complete" | sed 's/.*Ran \([0-9]*\) tests.*/\1/')
		[ "$ran" -gt 0 ] || fail "$cfg: no test ran"
		total=$((total + ran))
		summaries+=("$cfg: ${complete#Testing complete. }")
	done
	if [ ${#configs[@]} -eq 1 ]; then
		note "${summaries[0]}"
	else
		note "${#configs[@]} kunitconfigs, $total tests, none failed"
	fi
}

# kdoc_warnings FILE: kernel-doc's warnings for FILE, without line numbers.
kdoc_warnings() {
	"$HEAD_WT/scripts/kernel-doc" -none -Wall "$1" 2>&1 |
		sed -E 's/^[^:]*:[0-9]+: //' | sort -u
}

stage_docs() {
	local files f new n=0 dirs=() d out warns

	worktree "$HEAD_WT" "$HEAD_SHA"
	mapfile -t files < <(git -C "$LINUX" diff --name-only --diff-filter=AM \
		base "$HEAD_SHA")
	mkdir -p "$CHECK/docs-base"
	for f in "${files[@]}"; do
		case $f in
		tools/*) continue ;;
		*.c|*.h) ;;
		*) continue ;;
		esac
		n=$((n + 1))
		rm -f "$CHECK/docs-base/file"
		git -C "$LINUX" show "base:$f" > "$CHECK/docs-base/file" 2>/dev/null || true
		new=$(comm -13 <(kdoc_warnings "$CHECK/docs-base/file") \
			<(kdoc_warnings "$HEAD_WT/$f"))
		if [ -n "$new" ]; then
			printf '%s: new kernel-doc warnings:\n%s\n' "$f" "$new"
			fail "kernel-doc: new warnings in $f"
		fi
	done
	echo "kernel-doc: no new warnings in $n C file(s)"

	for f in "${files[@]}"; do
		case $f in
		Documentation/*.rst)
			d=${f#Documentation/}
			d=${d%%/*}
			[[ " ${dirs[*]} " == *" $d "* ]] || dirs+=("$d")
			;;
		esac
	done
	if [ ${#dirs[@]} -eq 0 ]; then
		note "kernel-doc clean on $n file(s); the series touches no .rst"
		return 0
	fi
	need sphinx-build
	progress "docs: htmldocs SPHINXDIRS=\"${dirs[*]}\""
	# Debian's Sphinx (python3-sphinx), whatever python3 is first in PATH.
	out=$(PATH=/usr/bin:$PATH make -C "$HEAD_WT" O="$BUILD/obj-docs" \
		SPHINXDIRS="${dirs[*]}" htmldocs 2>&1) ||
		{ printf '%s\n' "$out"; fail "make htmldocs failed"; }
	printf '%s\n' "$out"
	warns=$(printf '%s\n' "$out" | grep -iE 'warning|error' |
		grep -F -f <(printf '%s\n' "${files[@]}") || true)
	if [ -n "$warns" ]; then
		printf '\nWarnings about files of the series:\n%s\n' "$warns"
		fail "Sphinx: $(printf '%s\n' "$warns" | wc -l) warning(s) about files of the series"
	fi
	note "kernel-doc clean on $n file(s); htmldocs (${dirs[*]}) without warnings about the series"
}

# w1_warnings OBJDIR SRC OBJ...: build OBJ... with W=1 in OBJDIR (from SRC)
# and print their warnings as "file: message [-Wflag]", without line numbers.
w1_warnings() {
	local objdir=$1 src=$2 o

	shift 2
	# make prints a warning only when it compiles the file: an object left
	# up to date by an earlier run would hide its warnings (ccache replays
	# them, so the rebuild is cheap).
	for o in "$@"; do
		rm -f "$objdir/$o"
	done
	make -C "$src" O="$objdir" ARCH=x86_64 CC="ccache gcc" HOSTCC="ccache gcc" \
		-j"$JOBS" W=1 -k "$@" 2>&1 |
		sed -nE 's|^([^:]*/)?([^/:]+/[^:]+\.[ch]):[0-9]+:[0-9]+: warning: |\2: |p' |
		sort -u
}

stage_fsbuild() {
	local files f objs=() all=() sel base_objs base_wt=$CHECK/base new hostfs=0 um=
	local obj=$BUILD/obj-fs missing

	# Every C file the series touches, as an object of the fs-coverage
	# configuration: only these objects are compiled, not a whole kernel
	# (stage fsguest boots a smaller one).
	worktree "$HEAD_WT" "$HEAD_SHA"
	mapfile -t files < <(git -C "$LINUX" diff --name-only --diff-filter=AM \
		base "$HEAD_SHA" -- '*.c' ':!tools/' ':!Documentation/')
	for f in "${files[@]}"; do
		[ "$f" = fs/hostfs/hostfs_kern.c ] && { hostfs=1; continue; }
		rm -f "$obj/${f%.c}.o"
		all+=("${f%.c}.o")
	done
	progress "fsbuild: configs/fs-coverage.config, make prepare"
	SRC=$HEAD_WT OBJ=$obj TARGETS=prepare "$TOP/scripts/guest-build.sh" fs-coverage ||
		fail "make prepare fails with configs/fs-coverage.config"
	# Which of them the configuration builds: kbuild would compile any
	# single object asked for, so ask make (dry run) which objects a
	# build of vmlinux would compile; the touched ones were just deleted.
	sel=$(make -C "$HEAD_WT" O="$obj" ARCH=x86_64 CC="ccache gcc" -n vmlinux 2>/dev/null |
		grep -oE ' -c -o [^ ]+\.o' | sed 's/^ -c -o //' | sort -u |
		while read -r f; do realpath -m --relative-to="$obj" "$obj/$f"; done)
	for f in "${all[@]}"; do
		if grep -qxF -- "$f" <<< "$sel"; then
			objs+=("$f")
		else
			echo "not built by fs-coverage (not compiled, not checked with W=1): ${f%.o}.c"
		fi
	done
	[ ${#objs[@]} -gt 0 ] || fail "the series touches no C file that fs-coverage builds"
	# Compiled once, with W=1 (obj-fs holds only these objects, so no
	# later build of it is made to recompile them): the objects must be
	# there afterwards, and no warning may be new against the base.
	progress "fsbuild: ${#objs[@]} object(s) with configs/fs-coverage.config and W=1, HEAD and base"
	w1_warnings "$obj" "$HEAD_WT" "${objs[@]}" > "$CHECK/fsbuild.head"
	missing=()
	for f in "${objs[@]}"; do
		[ -f "$obj/$f" ] || missing+=("${f%.o}.c")
	done
	[ ${#missing[@]} -eq 0 ] ||
		fail "do(es) not build with configs/fs-coverage.config: ${missing[*]} (make -C build/linux O=$obj ARCH=x86_64 ${missing[*]/%.c/.o})"
	worktree "$base_wt" base
	mkdir -p "$BUILD/obj-fs-base"
	cp "$BUILD/obj-fs/.config" "$BUILD/obj-fs-base/.config"
	make -C "$base_wt" O="$BUILD/obj-fs-base" ARCH=x86_64 olddefconfig >/dev/null
	mapfile -t base_objs < <(for f in "${objs[@]}"; do
		[ -f "$base_wt/${f%.o}.c" ] && echo "$f"; done)
	w1_warnings "$BUILD/obj-fs-base" "$base_wt" "${base_objs[@]}" > "$CHECK/fsbuild.base"
	new=$(comm -13 "$CHECK/fsbuild.base" "$CHECK/fsbuild.head")
	if [ -n "$new" ]; then
		printf 'W=1 warnings that the base does not have:\n%s\n' "$new"
		fail "W=1: $(printf '%s\n' "$new" | wc -l) new warning(s)"
	fi

	# hostfs exists only on UML.
	if [ "$hostfs" = 1 ]; then
		progress "fsbuild: fs/hostfs on UML"
		mkdir -p "$BUILD/obj-um-fs"
		[ -f "$BUILD/obj-um-fs/.config" ] ||
			make -C "$HEAD_WT" O="$BUILD/obj-um-fs" ARCH=um defconfig >/dev/null
		make -C "$HEAD_WT" O="$BUILD/obj-um-fs" ARCH=um CC="ccache gcc" \
			-j"$JOBS" W=1 fs/hostfs/ 2>&1 | tee "$CHECK/fsbuild.um" ||
			fail "fs/hostfs does not build on UML"
		! grep -q 'hostfs.*warning:' "$CHECK/fsbuild.um" ||
			fail "fs/hostfs: W=1 warnings on UML"
		um="; fs/hostfs builds on UML"
	fi
	note "${#objs[@]} of the ${#all[@]} C files the series touches build with fs-coverage.config, W=1 gives them no new warning$um"
}

stage_fsguest() {
	# The kernel of stages bisect and selftests (guest.config +
	# fs-guest.config), which they leave at HEAD: usually nothing to build.
	worktree "$BISECT_WT" "$HEAD_SHA"
	SRC=$BISECT_WT OBJ=$BUILD/obj-bisect "$TOP/scripts/guest-build.sh" fs-guest ||
		fail "the fs-guest kernel (configs/fs-guest.config) of HEAD does not build"
	OBJ=$BUILD/obj-bisect "$TOP/scripts/fs-guest.sh" ||
		fail "file mappings in the fs-guest kernel: see $CHECK/fsguest.log"
	note "$(grep -cE '^mmap_fs_' "$TOP/guest/fs-tests.list") tests (12 file systems, ext4 and xfs also with DAX): merge, read back, shared writes, exec"
}

# cocci_flags_kernel VMA_DESC_C set|clear: the VM_* flags of
# VM_DESC_MAY_SET or VM_DESC_MAY_CLEAR (VM_DESC_* macros expanded), sorted.
cocci_flags_kernel() {
	awk -v want="$([ "$2" = set ] && echo VM_DESC_MAY_SET || echo VM_DESC_MAY_CLEAR)" '
		/^#define[ \t]+VM_DESC_/ { name = $2; def[name] = ""; cont = 1 }
		cont { line = $0; sub(/^#define[ \t]+[A-Z_]+/, "", line)
		       def[name] = def[name] " " line
		       cont = ($0 ~ /\\$/) }
		function expand(n,   s, i, w, nw) {
			s = ""
			nw = split(def[n], w, /[^A-Z_]+/)
			for (i = 1; i <= nw; i++) {
				if (w[i] ~ /^VM_DESC_/) s = s " " expand(w[i])
				else if (w[i] ~ /^VM_/) s = s " " w[i]
			}
			return s
		}
		END { print expand(want) }' "$1" | tr ' ' '\n' | sed '/^$/d' | LC_ALL=C sort -u | paste -sd' ' -
}

# cocci_flags_script COCCI set|clear: the flags of the script's rule
# blocked_set or blocked_clear ("flag not in (...)"), sorted.
cocci_flags_script() {
	awk -v rule="@blocked_$2 " '
		index($0, rule) == 1 { on = 1 }
		on && /not in/ { grab = 1 }
		grab { print }
		grab && /\)/ { exit }' "$1" | grep -o '"VM_[A-Z_]*"' | tr -d '"' |
		LC_ALL=C sort -u | paste -sd' ' -
}

# The handlers the series converted by hand: on the base, the semantic patch
# rightly calls them blocked: each passed the VMA to a helper that the
# series first changed or added a descriptor version of (ext4 and xfs:
# dax_mapping_supported(); device DAX and KVM: a helper that took the VMA;
# relay: relay_mmap_buf(); /dev/mem: remap_pfn_range(), which a remap action
# replaces, and private_mapping_ok(), which now takes the flags; /dev/zero:
# shmem_zero_setup() and vma_set_anonymous(), whose descriptor versions the
# series adds).
COCCI_BY_HAND="dax_mmap ext4_file_mmap xfs_file_mmap relay_file_mmap kvm_vcpu_mmap mmap_mem mmap_zero ovl_mmap"

stage_cocci() {
	local cocci=scripts/coccinelle/api/mmap_prepare.cocci files report back missing extra
	local xdir xreport d f m

	worktree "$HEAD_WT" "$HEAD_SHA"
	if [ ! -f "$HEAD_WT/$cocci" ]; then
		note "the series has no $cocci yet"
		return 0
	fi
	need spatch
	# The script's lists of the flags a hook may set and clear must be the
	# kernel's (mm/vma_desc.c), or it calls methods convertible that the
	# kernel would refuse, or the reverse.
	[ -f "$HEAD_WT/mm/vma_desc.c" ] ||
		fail "no mm/vma_desc.c: cannot check $cocci's lists of the flags a hook may set and clear"
	for m in set clear; do
		d=$(cocci_flags_kernel "$HEAD_WT/mm/vma_desc.c" "$m")
		f=$(cocci_flags_script "$HEAD_WT/$cocci" "$m")
		if [ -z "$d" ] || [ -z "$f" ]; then
			fail "cannot read the flags a hook may $m from mm/vma_desc.c or $cocci"
		fi
		[ "$d" = "$f" ] ||
			fail "$cocci: the flags a hook may $m are not mm/vma_desc.c's: script: $f; kernel: $d"
	done
	# The ->mmap initialisers the series removed: "FILE METHOD".
	git -C "$LINUX" diff -U0 base "$HEAD_SHA" -- '*.c' ':!tools/' |
		awk '/^\+\+\+ b\// { f = substr($0, 7) }
		     /^-[[:space:]]*\.mmap[[:space:]]*=[[:space:]]*[A-Za-z0-9_]+,/ {
			m = $0; sub(/.*=[[:space:]]*/, "", m); sub(/,.*/, "", m)
			print f, m
		     }' | sort -u > "$CHECK/cocci.converted"
	mapfile -t files < <(awk '{ print $1 }' "$CHECK/cocci.converted" | sort -u)
	if [ ${#files[@]} -eq 0 ]; then
		note "the series converts no ->mmap initialiser"
		return 0
	fi
	progress "cocci: $cocci in report mode on ${#files[@]} file(s)"
	report=$(cd "$HEAD_WT" && spatch -D report --very-quiet --no-includes \
		--include-headers --cocci-file "$cocci" "${files[@]}" 2>&1) ||
		{ printf '%s\n' "$report"; fail "spatch failed"; }
	printf '%s\n' "$report"
	# A converted method or helper that the report lists again is back on
	# ->mmap (or was never taken off it).
	back=$(while read -r f m; do
		printf '%s\n' "$report" | grep -E "^$f:[0-9].*: $m(\(\))? " || true
	done < "$CHECK/cocci.converted")
	if [ -n "$back" ]; then
		printf '\nConverted by the series, listed again:\n%s\n' "$back"
		fail "$(printf '%s\n' "$back" | wc -l) converted ->mmap handler(s) reappear"
	fi
	# The script must still see what it is meant to see: on the base, it
	# reports every handler the series converted.
	worktree "$CHECK/base" base
	# shellcheck disable=SC2015 # intended: no report (empty) if either fails; the check below then fails
	back=$(cd "$CHECK/base" && spatch -D report --very-quiet --no-includes \
		--include-headers --cocci-file "$HEAD_WT/$cocci" "${files[@]}" 2>&1 || true)
	# A method defined in another file than its file_operations (ceph,
	# ocfs2, cifs, nfs) is not seen there: run the script on a copy of its
	# file with a file_operations that uses it appended (line numbers
	# unchanged), and report it under the file_operations' file.
	xdir=$(mktemp -d)
	while read -r f m; do
		printf '%s\n' "$back" | grep -qE "^$f:[0-9].*: $m(\(\))? " && continue
		d=$(cd "$CHECK/base" && grep -rlE --include='*.c' \
			"^(([a-z_]+ )*int )?$m\(struct file \*" "$(dirname "$f")" | head -n 1)
		[ -n "$d" ] || continue
		mkdir -p "$xdir/$(dirname "$d")"
		[ -f "$xdir/$d" ] || cp "$CHECK/base/$d" "$xdir/$d"
		echo "static const struct file_operations __check_${m}_fops = { .mmap = $m, };" >> "$xdir/$d"
		echo "$d $f $m" >> "$xdir/map"
	done < "$CHECK/cocci.converted"
	if [ -f "$xdir/map" ]; then
		# shellcheck disable=SC2015,SC2046 # as above; one word per file name (kernel paths have no blanks)
		xreport=$(cd "$xdir" && spatch -D report --very-quiet --no-includes \
			--include-headers --cocci-file "$HEAD_WT/$cocci" \
			$(awk '{ print $1 }' map | sort -u) 2>&1 || true)
		printf 'Methods defined in another file (checked there):\n%s\n' "$xreport"
		while read -r d f m; do
			printf '%s\n' "$xreport" | grep -E "^$d:[0-9].*: $m(\(\))? " |
				sed "s|^$d:|$f:|"
		done < "$xdir/map" > "$xdir/back"
		back=$(printf '%s\n%s\n' "$back" "$(cat "$xdir/back")")
	fi
	rm -rf "$xdir"
	# Handlers converted by hand, after an API change the script cannot
	# know about (ext4, xfs: dax_mapping_supported(); device DAX, KVM: a
	# helper that took the VMA), are reported as
	# blocked on the base; they must still be reported.
	missing=$(while read -r f m; do
		printf '%s\n' "$back" | grep -qE "^$f:[0-9].*: $m(\(\))? " ||
			echo "$f $m"
	done < "$CHECK/cocci.converted")
	byhand=$(while read -r f m; do
		printf '%s\n' "$back" | grep -qE "^$f:[0-9].*: $m(\(\))? can become" ||
			echo "$m"
	done < "$CHECK/cocci.converted" | paste -sd' ' -)
	if [ -n "$missing" ]; then
		printf '\nConverted by the series but not reported on the base:\n%s\n' "$missing"
		fail "the Coccinelle report misses $(printf '%s\n' "$missing" | wc -l) handler(s) the series converted"
	fi
	[ -z "$byhand" ] || printf '\nConverted by hand (blocked for the script on the base): %s\n' "$byhand"
	# Each of those needed an API change the script cannot know about; any
	# other is one the script wrongly calls blocked on the base.
	extra=$(for m in $byhand; do
		[[ " $COCCI_BY_HAND " == *" $m "* ]] || echo "$m"
	done | paste -sd' ' -)
	[ -z "$extra" ] ||
		fail "the Coccinelle report calls converted handler(s) blocked on the base that are not known to need it (COCCI_BY_HAND in scripts/check.sh): $extra"
	note "$(wc -l < "$CHECK/cocci.converted") converted ->mmap initialiser(s) in ${#files[@]} file(s): reported on the base, gone on HEAD${byhand:+; by hand: $byhand}"
}

stage_census() {
	local summary

	worktree "$HEAD_WT" "$HEAD_SHA"
	if [ ! -f "$HEAD_WT/scripts/coccinelle/api/mmap_prepare.cocci" ]; then
		note "the series has no mmap_prepare.cocci yet"
		return 0
	fi
	progress "census: scripts/census.sh on HEAD"
	summary=$(SRC=$HEAD_WT "$TOP/scripts/census.sh" "$CHECK/census.md" | tail -n 1) ||
		fail "scripts/census.sh failed"
	if ! diff -u "$TOP/census/mmap-handlers.md" "$CHECK/census.md"; then
		fail "census/mmap-handlers.md is out of date: run scripts/census.sh and commit it"
	fi
	# The sentence may be wrapped in the cover letter.
	tr -s ' \n' '  ' < "$TOP/cover-letter.txt" | grep -qF "$summary" ||
		fail "the cover letter does not carry the census sentence: $summary"
	note "${summary#*: }"
}

stage_nommu() {
	local obj=$BUILD/obj-nommu cross=riscv64-linux-gnu- targets warnings stamp

	need "${cross}gcc"
	worktree "$HEAD_WT" "$HEAD_SHA"
	nmake() {
		make -C "$HEAD_WT" O="$obj" ARCH=riscv CROSS_COMPILE="$cross" \
			CC="ccache ${cross}gcc" HOSTCC="ccache gcc" -j"$JOBS" "$@"
	}
	stamp=$( (cat "$HEAD_WT/arch/riscv/configs/nommu_virt_defconfig" \
		"$HEAD_WT"/arch/riscv/Kconfig*; echo ROMFS_ON_MTD) |
		sha256sum | cut -d' ' -f1)
	if [ ! -f "$obj/.config" ] || [ "$(cat "$obj/.config-stamp" 2>/dev/null)" != "$stamp" ]; then
		mkdir -p "$obj"
		nmake nommu_virt_defconfig || fail "make nommu_virt_defconfig failed"
		# romfs has its own !MMU mmap method, which the series
		# converts; it is built for romfs on MTD.
		"$HEAD_WT/scripts/config" --file "$obj/.config" \
			-e MTD -e MISC_FILESYSTEMS -e ROMFS_FS \
			-d ROMFS_BACKED_BY_BLOCK -e ROMFS_BACKED_BY_BOTH
		nmake olddefconfig || fail "make olddefconfig failed"
		grep -qx 'CONFIG_ROMFS_ON_MTD=y' "$obj/.config" ||
			fail "CONFIG_ROMFS_ON_MTD did not stick in the nommu configuration"
		echo "$stamp" > "$obj/.config-stamp"
	fi
	grep -qx '# CONFIG_MMU is not set' "$obj/.config" ||
		fail "nommu_virt_defconfig did not give a !MMU kernel"
	if [ "$NOMMU_FULL" = 1 ]; then
		targets=(vmlinux Image headers)
	else
		read -r -a targets <<< "$NOMMU_DIRS"
	fi
	# Warnings go to the log; only errors fail the stage.
	nmake "${targets[@]}" 2>&1 | tee "$CHECK/nommu.build.log" ||
		fail "riscv64 nommu build of ${targets[*]} failed"
	warnings=$(grep -c ': warning:' "$CHECK/nommu.build.log" || true)
	if [ "$NOMMU_FULL" != 1 ]; then
		note "riscv64 nommu_virt_defconfig: ${targets[*]} built, $warnings warning(s); not booted (NOMMU_FULL=0)"
		return
	fi
	nommu_boot "$obj" "$cross"
	note "riscv64 nommu_virt_defconfig: ${targets[*]} built, $warnings warning(s); booted: $(cat "$CHECK/nommu-boot/summary")"
}

# nommu_boot OBJ CROSS: boot the !MMU kernel in OBJ under QEMU with
# guest/nommu/init.c as /init (an initramfs, so ramfs) and a romfs disk
# whose file holds the pattern it expects; every check it prints
# must be "ok" and it must reach its last line.
nommu_boot() {
	local obj=$1 cross=$2 dir=$CHECK/nommu-boot log qemu_pid i
	local cc=${cross}gcc size=8292 oks fails qemu_status=0 why

	need qemu-system-riscv64
	need genromfs
	rm -rf "$dir"
	mkdir -p "$dir/rom"
	log=$dir/console.log
	# nolibc, a static PIE with no relocations: binfmt_elf_fdpic loads
	# it at any address and nothing would relocate it.
	"$cc" -Os -Wall -Werror -fno-asynchronous-unwind-tables \
		-fno-stack-protector -fno-pic -mcmodel=medany \
		-nostdlib -nostdinc -isystem "$("$cc" -print-file-name=include)" \
		-I "$HEAD_WT/tools/include/nolibc" -I "$obj/usr/include" \
		-include nolibc.h -Wl,-pie,--no-dynamic-linker,-z,text \
		-o "$dir/init" "$TOP/guest/nommu/init.c" -lgcc ||
		fail "guest/nommu/init.c does not build with nolibc for riscv64"
	"${cross}readelf" -r "$dir/init" | grep -q 'no relocations' ||
		fail "guest/nommu/init.c built into a binary with relocations (see '${cross}readelf -r $dir/init'); !MMU would not relocate it"
	# The pattern of guest/nommu/init.c: byte i is (i * 7 + 3) mod 256.
	python3 -c 'import sys; sys.stdout.buffer.write(bytes((i * 7 + 3) % 256 for i in range(int(sys.argv[1]))))' \
		"$size" > "$dir/rom/mmap_data" || fail "cannot write the romfs data file"
	genromfs -f "$dir/rom.img" -d "$dir/rom" -V nommu ||
		fail "genromfs failed"
	[ -x "$obj/usr/gen_init_cpio" ] ||
		fail "$obj/usr/gen_init_cpio was not built (CONFIG_BLK_DEV_INITRD)"
	printf '%s\n' 'dir /dev 0755 0 0' 'nod /dev/console 0600 0 0 c 5 1' \
		"file /init $dir/init 0755 0 0" > "$dir/initramfs.list"
	"$obj/usr/gen_init_cpio" "$dir/initramfs.list" > "$dir/initramfs.cpio" ||
		fail "gen_init_cpio failed"

	progress "nommu: booting the !MMU kernel (qemu-system-riscv64, TCG)"
	qemu-system-riscv64 -M virt -m 128M -smp 1 -nographic -bios none \
		-kernel "$obj/arch/riscv/boot/Image" \
		-initrd "$dir/initramfs.cpio" \
		-drive "file=$dir/rom.img,format=raw,if=none,id=rom,readonly=on" \
		-device virtio-blk-device,drive=rom \
		< /dev/null > "$log" 2>&1 &
	qemu_pid=$!
	# shellcheck disable=SC2064 # the PID is known now
	trap "kill $qemu_pid 2>/dev/null || true" EXIT
	# The guest cannot power itself off: stop QEMU at the last line.
	why="no last line within ${NOMMU_BOOT_TIMEOUT:-180} s"
	for i in $(seq 1 "${NOMMU_BOOT_TIMEOUT:-180}"); do
		if grep -q '^nommu: done' <(tr -d '\r' < "$log"); then
			why=
			break
		fi
		if ! kill -0 "$qemu_pid" 2>/dev/null; then
			wait "$qemu_pid" || qemu_status=$?
			why="QEMU exited with status $qemu_status before the last line"
			break
		fi
		sleep 1
	done
	kill "$qemu_pid" 2>/dev/null || true
	wait "$qemu_pid" 2>/dev/null || true
	trap - EXIT
	tr -d '\r' < "$log" > "$log.txt"
	tail -n 40 "$log.txt"
	oks=$(grep -c '^nommu: ok ' "$log.txt" || true)
	fails=$(grep -c '^nommu: FAIL ' "$log.txt" || true)
	if [ -n "$why" ] || [ "$fails" -ne 0 ] ||
		! grep -q '^nommu: done, 0 failed$' "$log.txt"; then
		fail "the !MMU guest did not pass (${oks} ok, ${fails} failed${why:+; $why}; see $log.txt)"
	fi
	[ "$oks" -eq 15 ] ||
		fail "the !MMU guest ran $oks of its 15 checks (see $log.txt)"
	grep -E 'Kernel panic|BUG:|WARNING:|Oops' "$log.txt" &&
		fail "the !MMU kernel reported a problem (see $log.txt)"
	echo "$oks checks ok (ramfs and romfs mappings)" > "$dir/summary"
}

# --- the debug kernel in the background --------------------------------------
#
# Most of what runs before stage guest-debug keeps one of the two cores busy
# at most (tree, series, checkpatch, and the walk of stage bisect: per
# commit a make that finds little to do and a link).  So that the debug
# kernel, the largest build after those, uses the idle core, it is built in
# the background from the first stage that needs build/linux on, at nice
# 19 (the stages in front get the CPU whenever they want it); stage
# guest-debug waits for it and then runs its own build, which finds little
# or nothing left to do.  A failed background build only costs time: the
# stage's own build reports the error.  PREBUILD=0 turns it off.
PREBUILD_PID=
PREBUILD_RC=$CHECK/prebuild-debug.rc

prebuild_start() {
	[ "${PREBUILD:-1}" = 1 ] || return 0
	[[ " ${stages[*]} " == *" guest-debug "* ]] || return 0
	worktree "$HEAD_WT" "$HEAD_SHA" >/dev/null 2>&1 || return 0
	rm -f "$PREBUILD_RC"
	log "debug kernel: building in the background at nice 19 (log: $CHECK/prebuild-debug.log)"
	# setsid: a process group of its own, for prebuild_stop.  A session
	# of its own is also a scheduler autogroup of its own where the kernel
	# has them, which competes with the others as nice 0 whatever the
	# nice value of its processes: give the autogroup nice 19 too.
	# shellcheck disable=SC2016 # $0 and $1 are the inner bash's arguments
	SRC=$HEAD_WT OBJ=$BUILD/obj-debug setsid nice -n 19 bash -c \
		'echo 19 2>/dev/null > /proc/self/autogroup; "$0" debug; echo $? > "$1"' \
		"$TOP/scripts/guest-build.sh" "$PREBUILD_RC" \
		> "$CHECK/prebuild-debug.log" 2>&1 9>&- &
	PREBUILD_PID=$!
}

# Whether process $1 still runs (a zombie does not).
running() {
	local state

	state=$(sed -E 's/.*\) ([A-Za-z]).*/\1/' "/proc/$1/stat" 2>/dev/null) || return 1
	[ -n "$state" ] && [ "$state" != Z ]
}

prebuild_stop() {
	[ -n "$PREBUILD_PID" ] && running "$PREBUILD_PID" || return 0
	kill -- "-$PREBUILD_PID" 2>/dev/null || kill "$PREBUILD_PID" 2>/dev/null || true
}

# Stage guest-debug: wait for the background build.
prebuild_wait() {
	local t0

	[ -n "$PREBUILD_PID" ] || return 0
	t0=$(date +%s)
	while [ ! -f "$PREBUILD_RC" ] && running "$PREBUILD_PID"; do
		sleep 2
	done
	progress "guest-debug: waited $(( $(date +%s) - t0 ))s for the background build of the debug kernel (exit $(cat "$PREBUILD_RC" 2>/dev/null || echo '?'); $(grep -a 'ready in\|error' "$CHECK/prebuild-debug.log" | tail -n 1))"
}

# --- the driver ---------------------------------------------------------------

mkdir -p "$CHECK"
exec 8>&2
exec 9>"$CHECK/.lock"
flock -n 9 || die "another 'make check' is running (lock $CHECK/.lock)"

if [ -n "${STAGES:-}" ]; then
	read -r -a stages <<< "$STAGES"
	for s in "${stages[@]}"; do
		[[ " $ALL_STAGES " == *" $s "* ]] ||
			die "unknown stage '$s' in STAGES (stages: $ALL_STAGES)"
	done
else
	read -r -a stages <<< "$ALL_STAGES"
fi

passed=0
failed=0
timings=$CHECK/timings.txt
printf '# make check, %s\n# stage seconds result\n' "$(date -u '+%F %T UTC')" > "$timings"
tree_failed=0

run_stage() {
	local t0 secs rc=0 why

	stage=$1
	rm -f "$CHECK/$stage.note"
	log "stage $stage (log: $CHECK/$stage.log)"
	t0=$(date +%s)
	# A subshell, so that a die() fails the stage and not check.sh; not
	# tested with || (that would switch errexit off inside the stage).
	set +e
	(
		set -e
		"stage_$stage"
	) >"$CHECK/$stage.log" 2>&1
	rc=$?
	set -e
	secs=$(( $(date +%s) - t0 ))
	why=$(cat "$CHECK/$stage.note" 2>/dev/null || true)
	if [ "$rc" -eq 0 ]; then
		passed=$((passed + 1))
		printf 'PASS %s%s [%ss]\n' "$stage" "${why:+ ($why)}" "$secs"
		printf '%-12s %5s PASS\n' "$stage" "$secs" >> "$timings"
		return 0
	fi
	failed=$((failed + 1))
	# No reason from the stage: take the last error line of the log.
	[ -n "$why" ] || why=$(grep -E '^error: ' "$CHECK/$stage.log" | tail -n 1)
	printf 'FAIL %s [%ss]\n' "$stage" "$secs"
	printf '     reason: %s\n' "${why:-exit status $rc}"
	printf '     log: %s\n' "$CHECK/$stage.log"
	tail -n 25 "$CHECK/$stage.log" | sed 's/^/     | /'
	printf '%-12s %5s FAIL\n' "$stage" "$secs" >> "$timings"
	return 1
}

t_all=$(date +%s)
prebuilt=0
trap prebuild_stop EXIT
for s in "${stages[@]}"; do
	if [ "$s" = workspace ]; then
		run_stage workspace || true
		continue
	fi
	if [ "$s" = tree ]; then
		run_stage tree || tree_failed=1
		continue
	fi
	if [ "$tree_failed" = 1 ]; then
		printf 'NOT RUN %s (the tree stage failed)\n' "$s"
		continue
	fi
	if [ -z "${HEAD_SHA:-}" ]; then
		if ! HEAD_SHA=$(git -C "$LINUX" rev-parse -q --verify 'HEAD^{commit}' 2>/dev/null) ||
			! git -C "$LINUX" rev-parse -q --verify 'base^{commit}' >/dev/null; then
			HEAD_SHA=
			failed=$((failed + 1))
			printf 'FAIL %s\n     reason: %s is not a kernel git tree with a base tag (run make tree)\n' \
				"$s" "$LINUX"
			continue
		fi
		log "testing build/linux HEAD ${HEAD_SHA:0:12}: $(git -C "$LINUX" log -1 --format=%s "$HEAD_SHA")" \
			"($(git -C "$LINUX" rev-list --count "base..$HEAD_SHA") commit(s) on base)"
	fi
	if [ "$prebuilt" = 0 ]; then
		prebuild_start
		prebuilt=1
	fi
	run_stage "$s" || true
done
printf '%-12s %5s\n' total "$(( $(date +%s) - t_all ))" >> "$timings"

echo "check: $passed passed, $failed failed"
# The failing stages said why above; exit 1 without a second message.
if [ "$failed" -ne 0 ]; then
	exit 1
fi
