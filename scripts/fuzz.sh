#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# fuzz.sh - `make fuzz`: trinity against the memory-mapping system calls in
# the debug guest (KASAN, lockdep, DEBUG_VM, kmemleak: configs/debug.*), on
# the unpatched base and on the series, same seed, side by side.
#
# Builds two debug guest kernels with the same configuration: the base
# (worktree $BUILD/fuzz/base, objects in $BUILD/obj-fuzz-base) and build/linux
# HEAD (worktree $BUILD/check/head, objects in $BUILD/obj-fuzz-head), both
# without the series' KUnit suite (CONFIG_DROP), which the base does not
# have and which would run at boot.  Packs an initramfs
# ($BUILD/initramfs-fuzz) with trinity, the C library it needs and
# guest/fuzz/run.sh, whose only test runs trinity as user nobody for SECONDS
# seconds in all (a quarter on each victim file system: tmpfs, ext4,
# overlayfs, /dev/zero) and then checks for leaks (see that file).  Boots each kernel with
# it (console: $BUILD/guest-fuzz-base/ and guest-fuzz-series/console.log).
#
# Per kernel: system calls executed, kernel reports (the problems
# scripts/guest-run.sh looks for, lib.sh KERNEL_PROBLEMS, and RCU stalls),
# kmemleak objects, the leak checks of guest/fuzz/run.sh, and whether the
# guest finished.  A report is known by its first line without timestamp,
# CPU, PID, addresses, offsets and line numbers.  The run fails when the
# series has a finding the base does not have; a finding on both is listed
# as a problem of 6.12.  The last line is "fuzz: PASS (...)" or
# "fuzz: FAIL (...)"; exit status 0 only for PASS.
#
# Parameters (environment; `make fuzz SECONDS=... CHILDREN=... SEED=...`):
#   FUZZ_SECONDS   how long trinity runs on each kernel (default 300)
#   FUZZ_CHILDREN  trinity's child processes (default 2)
#   FUZZ_SEED      trinity's random seed (default: a random one, printed)
#   FUZZ_KERNELS   "base series" (default), or "series" alone (a quick look:
#                  then any finding fails the run)
#   GUEST_TIMEOUT  per boot (default SECONDS + 900: the debug kernel boots
#                  and checks slowly under TCG)

. "$(dirname "$0")/lib.sh"

secs=${FUZZ_SECONDS:-300}
children=${FUZZ_CHILDREN:-2}
seed=${FUZZ_SEED:-$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')}
read -r -a kernels <<< "${FUZZ_KERNELS:-base series}"
for v in SECONDS:"$secs" CHILDREN:"$children" SEED:"$seed"; do
	# No leading zero: bash arithmetic would read the number as octal.
	[[ ${v#*:} =~ ^(0|[1-9][0-9]*)$ ]] ||
		die "fuzz: ${v%%:*} must be a number without leading zeros, not '${v#*:}' (make fuzz SECONDS=300 CHILDREN=2 SEED=1)"
done
[ "$secs" -ge 40 ] || die "fuzz: SECONDS must be at least 40 (10 s for each of the 4 victim file systems)"
if [ "$children" -lt 1 ] || [ "$children" -gt 32 ]; then
	die "fuzz: CHILDREN must be 1-32"
fi
[ "$seed" -le 4294967295 ] || die "fuzz: SEED must fit in 32 bits"
case " ${kernels[*]} " in
" base series "|" series ") ;;
*) die "fuzz: FUZZ_KERNELS must be 'base series' (the default) or 'series', not '${kernels[*]}'" ;;
esac
trinity=$(command -v trinity || true)
[ -n "$trinity" ] ||
	die "fuzz: trinity is not installed (Debian package trinity): run 'make deps'"
[ -d "$LINUX/.git" ] || die "fuzz: $LINUX is not a git tree (run 'make tree')"
git -C "$LINUX" rev-parse -q --verify 'base^{commit}' >/dev/null ||
	die "fuzz: $LINUX has no 'base' tag (run 'make tree')"

drop=CONFIG_MMAP_PREPARE_KUNIT_TEST
out=$BUILD/fuzz
mkdir -p "$out"


# --- the kernels -------------------------------------------------------------

head=$(git -C "$LINUX" rev-parse HEAD)
declare -A src=([base]=$out/base [series]=$BUILD/check/head)
declare -A rev=([base]=base [series]=$head)
declare -A obj=([base]=$BUILD/obj-fuzz-base [series]=$BUILD/obj-fuzz-head)
# The series is built in make check's worktree (its objects are ccache hits
# of stage guest-debug's): not while make check runs.
mkdir -p "$BUILD/check"
exec 9>"$BUILD/check/.lock"
flock -n 9 ||
	die "fuzz: 'make check' is running and uses $BUILD/check/head; run make fuzz when it is done"
for k in "${kernels[@]}"; do
	linux_worktree "${src[$k]}" "${rev[$k]}"
	log "fuzz: debug guest kernel of the $k ($(git -C "${src[$k]}" log -1 --format='%h %s'))"
	SRC=${src[$k]} OBJ=${obj[$k]} CONFIG_DROP=$drop \
		"$TOP/scripts/guest-build.sh" debug ||
		die "fuzz: FAIL (the $k debug guest kernel does not build)"
done
exec 9>&-

# --- the initramfs -------------------------------------------------------------

extra=$out/extra
rm -rf "$extra"
mkdir -p "$extra/usr/bin" "$extra/fuzz"
cp "$trinity" "$extra/usr/bin/trinity"
# The shared objects trinity needs, at the paths its loader looks in.
while read -r lib; do
	mkdir -p "$extra$(dirname "$lib")"
	cp -L "$lib" "$extra$lib"
done < <(ldd "$trinity" | grep -oE '/[^ ]+\.so[^ ]*' | sort -u)
install -m 0755 "$TOP/guest/fuzz/run.sh" "$extra/fuzz/run.sh"
printf '# make fuzz\nfuzz /bin/sh /fuzz/run.sh %s %s %s\n' "$secs" "$children" "$seed" \
	> "$out/tests.list"
INITRAMFS_OUT=$BUILD/initramfs-fuzz INITRAMFS_TESTS=$out/tests.list \
	INITRAMFS_EXTRA=$extra "$TOP/scripts/initramfs.sh"

# --- the runs ------------------------------------------------------------------

problems=("${KERNEL_PROBLEMS[@]}" 'rcu: INFO: .*detected stall' 'detected stalls on CPUs')
regex=$(IFS='|'; echo "$KERNEL_TS.*(${problems[*]})")

# findings CONSOLE: one line per finding, sorted (LC_ALL=C, for comm):
#   report: LINE     a kernel report's first line, with every number, address
#                    and offset taken out (they differ between runs and
#                    kernels)
#   kmemleak: F<F<F  an unreferenced object, by its first backtrace frames
#   leak: CHECK      a leak check of guest/fuzz/run.sh that failed
#   guest: ...       the run did not start, finish, or run trinity
findings() {
	local console=$1 checks reasons r
	{
		grep -E "$regex" "$console" |
			sed -E "s/^.*$KERNEL_TS//
				s/\+0x[0-9a-f]+\/0x[0-9a-f]+//g
				s/(0x)?[0-9a-f]{8,}/ADDR/g
				s/[0-9]+/N/g
				s/^/report: /" || true
		awk '/^KMEMLEAK-BEGIN/ { on = 1; next } /^KMEMLEAK-END/ { on = 0 }
			on && /unreferenced object/ { if (f != "") print f; f = ""; n = -1 }
			on && /backtrace/ { n = 0; next }
			on && n >= 0 && n < 4 && /\[<[0-9a-f]+>\]/ {
				fn = $NF; sub(/\+0x.*/, "", fn)
				f = f (n ? "<" : "") fn; n++ }
			END { if (f != "") print f }' "$console" | sed 's/^/kmemleak: /'
		checks=$(sed -nE 's/^fuzz: check ([^ ]+) .*/\1/p' "$console")
		sed -nE 's/^fuzz: check ([^ ]+) .* LEAK.*/leak: \1/p' "$console"
		# What made the run fail besides a leak check.
		reasons=$(sed -nE 's/^fuzz: RESULT FAIL \((.*)\)$/\1/p' "$console" | tail -n 1)
		if [ -n "$reasons" ]; then
			if grep -qE '^(cannot|no |usage)' <<< "$reasons"; then
				echo "guest: the fuzz run could not start: $reasons"
			else
				for r in $reasons; do
					grep -qxF -- "$r" <<< "$checks" ||
						echo "guest: $(sed -E 's/[0-9]+/N/g' <<< "$r")"
				done
			fi
		fi
		grep -q '^fuzz: RESULT ' "$console" ||
			echo "guest: the fuzz run did not finish (hang, panic or killed)"
	} | LC_ALL=C sort -u
}

declare -A console rc syscalls
for k in "${kernels[@]}"; do
	console[$k]=$BUILD/guest-fuzz-$k/console.log
	log "fuzz: $k kernel: trinity for ${secs}s, $children children, seed $seed"
	rc[$k]=0
	OBJ=${obj[$k]} INITRD=$BUILD/initramfs-fuzz/initramfs.cpio.gz \
		GUEST_OUT=$BUILD/guest-fuzz-$k GUEST_KUNIT='' \
		GUEST_TIMEOUT=${GUEST_TIMEOUT:-$((secs + 900))} \
		"$TOP/scripts/guest-run.sh" debug > "$out/$k.log" 2>&1 || rc[$k]=$?
	[ -f "${console[$k]}" ] ||
		die "fuzz: FAIL (the $k guest did not start: no ${console[$k]}; see $out/$k.log)"
	syscalls[$k]=$(sed -n 's/^fuzz: syscalls \([0-9]*\)$/\1/p' "${console[$k]}" | tail -n 1)
	syscalls[$k]=${syscalls[$k]:-0}
	findings "${console[$k]}" > "$out/$k.findings"
done

# --- side by side --------------------------------------------------------------

check_value() { # KERNEL CHECK: "before -> after" of a run.sh check, or -
	local v
	v=$(awk -v c="$2" '$1 == "fuzz:" && $2 == "check" && $3 == c {
		print $4 " -> " $5; exit }' "${console[$1]}")
	echo "${v:--}"
}
printf '\n%-28s' ''
for k in "${kernels[@]}"; do printf ' %-24s' "$k"; done
printf '\n%-28s' 'kernel'
for k in "${kernels[@]}"; do
	printf ' %-24s' "$(grep -m1 -oE 'Linux version [^ ]+' "${console[$k]}" | cut -d' ' -f3 || echo '?')"
done
rows=("system calls" "kernel reports" "kmemleak objects" "vm_area_struct" "filp"
	"Committed_AS (kB)" "umounts" "guest verdict")
for row in "${rows[@]}"; do
	printf '\n%-28s' "$row"
	for k in "${kernels[@]}"; do
		c=${console[$k]}
		case $row in
		"system calls") v=${syscalls[$k]} ;;
		"kernel reports") v=$(grep -c '^report: ' "$out/$k.findings" || true) ;;
		"kmemleak objects")
			v=$(awk '/^KMEMLEAK-BEGIN/ { on = 1; next } /^KMEMLEAK-END/ { on = 0 }
				on && /unreferenced object/' "$c" | wc -l) ;;
		vm_area_struct|filp|Committed_AS*) v=$(check_value "$k" "${row%% *}") ;;
		umounts)
			v="$(grep -c '^fuzz: check umount:.* ok$' "$c" || true) ok"
			v+=", $(grep -c '^fuzz: check umount:.* LEAK' "$c" || true) busy" ;;
		"guest verdict")
			if [ "${rc[$k]}" -eq 0 ]; then v=PASS; else v="FAIL (exit ${rc[$k]})"; fi ;;
		esac
		printf ' %-24s' "$v"
	done
done
printf '\n\n'
for k in "${kernels[@]}"; do
	printf '%s: %s\n' "$k" "$(grep -m1 -o 'fuzz: RESULT .*' "${console[$k]}" || echo 'no result')"
	sed 's/^/  /' "$out/$k.findings"
done

# --- the verdict ---------------------------------------------------------------

reasons=()
[ "${syscalls[series]}" -gt 0 ] ||
	reasons+=("trinity ran no system call on the series (see ${console[series]})")
if [ ${#kernels[@]} -eq 2 ]; then
	new=$(LC_ALL=C comm -13 "$out/base.findings" "$out/series.findings")
	both=$(LC_ALL=C comm -12 "$out/base.findings" "$out/series.findings")
	[ -z "$both" ] ||
		printf '\nOn both kernels (problems of 6.12, not of the series):\n%s\n' "$both"
	if [ -n "$new" ]; then
		printf '\nOn the series only:\n%s\n' "$new"
		reasons+=("$(printf '%s\n' "$new" | wc -l) finding(s) on the series that the base does not have")
	fi
elif [ -s "$out/series.findings" ]; then
	reasons+=("$(wc -l < "$out/series.findings") finding(s) on the series (no base run to compare)")
fi
sum=$(for k in "${kernels[@]}"; do printf '%s %s, ' "$k" "${syscalls[$k]}"; done)
sum="seed $seed, ${secs}s, $children children; system calls: ${sum%, }"
if [ ${#reasons[@]} -ne 0 ]; then
	printf 'fuzz: FAIL (%s; %s)\n' "$(printf '%s; ' "${reasons[@]}" | sed 's/; $//')" "$sum"
	exit 1
fi
if [ ${#kernels[@]} -eq 2 ]; then
	printf 'fuzz: PASS (%s; no finding on the series that the base does not have)\n' "$sum"
else
	printf 'fuzz: PASS (%s; no finding on the series; no base run)\n' "$sum"
fi
