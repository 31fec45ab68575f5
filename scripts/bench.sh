#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# bench.sh - `make bench`: what ->mmap_prepare costs and saves in
# mmap_region(), in instructions per mmap call, 6.12 behaviour against the
# whole series, measured side by side in one run.
#
# The userland VMA harness (tools/testing/vma) runs the real mm/vma.c once
# "mm/vma: move mmap_region() into mm/vma.c" is applied.  bench/vma_bench.c
# drives it; callgrind counts the instructions of the mmap_region() calls
# only (deterministic, unlike time on these machines).  Two trees:
#
#   base   the commit that adds the harness tests of mmap_region() (6.12
#          behaviour: ->mmap(), the retry merge)
#   final  build/linux HEAD
#
# Then the real kernels (guest_bench below): the unpatched base and HEAD,
# booted alternately under QEMU, running guest/mmap_bench.
#
# Output: build/bench/results.md (Markdown tables), build/bench/ratios.png
# (bar chart of the instruction ratios, gnuplot), and the same tables on
# stdout.  Exit status 1 if a goal of the instruction counts is missed (the
# goals are printed with the table).

. "$(dirname "$0")/lib.sh"

need valgrind callgrind_annotate git make gcc
OUT=$BUILD/bench
BASE_SUBJECT_RE='^tools/testing/vma: test mmap_region\(\)$'

[ -d "$LINUX/.git" ] || die "$LINUX is not a git tree (run 'make tree')"
head_sha=$(kgit rev-parse HEAD)
base_sha=$(kgit log --format='%H %s' base..HEAD |
	awk -v re="$BASE_SUBJECT_RE" '{ h = $1; $1 = ""; sub(/^ /, "") } $0 ~ re { print h }' |
	tail -n 1)
[ -n "$base_sha" ] || die "no commit 'tools/testing/vma: test mmap_region()' in base..HEAD"

mkdir -p "$OUT"
BENCH_CFLAGS="-I../shared -I. -I../../include -I../../../lib -g -O2 -Wall -D_LGPL_SOURCE"

# build TREE SHA: a worktree of build/linux at SHA with vma_bench built.
build() {
	local name=$1 sha=$2 wt=$OUT/$1 dir

	if [ ! -e "$wt/.git" ]; then
		rm -rf "$wt"
		git -C "$LINUX" worktree prune
		git -C "$LINUX" worktree add -q --detach "$wt" "$sha"
	fi
	git -C "$wt" checkout -q -f --detach "$sha"
	dir=$wt/tools/testing/vma
	cp "$TOP/bench/vma_bench.c" "$TOP/bench/bench.mk" "$dir/"
	if grep -q 'init_test_prepare_file' "$dir/vma.c"; then
		echo '#define HAVE_MMAP_PREPARE 1' > "$dir/bench_config.h.new"
	else
		echo '/* no ->mmap_prepare in this tree */' > "$dir/bench_config.h.new"
	fi
	cmp -s "$dir/bench_config.h.new" "$dir/bench_config.h" ||
		mv "$dir/bench_config.h.new" "$dir/bench_config.h"
	rm -f "$dir/bench_config.h.new"
	log "bench: building vma_bench in the $name tree (${sha:0:12})"
	# The harness's own flags, minus the sanitizers (valgrind cannot run
	# ASan binaries) and with -O2 like the kernel.
	make -C "$dir" -f Makefile -f bench.mk clean >/dev/null 2>&1 || true
	make -C "$dir" -f Makefile -f bench.mk -j"$JOBS" \
		CFLAGS="$BENCH_CFLAGS" LDFLAGS= vma_bench \
		>"$OUT/build-$name.log" 2>&1 ||
		{ tail -n 20 "$OUT/build-$name.log" >&2; die "vma_bench does not build in the $name tree"; }
}

# measure TREE SCENARIO: instructions per mmap_region() call.
measure() {
	local name=$1 scen=$2 dir=$OUT/$1/tools/testing/vma cg total iters line

	cg=$OUT/callgrind.$name.$scen
	line=$(cd "$dir" && valgrind --tool=callgrind --collect-atstart=no \
		--toggle-collect=measured_mmap --callgrind-out-file="$cg" \
		./vma_bench "$scen" 2>"$OUT/valgrind.$name.$scen.log") ||
		{ cat "$OUT/valgrind.$name.$scen.log" >&2; die "vma_bench $scen failed in the $name tree"; }
	echo "$name $line" >> "$OUT/scenarios.txt"
	total=$(awk '/^(summary|totals):/ { print $2; exit }' "$cg")
	iters=$(awk '{ print $2 }' <<< "$line")
	# shellcheck disable=SC2015 # intended: die unless both hold
	[ -n "$total" ] && [ "$iters" -gt 0 ] ||
		die "no instruction count for $scen in the $name tree"
	echo $((total / iters))
}

build base "$base_sha"
build final "$head_sha"
: > "$OUT/scenarios.txt"

declare -A ir
for s in anon legacy legacy_merge legacy_error legacy_fixed_error; do
	log "bench: base $s"
	ir[base.$s]=$(measure base "$s")
done
for s in anon legacy prepare prepare_merge prepare_error \
	prepare_fixed_error; do
	log "bench: final $s"
	ir[final.$s]=$(measure final "$s")
done

# ratio A B: A/B with two decimals.
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
# ok R LIMIT: "met" or "MISSED".
ok() { awk -v r="$1" -v l="$2" 'BEGIN { print (r <= l) ? "met" : "MISSED" }'; }

rows=(
	"a|anonymous mapping, final / base|${ir[final.anon]}|${ir[base.anon]}|1.01"
	"c/b|file: ->mmap_prepare / ->mmap, no merge (final)|${ir[final.prepare]}|${ir[final.legacy]}|1.00"
	"e/d|merge next to a flag-setting driver: ->mmap_prepare (final) / ->mmap + retry merge (base)|${ir[final.prepare_merge]}|${ir[base.legacy_merge]}|0.50"
	"f|driver refuses: ->mmap_prepare (final) / ->mmap (base)|${ir[final.prepare_error]}|${ir[base.legacy_error]}|0.30"
	"g|driver refuses, MAP_FIXED over a mapping: ->mmap_prepare (final) / ->mmap (base)|${ir[final.prepare_fixed_error]}|${ir[base.legacy_fixed_error]}|0.30"
)

missed=0
{
	echo "# mmap_region() cost per call (instructions, callgrind)"
	echo
	echo "base: ${base_sha:0:12} ($(kgit log -1 --format=%s "$base_sha")), 6.12 behaviour;"
	echo "final: ${head_sha:0:12} ($(kgit log -1 --format=%s "$head_sha"))."
	echo "Userland VMA harness built with -O2, $(sed -n 's/^#define BENCH_ITERATIONS[[:space:]]*//p' "$TOP/bench/vma_bench.c") calls per scenario;"
	echo "instruction counts of the mmap_region() calls only (callgrind), not timings."
	echo
	echo "| case | what | instructions | against | ratio | goal | |"
	echo "|---|---|---:|---:|---:|---:|---|"
	: > "$OUT/ratios.dat"
	for r in "${rows[@]}"; do
		IFS='|' read -r id what a b goal <<< "$r"
		q=$(ratio "$a" "$b")
		v=$(ok "$(awk -v a="$a" -v b="$b" 'BEGIN { print a / b }')" "$goal")
		[ "$v" = met ] || missed=$((missed + 1))
		echo "| $id | $what | $a | $b | $q | <= $goal | $v |"
		printf '"%s" %s %s\n' "$id" "$q" "$goal" >> "$OUT/ratios.dat"
	done
	echo
	echo "Every scenario checked what it did (\`scenarios.txt\`):"
	echo
	sed 's/^/    /' "$OUT/scenarios.txt"
} > "$OUT/results.md"
cat "$OUT/results.md"

if command -v gnuplot >/dev/null; then
	gnuplot <<-EOF 2>"$OUT/gnuplot.log" || warn "gnuplot failed (see $OUT/gnuplot.log)"
	set terminal png size 800,450 noenhanced
	set output "$OUT/ratios.png"
	set title "mmap_region() instructions per call: ratio (lower is better)"
	set style data histograms
	set style histogram clustered gap 1
	set style fill solid 0.8 border -1
	set yrange [0:*]
	set ylabel "ratio"
	plot "$OUT/ratios.dat" using 2:xtic(1) title "measured", "" using 3 title "goal"
	EOF
	log "bench: chart $OUT/ratios.png"
fi
# --- Real kernels ------------------------------------------------------------
#
# The unpatched base and HEAD, same guest config (configs/bench.config: SLUB
# statistics), booted alternately BENCH_ROUNDS times (default 5) under QEMU
# TCG; each boot runs guest/mmap_bench with BENCH_ITERATIONS (default 50000)
# mmap()+munmap() pairs per workload.  BENCH_GUEST=0 skips this part.

guest_bench() {
	local rounds=${BENCH_ROUNDS:-5} iters=${BENCH_ITERATIONS:-50000}
	local r k obj out res=$OUT/guest-results.txt

	[ "$rounds" -ge 1 ] || die "BENCH_ROUNDS must be at least 1"
	need qemu-system-x86_64
	if [ ! -e "$OUT/kbase/.git" ]; then
		rm -rf "$OUT/kbase"
		git -C "$LINUX" worktree prune
		git -C "$LINUX" worktree add -q --detach "$OUT/kbase" base
	fi
	git -C "$OUT/kbase" checkout -q -f --detach base
	log "bench: guest kernels (base and HEAD, configs/bench.config)"
	SRC=$OUT/kbase OBJ=$BUILD/obj-bench-base "$TOP/scripts/guest-build.sh" bench ||
		die "the base bench kernel does not build"
	SRC=$OUT/final OBJ=$BUILD/obj-bench-final "$TOP/scripts/guest-build.sh" bench ||
		die "the patched bench kernel does not build"
	echo "bench /bin/mmap_bench -n $iters -t /tmp -e /mnt/ext4" > "$OUT/guest-tests.list"
	INITRAMFS_OUT=$BUILD/initramfs-bench INITRAMFS_TESTS=$OUT/guest-tests.list \
		"$TOP/scripts/initramfs.sh" || die "initramfs.sh failed"

	: > "$res"
	for r in $(seq 1 "$rounds"); do
		for k in base final; do
			log "bench: round $r/$rounds, $k kernel"
			obj=$BUILD/obj-bench-$k
			out=$OUT/guest-$k-$r
			OBJ=$obj INITRD=$BUILD/initramfs-bench/initramfs.cpio.gz \
				GUEST_OUT=$out "$TOP/scripts/guest-run.sh" bench \
				> "$out.log" 2>&1 ||
				{ tail -n 20 "$out.log" >&2; die "the $k guest failed in round $r (see $out.log)"; }
			sed -n 's/^BENCH \([^ ]*\) ops_per_s=\([0-9.]*\) vma_allocs_per_mmap=\([0-9.]*\) vma_allocs_per_munmap=\([0-9.]*\)$/'"$r $k"' \1 \2 \3 \4/p;
				s/^KSM \([^ ]*\) mappings=\([0-9]*\) vmas=\([0-9]*\)$/'"$r $k"' ksm-\1 \2 \3 -/p' \
				"$out/console.log" >> "$res"
		done
	done
	# shellcheck disable=SC2015 # intended: die unless both counts are right
	[ "$(grep -c ' ksm-' "$res")" -eq $((rounds * 2 * 3)) ] &&
		[ "$(grep -vc ' ksm-' "$res")" -eq $((rounds * 2 * 4)) ] ||
		die "guest results incomplete (see $res and $OUT/guest-*/console.log)"

	{
		echo
		echo "# Real kernels under QEMU TCG (guest/mmap_bench)"
		echo
		echo "base: Debian 6.12 unpatched; final: HEAD; same config (configs/bench.config)."
		echo "$rounds rounds, kernels alternating, $iters mmap()+munmap() pairs per workload."
		echo "The VMA allocation counts (SLUB statistics of vm_area_struct) are exact;"
		echo "the timings under TCG are noisy, a secondary column only (the exact cost"
		echo "is the instruction count of part 3)."
		echo
		echo "| workload | VMAs allocated per mmap(): base | final | per munmap(): base | final | TCG ops/s final / base: min | median | max |"
		echo "|---|---:|---:|---:|---:|---:|---:|---:|"
		awk '
			$3 !~ /^ksm-/ { ops[$1, $2, $3] = $4; am[$2, $3] = am[$2, $3] " " $5;
				au[$2, $3] = au[$2, $3] " " $6; w[$3] = 1; rr[$1] = 1 }
			function uniq(s,    a, n, i, o, seen) {
				n = split(s, a, " "); o = ""
				for (i = 1; i <= n; i++) if (!(a[i] in seen)) { seen[a[i]] = 1; o = o (o == "" ? "" : "/") a[i] }
				return o
			}
			END {
				split("anon tmpfs ext4 secretmem", order, " ")
				for (j = 1; j <= 4; j++) {
					x = order[j]; n = 0
					for (r in rr) q[++n] = ops[r, "final", x] / ops[r, "base", x]
					# sort the ratios
					for (i = 1; i <= n; i++) for (k = i + 1; k <= n; k++)
						if (q[k] < q[i]) { t = q[i]; q[i] = q[k]; q[k] = t }
					med = (n % 2) ? q[(n + 1) / 2] : (q[n / 2] + q[n / 2 + 1]) / 2
					printf "| %s | %s | %s | %s | %s | %.2f | %.2f | %.2f |\n", x,
						uniq(am["base", x]), uniq(am["final", x]),
						uniq(au["base", x]), uniq(au["final", x]),
						q[1], med, q[n]
				}
			}' "$res"
		echo
		echo "Under PR_SET_MEMORY_MERGE (KSM for all memory): VMAs made by 64 adjacent"
		echo "private one-page mappings at contiguous offsets, one mmap() each:"
		echo
		echo "| memory | base | final |"
		echo "|---|---:|---:|"
		for k in anon tmpfs ext4; do
			printf '| %s | %s | %s |\n' "$k" \
				"$(awk -v k="ksm-$k" '$2 == "base" && $3 == k { print $5 }' "$res" | sort -u | paste -sd/ -)" \
				"$(awk -v k="ksm-$k" '$2 == "final" && $3 == k { print $5 }' "$res" | sort -u | paste -sd/ -)"
		done
		echo
		echo "(In the series tmpfs and ext4 describe their mappings with ->mmap_prepare();"
		echo "on the base both have ->mmap(), whose VMAs get VM_MERGEABLE only once inserted.)"
	} > "$OUT/guest.md"
	cat "$OUT/guest.md"
	cat "$OUT/guest.md" >> "$OUT/results.md"

	# Chart: the median ops/s ratio per workload, min to max as error bars.
	if command -v gnuplot >/dev/null; then
		sed -n 's/^| \(anon\|tmpfs\|ext4\|secretmem\) |[^|]*|[^|]*|[^|]*|[^|]*| \([0-9.]*\) | \([0-9.]*\) | \([0-9.]*\) |$/\1 \3 \2 \4/p' \
			"$OUT/guest.md" > "$OUT/guest-ratios.dat"
		gnuplot <<-EOF 2>"$OUT/gnuplot-guest.log" || warn "gnuplot failed (see $OUT/gnuplot-guest.log)"
		set terminal png size 800,450 noenhanced
		set output "$OUT/guest-ratios.png"
		set title "guest mmap()+munmap() per second, final / base (median, min-max; TCG: noisy)"
		set style data histograms
		set style histogram errorbars gap 1 lw 1
		set style fill solid 0.8 border -1
		set yrange [0:*]
		set ylabel "ratio (higher is better)"
		plot "$OUT/guest-ratios.dat" using 2:3:4:xtic(1) title "final / base"
		EOF
		log "bench: chart $OUT/guest-ratios.png"
	fi
}

# Part 3: the instructions the real kernels execute per call, counted by
# QEMU (bench/insn_count.c, a TCG plugin): the bench kernels of part 2,
# booted with one vCPU and -icount, run guest/mmap_bench -m (each measured
# call between two marker instructions) with 1, 1000 and 100000 VMAs in the
# process, twice each, so that a count that does not repeat shows.  The
# plugin's header comes from Debian's qemu source package of the installed
# QEMU, fetched with a private apt configuration under build/apt-src (the
# system's apt settings are not touched).

# The directory of qemu-plugin.h for the installed qemu-system-x86.
plugin_header() {
	local dir=$BUILD/apt-src ver src uris suites opts h

	ver=$(dpkg-query -W -f '${source:Version}' qemu-system-x86 2>/dev/null) ||
		die "qemu-system-x86 is not installed (make deps)"
	src=$dir/qemu-${ver//:/_}
	h=$(find "$src" -path '*/include/qemu/qemu-plugin.h' 2>/dev/null | head -n 1)
	if [ -z "$h" ]; then
		log "bench: fetching the source of qemu $ver (plugin API header)"
		mkdir -p "$dir/lists/partial" "$dir/cache/archives/partial" "$src"
		# The archive the system uses, as deb-src lines.
		uris=$(sed -n 's/^URIs: *//p' /etc/apt/sources.list.d/debian.sources 2>/dev/null |
			head -n 1)
		suites=$(sed -n 's/^Suites: *//p' /etc/apt/sources.list.d/debian.sources 2>/dev/null |
			head -n 1)
		[ -n "$uris" ] || uris=http://deb.debian.org/debian
		[ -n "$suites" ] || suites="bookworm bookworm-updates"
		: > "$dir/sources.list"
		for h in $suites; do
			echo "deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $uris $h main" \
				>> "$dir/sources.list"
		done
		echo "deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] ${uris%/debian}/debian-security bookworm-security main" \
			>> "$dir/sources.list"
		opts=(-o "Dir::Etc::SourceList=$dir/sources.list"
		      -o Dir::Etc::SourceParts=/dev/null
		      -o "Dir::State::Lists=$dir/lists" -o "Dir::Cache=$dir/cache"
		      -o Debug::NoLocking=1)
		apt-get "${opts[@]}" update > "$dir/apt.log" 2>&1 ||
			die "apt-get update of the deb-src lists failed (see $dir/apt.log)"
		(cd "$src" &&
			apt-get "${opts[@]}" source --download-only "qemu=$ver") >> "$dir/apt.log" 2>&1 ||
			die "cannot fetch the source of qemu $ver (see $dir/apt.log)"
		tar -C "$src" -xJf "$(find "$src" -name 'qemu_*.orig.tar.xz' | head -n 1)" \
			--wildcards '*/include/qemu/qemu-plugin.h' ||
			die "no include/qemu/qemu-plugin.h in the qemu $ver source"
		h=$(find "$src" -path '*/include/qemu/qemu-plugin.h' | head -n 1)
	fi
	dirname "$h"
}

guest_insns() {
	local windows=${BENCH_WINDOWS:-2000} plugin=$OUT/insn_count.so hdr
	local v b k out res=$OUT/insns.txt vmas_list=${BENCH_VMAS:-1 1000 100000}

	hdr=$(plugin_header) || exit 1
	gcc -O2 -Wall -shared -fPIC -I "$hdr" -o "$plugin" "$TOP/bench/insn_count.c" ||
		die "bench/insn_count.c does not build against $hdr"
	: > "$res"
	for v in $vmas_list; do
		echo "insns /bin/mmap_bench -m $windows -v $v -t /tmp -e /mnt/ext4" \
			> "$OUT/insns-tests-$v.list"
		INITRAMFS_OUT=$BUILD/initramfs-insns-$v INITRAMFS_TESTS=$OUT/insns-tests-$v.list \
			"$TOP/scripts/initramfs.sh" > "$OUT/initramfs-insns-$v.log" 2>&1 ||
			die "initramfs.sh failed (see $OUT/initramfs-insns-$v.log)"
		for b in 1 2; do
			for k in base final; do
				log "bench: instructions, $v VMA(s), boot $b, $k kernel"
				out=$OUT/insns-$k-$v-$b
				rm -rf "$out"
				mkdir -p "$out"
				OBJ=$BUILD/obj-bench-$k GUEST_SMP=1 \
					GUEST_QEMU_ARGS="-icount shift=0,align=off,sleep=off -plugin $plugin,out=$out/windows.txt" \
					INITRD=$BUILD/initramfs-insns-$v/initramfs.cpio.gz \
					GUEST_OUT=$out GUEST_TIMEOUT=900 \
					"$TOP/scripts/guest-run.sh" bench > "$out.log" 2>&1 ||
					{ tail -n 20 "$out.log" >&2; die "the $k guest failed ($v VMAs, boot $b; see $out.log)"; }
				# "k v boot workload call median min mean"
				awk -v k="$k" -v v="$v" -v b="$b" '
					FNR == NR && /^MARK / {
						for (i = 2; i <= NF; i++) { split($i, f, "="); m[f[1]] = f[2] }
						name[m["id"]] = m["workload"] " " m["call"]; next }
					FNR != NR && /^WINDOW / {
						for (i = 2; i <= NF; i++) { split($i, f, "="); w[f[1]] = f[2] }
						if (w["id"] in name)
							print k, v, b, name[w["id"]], w["kernel_median"], w["kernel_min"], w["kernel_mean"] }' \
					"$out/console.log" "$out/windows.txt" >> "$res"
			done
		done
	done
	[ "$(wc -l < "$res")" -eq $((14 * 2 * 2 * $(wc -w <<< "$vmas_list"))) ] ||
		die "instruction counts incomplete (see $res and $OUT/insns-*/)"
	insns_report "$res"
}

# Goals of the kernel's instructions per call, series / base.
insn_goal() {
	case "$1" in
	"secretmem mmap") echo 0.60 ;;
	"anon mmap"|"ksm-anon mmap"|"io_uring mmap") echo 1.005 ;;
	"tmpfs mmap"|"ext4 mmap") echo 1.00 ;;
	"refused mmap") echo 0.25 ;;
	"refused-fixed mmap") echo 0.10 ;;
	*) echo - ;;
	esac
}

insns_report() {
	local res=$1 w c b1 b2 f1 f2 r goal verdict first

	first=$(awk '{ print $2 }' "$res" | sort -n | head -n 1)
	{
		echo
		echo "# Kernel instructions per call (QEMU TCG plugin, real kernels)"
		echo
		echo "The bench kernels of the table above, one vCPU, -icount; guest/mmap_bench"
		echo "-m ${BENCH_WINDOWS:-2000}: each call between two markers, the median of"
		echo "its windows (kernel instructions: system call entry and exit included,"
		echo "with whatever interrupt came in; the minimum and the mean are in"
		echo "$res).  Two boots of each kernel; base: Debian 6.12 unpatched; final:"
		echo "HEAD; $first VMA(s) in the process."
		echo
		echo "| workload | call | base (boot 1, 2) | final (boot 1, 2) | final / base | goal | |"
		echo "|---|---|---:|---:|---:|---:|---|"
		while read -r w c; do
			b1=$(awk -v v="$first" -v w="$w" -v c="$c" '$1 == "base" && $2 == v && $3 == 1 && $4 == w && $5 == c { print $6 }' "$res")
			b2=$(awk -v v="$first" -v w="$w" -v c="$c" '$1 == "base" && $2 == v && $3 == 2 && $4 == w && $5 == c { print $6 }' "$res")
			f1=$(awk -v v="$first" -v w="$w" -v c="$c" '$1 == "final" && $2 == v && $3 == 1 && $4 == w && $5 == c { print $6 }' "$res")
			f2=$(awk -v v="$first" -v w="$w" -v c="$c" '$1 == "final" && $2 == v && $3 == 2 && $4 == w && $5 == c { print $6 }' "$res")
			r=$(awk -v a="$f1" -v b="$b1" 'BEGIN { printf "%.3f", a / b }')
			goal=$(insn_goal "$w $c")
			verdict=
			if [ "$goal" != - ]; then
				verdict=$(ok "$r" "$goal")
				[ "$verdict" = met ] || missed=$((missed + 1))
				goal="<= $goal"
			fi
			echo "| $w | $c | $b1, $b2 | $f1, $f2 | $r | $goal | $verdict |"
		done < <(awk -v v="$first" '$1 == "base" && $2 == v && $3 == 1 { print $4, $5 }' "$res")
		echo
		echo "As the address space grows (median kernel instructions per mmap(), boot 1):"
		echo
		echo "| VMAs | anon: base | final | tmpfs: base | final | secretmem: base | final |"
		echo "|---:|---:|---:|---:|---:|---:|---:|"
		awk '$3 == 1 && $5 == "mmap" { n[$1, $2, $4] = $6; v[$2] = 1 }
			END { for (x in v) print x }' "$res" | sort -n | while read -r v; do
			printf '| %s |' "$v"
			for w in anon tmpfs secretmem; do
				for k in base final; do
					printf ' %s |' "$(awk -v k="$k" -v v="$v" -v w="$w" '$1 == k && $2 == v && $3 == 1 && $4 == w && $5 == "mmap" { print $6 }' "$res")"
				done
			done
			echo
		done
	} > "$OUT/insns.md"
	cat "$OUT/insns.md"
	cat "$OUT/insns.md" >> "$OUT/results.md"

	if command -v gnuplot >/dev/null; then
		awk '$3 == 1 && $5 == "mmap" && ($4 == "anon" || $4 == "tmpfs" || $4 == "secretmem") { print $1 "-" $4, $2, $6 }' \
			"$res" | sort -k1,1 -k2n > "$OUT/insns-growth.dat"
		gnuplot <<-EOF 2>"$OUT/gnuplot-insns.log" || warn "gnuplot failed (see $OUT/gnuplot-insns.log)"
		set terminal png size 900,500 noenhanced
		set output "$OUT/insns-growth.png"
		set title "kernel instructions per mmap() against the VMAs in the process"
		set logscale x
		set xlabel "VMAs"
		set ylabel "instructions (median)"
		set key left top
		plot for [s in "base-anon final-anon base-tmpfs final-tmpfs base-secretmem final-secretmem"] \
			"< grep '^".s." ' $OUT/insns-growth.dat" using 2:3 with linespoints title s
		EOF
		log "bench: chart $OUT/insns-growth.png"
	fi
}

if [ "${BENCH_GUEST:-1}" != 0 ]; then
	guest_bench
	guest_insns
fi

log "bench: table $OUT/results.md"
if [ "$missed" -gt 0 ]; then
	echo "bench: $missed goal(s) missed" >&2
	exit 1
fi
echo "bench: every goal met"
