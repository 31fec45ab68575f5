#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# /fuzz/run.sh SECONDS CHILDREN SEED - the guest side of `make fuzz`
# (scripts/fuzz.sh), run by guest/init as a test of the debug guest.
#
# Sets up the files the series cares about, each kind in its own victim
# directory of trinity (its pool of file descriptors and path names):
#   /fuzz/victims/tmpfs  a tmpfs mounted for the run (shmem's ->mmap_prepare)
#   /fuzz/victims/ext4   a directory of the guest's ext4 disk, bind-mounted
#   /fuzz/victims/ovl    an overlayfs, lower and upper layer on a tmpfs
#                        (overlayfs's ->mmap stacked on shmem's)
#   /fuzz/victims/dev    a tmpfs with /dev/zero's node (its ->mmap swaps in
#                        a shmem file for MAP_SHARED)
# with files of one page, 1 MiB and none, all writable by everyone; trinity
# adds memfds, pipes, eventfds, timerfds, epoll and its own test files (in
# /fuzz/home, a tmpfs too); not sockets, perf or DRM.
#
# trinity walks a victim directory without crossing mounts, so it runs once
# per directory, SECONDS / 4 seconds each (seeds SEED to SEED + 3), as user
# nobody, with -a64, logging off, CHILDREN children, on the memory-mapping
# system calls; SIGINT at the end of its time, SIGKILL for what is left 30 s
# later.  Its output goes to the ext4 disk (/mnt/ext4/fuzz-log).
#
# Leak checks, when every process of nobody is gone (counts taken three times
# in a row alike, 1 s apart, after shrinking the caches; slab_nomerge):
# - the objects of the slab caches vm_area_struct and filp are back to their
#   count before trinity started, or below it (the victim mounts still
#   there; a higher count is read again up to 12 times, 5 s apart);
# - every mount of the run unmounts (no reference pins it);
# - Committed_AS is back to its value before the mounts were made.
#
# Prints "fuzz: syscalls N" (all runs), "fuzz: check NAME BEFORE AFTER
# ok|LEAK" lines and "fuzz: RESULT PASS|FAIL (...)" for scripts/fuzz.sh.
# Exit status 0 only if every trinity run made at least one system call and
# every check passed.

export PATH=/bin:/sbin:/usr/bin:/usr/sbin

if [ $# -ne 3 ]; then
	echo "fuzz: RESULT FAIL (usage: $0 SECONDS CHILDREN SEED)"
	exit 2
fi
secs=$1
children=$2
seed=$3
V=/fuzz/victims
nobody=65534
fail=

caches="vm_area_struct filp"

# "COMMITTED_KB VMA_OBJECTS FILP_OBJECTS"
counts() {
	for c in $caches; do
		[ -w "/sys/kernel/slab/$c/shrink" ] &&
			echo 1 > "/sys/kernel/slab/$c/shrink"
	done
	printf '%s %s\n' \
		"$(awk '$1 == "Committed_AS:" { print $2 }' /proc/meminfo)" \
		"$(awk '$1 == "vm_area_struct" { v = $2 } $1 == "filp" { f = $2 }
			END { print v + 0, f + 0 }' /proc/slabinfo)"
}

# counts(), once three readings INTERVAL seconds apart (default 0.2) agree
# (RCU-deferred frees, delayed fput); the last reading after 30 tries
# otherwise.
settled() {
	a=$(counts)
	same=0
	i=0
	while [ $i -lt 30 ]; do
		sleep "${1:-0.2}"
		b=$(counts)
		if [ "$a" = "$b" ]; then
			same=$((same + 1))
			[ $same -ge 2 ] && break
		else
			same=0
		fi
		a=$b
		i=$((i + 1))
	done
	echo "$a"
}

# check NAME BEFORE AFTER: a leak if AFTER is more than BEFORE (less means
# that something still being freed was counted before).
check() {
	if [ "$3" -le "$2" ]; then
		echo "fuzz: check $1 $2 $3 ok"
	else
		echo "fuzz: check $1 $2 $3 LEAK"
		fail="$fail $1"
	fi
}

# Processes of nobody, by PID.
nobody_procs() {
	for s in /proc/[0-9]*/status; do
		awk -v u=$nobody '$1 == "Uid:" && $2 == u { found = 1 }
			END { exit !found }' "$s" 2>/dev/null &&
			basename "$(dirname "$s")"
	done
}

if [ ! -r /proc/slabinfo ]; then
	echo "fuzz: RESULT FAIL (no /proc/slabinfo: the guest kernel needs SLUB_DEBUG)"
	exit 1
fi
grep -q "^nobody:" /etc/passwd ||
	echo "nobody:x:$nobody:$nobody:nobody:/fuzz/home:/bin/sh" >> /etc/passwd
grep -q "^nogroup:" /etc/group ||
	echo "nogroup:x:$nobody:" >> /etc/group
# A SysV segment that trinity creates and never removes would outlive it
# (and pin a shmem file): have the kernel destroy it with its creator.
echo 1 > /proc/sys/kernel/shm_rmid_forced

committed0=$(settled | cut -d' ' -f1)

# Logs on the ext4 disk: files on the initramfs's tmpfs would charge
# Committed_AS.
log=/mnt/ext4/fuzz-log
rm -rf $log
mkdir -p $log $V/tmpfs $V/ext4 $V/ovl $V/dev /fuzz/home /fuzz/ovl /mnt/ext4/fuzz
mnt() { # mount ARGS...; the last is the mount point
	mount "$@" || { echo "fuzz: RESULT FAIL (cannot mount $*)"; exit 1; }
}
mnt -t tmpfs -o size=64m fuzz-tmpfs $V/tmpfs
mnt -o bind /mnt/ext4/fuzz $V/ext4
mnt -t tmpfs -o size=64m fuzz-ovl-layers /fuzz/ovl
mkdir -p /fuzz/ovl/lower /fuzz/ovl/upper /fuzz/ovl/work
for d in /fuzz/ovl/lower $V/tmpfs $V/ext4; do
	dd if=/dev/urandom of="$d/page" bs=4096 count=1 2>/dev/null
	dd if=/dev/urandom of="$d/big" bs=65536 count=16 2>/dev/null
	: > "$d/empty"
done
mnt -t overlay -o lowerdir=/fuzz/ovl/lower,upperdir=/fuzz/ovl/upper,workdir=/fuzz/ovl/work \
	fuzz-ovl $V/ovl
mnt -t tmpfs -o size=16m fuzz-dev $V/dev
mknod $V/dev/zero c 1 5
# trinity's working directory, where it makes its own test files.
mnt -t tmpfs -o size=64m fuzz-home /fuzz/home
chmod -R a+rwX $V /fuzz/ovl/lower /fuzz/ovl/upper /fuzz/home
mounts="$V/ovl /fuzz/ovl $V/ext4 $V/tmpfs $V/dev /fuzz/home"

before=$(settled 1)
echo "fuzz: victims: $(find $V -type f -o -type c | wc -l) files; counts before: $before"

syscalls="mmap munmap mremap mprotect pkey_mprotect madvise process_madvise"
syscalls="$syscalls msync mlock mlock2 munlock mlockall munlockall mincore"
syscalls="$syscalls remap_file_pages shmget shmat shmdt shmctl memfd_create"
syscalls="$syscalls memfd_secret userfaultfd io_uring_setup io_setup io_destroy"
syscalls="$syscalls ftruncate fallocate"
cs=
for c in $syscalls; do
	cs="$cs -c $c"
done

# run_trinity VICTIMS SECONDS SEED: trinity as nobody, SIGINT after SECONDS
# (the main process stops its children and prints its totals), SIGKILL for
# what is left 30 s later.  Adds its system calls to $total.
run_trinity() {
	args="-q -l off -a64 -C $children -s $3 -V $1 --disable-fds=sockets,perf,drm"
	echo "fuzz: trinity $args <the system calls above> (as nobody, ${2}s)"
	(cd /fuzz/home && exec su nobody -s /bin/sh -c "exec /usr/bin/trinity $args $cs") \
		> $log/trinity.log 2>&1 &
	tpid=$!
	i=0
	while [ $i -lt "$2" ] && kill -0 $tpid 2>/dev/null; do
		sleep 1
		i=$((i + 1))
	done
	for p in $(nobody_procs); do
		kill -INT "$p" 2>/dev/null
	done
	i=0
	while [ $i -lt 30 ] && [ -n "$(nobody_procs)" ]; do
		sleep 1
		i=$((i + 1))
	done
	left=$(nobody_procs | wc -l)
	if [ "$left" -gt 0 ]; then
		echo "fuzz: $left process(es) of nobody still there 30 s after SIGINT: SIGKILL"
		for p in $(nobody_procs); do
			kill -KILL "$p" 2>/dev/null
		done
		sleep 2
	fi
	wait $tpid 2>/dev/null
	left=$(nobody_procs | wc -l)
	[ "$left" -eq 0 ] || fail="$fail unkillable-processes($left)"
	grep -E 'Added [0-9]+ filenames|Ran [0-9]+ syscalls|rror|tainted' $log/trinity.log |
		sed 's/^/fuzz: trinity: /'
	n=$(sed -n 's/.*Ran \([0-9][0-9]*\) syscalls.*/\1/p' $log/trinity.log | tail -n 1)
	total=$((total + ${n:-0}))
	[ "${n:-0}" -gt 0 ] || fail="$fail no-syscalls:$1"
}

# trinity walks its victim directory without crossing mounts: one run per
# file system, SECONDS shared between them.
total=0
set -- tmpfs ext4 ovl dev
each=$((secs / $#))
nth=0
for v in "$@"; do
	run_trinity "$V/$v" "$each" $(((seed + nth) % 4294967296))
	nth=$((nth + 1))
done
echo "fuzz: syscalls $total"

# Frees can come late under TCG (RCU grace periods, deferred work after the
# last process exits): a higher count is read again, 5 s after the previous
# reading settled, up to 12 times, before it is called a leak.
# shellcheck disable=SC2086 # split "COMMITTED VMA FILP" into words
set -- $before
b_vma=$2 b_filp=$3
tries=0
t0=$(date +%s)
while :; do
	after=$(settled 1)
	# shellcheck disable=SC2086 # as above
	set -- $after
	[ "$2" -le "$b_vma" ] && [ "$3" -le "$b_filp" ] && break
	[ $tries -lt 12 ] || break
	tries=$((tries + 1))
	sleep 5
done
echo "fuzz: counts after: $after ($tries more reading(s), $(($(date +%s) - t0)) s)"
check vm_area_struct "$b_vma" "$2"
check filp "$b_filp" "$3"

sync
echo 3 > /proc/sys/vm/drop_caches
for m in $mounts; do
	if umount "$m" 2>$log/umount.err; then
		echo "fuzz: check umount:$m 0 0 ok"
	else
		echo "fuzz: check umount:$m 0 busy LEAK ($(cat $log/umount.err))"
		fail="$fail umount:$m"
	fi
done
committed1=$(settled | cut -d' ' -f1)
check Committed_AS "$committed0" "$committed1"

if [ -n "$fail" ]; then
	echo "fuzz: RESULT FAIL (${fail# })"
	exit 1
fi
echo "fuzz: RESULT PASS"
exit 0
