#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# guest-run.sh NAME - boot guest kernel NAME under QEMU (TCG) and judge it.
#
# Boots $OBJ/arch/x86/boot/bzImage (OBJ defaults to $BUILD/obj-NAME) with the
# initramfs of initramfs.sh and a fresh copy of the ext4 disk template, and
# saves the whole serial console to $BUILD/guest-NAME/console.log.  Prints
# the tests' output and KTEST lines, then the verdict.  Exit status 0 only
# if guest/init printed its SUMMARY line with fail=0 and at least one test,
# and the console shows no kernel problem (panic, BUG, WARNING, KASAN,
# lockdep, Oops, kmemleak, hung task, UBSAN...).  A guest that hangs is
# killed after GUEST_TIMEOUT seconds (default 300 for debug, 120 otherwise).
#
# Kernel parameters: console=ttyS0 panic=-1 rdinit=/init, then those of
# configs/NAME.cmdline if it exists, then $GUEST_APPEND.
#
# configs/NAME.kunit, if it exists, lists KUnit suites built into the guest
# kernel that must pass at boot, and the warnings each one expects.
#
# Environment: OBJ, KERNEL (the bzImage), INITRD (and its ext4.img beside
# it), GUEST_OUT (default $BUILD/guest-NAME), GUEST_TIMEOUT,
# GUEST_APPEND (more kernel parameters), GUEST_MEM (default 2G), GUEST_SMP
# (vCPUs, default 2), GUEST_QEMU_ARGS (more QEMU arguments, split at blanks:
# make bench's instruction-counting plugin),
# EXTRA_DISKS ("FILE[:ro] ...": more raw disk images, attached as they are,
# not copied, after the ext4 disk and in order: /dev/vdb, /dev/vdc...; ":ro"
# attaches FILE read-only).
#
# GUEST_KUNIT=FILE reads the KUnit suites from FILE instead of
# configs/NAME.kunit; GUEST_KUNIT= (empty) checks none (make fuzz: the debug
# configuration without the series' suite, on the base kernel too).
#
# GUEST_SKIPS=FILE makes every skip a failure unless FILE allows it (see
# below; configs/NAME.skips).  A file system guest/init cannot mount fails
# the boot.

. "$(dirname "$0")/lib.sh"

[ $# -eq 1 ] || die "usage: $0 guest|debug|NAME"
name=$1

need qemu-system-x86_64 timeout
OBJ=${OBJ:-$BUILD/obj-$name}
KERNEL=${KERNEL:-$OBJ/arch/x86/boot/bzImage}
INITRD=${INITRD:-$BUILD/initramfs/initramfs.cpio.gz}
DISK_TEMPLATE=${DISK_TEMPLATE:-$(dirname "$INITRD")/ext4.img}
if [ "$name" = debug ]; then
	GUEST_TIMEOUT=${GUEST_TIMEOUT:-300}
else
	GUEST_TIMEOUT=${GUEST_TIMEOUT:-120}
fi

[ -f "$KERNEL" ] || die "no kernel image $KERNEL (run scripts/guest-build.sh $name)"
[ -f "$INITRD" ] || die "no initramfs $INITRD (run scripts/initramfs.sh)"
[ -f "$DISK_TEMPLATE" ] || die "no disk template $DISK_TEMPLATE (run scripts/initramfs.sh)"

extra_drives=()
read -r -a extra_disks <<< "${EXTRA_DISKS:-}"
for disk in "${extra_disks[@]}"; do
	ro=
	case $disk in
	*:ro) disk=${disk%:ro} ro=,readonly=on ;;
	esac
	[ -f "$disk" ] || die "EXTRA_DISKS: no disk image $disk"
	extra_drives+=(-drive "file=$disk,if=virtio,format=raw$ro")
done

cmdline="console=ttyS0 panic=-1 rdinit=/init"
if [ -f "$TOP/configs/$name.cmdline" ]; then
	cmdline+=" $(sed -e 's/#.*//' "$TOP/configs/$name.cmdline" | xargs)"
fi
cmdline+=" ${GUEST_APPEND:-}"

out=${GUEST_OUT:-$BUILD/guest-$name}
console=$out/console.log
mkdir -p "$out"
cp --sparse=always "$DISK_TEMPLATE" "$out/disk.img"

log "$name: booting $KERNEL under QEMU TCG (timeout ${GUEST_TIMEOUT}s)"
t0=$(date +%s)
rc=0
# shellcheck disable=SC2086 # GUEST_QEMU_ARGS: words on purpose
timeout -k 10 "$GUEST_TIMEOUT" qemu-system-x86_64 \
	-accel tcg -m "${GUEST_MEM:-2G}" -smp "${GUEST_SMP:-2}" \
	-nographic -no-reboot \
	-kernel "$KERNEL" -initrd "$INITRD" \
	-drive "file=$out/disk.img,if=virtio,format=raw" "${extra_drives[@]}" \
	-append "$cmdline" ${GUEST_QEMU_ARGS:-} \
	</dev/null >"$console" 2>&1 || rc=$?
elapsed=$(( $(date +%s) - t0 ))
# The console is CRLF; keep the log plain text.
sed -i 's/\r$//' "$console"
log "$name: guest ended after ${elapsed}s (qemu exit $rc); console: $console"

# --- What the tests printed -------------------------------------------------

printf '\n--- %s guest: %s\n' "$name" \
	"$(grep -m1 -o 'Linux version [^ ]*' "$console" || echo 'no kernel banner')"
# From the first test to the summary, without the "run" markers.
awk '/KTEST: run / { on = 1; next } on { print } /KTEST: SUMMARY/ { exit }' \
	"$console"
printf -- '---\n'

# --- The verdict ------------------------------------------------------------

reasons=()

if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
	running=$(grep -o 'KTEST: run .*' "$console" | tail -n 1 | sed 's/KTEST: run //' || true)
	if grep -q 'KTEST: SUMMARY' "$console"; then
		reasons+=("guest hung after its summary (no reboot) and was killed after ${GUEST_TIMEOUT}s")
	elif [ -n "$running" ] && ! grep -qE "KTEST: (ok|not ok|skip) $running( |\$)" "$console"; then
		reasons+=("guest timed out after ${GUEST_TIMEOUT}s while running test '$running' (hang?)")
	else
		reasons+=("guest timed out after ${GUEST_TIMEOUT}s (hang?)")
	fi
elif [ "$rc" -ne 0 ]; then
	reasons+=("qemu failed (exit $rc)")
fi

summary=$(grep -o 'KTEST: SUMMARY pass=[0-9]* fail=[0-9]* skip=[0-9]*' "$console" | tail -n 1 || true)
if [ -z "$summary" ]; then
	if grep -q 'Kernel panic' "$console"; then
		reasons+=("the guest kernel panicked before the tests finished")
	elif [ "$rc" -eq 0 ]; then
		reasons+=("the guest stopped without printing its KTEST summary")
	fi
else
	# shellcheck disable=SC2001 # three capture groups: ${var//} cannot extract them
	read -r pass fail skip < <(echo "$summary" |
		sed 's/.*pass=\([0-9]*\) fail=\([0-9]*\) skip=\([0-9]*\)/\1 \2 \3/')
	[ "$fail" -eq 0 ] ||
		reasons+=("$fail test(s) failed: $(grep -o 'KTEST: not ok .*' "$console" |
			sed 's/KTEST: not ok //' | paste -sd, - | sed 's/,/, /g')")
	[ $((pass + fail + skip)) -gt 0 ] || reasons+=("the guest ran no test")
fi

# A file system that guest/init could not mount fails the boot: the tests
# that need it would skip or test the wrong thing.
while IFS= read -r line; do
	reasons+=("${line#init: }")
done < <(grep -E '^init: (cannot mount|no /dev/vda)' "$console" || true)

# Skips (GUEST_SKIPS=FILE): a skip is a failure unless FILE allows it.  A
# skip is a test that exited 4 ("KTEST: skip NAME") or a case that a
# kselftest program reported as "ok N CASE # SKIP ..." while test NAME ran
# (NAME/CASE).  FILE: "GLOB REASON" a line, GLOB matched against NAME or
# NAME/CASE; '#' starts a comment; an entry without a reason is an error.
if [ -n "${GUEST_SKIPS:-}" ]; then
	unlisted=()
	nskips=0
	while IFS= read -r s; do
		[ -n "$s" ] || continue
		nskips=$((nskips + 1))
		skip_allowed "$GUEST_SKIPS" "$s" || unlisted+=("$s")
	done < <(tr -d '\r' < "$console" | sed -n 's/^KTEST: skip \([^ ]*\)$/\1/p'
		kselftest_cases "$console" | awk '$2 == "skip" { print $1 }')
	if [ ${#unlisted[@]} -gt 0 ]; then
		reasons+=("${#unlisted[@]} skip(s) that $GUEST_SKIPS does not allow (a skip is a failure): ${unlisted[*]}")
	fi
	printf 'skips: %s, %s allowed by %s\n' "$nskips" "$((nskips - ${#unlisted[@]}))" "$GUEST_SKIPS"
fi

# Kernel problems (lib.sh: KERNEL_PROBLEMS): only in kernel lines (they
# carry a printk timestamp, possibly in the middle of a line that a test was
# printing), so that a test's own output cannot match; and the kmemleak
# report.
ts=$KERNEL_TS
regex=$(IFS='|'; echo "$ts.*(${KERNEL_PROBLEMS[*]})")
hits=$(grep -nE "$regex" "$console" || true)

# KUnit suites that run at boot (configs/NAME.kunit): each must end with a
# top-level "ok N SUITE", and each WARNING it expects (a line "SUITE REGEX"
# each, REGEX matched against the "at FILE:LINE FUNCTION" part) must appear
# exactly once while it runs; those are not kernel problems, any other is.
kunit_list=${GUEST_KUNIT-$TOP/configs/$name.kunit}
if [ -n "${GUEST_KUNIT:-}" ] && [ ! -f "$GUEST_KUNIT" ]; then
	die "GUEST_KUNIT: no file $GUEST_KUNIT (GUEST_KUNIT='' checks no KUnit suite)"
fi
kunit_ok=()
if [ -n "$kunit_list" ] && [ -f "$kunit_list" ]; then
	suites=()
	while read -r suite expect; do
		case $suite in ''|'#'*) continue ;; esac
		[[ " ${suites[*]} " == *" $suite "* ]] || suites+=("$suite")
	done < "$kunit_list"
	for suite in "${suites[@]}"; do
		begin=$(grep -nE "$ts(    )?# Subtest: $suite\$" "$console" |
			head -n 1 | cut -d: -f1 || true)
		result=$(grep -nE "$ts(not )?ok [0-9]+ $suite( |\$)" "$console" |
			head -n 1 || true)
		if [ -z "$begin" ] || [ -z "$result" ]; then
			reasons+=("KUnit suite $suite did not run to its end at boot (CONFIG_KUNIT?)")
			continue
		fi
		end=${result%%:*}
		if [[ $result == *"not ok "* ]]; then
			reasons+=("KUnit suite $suite failed at boot: $(sed -n "$begin,${end}p" "$console" |
				grep -oE 'not ok [0-9]+ [a-z0-9_]+' | grep -v " $suite\$" |
				awk '{ print $4 }' | paste -sd, - | sed 's/,/, /g' || true)")
		else
			kunit_ok+=("$suite ($(sed -n "$begin,${end}p" "$console" |
				grep -cE "$ts {4,8}ok [0-9]+ " || true) cases)")
		fi
		while read -r s expect; do
			if [ "$s" != "$suite" ] || [ -z "$expect" ]; then
				continue
			fi
			# Take the expected warning out of the problem lines.
			kept=
			seen=0
			while IFS= read -r hit; do
				[ -n "$hit" ] || continue
				n=${hit%%:*}
				if [ "$n" -gt "$begin" ] && [ "$n" -lt "$end" ] &&
					[[ $hit == *"WARNING: CPU: "* ]] &&
					grep -qE "$expect" <<< "$hit"; then
					seen=$((seen + 1))
					printf 'expected warning (KUnit %s): %s\n' "$suite" \
						"$(sed -E "s/^[0-9]+:.*$ts//" <<< "$hit")"
					[ "$seen" -eq 1 ] && continue
				fi
				kept+=$hit$'\n'
			done <<< "$hits"
			hits=${kept%$'\n'}
			[ "$seen" -eq 1 ] ||
				reasons+=("KUnit suite $suite: the warning it expects at '$expect' was seen $seen times, not once ($kunit_list)")
		done < "$kunit_list"
	done
	[ ${#kunit_ok[@]} -eq 0 ] ||
		printf 'KUnit at boot: ok %s\n' "${kunit_ok[*]}"
fi
if [ -n "$hits" ]; then
	nhits=$(printf '%s\n' "$hits" | wc -l)
	first=${hits%%:*}
	text=$(printf '%s\n' "$hits" | head -n 1 | cut -d: -f2- | sed -E "s/^.*$ts//")
	reasons+=("kernel problem: $text ($console:$first; $nhits problem line(s) in all)")
	printf '\n*** kernel problem lines (%s):\n' "$console"
	printf '%s\n' "$hits" | head -n 12 | sed 's/^/  /'
	[ "$nhits" -le 12 ] || printf '  ... %s more\n' "$((nhits - 12))"
	printf '\n*** the first report (%s:%s):\n' "$console" "$first"
	sed -n "$first,$((first + 24))p" "$console" | sed 's/^/  | /'
fi
leaks=$(awk '/^KMEMLEAK-BEGIN/ { on = 1; next } /^KMEMLEAK-END/ { on = 0 }
	on && /unreferenced object/' "$console" | wc -l)
if [ "$leaks" -gt 0 ]; then
	line=$(grep -n -m1 '^KMEMLEAK-BEGIN' "$console" | cut -d: -f1)
	reasons+=("kmemleak: $leaks unreferenced object(s) ($console:$line)")
	printf '\n*** kmemleak report (%s:%s):\n' "$console" "$line"
	awk '/^KMEMLEAK-BEGIN/ { on = 1; next } /^KMEMLEAK-END/ { exit } on' \
		"$console" | head -n 30 | sed 's/^/  | /'
fi

if [ ${#reasons[@]} -ne 0 ]; then
	if [ -z "$summary" ] || [ "$rc" -ne 0 ]; then
		printf '\nlast console lines:\n' >&2
		tail -n 15 "$console" | sed 's/^/  | /' >&2
	fi
	summary=${summary#KTEST: SUMMARY }
	printf '\n%s guest: FAIL (%s)\n' "$name" "${summary:-no KTEST summary}" >&2
	for r in "${reasons[@]}"; do
		printf '  - %s\n' "$r" >&2
	done
	printf '  console: %s\n' "$console" >&2
	exit 1
fi
printf '%s guest: PASS (%s, no kernel problems, %ss)\n' "$name" \
	"${summary#KTEST: SUMMARY }" "$elapsed"
