# SPDX-License-Identifier: GPL-2.0
#
# Workspace for the .mmap_prepare series on Debian's linux-source-6.12.
# Every target is a thin wrapper around a script in scripts/; see README.md.

SHELL := /bin/bash
S := scripts

.DEFAULT_GOAL := run
.PHONY: run deps tree export check bench clean help

help:
	@echo "make deps    install the Debian packages the workspace needs"
	@echo "make tree    unpack the pinned base into build/linux and apply patches/"
	@echo "make export  write patches/ from build/linux (base..HEAD) and verify it"
	@echo "make run     build the patched guest kernel, boot it under QEMU (TCG), run the demo and tests"
	@echo "make check   the test suite (checkpatch, bisect builds, harness, debug guest, KUnit, nommu)"
	@echo "make bench   instructions per mmap_region() call, 6.12 behaviour vs the series (callgrind)"
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

clean:
	@$(S)/clean.sh
