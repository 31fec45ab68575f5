#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# selftests-build.sh LIST OUT - build kselftests for the guest.
#
# LIST is a file (configs/selftests-*.list) with one test a line:
#
#   DIR PROGRAM [ENV=VALUE...]
#
# DIR is a directory under tools/testing/selftests (e.g. mm), PROGRAM one of
# its TEST_GEN_FILES/TEST_GEN_PROGS; the ENV assignments are set when the
# guest runs it.  '#' starts a comment.
#
# Every program is built with the kselftest Makefile of the source tree
# SRC (default $LINUX), statically linked against the UAPI headers of that
# tree (make headers in $OBJ, default $BUILD/obj-headers-<tree>), into
# OUT/selftests/DIR/PROGRAM.  OUT/tests.list gets the guest's test lines
# (see guest/init): "DIR:PROGRAM cd /selftests/DIR && ENV... ./PROGRAM".
# OUT is then ready for INITRAMFS_EXTRA (scripts/initramfs.sh).
#
# A program that does not exist in SRC (a test the series adds, built from
# the base) fails, unless OPTIONAL=1: then it is left out with a note.

. "$(dirname "$0")/lib.sh"

[ $# -eq 2 ] || die "usage: $0 LIST OUT"
list=$(realpath "$1")
out=$(realpath -m "$2")
SRC=$(realpath -m "${SRC:-$LINUX}")
OBJ=$(realpath -m "${OBJ:-$BUILD/obj-headers-$(basename "$SRC")}")

[ -f "$list" ] || die "no test list $list"
[ -f "$SRC/tools/testing/selftests/lib.mk" ] ||
	die "$SRC is not a kernel source tree with kselftests (run 'make tree')"
need gcc make

# Everything the result depends on: the list, the compiler, and the
# kselftest sources and UAPI headers of the tree.
dirs=$(sed -e 's/#.*//' "$list" | awk 'NF { print $1 }' | sort -u)
stamp=$(
	{
		echo "${OPTIONAL:-0}"
		cat "$list" "$0"
		gcc --version | head -n 1
		cd "$SRC" || exit 1
		# shellcheck disable=SC2086,SC2046 # one word per directory
		find tools/testing/selftests/lib.mk \
			tools/testing/selftests/kselftest*.h \
			$(printf 'tools/testing/selftests/%s ' $dirs) \
			include/uapi arch/x86/include/uapi -type f \
			! -name 'local_config.*' -print0 2>/dev/null |
			sort -z | xargs -0 sha256sum
	} | sha256sum | awk '{ print $1 }'
)
if [ -f "$out/tests.list" ] && [ "$(cat "$out/.stamp" 2>/dev/null)" = "$stamp" ]; then
	log "selftests: $(wc -l < "$out/tests.list") program(s) of $(basename "$list") up to date in $out"
	exit 0
fi

mkdir -p "$OBJ" "$BUILD/log"
buildlog=$BUILD/log/selftests-$(basename "$out").log
: > "$buildlog"

log "selftests: UAPI headers of $SRC"
make -C "$SRC" O="$OBJ" ARCH=x86_64 headers >>"$buildlog" 2>&1 ||
	die "make headers failed: see $buildlog"

rm -rf "$out"
mkdir -p "$out"
: > "$out/tests.list"
n=0
while read -r dir prog env; do
	case $dir in ''|'#'*) continue ;; esac
	[ -n "$prog" ] || die "$list: '$dir' names no program"
	env=${env%%#*}
	if [ ! -e "$SRC/tools/testing/selftests/$dir/$prog.c" ]; then
		[ "${OPTIONAL:-0}" = 1 ] ||
			die "$dir/$prog.c is not in $SRC"
		log "selftests: $dir/$prog is not in this tree; left out"
		continue
	fi
	mkdir -p "$out/selftests/$dir"
	# The program's own Makefile rule, so that its extra sources and
	# libraries (vm_util.c, -lcap...) come with it.
	make -C "$SRC/tools/testing/selftests/$dir" -j"$JOBS" \
		OUTPUT="$out/selftests/$dir" \
		KHDR_INCLUDES="-isystem $OBJ/usr/include" \
		LDFLAGS=-static "$out/selftests/$dir/$prog" >>"$buildlog" 2>&1 ||
		die "building $dir/$prog failed: see $buildlog"
	printf '%s:%s cd /selftests/%s && %s./%s\n' "$dir" "$prog" "$dir" \
		"${env:+env $env }" "$prog" >> "$out/tests.list"
	n=$((n + 1))
done < "$list"
# Leftovers of the kselftest build (objects, local_config.*) stay out of
# the image.
find "$out/selftests" -type f ! -perm -u+x -delete 2>/dev/null || true
echo "$stamp" > "$out/.stamp"
log "selftests: $n program(s) from $(basename "$list") in $out"
