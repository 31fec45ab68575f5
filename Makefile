# SPDX-License-Identifier: GPL-2.0
#
# Workspace for the .mmap_prepare series on Debian's linux-source-6.12.
# Every target is a thin wrapper around a script in scripts/; see README.md.

SHELL := /bin/bash
S := scripts

.DEFAULT_GOAL := run
.PHONY: run deps tree export check bench stress fs-guest clean help

help:
	@echo "make deps    install the Debian packages the workspace needs"
	@echo "make tree    unpack the pinned base into build/linux and apply patches/"
	@echo "make export  write patches/ from build/linux (base..HEAD) and verify it"
	@echo "make run     build the patched guest kernel, boot it under QEMU (TCG), run the demo and tests"
	@echo "make check   the test suite (checkpatch, bisect builds, harness, debug guest, KUnit, nommu)"
	@echo "make bench   instructions per mmap_region() call, 6.12 behaviour vs the series (callgrind)"
	@echo "make stress  mmap fault-injection and concurrency stress in the debug guest, then leak checks"
	@echo "             (ITER=3000 THREADS=4 SECONDS=120 PROB=50 READERS=2 ARGS='--seed N ...')"
	@echo "make fs-guest file mappings on tmpfs, ext4, xfs, btrfs, squashfs, erofs, ext2, exfat, f2fs, udf,"
	@echo "             nilfs2, ntfs3 in the fs-coverage guest"
	@echo "             (kernel from OBJ=build/obj-fs, e.g. after make check; OBJ=... to use another)"
	@echo "make clean   remove build outputs (keeps build/linux)"

deps:
	@$(S)/deps.sh

tree:
	@$(S)/tree.sh

export:
	@$(S)/export.sh

run: tree
	@$(S)/run.sh

check:
	@$(S)/check.sh

bench: tree
	@$(S)/bench.sh

# Make variables, not the environment: bash's SECONDS is a special variable.
stress:
	@STRESS_ITER="$(ITER)" STRESS_THREADS="$(THREADS)" STRESS_SECONDS="$(SECONDS)" \
		STRESS_PROB="$(PROB)" STRESS_READERS="$(READERS)" STRESS_ARGS="$(ARGS)" \
		$(S)/stress.sh

fs-guest:
	@$(S)/fs-guest.sh

clean:
	@$(S)/clean.sh
