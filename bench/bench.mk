# SPDX-License-Identifier: GPL-2.0
# Added to tools/testing/vma/Makefile by scripts/bench.sh (make -f Makefile
# -f bench.mk vma_bench): vma_bench.c includes the harness's vma.c.
vma_bench.o: vma_bench.c bench_config.h vma.c vma_internal.h \
	$(wildcard ../../../mm/*.c ../../../mm/*.h)

vma_bench: $(SHARED_OFILES) vma_bench.o maple-shim.o
	$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS)
