// SPDX-License-Identifier: GPL-2.0
/*
 * insn_count - a QEMU TCG plugin (QEMU 7.2 plugin API) for `make bench`:
 * counts the instructions the guest's vCPU executes between marker
 * instructions that guest/mmap_bench executes around each system call it
 * measures, split into kernel and user instructions.
 *
 * A marker is the 9-byte no-op "nopw 0x0(%rax,%rax,1)" with a displacement
 * of MARK_MAGIC | id << 8 | kind, bytes 66 0f 1f 84 00 d0 d1 d2 d3: kind 1
 * opens a window for measurement id, kind 2 closes it.  The 7.2 API cannot
 * read registers, so the marker is recognised by its bytes when its block
 * is translated.  Each window adds, to its id, the kernel and the user
 * instructions executed from the opening marker to the closing one (the
 * system call, and whatever interrupt came in between).
 *
 * Instructions are counted one by one with inline additions (exact where a
 * block is left early, by a fault or an interrupt); an instruction is the
 * kernel's if its address is in the upper half of the address space.
 *
 * Arguments: out=FILE (required), where at exit, for each id that had a
 * window, a line is written:
 *
 *   WINDOW id=<id> windows=<n> kernel_min=<k> kernel_median=<k>
 *          kernel_mean=<k.kk> kernel_max=<k> user_median=<u>
 *
 * With map=SYSTEM_MAP and focus=ID as well, the kernel instructions of the
 * windows of ID are also counted per function (the System.map symbol at or
 * below each address; slower: a callback per kernel instruction), and a
 * line per function follows, in decreasing order:
 *
 *   FUNC id=<id> <symbol> <instructions per window, 2 decimals>
 *
 * One vCPU only (-smp 1): the counters are not per vCPU.
 */
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <qemu-plugin.h>

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

#define MARK_MAGIC	0x6d700000u	/* "mp" in the high half */
#define MARK_OPEN	1
#define MARK_CLOSE	2
#define NR_IDS		256
#define KERNEL_START	0xffff800000000000ull

/* Instructions executed so far: [0] user, [1] kernel. */
static uint64_t executed[2];

struct window_stats {
	uint32_t *kernel;	/* One entry per window. */
	uint32_t *user;
	size_t n, size;
	bool open;
	uint64_t at[2];		/* executed[] when the window opened. */
};

static struct window_stats stats[NR_IDS];
static char *out_path;

/* The per-function count of map=/focus=: the kernel's text symbols. */
struct ksym {
	uint64_t addr;
	char *name;
	uint64_t count;
};

static struct ksym *ksyms;
static size_t nr_ksyms;
static int focus = -1;
static bool focus_open;

static int cmp_ksym(const void *a, const void *b)
{
	const struct ksym *x = a, *y = b;

	return x->addr < y->addr ? -1 : x->addr > y->addr;
}

static bool load_map(const char *path)
{
	char line[512], type, name[400];
	unsigned long long addr;
	size_t size = 0;
	FILE *f = fopen(path, "r");

	if (!f) {
		perror(path);
		return false;
	}
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%llx %c %399s", &addr, &type, name) != 3 ||
		    (type != 't' && type != 'T'))
			continue;
		if (nr_ksyms == size) {
			size = size ? 2 * size : 65536;
			ksyms = realloc(ksyms, size * sizeof(*ksyms));
			if (!ksyms)
				return false;
		}
		ksyms[nr_ksyms].addr = addr;
		ksyms[nr_ksyms].name = strdup(name);
		ksyms[nr_ksyms].count = 0;
		nr_ksyms++;
	}
	fclose(f);
	qsort(ksyms, nr_ksyms, sizeof(*ksyms), cmp_ksym);
	return nr_ksyms > 0;
}

/* The symbol at or below @addr, or NULL. */
static struct ksym *ksym_of(uint64_t addr)
{
	size_t lo = 0, hi = nr_ksyms;

	if (!nr_ksyms || addr < ksyms[0].addr)
		return NULL;
	while (hi - lo > 1) {
		size_t mid = (lo + hi) / 2;

		if (ksyms[mid].addr <= addr)
			lo = mid;
		else
			hi = mid;
	}
	return &ksyms[lo];
}

static void ksym_exec(unsigned int vcpu_index, void *udata)
{
	if (focus_open)
		((struct ksym *)udata)->count++;
}

static void window_add(struct window_stats *w, uint64_t kernel, uint64_t user)
{
	if (w->n == w->size) {
		size_t size = w->size ? 2 * w->size : 1024;

		w->kernel = realloc(w->kernel, size * sizeof(*w->kernel));
		w->user = realloc(w->user, size * sizeof(*w->user));
		if (!w->kernel || !w->user) {
			fprintf(stderr, "insn_count: out of memory\n");
			exit(1);
		}
		w->size = size;
	}
	w->kernel[w->n] = kernel > UINT32_MAX ? UINT32_MAX : kernel;
	w->user[w->n] = user > UINT32_MAX ? UINT32_MAX : user;
	w->n++;
}

static void marker_exec(unsigned int vcpu_index, void *udata)
{
	unsigned int code = (unsigned int)(uintptr_t)udata;
	struct window_stats *w = &stats[(code >> 8) & 0xff];

	if ((int)((code >> 8) & 0xff) == focus)
		focus_open = (code & 0xff) == MARK_OPEN;
	if ((code & 0xff) == MARK_OPEN) {
		w->open = true;
		w->at[0] = executed[0];
		w->at[1] = executed[1];
	} else if (w->open) {
		w->open = false;
		window_add(w, executed[1] - w->at[1], executed[0] - w->at[0]);
	}
}

/* The marker's code (id << 8 | kind), or 0 if @insn is not a marker. */
static unsigned int marker_code(struct qemu_plugin_insn *insn)
{
	static const uint8_t prefix[5] = { 0x66, 0x0f, 0x1f, 0x84, 0x00 };
	const uint8_t *b = qemu_plugin_insn_data(insn);
	uint32_t disp;

	if (qemu_plugin_insn_size(insn) != 9 || memcmp(b, prefix, 5))
		return 0;
	disp = b[5] | b[6] << 8 | b[7] << 16 | (uint32_t)b[8] << 24;
	if ((disp & 0xffff0000u) != MARK_MAGIC)
		return 0;
	if ((disp & 0xff) != MARK_OPEN && (disp & 0xff) != MARK_CLOSE)
		return 0;
	return disp & 0xffff;
}

static void tb_trans(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
	size_t n = qemu_plugin_tb_n_insns(tb);
	size_t i;

	for (i = 0; i < n; i++) {
		struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
		bool kernel = qemu_plugin_insn_vaddr(insn) >= KERNEL_START;
		unsigned int code;

		qemu_plugin_register_vcpu_insn_exec_inline(insn,
				QEMU_PLUGIN_INLINE_ADD_U64, &executed[kernel], 1);
		if (kernel && focus >= 0) {
			struct ksym *sym = ksym_of(qemu_plugin_insn_vaddr(insn));

			if (sym)
				qemu_plugin_register_vcpu_insn_exec_cb(insn,
						ksym_exec, QEMU_PLUGIN_CB_NO_REGS,
						sym);
		}
		code = kernel ? 0 : marker_code(insn);
		if (code)
			qemu_plugin_register_vcpu_insn_exec_cb(insn, marker_exec,
					QEMU_PLUGIN_CB_NO_REGS,
					(void *)(uintptr_t)code);
	}
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

static int cmp_count(const void *a, const void *b)
{
	const struct ksym *x = a, *y = b;

	return x->count > y->count ? -1 : x->count < y->count;
}

static void at_exit(qemu_plugin_id_t id, void *udata)
{
	FILE *f = fopen(out_path, "w");
	int i;

	if (!f) {
		perror(out_path);
		return;
	}
	for (i = 0; i < NR_IDS; i++) {
		struct window_stats *w = &stats[i];
		uint64_t sum = 0;
		size_t j;

		if (!w->n)
			continue;
		for (j = 0; j < w->n; j++)
			sum += w->kernel[j];
		qsort(w->kernel, w->n, sizeof(*w->kernel), cmp_u32);
		qsort(w->user, w->n, sizeof(*w->user), cmp_u32);
		fprintf(f, "WINDOW id=%d windows=%zu kernel_min=%" PRIu32
			" kernel_median=%" PRIu32 " kernel_mean=%.2f kernel_max=%"
			PRIu32 " user_median=%" PRIu32 "\n",
			i, w->n, w->kernel[0], w->kernel[w->n / 2],
			(double)sum / w->n, w->kernel[w->n - 1],
			w->user[w->n / 2]);
	}
	if (focus >= 0 && stats[focus].n) {
		struct ksym *by_count = malloc(nr_ksyms * sizeof(*by_count));
		size_t j;

		if (by_count) {
			memcpy(by_count, ksyms, nr_ksyms * sizeof(*by_count));
			qsort(by_count, nr_ksyms, sizeof(*by_count), cmp_count);
			for (j = 0; j < nr_ksyms && by_count[j].count; j++)
				fprintf(f, "FUNC id=%d %s %.2f\n", focus,
					by_count[j].name,
					(double)by_count[j].count / stats[focus].n);
			free(by_count);
		}
	}
	fclose(f);
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id,
					   const qemu_info_t *info, int argc,
					   char **argv)
{
	int i;

	for (i = 0; i < argc; i++) {
		if (!strncmp(argv[i], "out=", 4)) {
			out_path = strdup(argv[i] + 4);
		} else if (!strncmp(argv[i], "map=", 4)) {
			if (!load_map(argv[i] + 4)) {
				fprintf(stderr, "insn_count: no text symbols in %s\n",
					argv[i] + 4);
				return -1;
			}
		} else if (!strncmp(argv[i], "focus=", 6)) {
			focus = atoi(argv[i] + 6);
			if (focus < 0 || focus >= NR_IDS) {
				fprintf(stderr, "insn_count: focus=%s out of range\n",
					argv[i] + 6);
				return -1;
			}
		} else {
			fprintf(stderr, "insn_count: unknown argument %s\n",
				argv[i]);
			return -1;
		}
	}
	if (!out_path) {
		fprintf(stderr, "insn_count: out=FILE is required\n");
		return -1;
	}
	if ((focus >= 0) != (nr_ksyms > 0)) {
		fprintf(stderr, "insn_count: map= and focus= go together\n");
		return -1;
	}
	if (info->system_emulation && info->system.smp_vcpus != 1) {
		fprintf(stderr, "insn_count: needs one vCPU (-smp 1), not %d\n",
			info->system.smp_vcpus);
		return -1;
	}
	qemu_plugin_register_vcpu_tb_trans_cb(id, tb_trans);
	qemu_plugin_register_atexit_cb(id, at_exit, NULL);
	return 0;
}
