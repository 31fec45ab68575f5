#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# fresh.sh - `make fresh`: the README's set-up on a fresh Debian 12.
#
# Debootstraps a Debian 12 (bookworm) minbase into build/fresh/root, copies
# a clean clone of this repository's HEAD into it (/root/<repo name>), and
# runs there, as root inside the chroot, exactly the README's commands:
# `make deps`, then `make run`.  It prints the wall time of each step and
# fails if either fails or if `make run` does not end in its PASS line.
#
# "Nothing else installed first": minbase plus `make`, the least that runs
# the README's first command (debootstrap --include=make).  git is not in
# the chroot before `make deps`: the clone is made on the host side.  The
# chroot gets the host's /etc/resolv.conf and its apt proxy and
# Check-Valid-Until/Check-Date settings (if any), the sources of a standard
# Debian 12 installation (bookworm, bookworm-updates, bookworm-security:
# linux-source-6.12 is in bookworm-security) and a policy-rc.d that keeps
# package scripts from starting services.
#
# Mounts for the run, undone on every exit path: proc, sysfs, and a tmpfs
# /dev holding only null, zero, full, random, urandom, tty, a private devpts
# and /dev/shm -- no /dev/kvm, so QEMU can only run TCG (guest-run.sh asks
# for -accel tcg anyway).  The steps run under `nice -n 19`.
#
# Caches, all under build/fresh (FRESH):
#   debootstrap-cache/  the .debs debootstrap downloaded (--cache-dir)
#   minbase.tar         the pristine minbase + make; a later run unpacks it
#                       instead of bootstrapping again (delete it to redo)
#   apt-archives/       the chroot's /var/cache/apt/archives (the .debs of
#                       `make deps`), kept so that a later run does not
#                       download them again; FRESH_APT_CACHE=0 downloads
#                       everything.  Nothing from it is installed before
#                       `make deps` runs.
# root/ is removed at the start of the next run, and kept after this one
# for inspection (logs: build/fresh/log/).
#
# Environment: FRESH (default $BUILD/fresh), FRESH_MIRROR (default
# http://deb.debian.org/debian), FRESH_SECURITY_MIRROR (default
# http://deb.debian.org/debian-security), FRESH_APT_CACHE (default 1).
# Needs root and debootstrap on the host.

. "$(dirname "$0")/lib.sh"

FRESH=$(realpath -m "${FRESH:-$BUILD/fresh}")
ROOT=$FRESH/root
CACHE=$FRESH/debootstrap-cache
PRISTINE=$FRESH/minbase.tar
APT_CACHE=$FRESH/apt-archives
LOGS=$FRESH/log
SUITE=bookworm
MIRROR=${FRESH_MIRROR:-http://deb.debian.org/debian}
SECURITY_MIRROR=${FRESH_SECURITY_MIRROR:-http://deb.debian.org/debian-security}
REPO=$(basename "$TOP")
WORKDIR=/root/$REPO

[ "$(id -u)" -eq 0 ] ||
	die "make fresh needs root (debootstrap, chroot, mount): run 'sudo make fresh'"
command -v debootstrap >/dev/null 2>&1 ||
	die "debootstrap is not installed on this machine: run 'apt-get install debootstrap' (as root), then 'make fresh' again"
need git tar chroot mount umount mknod findmnt nice du

mkdir -p "$FRESH" "$LOGS"
exec 9>"$FRESH/.lock"
flock -n 9 || die "another 'make fresh' is running (lock $FRESH/.lock); wait for it to finish"

# Mount points under $FRESH (the chroot, or debootstrap's half-made one),
# deepest first.
mounts_under_root() {
	findmnt -rn -o TARGET | awk -v r="$FRESH/" 'index($0, r) == 1' | sort -r
}

# Stop what still runs inside the chroot (a QEMU after an interrupt):
# processes whose root directory is $ROOT, all started by this script.
kill_chroot_procs() {
	local p r pids=()

	for p in /proc/[0-9]*; do
		r=$(readlink "$p/root" 2>/dev/null) || continue
		[ "$r" = "$ROOT" ] && pids+=("${p#/proc/}")
	done
	[ ${#pids[@]} -gt 0 ] || return 0
	echo "fresh: stopping processes left in the chroot: ${pids[*]}" >&2
	kill -TERM "${pids[@]}" 2>/dev/null || true
	sleep 2
	kill -KILL "${pids[@]}" 2>/dev/null || true
}

unmount_all() {
	local m left

	kill_chroot_procs
	for m in $(mounts_under_root); do
		umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null ||
			echo "fresh: could not unmount $m" >&2
	done
	left=$(mounts_under_root)
	if [ -n "$left" ]; then
		printf 'error: still mounted under %s:\n%s\nunmount them (umount -l PATH) before removing anything there\n' \
			"$FRESH" "$left" >&2
		return 1
	fi
}

cleanup() {
	local rc=$?

	unmount_all || rc=1
	exit "$rc"
}
trap cleanup EXIT
trap 'echo "fresh: interrupted" >&2; exit 130' INT TERM HUP

secs() {
	local s=$1
	printf '%dm%02ds' $((s / 60)) $((s % 60))
}

# --- 1. a fresh minbase -------------------------------------------------------

unmount_all || die "a previous 'make fresh' left mounts under $ROOT (above)"
if [ -e "$ROOT" ]; then
	log "fresh: removing the previous chroot $ROOT"
	rm -rf --one-file-system "$ROOT" ||
		die "could not remove $ROOT; remove it by hand (check 'findmnt | grep $ROOT' first)"
fi

t0=$(date +%s)
if [ -f "$PRISTINE" ]; then
	step="unpack the pristine minbase ($PRISTINE)"
	log "fresh: $step"
	mkdir -p "$ROOT"
	tar -xpf "$PRISTINE" --numeric-owner -C "$ROOT" ||
		die "could not unpack $PRISTINE; delete it and run 'make fresh' again to bootstrap anew"
else
	step="debootstrap --variant=minbase --include=make $SUITE ($MIRROR)"
	log "fresh: $step (a few minutes; log: $LOGS/debootstrap.log)"
	mkdir -p "$CACHE"
	rm -rf --one-file-system "$ROOT.tmp"
	if ! nice -n 19 debootstrap --variant=minbase --include=make \
		--cache-dir="$CACHE" "$SUITE" "$ROOT.tmp" "$MIRROR" \
		>"$LOGS/debootstrap.log" 2>&1; then
		tail -n 20 "$LOGS/debootstrap.log" >&2
		die "debootstrap failed (log: $LOGS/debootstrap.log, $ROOT.tmp/debootstrap/debootstrap.log); check the network and FRESH_MIRROR ($MIRROR), then run 'make fresh' again"
	fi
	# Keep the pristine system (downloaded packages stay in the cache
	# directory, not in the tarball).
	rm -f "$ROOT.tmp"/var/cache/apt/archives/*.deb
	tar -cpf "$PRISTINE.tmp" --numeric-owner -C "$ROOT.tmp" . ||
		die "could not write $PRISTINE.tmp (disk full?)"
	mv "$PRISTINE.tmp" "$PRISTINE"
	mv "$ROOT.tmp" "$ROOT"
fi
t_boot=$(( $(date +%s) - t0 ))
log "fresh: minbase ready in $(secs "$t_boot")"

# --- 2. configuration a fresh Debian 12 would have, the clone ----------------

cat > "$ROOT/etc/apt/sources.list" <<EOF
deb $MIRROR $SUITE main
deb $MIRROR $SUITE-updates main
deb $SECURITY_MIRROR $SUITE-security main
EOF
cp -L /etc/resolv.conf "$ROOT/etc/resolv.conf" ||
	die "could not copy /etc/resolv.conf into the chroot"
# Only the host's network settings for apt: proxies and the date checks.
apt-config dump 2>/dev/null |
	grep -E '^Acquire::((https?|ftp)::Proxy|Check-Valid-Until|Check-Date)( |::)' \
	> "$ROOT/etc/apt/apt.conf.d/90fresh-host" || true
printf '#!/bin/sh\n# make fresh: no services start in the chroot\nexit 101\n' \
	> "$ROOT/usr/sbin/policy-rc.d"
chmod 755 "$ROOT/usr/sbin/policy-rc.d"

head=$(git -C "$TOP" rev-parse HEAD) ||
	die "$TOP is not a git repository with a commit; make fresh tests a clone of HEAD"
if [ -n "$(git -C "$TOP" status --porcelain)" ]; then
	warn "$TOP has uncommitted changes; make fresh tests the clean clone of HEAD ${head:0:12}, without them"
fi
log "fresh: cloning $TOP (HEAD ${head:0:12}) into $WORKDIR in the chroot"
git clone -q --no-hardlinks "$TOP" "$ROOT$WORKDIR" ||
	die "git clone of $TOP into $ROOT$WORKDIR failed"

# --- 3. mounts -----------------------------------------------------------------

mount -t proc proc "$ROOT/proc" || die "could not mount proc on $ROOT/proc"
mount -t sysfs sysfs "$ROOT/sys" || die "could not mount sysfs on $ROOT/sys"
mount -t tmpfs -o mode=755,nosuid,size=64m fresh-dev "$ROOT/dev" ||
	die "could not mount a tmpfs on $ROOT/dev"
for n in "null 1 3" "zero 1 5" "full 1 7" "random 1 8" "urandom 1 9" "tty 5 0"; do
	read -r name major minor <<< "$n"
	mknod -m 666 "$ROOT/dev/$name" c "$major" "$minor" ||
		die "mknod $ROOT/dev/$name failed"
done
mkdir -p "$ROOT/dev/pts" "$ROOT/dev/shm"
mount -t devpts -o newinstance,ptmxmode=0666,mode=620 devpts "$ROOT/dev/pts" ||
	die "could not mount devpts on $ROOT/dev/pts"
ln -s pts/ptmx "$ROOT/dev/ptmx"
mount -t tmpfs -o mode=1777,nosuid,nodev shm "$ROOT/dev/shm" ||
	die "could not mount a tmpfs on $ROOT/dev/shm"
ln -s /proc/self/fd "$ROOT/dev/fd"
ln -s /proc/self/fd/0 "$ROOT/dev/stdin"
ln -s /proc/self/fd/1 "$ROOT/dev/stdout"
ln -s /proc/self/fd/2 "$ROOT/dev/stderr"
[ ! -e "$ROOT/dev/kvm" ] || die "$ROOT/dev/kvm exists; QEMU must run TCG"
if [ "${FRESH_APT_CACHE:-1}" = 1 ]; then
	mkdir -p "$APT_CACHE/partial"
	mount --bind "$APT_CACHE" "$ROOT/var/cache/apt/archives" ||
		die "could not bind-mount $APT_CACHE on $ROOT/var/cache/apt/archives"
fi

# --- 4. the README's commands ----------------------------------------------------

# in_chroot LOG COMMAND: run COMMAND in the clone inside the chroot, with a
# clean environment, niced; output to the terminal and LOG.
in_chroot() {
	local logf=$1 cmd=$2

	nice -n 19 chroot "$ROOT" /usr/bin/env -i HOME=/root TERM=dumb \
		PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
		/bin/bash -c "cd $WORKDIR && $cmd" 2>&1 | tee "$logf"
	return "${PIPESTATUS[0]}"
}

# run_step NAME: the README's "make NAME" in the chroot; sets t_NAME (seconds)
# and step_rc.
t_deps=0 t_run=0
run_step() {
	local t0

	log "fresh: 'make $1' in the chroot (log: $LOGS/$1.log)"
	t0=$(date +%s)
	step_rc=0
	in_chroot "$LOGS/$1.log" "make $1" || step_rc=$?
	printf -v "t_$1" '%s' "$(( $(date +%s) - t0 ))"
	log "fresh: 'make $1' exited $step_rc after $(secs "$(( $(date +%s) - t0 ))")"
}

run_step deps
[ "$step_rc" -eq 0 ] ||
	die "'make deps' failed in the fresh chroot (exit $step_rc; log: $LOGS/deps.log): unless it was interrupted, the README's set-up does not work on a fresh Debian 12; fix scripts/deps.sh (its package list, or what the log shows) and run 'make fresh' again"

run_step run
rc=$step_rc
last=$(tr -d '\r' < "$LOGS/run.log" | sed '/^[[:space:]]*$/d' | tail -n 1)
[ "$rc" -eq 0 ] ||
	die "'make run' failed in the fresh chroot (exit $rc; log: $LOGS/run.log, console: $ROOT$WORKDIR/build/guest-guest/console.log): unless it was interrupted, a package missing from scripts/deps.sh or a failing test; see the log, fix, and run 'make fresh' again"
[[ $last =~ ^'==> ['\ *[0-9]+'s] run: PASS'$ ]] ||
	die "'make run' exited 0 but did not end in its PASS line (last line: '$last'; log: $LOGS/run.log)"

unmount_all || die "could not unmount the chroot's file systems (above)"
printf '\nfresh: %s (HEAD %s)\n' "$step" "${head:0:12}"
printf '  %-28s %8s\n' "minbase (debootstrap/unpack)" "$(secs "$t_boot")" \
	"make deps" "$(secs "$t_deps")" "make run" "$(secs "$t_run")"
printf '  disk: chroot %s, pristine tarball %s, debootstrap cache %s, apt cache %s\n' \
	"$(du -sh --one-file-system "$ROOT" | cut -f1)" "$(du -sh "$PRISTINE" | cut -f1)" \
	"$(du -sh "$CACHE" 2>/dev/null | cut -f1 || echo -)" \
	"$(du -sh "$APT_CACHE" 2>/dev/null | cut -f1 || echo -)"
echo "fresh: PASS ($last)"
