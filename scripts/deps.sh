#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# deps.sh - install every Debian package the workspace needs.
#
# Idempotent: asks dpkg first and only calls apt-get (update + install) when
# something is missing.  The kernel source package is pinned to the exact
# version named in BASE (PACKAGE, PACKAGE_VERSION); if the archive no longer
# carries it, the newest version is installed with a loud warning (tree.sh
# then refuses a tarball whose checksum does not match BASE).

. "$(dirname "$0")/lib.sh"

PKGS=(
	# kernel build
	build-essential flex bison bc libelf-dev libssl-dev ccache kmod
	git rsync python3 cpio
	# guest: QEMU (TCG), busybox userland, ext4 disk image
	qemu-system-x86 busybox-static e2fsprogs
	# file system images for the fs guest tests
	xfsprogs btrfs-progs squashfs-tools erofs-utils
	exfatprogs f2fs-tools udftools nilfs-tools ntfs-3g
	# tools/testing/vma and selftests/mm
	liburcu-dev libcap-dev libnuma-dev liburing-dev
	# patch handling and static checkers (shellcheck: make check, stage workspace)
	quilt coccinelle sparse shellcheck
	# nommu: riscv64 compiler, the guest (TCG) and its romfs disk image
	gcc-riscv64-linux-gnu qemu-system-misc genromfs
	# benchmarks
	valgrind gnuplot-nox
	# make fuzz: the system call fuzzer run in the debug guest
	trinity
	# documentation
	python3-sphinx python3-sphinx-rtd-theme
	# checkpatch.pl runs scripts/spdxcheck.py (ply, GitPython)
	python3-ply python3-git
)

# Print the installed version of package $1, or nothing.  Never fails:
# dpkg-query exits 1 for a package dpkg has never seen, which under
# pipefail would abort the assignment that calls this (a fresh machine
# without linux-source-6.12 is exactly that case).
installed_version() {
	{ dpkg-query -W -f='${db:Status-Abbrev} ${Version}\n' "$1" 2>/dev/null ||
		true; } | awk '$1 == "ii" { print $2 }'
}

missing=()
for p in "${PKGS[@]}"; do
	[ -n "$(installed_version "$p")" ] || missing+=("$p")
done

src_have=$(installed_version "$PACKAGE")
src_want=
[ "$src_have" = "$PACKAGE_VERSION" ] || src_want=$PACKAGE

if [ ${#missing[@]} -eq 0 ] && [ -z "$src_want" ]; then
	exit 0
fi

SUDO=
if [ "$(id -u)" -ne 0 ]; then
	if ! command -v sudo >/dev/null 2>&1; then
		[ -z "$src_want" ] || missing+=("$PACKAGE=$PACKAGE_VERSION")
		die "not root, and sudo is not installed: run 'make deps' as root, or install sudo first (missing: ${missing[*]})"
	fi
	SUDO=sudo
fi
apt_get() {
	$SUDO env DEBIAN_FRONTEND=noninteractive apt-get -q -y \
		-o Dpkg::Use-Pty=0 "$@"
}

log "updating the package lists"
apt_get update >/dev/null ||
	die "apt-get update failed (its messages are above); fix the package sources or the network, then run 'make deps' again"

install_opts=(--no-install-recommends)
if [ -n "$src_want" ]; then
	if apt-cache madison "$PACKAGE" | awk -F'|' '{ gsub(/ /, "", $2); print $2 }' |
		grep -qxF "$PACKAGE_VERSION"; then
		missing+=("$PACKAGE=$PACKAGE_VERSION")
		# Going back from a newer installed version is a downgrade, which
		# apt-get -y refuses without this.
		[ -z "$src_have" ] || install_opts+=(--allow-downgrades)
	elif [ -n "$src_have" ]; then
		warn "$PACKAGE $PACKAGE_VERSION (BASE) is not in the archive; keeping the installed $src_have. The tarball will not match BASE's TARBALL_SHA256."
	else
		warn "$PACKAGE $PACKAGE_VERSION (BASE) is not in the archive; installing the newest $PACKAGE instead. The tarball will not match BASE's TARBALL_SHA256."
		missing+=("$PACKAGE")
	fi
fi

if [ ${#missing[@]} -gt 0 ]; then
	log "installing: ${missing[*]}"
	apt_get install "${install_opts[@]}" "${missing[@]}" >/dev/null ||
		die "apt-get install failed for: ${missing[*]}; fix what apt-get reported above, then run 'make deps' again"
fi
log "packages ready"
