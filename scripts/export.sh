#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# make export: write patches/ from build/linux (base..HEAD).
#
# patches/NNNN-*.patch are `git format-patch` output, patches/series lists
# them in order for quilt, and patches/0000-cover-letter.patch is built from
# cover-letter.txt (first line: subject; the rest: body) plus the shortlog,
# the diffstat and the base-commit trailer.  The output depends only on the
# commits, so re-exporting an unchanged tree changes no byte.  The export is
# verified by applying it to the base in a scratch index and comparing the
# resulting tree with HEAD.
#
# The series is versioned the way the mm list expects a respin: VERSION
# holds the version (the subjects then read [PATCH vN NN/MM]), and when
# versions/v<N-1>/ holds the previous version's patches (as they landed),
# patches/range-diff.txt is the `git range-diff` from that version to this
# one, with commit ids left out so that it depends only on the patches.
#
# export.sh --check writes nothing: it fails if patches/ is not byte for
# byte what an export of build/linux would write (make check, stage series).

source "$(dirname "$0")/lib.sh"

need git

check_only=0
case ${1:-} in
--check) check_only=1 ;;
'') ;;
*) die "usage: $0 [--check]" ;;
esac

COVER=$TOP/cover-letter.txt
STATE=$LINUX/.git/workspace
VERSION_FILE=${VERSION_FILE:-$TOP/VERSION}
VERSIONS=${VERSIONS:-$TOP/versions}
VERSION=$(sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$VERSION_FILE" 2>/dev/null | head -n 1 || true)
VERSION=${VERSION:-1}
case $VERSION in
*[!0-9]*|0) die "$VERSION_FILE must hold the series' version, a number from 1 (it holds '$VERSION')" ;;
esac
PREV=$VERSIONS/v$((VERSION - 1))

[ -d "$LINUX/.git" ] || die "$LINUX does not exist; run 'make tree' first"
[ -f "$COVER" ] || die "$COVER is missing"
if [ -d "$LINUX/.git/rebase-apply" ] || [ -d "$LINUX/.git/rebase-merge" ]; then
	die "$LINUX is in the middle of a git am or rebase; finish it first"
fi
if [ -n "$(kgit status --porcelain --untracked-files=no)" ]; then
	kgit status --short --untracked-files=no | head -20 >&2
	die "$LINUX has uncommitted changes: commit them first (one commit per patch)"
fi
[ -z "$(kgit rev-list --merges base..HEAD)" ] || die "base..HEAD contains merge commits; the series must be linear"

base=$(kgit rev-parse 'base^{commit}')
count=$(kgit rev-list --count base..HEAD)
[ "$count" -gt 0 ] || die "no commits on top of base in $LINUX"

tmp=$(mktemp -d "$BUILD/export.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

log "formatting $count patch(es)"
# The branch description feeds the cover letter: subject, blank line, body.
# Its From: is git's own identity: make it the series' author (HEAD's), not
# whoever runs the export.
prefix=PATCH
[ "$VERSION" = 1 ] || prefix="PATCH v$VERSION"
GIT_COMMITTER_NAME=$(kgit log -1 --format=%an HEAD) \
GIT_COMMITTER_EMAIL=$(kgit log -1 --format=%ae HEAD) \
kgit -c "branch.series.description=$(cat "$COVER")" \
	format-patch -q --zero-commit --no-signature --no-binary \
	--subject-prefix="$prefix" \
	--cover-letter --cover-from-description=subject \
	--base="$base" -o "$tmp/out" base..HEAD >/dev/null
# format-patch dates the cover letter "now": use the newest patch's date.
made=("$tmp/out"/[0-9]*.patch)
date=$(sed -n 's/^Date: //p;/^$/q' "${made[-1]}")
sed -i "0,/^Date: .*/s//Date: $date/" "$tmp/out/0000-cover-letter.patch"

(cd "$tmp/out" && printf '%s\n' [0-9]*.patch | grep -v '^0000-cover-letter') > "$tmp/out/series"

# The range-diff from the previous version, if it is kept.
if [ "$VERSION" -gt 1 ] && [ -f "$PREV/series" ]; then
	log "range-diff from v$((VERSION - 1)) ($PREV)"
	# Commit each patch onto the base in a scratch index: no checkout.
	prev_head=$base
	GIT_INDEX_FILE=$tmp/prev-index kgit read-tree "$base"
	while read -r p; do
		GIT_INDEX_FILE=$tmp/prev-index kgit apply --cached "$PREV/$p" ||
			die "v$((VERSION - 1))'s $p does not apply (versions/v$((VERSION - 1)) must be that version as it landed)"
		kgit mailinfo "$tmp/prev-msg" "$tmp/prev-patch" < "$PREV/$p" > "$tmp/prev-info"
		prev_head=$(
			base_env
			GIT_AUTHOR_NAME=$(sed -n 's/^Author: //p' "$tmp/prev-info")
			GIT_AUTHOR_EMAIL=$(sed -n 's/^Email: //p' "$tmp/prev-info")
			GIT_AUTHOR_DATE=$(sed -n 's/^Date: //p' "$tmp/prev-info")
			{ sed -n 's/^Subject: //p' "$tmp/prev-info"; echo; cat "$tmp/prev-msg"; } |
				kgit commit-tree "$(GIT_INDEX_FILE=$tmp/prev-index kgit write-tree)" \
					-p "$prev_head"
		) || die "cannot record v$((VERSION - 1))'s $p for the range-diff"
	done < <(sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$PREV/series")
	# Commit ids differ with the committer dates of build/linux: drop them.
	kgit range-diff --no-color --creation-factor=95 \
		"$base..$prev_head" "$base..HEAD" |
		sed -E 's/^( *[0-9-]+): +[0-9a-f-]+ ([=!<>]) +([0-9-]+): +[0-9a-f-]+ /\1 \2 \3 /' \
		> "$tmp/out/range-diff.txt"
fi

log "verifying the round trip (patches applied to base give HEAD)"
export GIT_INDEX_FILE=$tmp/index
kgit read-tree "$base"
while read -r p; do
	kgit apply --cached "$tmp/out/$p" || die "exported $p does not apply to the previous patches"
done < "$tmp/out/series"
tree=$(kgit write-tree)
unset GIT_INDEX_FILE
[ "$tree" = "$(kgit rev-parse 'HEAD^{tree}')" ] ||
	die "round trip failed: base + patches gives tree $tree, HEAD has $(kgit rev-parse 'HEAD^{tree}')"

if [ "$check_only" = 1 ]; then
	diffs=()
	for f in "$tmp/out"/*; do
		cmp -s "$f" "$PATCHES/$(basename "$f")" || diffs+=("$(basename "$f")")
	done
	for f in "$PATCHES"/*.patch "$PATCHES"/range-diff.txt; do
		[ -e "$f" ] || continue
		[ -e "$tmp/out/$(basename "$f")" ] || diffs+=("$(basename "$f") (extra)")
	done
	if [ ${#diffs[@]} -gt 0 ]; then
		for f in "${diffs[@]}"; do
			diff -u "$PATCHES/${f% (extra)}" "$tmp/out/${f% (extra)}" 2>&1 | head -n 20 >&2 || true
		done
		die "patches/ differs from an export of build/linux: ${diffs[*]}"
	fi
	log "patches/ is byte for byte the export of build/linux ($count patch(es))"
	exit 0
fi

mkdir -p "$PATCHES"
changed=0
for f in "$tmp/out"/*; do
	if ! cmp -s "$f" "$PATCHES/$(basename "$f")"; then
		cp "$f" "$PATCHES/"
		changed=$((changed + 1))
	fi
done
for f in "$PATCHES"/*.patch "$PATCHES"/range-diff.txt; do
	[ -e "$f" ] || continue
	if [ ! -e "$tmp/out/$(basename "$f")" ]; then
		rm -f "$f"
		changed=$((changed + 1))
	fi
done

# build/linux now matches patches/: remember that for 'make tree'.
mkdir -p "$STATE"
kgit rev-list --reverse base..HEAD > "$STATE/applied"
stamp=$( { cat "$PATCHES/series"; while read -r p; do cat "$PATCHES/$p"; done < "$PATCHES/series"; } |
	sha256sum | cut -d' ' -f1)
printf '%s %s\n' "$stamp" "$(kgit rev-parse HEAD)" > "$STATE/stamp"

log "patches/: $count patch(es) + cover letter, $changed file(s) changed"
