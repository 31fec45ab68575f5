// SPDX-License-Identifier: GPL-2.0
// Every ->mmap and ->mmap_prepare initialiser of a struct file_operations,
// one line each: "HOOK|FILE|LINE|OPS|HANDLER".  Used by scripts/census.sh.

@m@
identifier ops;
expression fn;
position q;
@@
struct file_operations ops = { .mmap = fn@q, };

@script:python@
q << m.q;
fn << m.fn;
ops << m.ops;
@@
print("mmap|%s|%s|%s|%s" % (q[0].file, q[0].line, ops, fn))

@mp@
identifier ops;
expression fn;
position q;
@@
struct file_operations ops = { .mmap_prepare = fn@q, };

@script:python@
q << mp.q;
fn << mp.fn;
ops << mp.ops;
@@
print("mmap_prepare|%s|%s|%s|%s" % (q[0].file, q[0].line, ops, fn))
