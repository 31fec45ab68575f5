#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# make tree: unpack the pinned Debian base into build/linux as a git
# repository (one reproducible base commit, tagged "base") and apply the
# series on top of it, one commit per patch.
#
# - A no-op when build/linux already holds exactly the current patches/.
# - Refuses to touch build/linux when it has uncommitted edits or commits
#   that were never exported to patches/ (FORCE=1 overrides the latter; the
#   old HEAD is then kept under refs/workspace/backup/).
# - On the pinned package version a tarball checksum mismatch or a base
#   commit that does not reproduce is an error.  On another 6.12 version the
#   series is applied with a 3-way merge and conflicts are reported by patch.

source "$(dirname "$0")/lib.sh"

need git tar xz sha256sum dpkg-query

STATE=$LINUX/.git/workspace
pinned=1

check_package() {
	local have

	have=$(dpkg-query -W -f='${Status} ${Version}' "$PACKAGE" 2>/dev/null || true)
	case $have in
	"install ok installed "*) have=${have##* } ;;
	*) die "$PACKAGE is not installed (expected $PACKAGE_VERSION); run 'make deps'" ;;
	esac
	[ -f "$TARBALL" ] || die "$TARBALL is missing although $PACKAGE $have is installed; reinstall it ('apt-get install --reinstall $PACKAGE')"

	if [ "$have" != "$PACKAGE_VERSION" ]; then
		pinned=0
		warn "$PACKAGE $have is installed, but the series is tested on $PACKAGE_VERSION.
         Going on with $have: the base commit will differ from BASE_COMMIT,
         patches are applied with a 3-way merge, and any conflict is reported."
	fi
	BASE_VERSION=$have
}

verify_tarball() {
	local sum

	sum=$(sha256sum "$TARBALL" | cut -d' ' -f1)
	if [ "$pinned" = 1 ] && [ "$sum" != "$TARBALL_SHA256" ]; then
		die "checksum mismatch for $TARBALL ($PACKAGE $PACKAGE_VERSION):
       expected $TARBALL_SHA256
       found    $sum
       The installed package is not the tested one; reinstall it or update BASE."
	fi
	log "tarball $TARBALL: sha256 $sum"
}

import_base() {
	local tmp=$BUILD/linux.import.$$ top sha subject

	log "unpacking $TARBALL (about 15 s)"
	rm -rf "$tmp"
	mkdir -p "$tmp"
	trap 'rm -rf "$tmp"' EXIT
	tar -xJf "$TARBALL" -C "$tmp"
	top=$(find "$tmp" -mindepth 1 -maxdepth 1 -type d)
	[ "$(printf '%s\n' "$top" | wc -l)" = 1 ] || die "unexpected layout of $TARBALL"
	[ -f "$top/Makefile" ] || die "$TARBALL does not look like a kernel tree"

	log "importing the base into git (about 30 s)"
	subject=$BASE_SUBJECT
	[ "$pinned" = 1 ] || subject="Linux (Debian $PACKAGE $BASE_VERSION)"
	(
		cd "$top" || exit 1
		base_env
		git init -q -b series .
		# Debian's top-level .gitignore ignores everything: force-add.
		git -c core.autocrlf=false add -f -A
		git -c commit.gpgSign=false commit -q --no-verify -m "$subject"
		git tag base
	)
	sha=$(git -C "$top" rev-parse HEAD)
	if [ "$pinned" = 1 ] && [ "$sha" != "$BASE_COMMIT" ]; then
		die "the base import is not reproducible: got commit $sha, BASE says $BASE_COMMIT"
	fi
	mkdir -p "$top/.git/workspace"
	: > "$top/.git/workspace/applied"
	rm -rf "$LINUX"
	mv "$top" "$LINUX"
	rm -rf "$tmp"
	trap - EXIT
	log "base commit $sha tagged 'base' in $LINUX"
}

# The state of patches/: changes whenever a patch or the series file does.
series_stamp() {
	{
		cat "$PATCHES/series" 2>/dev/null || true
		series_list | while read -r p; do
			[ -f "$PATCHES/$p" ] || die "patches/series lists $p, which does not exist"
			cat "$PATCHES/$p"
		done
	} | sha256sum | cut -d' ' -f1
}

check_clean() {
	local c unknown=()

	if [ -d "$LINUX/.git/rebase-apply" ] || [ -d "$LINUX/.git/rebase-merge" ]; then
		die "$LINUX is in the middle of a git am or rebase; finish it (--continue) or abort it (--abort) first"
	fi
	if [ -n "$(kgit status --porcelain --untracked-files=no)" ]; then
		kgit status --short --untracked-files=no | head -20 >&2
		die "$LINUX has uncommitted changes; commit them and run 'make export', or discard them, before 'make tree' replaces the series"
	fi
	# Commits that neither tree.sh created nor export.sh wrote out.
	for c in $(kgit rev-list base..HEAD); do
		grep -qx "$c" "$STATE/applied" 2>/dev/null || unknown+=("$c")
	done
	if [ ${#unknown[@]} -gt 0 ] && [ "${FORCE:-0}" != 1 ]; then
		kgit log --oneline --no-walk "${unknown[@]}" >&2
		die "$LINUX has ${#unknown[@]} commit(s) that are not in patches/; run 'make export' to keep them, or FORCE=1 make tree to drop them (HEAD is backed up)"
	fi
}

show_rejects() {
	local patch=$1 rej

	printf '\nerror: patch %s does not apply to %s\n' "$(basename "$patch")" "$LINUX" >&2
	if [ "$pinned" = 1 ]; then
		# Apply what applies and leave .rej files behind for inspection.
		kgit apply --reject --verbose "$patch" >&2 || true
		kgit ls-files --others --exclude-standard -i -o 2>/dev/null | grep '\.rej$' |
		while read -r rej; do
			printf '\n--- %s\n' "$rej" >&2
			cat "$LINUX/$rej" >&2
		done
	else
		kgit diff --name-only --diff-filter=U >&2 || true
		kgit diff >&2 || true
	fi
	printf '\n%s is left as it is for inspection: fix the patch and run "git am --continue" there,\nor "git am --abort" and fix patches/%s.\n' \
		"$LINUX" "$(basename "$patch")" >&2
	exit 1
}

apply_series() {
	local p n=0 total stamp

	total=$(series_list | wc -l)
	if [ -n "$(kgit rev-list -1 base..HEAD)" ]; then
		kgit update-ref "refs/workspace/backup/$(date +%Y%m%d-%H%M%S)" HEAD
	fi
	kgit checkout -q --detach base
	kgit checkout -q -B series base
	: > "$STATE/applied"
	for p in $(series_list); do
		n=$((n + 1))
		log "applying [$n/$total] $p"
		# shellcheck disable=SC2046 # empty or --3way
		if ! (base_env
		      unset GIT_AUTHOR_NAME GIT_AUTHOR_EMAIL GIT_AUTHOR_DATE GIT_COMMITTER_DATE
		      kgit am -q --committer-date-is-author-date \
			$([ "$pinned" = 1 ] || echo --3way) "$PATCHES/$p" >/dev/null); then
			show_rejects "$PATCHES/$p"
		fi
		kgit rev-parse HEAD >> "$STATE/applied"
	done
	stamp=$(series_stamp)
	printf '%s %s\n' "$stamp" "$(kgit rev-parse HEAD)" > "$STATE/stamp"
	log "build/linux: base + $total patch(es), HEAD $(kgit rev-parse --short HEAD)"
}

main() {
	local stamp

	mkdir -p "$BUILD"
	check_package
	if [ ! -d "$LINUX/.git" ]; then
		verify_tarball
		import_base
	else
		if ! kgit rev-parse -q --verify base >/dev/null; then
			die "$LINUX exists but has no 'base' tag; move it away and run 'make tree' again"
		fi
		if [ "$pinned" = 1 ] && [ "$(kgit rev-parse 'base^{commit}')" != "$BASE_COMMIT" ]; then
			die "$LINUX was imported from another base ($(kgit rev-parse 'base^{commit}'), BASE says $BASE_COMMIT); move it away and run 'make tree' again"
		fi
		mkdir -p "$STATE"
	fi

	stamp=$(series_stamp)
	if [ -f "$STATE/stamp" ] &&
	   [ "$(cat "$STATE/stamp")" = "$stamp $(kgit rev-parse HEAD)" ]; then
		log "build/linux is up to date with patches/ ($(series_list | wc -l) patches)"
		return 0
	fi
	check_clean
	apply_series
}

main "$@"
