#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# tests/workspace/run.sh - tests of the workspace's own scripts (make check,
# stage workspace).  Hermetic and fast: no network, no root, nothing outside
# a temporary directory is written, build/ and patches/ are not read.
#
#   deps      scripts/deps.sh with stubs of dpkg-query, apt-get, apt-cache,
#             sudo and id (tests/workspace/stubs) as the only such commands
#             on PATH: every case ends with the outcome and message that
#             deps.sh documents
#   tree      scripts/tree.sh on a tiny fake base (a tarball made here, a
#             BASE file naming it through BASE_FILE, build/linux and
#             patches/ in the temporary directory): import, apply, no-op,
#             and its refusals (uncommitted edits, commits not exported,
#             tarball checksum mismatch)
#   export    scripts/export.sh on that tree: exporting twice (another
#             second, time zone, locale, committer and git configuration)
#             gives the same bytes; --check fails on a changed patch
#   series-lint  scripts/series-lint.py on the series fixture made version
#             2: the version in every subject, the changelog naming each
#             patch whose patch-id changed, the Fixes: form and order
#   lint      ShellCheck on scripts/*.sh, guest/init and these tests: no
#             finding; every disable directive gives its reason
#
# Usage: tests/workspace/run.sh [WORD...]   (only the tests whose name
# contains one of the WORDs).  Prints "ok N - name" or "not ok N - name"
# (followed by the test's transcript as "# " lines) per test, then
# "workspace: N passed, N failed"; exit status 1 if a test failed.  The
# temporary directory is removed unless a test failed or KEEP=1.

set -euo pipefail

_on_err() {
	local rc=$?
	printf 'error: %s: line %s: "%s" exited %s; rerun with bash -x %s\n' \
		"$(basename "$0")" "${BASH_LINENO[0]}" "$BASH_COMMAND" "$rc" "$0" >&2
}
trap _on_err ERR

HERE=$(cd "$(dirname "$0")" && pwd)
TOP=$(cd "$HERE/../.." && pwd)
STUBS=$HERE/stubs

# The fake base package of the deps and tree tests.
PKG=linux-source-9.9
PIN=9.9.1-1~deb12u1
OLD=9.9.0-1~deb12u1
NEW=9.9.3-1~deb12u1

# --- helpers for the tests ----------------------------------------------------
# A test is a function run in a subshell (set -eE), in its own empty
# directory $W, with its output going to its transcript.

fail() {
	printf 'FAILED: %s\n' "$*"
	exit 1
}

# run COMMAND...: run it; its output (stdout and stderr) in $out, its exit
# status in $rc, both in the transcript.
run() {
	rc=0
	out=$("$@" 2>&1) || rc=$?
	printf '$ %s\n%s\n[exit %s]\n' "$*" "$out" "$rc"
}

expect_rc() {
	[ "$rc" = "$1" ] || fail "exit status $rc, expected $1"
}

# expect_out TEXT...: the output of the last run contains each TEXT.
expect_out() {
	local s
	for s in "$@"; do
		grep -qF -- "$s" <<< "$out" || fail "the output lacks: $s"
	done
}

expect_no_out() {
	local s
	for s in "$@"; do
		if grep -qF -- "$s" <<< "$out"; then
			fail "the output has: $s"
		fi
	done
}

# in_sandbox [VAR=VALUE...] COMMAND...: COMMAND with only these variables
# (later ones win) and a git that reads no system or user configuration.
in_sandbox() {
	env -i HOME="$T/home" LC_ALL=C TZ=UTC GIT_CONFIG_NOSYSTEM=1 \
		PATH="$PATH" "$@"
}

# write_base FILE TARBALL SHA256 COMMIT: a BASE file for the fake base.
write_base() {
	cat > "$1" <<-EOF
	# The fake base of tests/workspace/run.sh.
	PACKAGE=$PKG
	PACKAGE_VERSION=$PIN
	UPSTREAM_VERSION=v9.9.1
	TARBALL=$2
	TARBALL_SHA256=$3
	BASE_COMMIT=$4
	BASE_IDENT_NAME=Debian $PKG
	BASE_IDENT_EMAIL=base@invalid
	BASE_DATE=2000-01-01T00:00:00Z
	BASE_SUBJECT=Linux 9.9.1 (Debian $PKG $PIN)
	EOF
}

# --- scripts/deps.sh ----------------------------------------------------------

# deps_setup [sudo]: stub state in $W/stub (nothing installed, an empty
# archive, uid 0), the stubs in $W/bin (sudo only if asked).
deps_setup() {
	local c

	mkdir -p "$W/stub" "$W/bin"
	: > "$W/stub/installed"
	: > "$W/stub/archive"
	: > "$W/stub/log"
	echo 0 > "$W/stub/uid"
	for c in dpkg-query apt-get apt-cache id "$@"; do
		ln -s "$STUBS/$c" "$W/bin/$c"
	done
	write_base "$W/BASE" /nonexistent/tarball.tar.xz 0 0
}

# deps.sh, with the stubs and the basic tools of $TOOLS as the only commands.
deps_run() {
	: > "$W/stub/log"
	run in_sandbox PATH="$W/bin:$TOOLS" STUB_DIR="$W/stub" \
		BASE_FILE="$W/BASE" BUILD="$W/build" "$TOP/scripts/deps.sh"
}

# calls PREFIX: the stub calls of the last run that start with PREFIX.
calls() {
	awk -v p="$1" 'index($0, p) == 1' "$W/stub/log"
}

expect_installed() {
	grep -qxF "$1 $2" "$W/stub/installed" ||
		fail "$1 $2 is not installed; the stub's dpkg database: $(tr '\n' ';' < "$W/stub/installed")"
}

expect_quiet_rerun() {
	deps_run
	expect_rc 0
	[ -z "$out" ] || fail "a second make deps is not quiet"
	[ -z "$(calls apt-get)" ] || fail "a second make deps calls apt-get"
}

t_deps_nothing_installed() {
	deps_setup
	printf '%s %s\n' "$PKG" "$NEW" "$PKG" "$PIN" > "$W/stub/archive"
	deps_run
	expect_rc 0
	expect_out "updating the package lists" "installing: build-essential " \
		" shellcheck " " $PKG=$PIN" "packages ready"
	expect_no_out WARNING
	[ -n "$(calls 'apt-get -q -y -o Dpkg::Use-Pty=0 update')" ] || fail "no apt-get update"
	calls 'apt-get -q -y -o Dpkg::Use-Pty=0 install --no-install-recommends build-essential ' |
		grep -qF " $PKG=$PIN" || fail "no apt-get install of everything and $PKG=$PIN"
	expect_installed "$PKG" "$PIN"
	# Everything it needs was installed: the next run has nothing to do.
	expect_quiet_rerun
}

t_deps_all_installed() {
	deps_setup	# no sudo, and not root: neither is needed
	echo 1000 > "$W/stub/uid"
	printf '* 1.0\n%s %s\n' "$PKG" "$PIN" > "$W/stub/installed"
	printf '%s %s\n' "$PKG" "$PIN" > "$W/stub/archive"
	deps_run
	expect_rc 0
	[ -z "$out" ] || fail "make deps is not quiet when everything is installed"
	[ -z "$(calls apt-)$(calls sudo)" ] || fail "it called apt-get, apt-cache or sudo"
}

t_deps_pin_gone_none_installed() {
	deps_setup
	printf '* 1.0\n%s - unknown\n' "$PKG" > "$W/stub/installed"
	printf '%s %s\n' "$PKG" "$NEW" > "$W/stub/archive"
	deps_run
	expect_rc 0
	expect_out "WARNING: $PKG $PIN (BASE) is not in the archive; installing the newest $PKG instead. The tarball will not match BASE's TARBALL_SHA256." \
		"installing: $PKG" "packages ready"
	[ "$(calls 'apt-get -q -y -o Dpkg::Use-Pty=0 install')" = \
	  "apt-get -q -y -o Dpkg::Use-Pty=0 install --no-install-recommends $PKG" ] ||
		fail "not exactly one apt-get install of $PKG (any version)"
	expect_installed "$PKG" "$NEW"
}

t_deps_pin_gone_other_installed() {
	deps_setup
	printf '* 1.0\n%s %s\n' "$PKG" "$OLD" > "$W/stub/installed"
	printf '%s %s\n' "$PKG" "$NEW" > "$W/stub/archive"
	deps_run
	expect_rc 0
	expect_out "WARNING: $PKG $PIN (BASE) is not in the archive; keeping the installed $OLD." \
		"packages ready"
	[ -z "$(calls 'apt-get -q -y -o Dpkg::Use-Pty=0 install')" ] || fail "it ran apt-get install"
	expect_installed "$PKG" "$OLD"
}

t_deps_older_installed() {
	deps_setup
	printf '* 1.0\n%s %s\n' "$PKG" "$OLD" > "$W/stub/installed"
	printf '%s %s\n' "$PKG" "$PIN" > "$W/stub/archive"
	deps_run
	expect_rc 0
	expect_out "installing: $PKG=$PIN" "packages ready"
	expect_no_out WARNING
	expect_installed "$PKG" "$PIN"
}

t_deps_newer_installed() {
	deps_setup
	printf '* 1.0\n%s %s\n' "$PKG" "$NEW" > "$W/stub/installed"
	printf '%s %s\n' "$PKG" "$NEW" "$PKG" "$PIN" > "$W/stub/archive"
	deps_run
	expect_rc 0
	expect_out "installing: $PKG=$PIN" "packages ready"
	expect_no_out WARNING
	expect_installed "$PKG" "$PIN"
}

t_deps_install_fails() {
	deps_setup
	printf '* 1.0\n%s - unknown\n' "$PKG" > "$W/stub/installed"
	printf '%s %s\n' "$PKG" "$PIN" > "$W/stub/archive"
	echo install > "$W/stub/fail"
	deps_run
	expect_rc 1
	expect_out "E: (stub) apt-get install failed" \
		"error: apt-get install failed for: $PKG=$PIN; fix what apt-get reported above, then run 'make deps' again"
	expect_no_out "packages ready"
}

t_deps_update_fails() {
	deps_setup
	printf '%s %s\n' "$PKG" "$PIN" > "$W/stub/archive"
	echo update > "$W/stub/fail"
	deps_run
	expect_rc 1
	expect_out "E: (stub) apt-get update failed" \
		"error: apt-get update failed (its messages are above); fix the package sources or the network, then run 'make deps' again"
	[ -z "$(calls 'apt-get -q -y -o Dpkg::Use-Pty=0 install')" ] || fail "it ran apt-get install"
}

t_deps_user_with_sudo() {
	deps_setup sudo
	echo 1000 > "$W/stub/uid"
	printf '* 1.0\n%s - unknown\n' "$PKG" > "$W/stub/installed"
	printf '%s %s\n' "$PKG" "$PIN" > "$W/stub/archive"
	deps_run
	expect_rc 0
	expect_out "packages ready"
	[ -n "$(calls 'sudo env DEBIAN_FRONTEND=noninteractive apt-get -q -y -o Dpkg::Use-Pty=0 update')" ] ||
		fail "apt-get update did not run through sudo"
	[ -n "$(calls "sudo env DEBIAN_FRONTEND=noninteractive apt-get -q -y -o Dpkg::Use-Pty=0 install --no-install-recommends $PKG=$PIN")" ] ||
		fail "apt-get install did not run through sudo"
	expect_installed "$PKG" "$PIN"
}

t_deps_user_without_sudo() {
	deps_setup	# no sudo
	echo 1000 > "$W/stub/uid"
	printf '* 1.0\n%s - unknown\nshellcheck - unknown\n' "$PKG" > "$W/stub/installed"
	printf '%s %s\n' "$PKG" "$PIN" > "$W/stub/archive"
	deps_run
	expect_rc 1
	expect_out "error: not root, and sudo is not installed: run 'make deps' as root, or install sudo first (missing: shellcheck $PKG=$PIN)"
	[ -z "$(calls apt-)" ] || fail "it called apt-get or apt-cache"
}

# --- scripts/tree.sh and scripts/export.sh ------------------------------------

# The fake base, made once for all the tree and export tests, in $FX:
# a tarball, BASE files (right and wrong checksum), the dpkg-query stub.
fixture_base() {
	local src=$FX/src/$PKG sum commit ident

	[ -f "$FX/base.ok" ] && return 0
	rm -rf "$FX"
	mkdir -p "$src/mm" "$FX/bin" "$FX/stub" "$FX/import"
	# Like Debian's linux-source tarball: one top directory, and a
	# .gitignore that ignores everything.
	printf 'VERSION = 9\nPATCHLEVEL = 9\nSUBLEVEL = 1\n' > "$src/Makefile"
	printf '*\n' > "$src/.gitignore"
	printf '%s\n' '// SPDX-License-Identifier: GPL-2.0' '' \
		'int vma_example(int x)' '{' '	return x + 1;' '}' > "$src/mm/vma.c"
	tar -cJf "$FX/$PKG.tar.xz" -C "$FX/src" "$PKG"
	sum=$(sha256sum "$FX/$PKG.tar.xz" | cut -d' ' -f1)

	# The base commit, made independently of tree.sh as BASE says it is:
	# every file of the tarball, fixed identity and date.
	tar -xJf "$FX/$PKG.tar.xz" -C "$FX/import"
	ident=(GIT_AUTHOR_NAME="Debian $PKG" GIT_AUTHOR_EMAIL=base@invalid
		GIT_COMMITTER_NAME="Debian $PKG" GIT_COMMITTER_EMAIL=base@invalid
		GIT_AUTHOR_DATE=2000-01-01T00:00:00Z GIT_COMMITTER_DATE=2000-01-01T00:00:00Z)
	in_sandbox git -C "$FX/import/$PKG" init -q
	in_sandbox git -C "$FX/import/$PKG" add -f -A
	in_sandbox "${ident[@]}" git -C "$FX/import/$PKG" commit -q -m "Linux 9.9.1 (Debian $PKG $PIN)"
	commit=$(git -C "$FX/import/$PKG" rev-parse HEAD)
	write_base "$FX/BASE" "$FX/$PKG.tar.xz" "$sum" "$commit"
	write_base "$FX/BASE.badsum" "$FX/$PKG.tar.xz" "$(printf '0%.0s' {1..64})" "$commit"

	ln -s "$STUBS/dpkg-query" "$FX/bin/dpkg-query"
	printf '%s %s\n' "$PKG" "$PIN" > "$FX/stub/installed"
	touch "$FX/base.ok"
}

# tree_run DIR [VAR=VALUE...]: scripts/tree.sh on DIR/build/linux and
# DIR/patches, with the fake base.
tree_run() {
	local d=$1
	shift
	run in_sandbox PATH="$FX/bin:$PATH" STUB_DIR="$FX/stub" BASE_FILE="$FX/BASE" \
		BUILD="$d/build" LINUX="$d/build/linux" PATCHES="$d/patches" "$@" \
		"$TOP/scripts/tree.sh"
}

# export_run DIR [VAR=VALUE...] [ARG...]: scripts/export.sh likewise.
export_run() {
	local d=$1 vars=()
	shift
	while [ $# -gt 0 ] && [[ $1 == *=* ]]; do
		vars+=("$1")
		shift
	done
	run in_sandbox BASE_FILE="$FX/BASE" BUILD="$d/build" LINUX="$d/build/linux" \
		PATCHES="$d/patches" VERSION_FILE=/dev/null "${vars[@]}" \
		"$TOP/scripts/export.sh" "$@"
}

# dev DIR COMMAND...: git in DIR/build/linux as a developer would run it.
dev() {
	local d=$1
	shift
	in_sandbox GIT_AUTHOR_NAME=Dev GIT_AUTHOR_EMAIL=dev@example.org \
		GIT_COMMITTER_NAME=Dev GIT_COMMITTER_EMAIL=dev@example.org \
		git -C "$d/build/linux" "$@"
}

# $FX/series: the base imported by tree.sh, two commits on it exported to
# patches/ by export.sh; tests copy it.
fixture_series() {
	local d=$FX/series

	[ -f "$FX/series.ok" ] && return 0
	fixture_base
	rm -rf "$d"
	mkdir -p "$d/patches"
	tree_run "$d"
	[ "$rc" = 0 ] || fail "fixture: tree.sh could not import the fake base"
	sed -i 's/x + 1/x + 2/' "$d/build/linux/mm/vma.c"
	dev "$d" commit -q -a -m 'mm: add two

Signed-off-by: Dev <dev@example.org>'
	printf 'obj-y += mm/\n' >> "$d/build/linux/Makefile"
	printf '%s\n' '// SPDX-License-Identifier: GPL-2.0' 'int new_example;' > "$d/build/linux/mm/new.c"
	dev "$d" add -f mm/new.c
	dev "$d" commit -q -a -m 'mm: a new file

Signed-off-by: Dev <dev@example.org>'
	export_run "$d"
	[ "$rc" = 0 ] || fail "fixture: export.sh could not export two commits"
	date +%s > "$FX/series.time"
	touch "$FX/series.ok"
}

# copy_series DIR: a copy of the series fixture in DIR.
copy_series() {
	fixture_series
	cp -a "$FX/series" "$1"
}

head_of() { git -C "$1/build/linux" rev-parse "${2:-HEAD}"; }

t_tree_import_apply() {
	local sha

	fixture_series
	mkdir -p "$W/patches"
	cp "$FX/series/patches/"* "$W/patches/"
	tree_run "$W"
	expect_rc 0
	expect_out "tarball $FX/$PKG.tar.xz: sha256" "base commit" "applying [2/2] 0002-mm-a-new-file.patch" \
		"build/linux: base + 2 patch(es)"
	sha=$(sed -n 's/^BASE_COMMIT=//p' "$FX/BASE")
	[ "$(head_of "$W" 'base^{commit}')" = "$sha" ] ||
		fail "the imported base is not BASE_COMMIT $sha (an independent import of the tarball)"
	[ "$(head_of "$W" 'HEAD^{tree}')" = "$(head_of "$FX/series" 'HEAD^{tree}')" ] ||
		fail "base + patches/ is not the tree that was exported"
	tree_run "$W"
	expect_rc 0
	expect_out "build/linux is up to date with patches/ (2 patches)"
}

t_tree_refuses_dirty() {
	local head force

	copy_series "$W/s"
	head=$(head_of "$W/s")
	echo '/* an edit */' >> "$W/s/build/linux/mm/vma.c"
	# patches/ changed (the last patch dropped), so tree.sh has work to do.
	sed -i '$d' "$W/s/patches/series"
	for force in 0 1; do
		tree_run "$W/s" FORCE=$force
		expect_rc 1
		expect_out " M mm/vma.c" \
			"error: $W/s/build/linux has uncommitted changes; commit them and run 'make export', or discard them, before 'make tree' replaces the series"
		[ "$(head_of "$W/s")" = "$head" ] || fail "HEAD moved"
		grep -q 'an edit' "$W/s/build/linux/mm/vma.c" || fail "the uncommitted edit is gone"
	done
}

t_tree_refuses_unexported() {
	local head

	copy_series "$W/s"
	echo '/* a commit */' >> "$W/s/build/linux/mm/vma.c"
	dev "$W/s" commit -q -a -m 'mm: not exported

Signed-off-by: Dev <dev@example.org>'
	head=$(head_of "$W/s")
	tree_run "$W/s"
	expect_rc 1
	expect_out "mm: not exported" \
		"error: $W/s/build/linux has 1 commit(s) that are not in patches/; run 'make export' to keep them, or FORCE=1 make tree to drop them (HEAD is backed up)"
	[ "$(head_of "$W/s")" = "$head" ] || fail "HEAD moved"
	# FORCE=1 drops it, and keeps it under refs/workspace/backup/.
	tree_run "$W/s" FORCE=1
	expect_rc 0
	expect_out "build/linux: base + 2 patch(es)"
	[ "$(head_of "$W/s" 'HEAD^{tree}')" = "$(head_of "$FX/series" 'HEAD^{tree}')" ] ||
		fail "FORCE=1 did not give base + patches/"
	git -C "$W/s/build/linux" for-each-ref --format='%(objectname)' refs/workspace/backup/ |
		grep -qxF "$head" || fail "the dropped commit is not kept under refs/workspace/backup/"
}

t_tree_refuses_checksum() {
	fixture_base
	tree_run "$W" BASE_FILE="$FX/BASE.badsum"
	expect_rc 1
	expect_out "error: checksum mismatch for $FX/$PKG.tar.xz ($PKG $PIN):" \
		"expected $(printf '0%.0s' {1..64})" \
		"found    $(sha256sum "$FX/$PKG.tar.xz" | cut -d' ' -f1)" \
		"The installed package is not the tested one; reinstall it or update BASE."
	[ ! -e "$W/build/linux" ] || fail "it created build/linux"
}

t_export_deterministic() {
	local t0 f

	copy_series "$W/s"
	# Another second (the cover letter's date), time zone, locale,
	# committer and git configuration: the same bytes.
	t0=$(cat "$FX/series.time")
	while [ "$(date +%s)" -le "$t0" ]; do sleep 0.2; done
	mkdir -p "$W/home2"
	cat > "$W/home2/.gitconfig" <<-'EOF'
	[user]
		name = Someone Else
		email = else@example.net
	[core]
		abbrev = 7
	[diff]
		noprefix = true
		mnemonicPrefix = true
		algorithm = histogram
		renames = copies
	[format]
		signature = hostile
		numbered = true
		coverLetter = true
	EOF
	export_run "$W/s" PATCHES="$W/again" HOME="$W/home2" TZ=XST-11:30 LC_ALL=C.UTF-8
	expect_rc 0
	if ! diff -r "$FX/series/patches" "$W/again" > "$W/diff"; then
		head -n 40 "$W/diff"
		fail "a second export differs from the first"
	fi
	[ "$(find "$W/again" -type f | wc -l)" = 4 ] || fail "not 3 patches and a series file"
	# In place: nothing changes.
	export_run "$W/s"
	expect_rc 0
	expect_out "patches/: 2 patch(es) + cover letter, 0 file(s) changed"
	diff -r "$FX/series/patches" "$W/s/patches" || fail "re-exporting in place changed patches/"
	# --check: the same bytes pass, a changed patch fails.
	export_run "$W/s" PATCHES="$W/again" --check
	expect_rc 0
	expect_out "patches/ is byte for byte the export of build/linux (2 patch(es))"
	f=$W/again/0001-mm-add-two.patch
	sed -i 's/^Subject: \[PATCH 1\/2\] mm: add two$/Subject: [PATCH 1\/2] mm: add 2/' "$f"
	! cmp -s "$f" "$FX/series/patches/0001-mm-add-two.patch" || fail "could not change $f"
	export_run "$W/s" PATCHES="$W/again" --check
	expect_rc 1
	expect_out "error: patches/ differs from an export of build/linux: 0001-mm-add-two.patch"
}

# --- series-lint -----------------------------------------------------------------

# lint_fixture DIR: the two-patch series fixture as version 2 in DIR:
# versions/v1 holds it as exported (version 1), patches/ the same patches
# with v2 subjects, VERSION says 2 and cover.txt has an empty changelog.
lint_fixture() {
	local d=$1

	mkdir -p "$d/versions"
	copy_series "$d/s"
	cp -a "$d/s/patches" "$d/versions/v1"
	cp -a "$d/s/patches" "$d/patches"
	sed -i -E '0,/^Subject: \[PATCH /s//Subject: [PATCH v2 /' "$d"/patches/*.patch
	echo 2 > "$d/VERSION"
	printf '%s\n' 'subject' '' 'Changes since v1' '================' '' > "$d/cover.txt"
}

lint_run() {
	run "$TOP/scripts/series-lint.py" "$1/patches" "$1/cover.txt" "$1/VERSION" "$1/versions"
}

t_lint_versions() {
	lint_fixture "$W"
	lint_run "$W"
	expect_rc 0
	expect_out "series-lint: OK (v2, 2 patches, 0 changed"
	# Version 2 in VERSION, version 1 subjects: both named.
	cp "$W"/versions/v1/*.patch "$W/patches/"
	lint_run "$W"
	expect_rc 1
	expect_out "0001-mm-add-two.patch: subject '[PATCH 1/2] mm: add two' does not start with [PATCH v2 1/2]" \
		"cover letter: subject" "FAIL (3 problem(s))"
	# Version 2 without the previous version kept.
	lint_fixture "$W/b"
	rm -r "$W/b/versions/v1"
	lint_run "$W/b"
	expect_rc 1
	expect_out "versions/v1/series does not exist"
}

t_lint_changelog() {
	local p

	lint_fixture "$W"
	p=$W/patches/0001-mm-add-two.patch
	sed -i 's/^+\(.*\)x + 2;/+\1x + 3;/' "$p"
	grep -q 'x + 3;' "$p" || fail "could not change $p"
	lint_run "$W"
	expect_rc 1
	expect_out "patch 1 (0001-mm-add-two.patch) is changed since v1 (patch-id), but 'Changes since v1' does not name it"
	expect_no_out "patch 2 "
	# A message-only change keeps the patch-id: nothing to name.
	sed -i 's/^Signed-off-by: Dev/Reviewed-by: Dev <dev@example.org>\nSigned-off-by: Dev/' \
		"$W/patches/0002-mm-a-new-file.patch"
	printf '%s\n' '- 1 (mm: add two): three, not two.' '' 'Known and not addressed: - 2' >> "$W/cover.txt"
	lint_run "$W"
	expect_rc 0
	expect_out "OK (v2, 2 patches, 1 changed or new"
	# A patch no previous version had is new; ranges count.
	sed -i -E 's/^(Subject: \[PATCH v2 2\/2\] mm: a new) file/\1 source file/' "$W/patches/0002-mm-a-new-file.patch"
	lint_run "$W"
	expect_rc 1
	expect_out "patch 2 (0002-mm-a-new-file.patch) is new since v1"
	sed -i 's/^- 1 (mm: add two)/- 1-2 (mm: add two)/' "$W/cover.txt"
	lint_run "$W"
	expect_rc 0
	expect_out "OK (v2, 2 patches, 2 changed or new"
}

t_lint_fixes() {
	local p1 p2

	lint_fixture "$W"
	p1=$W/patches/0001-mm-add-two.patch
	p2=$W/patches/0002-mm-a-new-file.patch
	# A fix after a patch that is not one.
	sed -i 's/^Signed-off-by: Dev/Fixes: 0123456789ab ("mm: add one")\nCc: stable@vger.kernel.org\nSigned-off-by: Dev/' "$p2"
	lint_run "$W"
	expect_rc 1
	expect_out "patch 2 (0002-mm-a-new-file.patch) fixes an upstream commit but comes after patch 1"
	# Fixes first, but one of the wrong form and one without Cc: stable.
	sed -i 's/^Signed-off-by: Dev/Fixes: 0123456 (mm: add one)\nSigned-off-by: Dev/' "$p1"
	sed -i '/^Cc: stable/d' "$p2"
	lint_run "$W"
	expect_rc 1
	expect_out "0001-mm-add-two.patch: 'Fixes: 0123456 (mm: add one)' is not Fixes: <12-digit id>" \
		"0001-mm-add-two.patch: has Fixes: but no 'Cc: stable@vger.kernel.org'" \
		"0002-mm-a-new-file.patch: has Fixes: but no 'Cc: stable@vger.kernel.org'"
	expect_no_out "comes after patch"
	sed -i -e 's/^Fixes: 0123456 (mm: add one)/Fixes: 0123456789ab ("mm: add one")\nCc: stable@vger.kernel.org/' "$p1"
	sed -i 's/^Signed-off-by: Dev/Cc: stable@vger.kernel.org\nSigned-off-by: Dev/' "$p2"
	lint_run "$W"
	expect_rc 0
	expect_out "2 fix(es) first"
}

# --- shellcheck -----------------------------------------------------------------

# Every shell script of the workspace.
shell_files() {
	(cd "$TOP" && printf '%s\n' scripts/*.sh guest/init guest/fuzz/run.sh \
		tests/workspace/*.sh tests/workspace/stubs/*)
}

t_shellcheck() {
	local files

	command -v shellcheck >/dev/null ||
		fail "shellcheck is not installed; run 'make deps'"
	mapfile -t files < <(shell_files)
	cd "$TOP"
	# -x -P SCRIPTDIR: follow each script's source of lib.sh.
	run shellcheck -x -P SCRIPTDIR -f gcc "${files[@]}"
	if [ "$rc" != 0 ] || [ -n "$out" ]; then
		fail "shellcheck findings (above): fix them, or allow one with a 'shellcheck disable=SCnnnn # reason' comment at its line"
	fi
}

t_shellcheck_reasons() {
	local bad

	cd "$TOP"
	bad=$(shell_files |
		xargs grep -nE '^[[:space:]]*#[[:space:]]*shellcheck[[:space:]]+disable=' |
		grep -vE 'shellcheck[[:space:]]+disable=SC[0-9]+(,SC[0-9]+)*[[:space:]]+#[[:space:]]*[^[:space:]]' || true)
	[ -z "$bad" ] || fail "a shellcheck disable without '# reason': $bad"
}

# --- make fuzz's parameters -------------------------------------------------------
# Refused before anything is built or booted, with what to do instead.

fuzz_run() {
	run in_sandbox BUILD="$W/build" "$@" "$TOP/scripts/fuzz.sh"
	expect_rc 1
	[ ! -e "$W/build" ] || fail "fuzz.sh wrote $W/build before refusing"
}

t_fuzz_refuses_bad_parameters() {
	fuzz_run FUZZ_SECONDS=5m
	expect_out "error: fuzz: SECONDS must be a number without leading zeros, not '5m' (make fuzz SECONDS=300"
	fuzz_run FUZZ_SECONDS=0300
	expect_out "error: fuzz: SECONDS must be a number without leading zeros, not '0300'"
	fuzz_run FUZZ_SECONDS=3
	expect_out "error: fuzz: SECONDS must be at least 40"
	fuzz_run FUZZ_CHILDREN=0
	expect_out "error: fuzz: CHILDREN must be 1-32"
	fuzz_run FUZZ_SEED=-1
	expect_out "error: fuzz: SEED must be a number without leading zeros, not '-1'"
	fuzz_run FUZZ_SEED=4294967296
	expect_out "error: fuzz: SEED must fit in 32 bits"
	fuzz_run FUZZ_KERNELS=base
	expect_out "error: fuzz: FUZZ_KERNELS must be 'base series' (the default) or 'series', not 'base'"
}

# --- the runner -------------------------------------------------------------------

TESTS=(
	"t_fuzz_refuses_bad_parameters fuzz: bad SECONDS, CHILDREN, SEED or FUZZ_KERNELS: refused before anything is built"
	"t_deps_nothing_installed deps: nothing installed: every package and the pinned source are installed"
	"t_deps_all_installed deps: all installed: quiet, no apt-get, no root or sudo needed"
	"t_deps_pin_gone_none_installed deps: pinned version gone from the archive, none installed: the newest, with a warning"
	"t_deps_pin_gone_other_installed deps: pinned version gone from the archive, another installed: kept, with a warning"
	"t_deps_older_installed deps: an older source version installed: the pinned one is installed"
	"t_deps_newer_installed deps: a newer source version installed: the pinned one is installed (a downgrade)"
	"t_deps_install_fails deps: apt-get install fails: exit 1, the failing packages named"
	"t_deps_update_fails deps: apt-get update fails: exit 1, no install"
	"t_deps_user_with_sudo deps: not root: apt-get runs through sudo"
	"t_deps_user_without_sudo deps: not root, no sudo: exit 1, what to do, nothing run"
	"t_tree_import_apply tree: imports the pinned base (BASE_COMMIT), applies patches/, then is a no-op"
	"t_tree_refuses_dirty tree: refuses uncommitted edits (FORCE=1 too)"
	"t_tree_refuses_unexported tree: refuses commits not exported; FORCE=1 backs them up"
	"t_tree_refuses_checksum tree: refuses a tarball whose checksum is not BASE's"
	"t_export_deterministic export: twice gives identical bytes; --check fails on a changed patch"
	"t_lint_versions series-lint: the version in every subject; the previous version kept"
	"t_lint_changelog series-lint: every patch whose patch-id changed, or that is new, is named in the changelog"
	"t_lint_fixes series-lint: Fixes: form, Cc: stable, and the fixes first"
	"t_shellcheck lint: shellcheck finds nothing in scripts/*.sh, guest/init, tests/workspace"
	"t_shellcheck_reasons lint: every shellcheck disable gives its reason"
)

for c in awk basename cat cut date diff dirname env find git grep head nproc \
	sed sha256sum sort tar tr xz; do
	command -v "$c" >/dev/null 2>&1 ||
		{ echo "error: $c not found; run 'make deps'" >&2; exit 1; }
done

T=$(mktemp -d "${TMPDIR:-/tmp}/workspace-tests.XXXXXX")
FX=$T/fixture
# Nothing of the caller's git or shellcheck configuration (a GIT_DIR, a
# ~/.gitconfig, a ~/.shellcheckrc) reaches the tests.
mkdir -p "$T/home"
while read -r v; do
	unset "$v"
done < <(compgen -e | grep -E '^(GIT_|XDG_CONFIG_HOME$|SHELLCHECK_OPTS$)' || true)
export HOME=$T/home GIT_CONFIG_NOSYSTEM=1
# The basic commands deps.sh and the stubs may use: nothing else (no real
# dpkg-query, apt-get or sudo) is on its PATH.
TOOLS=$T/tools
mkdir -p "$TOOLS"
for c in awk basename cat cut date dirname env grep head nproc sed sort tr; do
	ln -s "$(command -v "$c")" "$TOOLS/$c"
done

passed=0
failed=0
n=0
for entry in "${TESTS[@]}"; do
	fn=${entry%% *}
	name=${entry#* }
	if [ $# -gt 0 ]; then
		match=0
		for word in "$@"; do
			[[ $name == *"$word"* ]] && match=1
		done
		[ "$match" = 1 ] || continue
	fi
	n=$((n + 1))
	W=$T/$n
	mkdir -p "$W"
	# Not tested with || (that would switch errexit off in the test).
	set +e
	trap - ERR
	(
		set -eE
		trap 'printf "FAILED: \"%s\" exited %s (line %s)\n" "$BASH_COMMAND" "$?" "$LINENO"' ERR
		cd "$W"
		"$fn"
	) > "$T/$n.log" 2>&1
	rc=$?
	trap _on_err ERR
	set -e
	if [ "$rc" -eq 0 ]; then
		passed=$((passed + 1))
		echo "ok $n - $name"
	else
		failed=$((failed + 1))
		echo "not ok $n - $name"
		sed 's/^/# /' "$T/$n.log"
	fi
done

if [ "$failed" -gt 0 ] || [ "${KEEP:-0}" = 1 ]; then
	echo "# files kept in $T (transcripts: $T/N.log); rerun one test with $0 WORD"
else
	rm -rf "$T"
fi
if [ "$n" -eq 0 ]; then
	echo "error: no test matches: $*" >&2
	exit 1
fi
echo "workspace: $passed passed, $failed failed"
if [ "$failed" -gt 0 ]; then
	exit 1
fi
