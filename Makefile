# SPDX-License-Identifier: GPL-2.0
#
# Workspace for the .mmap_prepare series on Debian's linux-source-6.12.
# Every target is a thin wrapper around a script in scripts/; see README.md.

SHELL := /bin/bash
S := scripts

.DEFAULT_GOAL := run
.PHONY: run deps tree export check mutants bench stress fuzz fs-guest fresh rebase-check clean help

help:
	@echo "make deps    install the Debian packages the workspace needs"
	@echo "make tree    unpack the pinned base into build/linux and apply patches/"
	@echo "make export  write patches/ from build/linux (base..HEAD) and verify it"
	@echo "make run     build the patched guest kernel, boot it under QEMU (TCG), run the demo and tests"
	@echo "             (BASE=1: also boot the unpatched 6.12 with the demo and print both side by side)"
	@echo "make check   the test suite (checkpatch, bisect builds, harness, debug guest, KUnit, nommu)"
	@echo "make mutants the mutation gate: each tests/mutants/*.sed breaks the series' core code, the VMA"
	@echo "             harness must fail (MUTANTS_KUNIT=1: KUnit for the mutants it misses)"
	@echo "make bench   instructions per mmap_region() call, 6.12 behaviour vs the series (callgrind)"
	@echo "make stress  mmap fault-injection and concurrency stress in the debug guest, then leak checks"
	@echo "             (ITER=3000 THREADS=4 SECONDS=120 PROB=50 READERS=2 ARGS='--seed N ...')"
	@echo "make fuzz    trinity on the mmap system calls in the debug guest, the base and the series"
	@echo "             side by side: kernel reports and leaks (SECONDS=300 CHILDREN=2 SEED=N)"
	@echo "make fs-guest file mappings on tmpfs, ext4, xfs, btrfs, squashfs, erofs, ext2, exfat, f2fs, udf,"
	@echo "             nilfs2, ntfs3 in the fs-guest kernel"
	@echo "             (builds build/obj-fs-guest first; OBJ=build/obj-bisect: the HEAD kernel make check leaves)"
	@echo "make fresh   debootstrap a Debian 12 minbase (build/fresh), run 'make deps' and 'make run'"
	@echo "             there in a clean clone of HEAD (root; downloads 450 MB; 44 min and 4.3 GB here)"
	@echo "make rebase-check  apply the series to the newest linux-source-6.12 in the archive"
	@echo "             (build/rebase), build the guest kernel, run the VMA harness and KUnit"
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

mutants:
	@$(S)/mutants.sh

bench: tree
	@$(S)/bench.sh

# Make variables, not the environment: bash's SECONDS is a special variable.
stress:
	@STRESS_ITER="$(ITER)" STRESS_THREADS="$(THREADS)" STRESS_SECONDS="$(SECONDS)" \
		STRESS_PROB="$(PROB)" STRESS_READERS="$(READERS)" STRESS_ARGS="$(ARGS)" \
		$(S)/stress.sh

fuzz:
	@FUZZ_SECONDS="$(SECONDS)" FUZZ_CHILDREN="$(CHILDREN)" FUZZ_SEED="$(SEED)" \
		$(S)/fuzz.sh

fs-guest:
	@if [ -n "$$OBJ$$KERNEL" ]; then $(S)/fs-guest.sh; else \
		$(S)/guest-build.sh fs-guest && $(S)/fs-guest.sh; fi

# Neither is part of make check: both download packages.
fresh:
	@$(S)/fresh.sh

rebase-check:
	@$(S)/rebase-check.sh

clean:
	@$(S)/clean.sh
