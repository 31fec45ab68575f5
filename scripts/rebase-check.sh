#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# rebase-check.sh - `make rebase-check`: does the series go onto the newest
# linux-source-6.12 that the archive offers?
#
# 1. Finds the newest version of $PACKAGE in the package lists (after an
#    apt-get update when run as root; REBASE_UPDATE=0 skips it), or takes
#    REBASE_VERSION.  The package is not installed: `apt-get download` puts
#    the .deb in build/rebase/<version>/, dpkg-deb -x unpacks it there.
# 2. Unpacks its tarball into build/rebase/<version>/linux, a git tree with
#    one base commit (tag "base", made like tree.sh's import, so that its
#    SHA is the BASE_COMMIT a new pin would name) and applies patches/series
#    with git am, one patch at a time: first as it is, then, if that fails,
#    with a 3-way merge (the preimage blobs are borrowed from build/linux,
#    read only, through git alternates).  A patch that does not apply either way stops the
#    check, named with the files in conflict; the tree is left in the
#    middle of the git am for inspection.
# 3. Builds the guest kernel from that tree (scripts/guest-build.sh guest,
#    OBJ=build/obj-rebase), builds and runs the VMA harness
#    (tools/testing/vma) and runs the KUnit suites of configs/kunit.list
#    on UML (build dir build/kunit-rebase).
#
# The last line is "rebase-check: PASS (<version>: ...)" or
# "rebase-check: FAIL (<version>: <reason>)"; it is also kept in
# build/rebase/last-result.  On a pass it prints the BASE lines that move
# the pin to that version.

. "$(dirname "$0")/lib.sh"

need apt-get apt-cache dpkg-deb dpkg git tar xz sha256sum python3 make gcc ccache

REBASE=$BUILD/rebase
KUNIT_LIST=${KUNIT_LIST:-$TOP/configs/kunit.list}
export CCACHE_MAXSIZE=${CCACHE_MAXSIZE:-5G}
export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$BUILD}
export CCACHE_NOHASHDIR=${CCACHE_NOHASHDIR:-1}

ver=${REBASE_VERSION:-}
result=

# A failure that did not go through finish (set -e, die) still ends with
# the FAIL line.
on_exit() {
	local rc=$?

	if [ "$rc" -ne 0 ] && [ -z "$result" ]; then
		result="rebase-check: FAIL (${ver:-?}: an unexpected error, above)"
		mkdir -p "$REBASE"
		printf '%s %s\n' "$(date -u '+%F %T UTC')" "$result" > "$REBASE/last-result"
		printf '\n%s\n' "$result"
	fi
	exit "$rc"
}
trap on_exit EXIT

# finish PASS|FAIL TEXT [WHAT TO DO]: the last line, kept in last-result;
# FAIL exits 1, PASS is the script's last command.
finish() {
	result="rebase-check: $1 (${ver:-?}: $2)"
	mkdir -p "$REBASE"
	printf '%s %s\n' "$(date -u '+%F %T UTC')" "$result" > "$REBASE/last-result"
	[ -z "${3:-}" ] || printf '\n%s\n' "$3" >&2
	printf '\n%s\n' "$result"
	[ "$1" = PASS ] || exit 1
}

# --- 1. the newest version, downloaded -------------------------------------------

if [ -z "$ver" ]; then
	if [ "$(id -u)" -eq 0 ] && [ "${REBASE_UPDATE:-1}" = 1 ]; then
		log "rebase-check: apt-get update"
		apt-get -q update >/dev/null 2>&1 ||
			warn "apt-get update failed (another apt running?); going on with the package lists as they are"
	fi
	for v in $(apt-cache madison "$PACKAGE" | awk -F'|' '{ gsub(/ /, "", $2); print $2 }'); do
		if [ -z "$ver" ] || dpkg --compare-versions "$v" gt "$ver"; then
			ver=$v
		fi
	done
	[ -n "$ver" ] || finish FAIL "the package lists offer no $PACKAGE" \
		"Check the apt sources (bookworm-security carries $PACKAGE) and run 'apt-get update'."
fi
log "rebase-check: $PACKAGE $ver (BASE pins $PACKAGE_VERSION)"
[ "$ver" != "$PACKAGE_VERSION" ] ||
	log "rebase-check: that is the pinned version; checking it all the same"

dir=$REBASE/$ver
tree=$dir/linux
mkdir -p "$dir/deb"
deb=$(find "$dir/deb" -maxdepth 1 -name "${PACKAGE}_*.deb" | head -n 1)
if [ -z "$deb" ]; then
	log "rebase-check: apt-get download $PACKAGE=$ver"
	(cd "$dir/deb" && apt-get -q download "$PACKAGE=$ver") >"$dir/download.log" 2>&1 ||
		{ cat "$dir/download.log" >&2; finish FAIL "apt-get download $PACKAGE=$ver failed" \
			"See the apt-get messages above; check the network and the apt sources, or name another version with REBASE_VERSION=..."; }
	deb=$(find "$dir/deb" -maxdepth 1 -name "${PACKAGE}_*.deb" | head -n 1)
	[ -n "$deb" ] || finish FAIL "apt-get download left no .deb in $dir/deb"
fi
if [ ! -d "$dir/pkg/usr/src" ]; then
	rm -rf "$dir/pkg"
	dpkg-deb -x "$deb" "$dir/pkg" ||
		finish FAIL "dpkg-deb -x $deb failed" "Delete $dir/deb and run 'make rebase-check' again."
fi
tarball=$(find "$dir/pkg/usr/src" -maxdepth 1 -name 'linux-source-*.tar.xz' | head -n 1)
[ -n "$tarball" ] || finish FAIL "no linux-source-*.tar.xz in $deb" \
	"The package layout changed; look into $dir/pkg/usr/src."
sum=$(sha256sum "$tarball" | cut -d' ' -f1)

# --- 2. import and apply ------------------------------------------------------------

tgit() { git -C "$tree" -c commit.gpgSign=false -c core.autocrlf=false "$@"; }

# upstream_of DIR: the kernel version of the tree DIR (6.12.118).
upstream_of() {
	sed -n 's/^VERSION = //p; s/^PATCHLEVEL = //p; s/^SUBLEVEL = //p' "$1/Makefile" |
		paste -sd. -
}

if ! tgit rev-parse -q --verify 'base^{commit}' >/dev/null 2>&1; then
	log "rebase-check: unpacking $(basename "$tarball") (about 30 s)"
	rm -rf "$tree" "$dir/import"
	mkdir -p "$dir/import"
	tar -xJf "$tarball" -C "$dir/import" || finish FAIL "could not unpack $tarball" \
		"Delete $dir and run 'make rebase-check' again (disk full?)."
	top=$(find "$dir/import" -mindepth 1 -maxdepth 1 -type d)
	if [ "$(printf '%s\n' "$top" | wc -l)" != 1 ] || [ ! -f "$top/Makefile" ]; then
		finish FAIL "$tarball does not hold one kernel tree"
	fi
	log "rebase-check: importing it into git (about 1 min)"
	# As tree.sh imports the pinned base, so that the SHA is the
	# BASE_COMMIT of a pin on this version.
	(
		cd "$top"
		base_env
		git init -q -b series .
		# Debian's top-level .gitignore ignores everything: force-add.
		git -c core.autocrlf=false add -f -A
		git -c commit.gpgSign=false commit -q --no-verify \
			-m "Linux $(upstream_of "$top") (Debian $PACKAGE $ver)"
		git tag base
	) || finish FAIL "the git import of $tarball failed"
	mv "$top" "$tree"
	rm -rf "$dir/import"
fi
import=$(tgit rev-parse 'base^{commit}')
# The patches' "index" lines name blobs of the pinned base; git am --3way
# needs them to rebuild the preimage of a patch that does not apply as it
# is.  Borrow them from build/linux (read only, git alternates), when that
# is the pinned import.
alt=$tree/.git/objects/info/alternates
if [ -d "$LINUX/.git/objects" ] &&
	[ "$(git -C "$LINUX" rev-parse -q --verify 'base^{commit}' 2>/dev/null)" = "$BASE_COMMIT" ]; then
	grep -qxF "$LINUX/.git/objects" "$alt" 2>/dev/null ||
		echo "$LINUX/.git/objects" >> "$alt"
	ancestry="the pinned base's objects from build/linux"
else
	ancestry="no pinned base (build/linux) to borrow objects from: a patch that does not apply as it is cannot be merged"
fi
# A rerun starts again from the import.
tgit am --abort >/dev/null 2>&1 || true
tgit checkout -q -f -B series base
tgit clean -q -fdx

# am_one LOG [--3way] PATCH: git am, committer as tree.sh applies it.
am_one() {
	local logf=$1

	shift
	(base_env
	 unset GIT_AUTHOR_NAME GIT_AUTHOR_EMAIL GIT_AUTHOR_DATE GIT_COMMITTER_DATE
	 tgit am -q --committer-date-is-author-date "$@") >"$logf" 2>&1
}

mapfile -t patches < <(series_list)
[ ${#patches[@]} -gt 0 ] || finish FAIL "patches/series lists no patch"
log "rebase-check: applying ${#patches[@]} patches (3-way merges with $ancestry)"
n=0
threeway=()
for p in "${patches[@]}"; do
	n=$((n + 1))
	[ -f "$PATCHES/$p" ] || finish FAIL "patches/series lists $p, which does not exist"
	am_one "$dir/am.log" "$PATCHES/$p" && continue
	tgit am --abort >/dev/null 2>&1 || true
	if am_one "$dir/am-3way.log" --3way "$PATCHES/$p"; then
		log "rebase-check: [$n/${#patches[@]}] $p applies only with a 3-way merge"
		threeway+=("$p")
		continue
	fi
	printf -- '--- git am %s:\n' "$p" >&2
	cat "$dir/am.log" >&2
	printf -- '--- git am --3way %s:\n' "$p" >&2
	cat "$dir/am-3way.log" >&2
	hunks=$(sed -n 's/^error: patch failed: //p' "$dir/am.log" | paste -sd' ' -)
	conflicts=$(tgit diff --name-only --diff-filter=U | paste -sd' ' -)
	if [ -n "$conflicts" ]; then
		why="3-way merge conflicts in: $conflicts"
	else
		why="no 3-way merge: $(grep -m1 '^error: ' "$dir/am-3way.log" | sed 's/^error: //')"
	fi
	finish FAIL "patch $n/${#patches[@]} $p does not apply (hunks failing at: ${hunks:-?}; $why)" \
		"$tree is left in the middle of the git am: resolve there and 'git am --continue', or 'git am --abort'; then update patches/$p (in build/linux, make export) so that it applies to both versions, or move the pin."
done
log "rebase-check: ${#patches[@]} patches applied (${#threeway[@]} with a 3-way merge), HEAD $(tgit rev-parse --short=12 HEAD)"

# --- 3. build and test ------------------------------------------------------------

log "rebase-check: guest kernel (scripts/guest-build.sh guest, OBJ=build/obj-rebase)"
SRC=$tree OBJ=$BUILD/obj-rebase "$TOP/scripts/guest-build.sh" guest ||
	finish FAIL "the guest kernel does not build" \
		"See the build errors above (log: $BUILD/log/obj-rebase.log)."

log "rebase-check: VMA harness (tools/testing/vma)"
if ! make -C "$tree/tools/testing/vma" -j"$JOBS" >"$dir/harness-build.log" 2>&1; then
	tail -n 30 "$dir/harness-build.log" >&2
	finish FAIL "the VMA harness does not build" "See $dir/harness-build.log."
fi
rc=0
out=$(cd "$tree/tools/testing/vma" && ./vma 2>&1) || rc=$?
printf '%s\n' "$out" > "$dir/harness.log"
harness=$(printf '%s\n' "$out" | grep -E '^[0-9]+ tests run, [0-9]+ passed, [0-9]+ failed\.$' | tail -n 1 || true)
if [ "$rc" -ne 0 ] || [ -z "$harness" ] || [[ $harness != *", 0 failed." ]]; then
	grep -iE 'fail|assert' "$dir/harness.log" | head -n 20 >&2 || true
	finish FAIL "VMA harness: ${harness:-no summary} (exit $rc)" "See $dir/harness.log."
fi
log "rebase-check: $harness"

mapfile -t configs < <(sed -e 's/#.*//' -e 's/[[:space:]]*$//' -e '/^$/d' "$KUNIT_LIST")
kunit=()
for cfg in "${configs[@]}"; do
	[ -e "$tree/$cfg" ] ||
		finish FAIL "$(basename "$KUNIT_LIST") lists $cfg, which is not in the tree"
	log "rebase-check: KUnit $cfg (UML, build dir build/kunit-rebase)"
	rc=0
	out=$(cd "$tree" && python3 tools/testing/kunit/kunit.py run \
		--kunitconfig="$cfg" --build_dir="$BUILD/kunit-rebase" \
		--jobs="$JOBS" --make_options "CC=ccache gcc" 2>&1) || rc=$?
	printf '%s\n' "$out" > "$dir/kunit.log"
	complete=$(printf '%s\n' "$out" | sed 's/\x1b\[[0-9;]*m//g' |
		grep -o 'Testing complete\. Ran [0-9]* tests.*' | tail -n 1 || true)
	if [ "$rc" -ne 0 ] || [ -z "$complete" ]; then
		tail -n 30 "$dir/kunit.log" >&2
		finish FAIL "KUnit $cfg: ${complete:-did not complete} (exit $rc)" "See $dir/kunit.log."
	fi
	case $complete in
	*failed:*|*crashed:*|*errors:*)
		finish FAIL "KUnit $cfg: $complete" "See $dir/kunit.log." ;;
	esac
	kunit+=("${complete#Testing complete. }")
done

[ "$ver" = "$PACKAGE_VERSION" ] || cat <<EOF

To move the pin to $ver, in BASE:
  PACKAGE_VERSION=$ver
  UPSTREAM_VERSION=v$(upstream_of "$tree")
  TARBALL_SHA256=$sum
  BASE_COMMIT=$import
  BASE_SUBJECT=$(tgit log -1 --format=%s base)
then 'make deps' (installs that version), 'make tree', 'make export' (the
cover letter's base-commit) and 'make check'.
EOF
three=
[ ${#threeway[@]} -eq 0 ] || three=", ${#threeway[@]} only with a 3-way merge: ${threeway[*]}"
finish PASS "${#patches[@]} patches applied${three}; guest kernel builds; harness: ${harness%.}; KUnit: ${kunit[*]}"
