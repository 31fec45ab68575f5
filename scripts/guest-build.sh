#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# guest-build.sh NAME - build the x86_64 guest kernel (bzImage) NAME.
#
#   guest   tinyconfig + configs/guest.config                  (make run)
#   debug   tinyconfig + configs/guest.config + configs/debug.config
#   other   tinyconfig + configs/guest.config + configs/NAME.config
#
# tinyconfig's output and the fragments are merged with merge_config.sh -m
# and then resolved with allnoconfig, the way merge_config.sh -n does it.
# Environment:
#   SRC   kernel source (default $LINUX; may be a git worktree)
#   OBJ   output directory (default $BUILD/obj-NAME)
#   TARGETS  make targets to build instead of bzImage (e.g. fs/btrfs/file.o)
#   CONFIG_DROP  options taken out of the fragments ("CONFIG_FOO ..."), and
#            checked to be off in the result (make fuzz: the series' KUnit
#            suite, which the base does not have, so that both kernels get
#            the same configuration)
#
# The configuration is re-made (tinyconfig, merge_config.sh, allnoconfig)
# only when the fragments or the source's Kconfig files changed since the
# last merge (stamp in $OBJ/.config-stamp).  Every option the fragments ask
# for must be in the final .config, or the build fails.  The build itself is
# incremental, with ccache; its output goes to $BUILD/log/<obj dir>.log and
# only the tail is shown on failure.

. "$(dirname "$0")/lib.sh"

[ $# -eq 1 ] || die "usage: $0 guest|debug|NAME"
name=$1
SRC=$(realpath -m "${SRC:-$LINUX}")
OBJ=$(realpath -m "${OBJ:-$BUILD/obj-$name}")

need gcc ccache make flex bison bc
if [ ! -f "$SRC/Makefile" ] || [ ! -f "$SRC/scripts/kconfig/merge_config.sh" ]; then
	die "$SRC is not a kernel source tree (run 'make tree')"
fi

frags=("$TOP/configs/guest.config")
if [ "$name" != guest ]; then
	[ -f "$TOP/configs/$name.config" ] ||
		die "unknown guest '$name': no configs/$name.config"
	frags+=("$TOP/configs/$name.config")
fi

# CONFIG_DROP: the fragments without those options, in $OBJ/fragments.
read -r -a drop <<< "${CONFIG_DROP:-}"
if [ ${#drop[@]} -gt 0 ]; then
	for opt in "${drop[@]}"; do
		[[ $opt =~ ^CONFIG_[A-Z0-9_]+$ ]] ||
			die "CONFIG_DROP: '$opt' is not an option name (CONFIG_FOO)"
	done
	mkdir -p "$OBJ/fragments"
	kept=()
	for frag in "${frags[@]}"; do
		f=$OBJ/fragments/$(basename "$frag")
		grep -vE "^(# )?($(IFS='|'; echo "${drop[*]}"))[= ]" "$frag" > "$f" || true
		kept+=("$f")
	done
	frags=("${kept[@]}")
fi

# ccache: keep paths under $BUILD relative so that hits survive a move of
# the workspace (a CI clone elsewhere shares the user's cache).
export CCACHE_MAXSIZE=${CCACHE_MAXSIZE:-5G}
export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$BUILD}
export CCACHE_NOHASHDIR=${CCACHE_NOHASHDIR:-1}

mkdir -p "$OBJ" "$BUILD/log"
buildlog=$BUILD/log/$(basename "$OBJ").log
: > "$buildlog"

kmake() {
	make -C "$SRC" O="$OBJ" ARCH=x86_64 CC="ccache gcc" HOSTCC="ccache gcc" \
		-j"$JOBS" "$@" >>"$buildlog" 2>&1
}

fail_build() {
	{
		printf '\n--- errors in %s:\n' "$buildlog"
		grep -E ' error:|Error [0-9]+|\*\*\*' "$buildlog" | head -n 20 || true
		printf -- '--- last lines:\n'
		tail -n 30 "$buildlog"
		printf -- '---\n'
	} >&2
	die "$*: see $buildlog"
}

# The stamp: the fragments, tinyconfig's own fragments, merge_config.sh and
# every Kconfig file (name and content) of the source.
config_stamp() {
	{
		sha256sum "${frags[@]}" | awk '{ print $1 }'
		cd "$SRC" || exit 1
		find . -path ./tools -prune -o -path ./.git -prune -o \
			\( -name 'Kconfig*' -o -name 'tiny*.config' \
			   -o -name merge_config.sh \) -type f -print0 |
			sort -z | xargs -0 sha256sum
	} | sha256sum | awk '{ print $1 }'
}

# Fail unless every assignment of the fragments made it to $OBJ/.config.
check_config() {
	local frag line opt missing=0
	for frag in "${frags[@]}"; do
		# shellcheck disable=SC2094 # $frag is only read; basename "$frag" is its name, not a write
		while IFS= read -r line; do
			case $line in
			CONFIG_*=*)
				grep -qxF -- "$line" "$OBJ/.config" && continue
				opt=${line%%=*}
				printf '  %s: wanted %s, got %s\n' \
					"$(basename "$frag")" "$line" \
					"$(grep -E "^(# )?${opt}[= ]" "$OBJ/.config" || echo 'nothing (unknown option or unmet dependency)')" >&2
				missing=$((missing + 1))
				;;
			'# CONFIG_'*' is not set')
				opt=${line#\# }
				opt=${opt%% *}
				grep -qE "^$opt=" "$OBJ/.config" || continue
				printf '  %s: wanted %s, got %s\n' "$(basename "$frag")" \
					"$line" "$(grep -E "^$opt=" "$OBJ/.config")" >&2
				missing=$((missing + 1))
				;;
			esac
		done < "$frag"
	done
	for opt in "${drop[@]}"; do
		grep -qE "^$opt=[ym]" "$OBJ/.config" || continue
		printf '  CONFIG_DROP: %s is still on: %s\n' "$opt" \
			"$(grep -E "^$opt=" "$OBJ/.config")" >&2
		missing=$((missing + 1))
	done
	[ "$missing" -eq 0 ] ||
		die "$missing requested option(s) did not stick in $OBJ/.config (check the fragments' dependencies)"
}

stamp=$(config_stamp)
if [ -f "$OBJ/.config" ] && [ -f "$OBJ/.config-stamp" ] &&
	[ "$(cat "$OBJ/.config-stamp")" = "$stamp" ]; then
	log "$name: configuration up to date"
else
	log "$name: configuring (tinyconfig + ${frags[*]##*/})"
	rm -f "$OBJ/.config-stamp"
	kmake tinyconfig || fail_build "make tinyconfig failed"
	(cd "$SRC" && ARCH=x86_64 scripts/kconfig/merge_config.sh -m \
		-O "$OBJ" "$OBJ/.config" "${frags[@]}") >>"$buildlog" 2>&1 ||
		fail_build "merge_config.sh failed"
	# Like merge_config.sh -n: what neither tinyconfig nor the fragments
	# ask for stays off (olddefconfig would switch on every default-y
	# option under NET, PCI, BLK_DEV_INITRD...).
	mv "$OBJ/.config" "$OBJ/.config.merged"
	kmake KCONFIG_ALLCONFIG="$OBJ/.config.merged" allnoconfig ||
		fail_build "make allnoconfig with the merged fragments failed"
	check_config
	echo "$stamp" > "$OBJ/.config-stamp"
fi

if [ -n "${TARGETS:-}" ]; then
	# Only these objects (make check, stage bisect: the files of a
	# commit that the guest kernel does not build).
	log "$name: building $TARGETS from $SRC (-j$JOBS; log: $buildlog)"
	# shellcheck disable=SC2086 # a list of make targets
	kmake $TARGETS || fail_build "$name: $TARGETS do(es) not build"
	check_config
	exit 0
fi

log "$name: building bzImage from $SRC (-j$JOBS; log: $buildlog)"
t0=$(date +%s)
kmake bzImage || fail_build "$name: kernel build failed"
# The build re-runs syncconfig; make sure it changed nothing we asked for.
check_config

image=$OBJ/arch/x86/boot/bzImage
[ -f "$image" ] || fail_build "$name: no $image after the build"
ncc=$(grep -c '^  CC ' "$buildlog" || true)
log "$name: bzImage ready in $(( $(date +%s) - t0 ))s ($ncc files compiled): $image"
