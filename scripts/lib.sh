# shellcheck shell=bash
# SPDX-License-Identifier: GPL-2.0
# Common helpers for the workspace scripts.  Source it, do not run it.

set -euo pipefail

# No script may exit non-zero without saying what failed: a command that
# trips set -e names itself, its status and where it ran.
_on_err() {
	local rc=$? cmd=$BASH_COMMAND
	printf 'error: %s: line %s: "%s" exited %s; see the messages above, or rerun with bash -x %s\n' \
		"$(basename "$0")" "${BASH_LINENO[0]}" "$cmd" "$rc" "$0" >&2
}
trap _on_err ERR

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${BUILD:-$TOP/build}
LINUX=${LINUX:-$BUILD/linux}
PATCHES=${PATCHES:-$TOP/patches}
JOBS=${JOBS:-$(nproc)}

# Read BASE (KEY=value lines, '#' comments) without evaluating it as shell.
# BASE_FILE names another file in its place (tests/workspace uses a fake base).
while IFS='=' read -r key value; do
	case $key in
	''|'#'*) continue ;;
	esac
	printf -v "$key" '%s' "$value"
done < "${BASE_FILE:-$TOP/BASE}"

# Environment for every commit or am in the kernel tree, so that the base
# import is byte-for-byte reproducible.
base_env() {
	export GIT_AUTHOR_NAME="$BASE_IDENT_NAME" GIT_AUTHOR_EMAIL="$BASE_IDENT_EMAIL"
	export GIT_COMMITTER_NAME="$BASE_IDENT_NAME" GIT_COMMITTER_EMAIL="$BASE_IDENT_EMAIL"
	export GIT_AUTHOR_DATE="$BASE_DATE" GIT_COMMITTER_DATE="$BASE_DATE"
}

# git in the kernel tree, with settings that must not depend on the user's
# configuration (exports have to be byte-for-byte reproducible).
kgit() {
	git -C "$LINUX" -c core.abbrev=12 -c diff.noprefix=false \
		-c diff.mnemonicPrefix=false -c diff.algorithm=myers \
		-c diff.renames=false -c diff.relative=false \
		-c diff.suppressBlankEmpty=false -c format.signature= \
		-c format.coverLetter=false -c format.numbered=auto \
		-c commit.gpgSign=false -c core.autocrlf=false "$@"
}

# Kernel reports of a problem on a guest's console, after the printk
# timestamp KERNEL_TS (extended regexes; scripts/guest-run.sh fails a boot on
# any of them, scripts/fuzz.sh compares them between two kernels).
# shellcheck disable=SC2034 # used by the scripts that source this file
KERNEL_TS='\[ *[0-9]+\.[0-9]+\] '
# shellcheck disable=SC2034 # as above
KERNEL_PROBLEMS=(
	'Kernel panic'
	'BUG:'
	'WARNING: CPU: [0-9]+ PID: [0-9]+ at '
	'KASAN'
	'possible circular locking'
	'inconsistent lock state'
	'possible recursive locking'
	'suspicious RCU usage'
	'DEBUG_LOCKS_WARN_ON'
	'Oops'
	'general protection fault'
	'unreferenced object'
	'suspected memory leaks'
	'INFO: task .* blocked'
	'UBSAN'
)

# linux_worktree DIR SHA: make DIR a detached worktree of build/linux at SHA
# (make check, make stress and make fuzz build kernels in such worktrees).
linux_worktree() {
	local dir=$1 sha=$2

	if ! git -C "$LINUX" worktree list --porcelain |
		grep -qxF "worktree $dir" || [ ! -e "$dir/.git" ]; then
		rm -rf "$dir"
		git -C "$LINUX" worktree prune
		echo "creating worktree $dir" >&2
		git -C "$LINUX" worktree add -q --detach "$dir" "$sha"
	fi
	# -f: the worktree is ours; drop whatever a failed build left behind.
	git -C "$dir" checkout -q -f --detach "$sha"
}

_t0=$(date +%s)
log() { printf '==> [%4ss] %s\n' "$(( $(date +%s) - _t0 ))" "$*" >&2; }
warn() { printf '\nWARNING: %s\n\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# kselftest_cases CONSOLE: "TEST/CASE RESULT" (RESULT: ok, FAIL, skip) for
# every case that a kselftest program reported ("ok N CASE", "not ok N
# CASE", "ok N CASE # SKIP ...") while guest test TEST ran (guest/init's
# "KTEST: run TEST" ... "KTEST: ok|not ok|skip TEST").
kselftest_cases() {
	tr -d '\r' < "$1" | awk '
		/^KTEST: run / { t = $3; next }
		/^KTEST: / { t = ""; next }
		t != "" && /^(not )?ok [0-9]+ / {
			r = ($1 == "not") ? "FAIL" : "ok"
			c = $0
			sub(/^(not )?ok [0-9]+ /, "", c)
			if (c ~ / # SKIP/) {
				r = "skip"
				sub(/ # SKIP.*/, "", c)
			}
			print t "/" c, r
		}'
}

# skip_allowed FILE NAME: FILE (configs/*.skips: "GLOB REASON" a line, '#'
# starts a comment) allows test NAME to skip.  An entry without a reason
# is an error.
skip_allowed() {
	local glob why

	[ -f "$1" ] || die "no skip list $1"
	while read -r glob why; do
		case $glob in ''|'#'*) continue ;; esac
		[ -n "$why" ] || die "$1: '$glob' has no reason"
		# shellcheck disable=SC2053 # the entry is a glob on purpose
		[[ $2 == $glob ]] && return 0
	done < "$1"
	return 1
}

need() {
	local c
	for c in "$@"; do
		command -v "$c" >/dev/null 2>&1 ||
			die "'$c' not found; run 'make deps' first"
	done
}

# Patches of the series, in order (names relative to $PATCHES).
series_list() {
	[ -f "$PATCHES/series" ] || return 0
	sed -e 's/#.*//' -e 's/[[:space:]]*$//' -e '/^$/d' "$PATCHES/series"
}
