#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# census.sh [OUT] - the table of every file_operations mmap handler of the
# patched tree (build/linux HEAD, or SRC=DIR), written to OUT (default
# census/mmap-handlers.md).
#
# Generated, not typed: scripts/census.cocci lists every ->mmap and
# ->mmap_prepare initialiser of a struct file_operations (tools/ and
# Documentation/ left out), and the series' own semantic patch
# (scripts/coccinelle/api/mmap_prepare.cocci in report mode) says for each
# remaining ->mmap handler whether it could become an ->mmap_prepare()
# method or what blocks it.  The series' test fixtures (mm/tests/) are left
# out.
#
# A handler defined in another file than its file_operations is found with
# grep (the definition in the same file, else a global one, else the one
# nearest in the tree), and the semantic patch runs again on a copy of the
# defining file with a file_operations that uses the handler appended.  Every
# row says why it is not classified when it is not: handler not parsed by
# spatch, not matched by the semantic patch, a macro, or no mmap at all.
# A few guard macros that spatch does not know are given to it
# (--macro-file), or it cannot parse the functions that use them.
#
# census/reviewed.txt holds the decisions of a human review, one line per
# handler, "PATH:HANDLER REASON" (PATH: the file of the file_operations or of
# the handler): why a handler that the semantic patch finds convertible, or
# any other, stays ->mmap.  Its reason goes into the status; a convertible
# handler with a reason counts as "left as ->mmap after review".  An entry
# that matches no ->mmap row (the handler was converted or is gone) is an
# error, so the file cannot go stale.
#
# The last line of the output is the summary sentence that the cover
# letter must carry, wrapped as you like (make check, stage census).
#
# The file_operations that three DRM header macros define
# (DEFINE_DRM_GEM_FOPS and friends, all with drm_gem_mmap) are counted
# separately: Coccinelle does not see through the macros.

. "$(dirname "$0")/lib.sh"

out=$(realpath -m "${1:-$TOP/census/mmap-handlers.md}")
SRC=$(realpath -m "${SRC:-$LINUX}")
cocci=scripts/coccinelle/api/mmap_prepare.cocci

need spatch
[ -f "$SRC/$cocci" ] || die "$SRC has no $cocci (is the series applied?)"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Macros of include/linux/cleanup.h that spatch cannot parse without help
# (it does not read the headers).
cat > "$tmp/macros.h" <<'EOF'
#define scoped_guard(_name, args...) for (;;)
#define scoped_cond_guard(_name, _fail, args...) for (;;)
EOF

# The semantic patch, plus rules that print where each ->mmap handler of a
# file_operations is defined, if spatch parsed it:
# "census-def|FILE|LINE|HANDLER|PARAMETERS".
{
	cat "$SRC/$cocci"
	cat <<'EOF'

@census_fops@
identifier ops, fn;
@@
struct file_operations ops = { .mmap = fn, };

@census_def@
identifier census_fops.fn;
type T;
parameter list ps;
position p;
@@
T fn@p(ps) { ... }

@script:python@
fn << census_fops.fn;
ps << census_def.ps;
p << census_def.p;
@@
print("census-def|%s|%s|%s|%s" % (p[0].file, p[0].line, fn,
	" ".join(str(ps).split()).replace(" * ", " *").replace(" , ", ", ")))
EOF
} > "$tmp/classify.cocci"

cd "$SRC" || exit 1
# spatch --dir picks the files itself (faster, and a file that times out
# does not end the run); results from tools/ and Documentation/ are dropped.
spatch() {
	command spatch --very-quiet --no-includes --include-headers \
		--macro-file "$tmp/macros.h" -j "$JOBS" --dir . "$@" \
		2>> "$tmp/spatch.err"
}
log "census: listing the initialisers in $SRC"
spatch --timeout 120 --cocci-file "$TOP/scripts/census.cocci" |
	grep -E '^mmap(_prepare)?\|' | sed 's/|\.\//|/' |
	grep -vE '^[^|]*\|(tools|Documentation|mm/tests)/' |
	LC_ALL=C sort -t'|' -k2,2 -k3,3n -u > "$tmp/inits"
log "census: classifying the ->mmap handlers with $cocci"
spatch --timeout 120 -D report --cocci-file "$tmp/classify.cocci" |
	sed 's|^\./||; s/|\.\//|/' | LC_ALL=C sort -u > "$tmp/report" || true

# --- handlers not found in the file of their file_operations ----------------

# FILE|HANDLER of the ->mmap rows whose handler spatch did not find there.
awk -F'|' -v defs="$tmp/report" '
	BEGIN {
		while ((getline l < defs) > 0)
			if (split(l, d, "|") == 5 && d[1] == "census-def")
				found[d[2] "|" d[4]] = 1
	}
	$1 == "mmap" && $5 != "NULL" && !(($2 "|" $5) in found) {
		print $2 "|" $5
	}' "$tmp/inits" | LC_ALL=C sort -u > "$tmp/todo"

# The definitions of their handlers: FILE|LINE|HANDLER|static or global,
# from a grep for lines that start a declaration of the name (the name at
# the start of the line, or after the type), kept when a '{' comes before
# any ';'.
names=$(cut -d'|' -f2 "$tmp/todo" | grep -E '^[A-Za-z_][A-Za-z0-9_]*$' |
	LC_ALL=C sort -u | paste -sd'|' - || true)
: > "$tmp/defs"
: > "$tmp/macros"
if [ -n "$names" ]; then
	grep -rnE --include='*.[ch]' --exclude-dir=.git --exclude-dir=tools \
		--exclude-dir=Documentation \
		"^([A-Za-z_][A-Za-z0-9_]*[[:space:]*]+)*($names)[[:space:]]*\\(" . |
		sed 's|^\./||' | LC_ALL=C sort -t: -k1,1 -k2,2n > "$tmp/cands" || true
	grep -rnE --include='*.[ch]' --exclude-dir=.git --exclude-dir=tools \
		--exclude-dir=Documentation \
		"^[[:space:]]*#[[:space:]]*define[[:space:]]+($names)\\b" . |
		sed 's|^\./||' | LC_ALL=C sort -t: -k1,1 -k2,2n > "$tmp/macros" || true
	while IFS=: read -r f l text; do
		case $text in
		return*|typedef*|extern*) continue ;;
		esac
		fn=$(grep -oE "\\b($names)[[:space:]]*\\(" <<< "$text" | head -n 1 |
			tr -d ' \t(')
		[ -n "$fn" ] || continue
		# A definition, not a prototype or a call?
		[ "$(sed -n "$l,$((l + 20))p" "$f" | tr -d '\n' |
			grep -oE '[{;]' | head -n 1)" = '{' ] || continue
		# "static int" may be on the line before the name.
		scope=global
		if grep -qw static <<< "$text" ||
			{ grep -qE "^$fn\\b" <<< "$text" &&
			  sed -n "$((l - 1))p" "$f" | grep -qw static; }; then
			scope=static
		fi
		printf '%s|%s|%s|%s\n' "$f" "$l" "$fn" "$scope"
	done < "$tmp/cands" > "$tmp/defs"
fi

# Pick one definition for each FILE|HANDLER: the one in FILE, else a global
# one, else any; the nearest to FILE in the tree first.  Prints
# FILE|HANDLER|DEFFILE|DEFLINE|NUMBER OF CANDIDATE FILES.
awk -F'|' -v defs="$tmp/defs" '
	function near(a, b,   x, y, n, i, k) {
		n = split(a, x, "/"); split(b, y, "/")
		for (i = 1; i < n && x[i] == y[i]; i++)
			k++
		return k
	}
	BEGIN {
		while ((getline l < defs) > 0) {
			split(l, d, "|")
			n[d[3]]++
			df[d[3], n[d[3]]] = d[1]; dl[d[3], n[d[3]]] = d[2]
			ds[d[3], n[d[3]]] = d[4]
		}
	}
	{
		best = 0; score = -1; files = ""; nf = 0
		for (i = 1; i <= n[$2]; i++) {
			s = ($1 == df[$2, i]) * 10000
			s += (ds[$2, i] == "global") * 1000 + near($1, df[$2, i])
			if (s > score) { score = s; best = i }
			if (index(" " files " ", " " df[$2, i] " ") == 0) {
				files = files " " df[$2, i]; nf++
			}
		}
		if (best)
			print $1 "|" $2 "|" df[$2, best] "|" dl[$2, best] "|" nf
	}' "$tmp/todo" > "$tmp/where"

# A copy of each defining file (same line numbers) with a file_operations
# per handler appended, and the semantic patch run on the copies.  spatch
# gets more time here: a file that timed out above is tried again.
timeout2=300
: > "$tmp/report2"
if [ -s "$tmp/where" ]; then
	mkdir "$tmp/defs.d"
	cut -d'|' -f3 "$tmp/where" | LC_ALL=C sort -u | while read -r f; do
		mkdir -p "$tmp/defs.d/$(dirname "$f")"
		{
			cat "$f"
			echo
			i=0
			awk -F'|' -v f="$f" '$3 == f { print $2 }' "$tmp/where" |
				LC_ALL=C sort -u | while read -r fn; do
				i=$((i + 1))
				echo "static const struct file_operations __census_fops_$i = { .mmap = $fn, };"
			done
		} > "$tmp/defs.d/$f"
	done
	n=$(cut -d'|' -f3 "$tmp/where" | LC_ALL=C sort -u | wc -l)
	log "census: classifying the handlers of $(wc -l < "$tmp/where") more initialisers in their $n defining files"
	(cd "$tmp/defs.d" && spatch --timeout "$timeout2" -D report \
		--cocci-file "$tmp/classify.cocci") |
		sed 's|^\./||; s/|\.\//|/' | LC_ALL=C sort -u > "$tmp/report2" || true
fi

drm=0
# DEFINE_*(name) defines a whole file_operations; DRM_GEM_FOPS and
# DRM_ACCEL_FOPS are the initialiser lines of one.
for m in 'DEFINE_DRM_GEM_FOPS(' 'DEFINE_DRM_GEM_DMA_FOPS(' \
	'DEFINE_DRM_ACCEL_FOPS(' 'DRM_GEM_FOPS' 'DRM_ACCEL_FOPS'; do
	n=$(grep -rnF --include='*.c' "$m" . |
		grep -E ":[0-9]+:[[:space:]]*${m%(}(\(|,|$)" |
		grep -cv '^\./tools/\|^\./Documentation/' || true)
	drm=$((drm + n))
done

# report_lines REPORT FILE HANDLER: what REPORT says about HANDLER in FILE,
# as "FILE:LINE MESSAGE" lines.
report_lines() {
	awk -v f="$2" -v fn="$3" '
		index($0, f ":") == 1 && ($2 == fn || $2 == fn "()") {
			split($1, p, ":"); $1 = p[1] ":" p[2]; print
		}' "$1"
}

# The review: "PATH:HANDLER REASON" lines, comments and blank lines skipped.
reviewed=$TOP/census/reviewed.txt
: > "$tmp/reviewed"
if [ -f "$reviewed" ]; then
	grep -vE '^[[:space:]]*(#|$)' "$reviewed" > "$tmp/reviewed" || true
	bad=$(grep -vE '^[^ :|]+:[A-Za-z_][A-Za-z0-9_]* [^|]+$' "$tmp/reviewed" || true)
	[ -z "$bad" ] || die "$reviewed: not \"PATH:HANDLER REASON\" (no '|'): $bad"
fi
# review_of FILE DEFFILE HANDLER: the reason recorded for HANDLER.
review_of() {
	awk -v a="$1:$3" -v b="$2:$3" '$1 == a || $1 == b {
		sub(/^[^ ]+ /, ""); print; exit }' "$tmp/reviewed"
}

# One row per initialiser: hook, file, line, ops, handler, status.
while IFS='|' read -r hook file line ops fn; do
	where=$(awk -F'|' -v f="$file" -v fn="$fn" \
		'$1 == f && $2 == fn { print; exit }' "$tmp/where")
	IFS='|' read -r _ _ dfile dline nfiles <<< "$where"
	lines=$(report_lines "$tmp/report" "$file" "$fn")
	if [ -n "$dfile" ]; then
		lines=$(printf '%s\n%s\n' "$lines" \
			"$(report_lines "$tmp/report2" "$dfile" "$fn")" | sed '/^$/d')
		def=$(awk -F'|' -v f="$dfile" -v fn="$fn" \
			'$1 == "census-def" && $2 == f && $4 == fn { print; exit }' \
			"$tmp/report2")
	else
		def=$(awk -F'|' -v f="$file" -v fn="$fn" \
			'$1 == "census-def" && $2 == f && $4 == fn { print; exit }' \
			"$tmp/report")
	fi
	# What blocks it, and definitions that could be converted (a handler
	# may have several, for different configurations).
	blocked=$(sed -En "s/^[^ ]* $fn\\(\\) (stays ->mmap\\(\\): |is also called directly: )//p" <<< "$lines" |
		LC_ALL=C sort -u | paste -sd';' - | sed 's/;/; /g')
	can=$(grep -E "^[^ ]* $fn(\\(\\))? can become" <<< "$lines" |
		cut -d' ' -f1 | LC_ALL=C sort -u | paste -sd' ' - || true)
	# Where the handler is, when not in FILE.
	at=
	if [ -n "$dfile" ] && [ "$dfile" != "$file" ]; then
		at=" (handler in $dfile"
		[ "$nfiles" -gt 1 ] && at="$at, the nearest of $nfiles files defining it"
		at="$at)"
	fi
	if [ "$hook" = mmap_prepare ]; then
		status="converted"
	elif [ "$fn" = NULL ]; then
		status="no mmap (NULL)"
	elif [ -n "$blocked" ]; then
		# A method that is also called directly with a VMA cannot
		# simply change its signature.
		status="stays ->mmap: $blocked"
		[ -z "$can" ] || status="$status; its definition at $can can become ->mmap_prepare"
		status="$status$at"
	elif [ -n "$can" ]; then
		status="convertible$at"
	elif [ -n "$def" ]; then
		IFS='|' read -r _ dfile dline _ params <<< "$def"
		status="not matched by ${cocci##*/}: $fn($params) at $dfile:$dline"
	elif [ -n "$dfile" ] && grep -qF "Timeout in ./$dfile" "$tmp/spatch.err"; then
		status="not parsed by spatch: $fn() at $dfile:$dline (timed out after ${timeout2}s)"
	elif [ -n "$dfile" ]; then
		status="not parsed by spatch: $fn() at $dfile:$dline"
	elif macro=$(grep -E "#[[:space:]]*define[[:space:]]+$fn\\b" "$tmp/macros" |
		head -n 1 | grep .); then
		status="handler is a macro: $(cut -d: -f3- <<< "$macro" |
			tr -s ' \t' '  ' | sed 's/|/\\|/g') at $(cut -d: -f1,2 <<< "$macro")"
	elif ! grep -qE '^[A-Za-z_][A-Za-z0-9_]*$' <<< "$fn"; then
		status="handler is an expression, not a function"
	else
		status="no definition of $fn() found (made by a macro?)"
	fi
	why=
	[ "$hook" = mmap_prepare ] || why=$(review_of "$file" "${dfile:-$file}" "$fn")
	if [ -n "$why" ]; then
		echo "$file:$fn" >> "$tmp/reviewed.used"
		echo "${dfile:-$file}:$fn" >> "$tmp/reviewed.used"
		case $status in
		convertible*) status="left as ->mmap after review: $why (${cocci##*/}: $status)" ;;
		*) status="$status; review: $why" ;;
		esac
	fi
	printf '%s|%s|%s|%s|%s|%s\n' "$hook" "$file" "$line" "$ops" "$fn" "$status"
done < "$tmp/inits" > "$tmp/rows"

# Every review entry must match a ->mmap row.
touch "$tmp/reviewed.used"
stale=$(awk 'NR == FNR { used[$0] = 1; next } !($1 in used) { print $1 }' \
	"$tmp/reviewed.used" "$tmp/reviewed")
[ -z "$stale" ] ||
	die "census/reviewed.txt names handlers that are no ->mmap handler of the tree (converted, renamed or gone; drop them): ${stale//$'\n'/ }"

total=$(wc -l < "$tmp/rows")
count() { awk -F'|' -v re="$1" '$6 ~ re' "$tmp/rows" | wc -l; }
other=$(count '^(converted|convertible|stays|left)' | awk -v t="$total" '{ print t - $1 }')
summary="Census of file_operations mmap handlers (census/mmap-handlers.md): $total initialisers, $(count '^converted') converted to .mmap_prepare, $(count '^stays') blocked, $(count '^left') left as ->mmap after review, $(count '^convertible') convertible, $other not classified, plus $drm from DRM macros."
mkdir -p "$(dirname "$out")"
{
	echo "# file_operations mmap handlers of the patched tree"
	echo
	echo "Generated by \`scripts/census.sh\` from the tree with the whole series applied"
	echo "(base: Debian $PACKAGE $PACKAGE_VERSION, $UPSTREAM_VERSION); do not edit by hand."
	echo "\`make check\` (stage census) fails when this file is out of date."
	echo
	echo "| | count |"
	echo "|---|---:|"
	echo "| file_operations initialisers with \`.mmap\` or \`.mmap_prepare\` (Coccinelle) | $total |"
	echo "| converted to \`.mmap_prepare\` | $(count '^converted') |"
	echo "| \`.mmap\`, blocked (reason in the table) | $(count '^stays') |"
	echo "| \`.mmap\`, convertible according to mmap_prepare.cocci but left after review (reason in census/reviewed.txt) | $(count '^left') |"
	echo "| \`.mmap\`, convertible according to mmap_prepare.cocci, not reviewed | $(count '^convertible') |"
	echo "| \`.mmap\`, not classified (NULL, or handler not parsed or not matched; reason in the table) | $other |"
	echo "| more \`.mmap = drm_gem_mmap\` from DRM header macros (not in the table) | $drm |"
	echo
	echo "\"convertible\" is what the semantic patch can see; a handler that takes"
	echo "references or allocates for the mapping must stay \`->mmap\` anyway (see"
	echo "Documentation/filesystems/mmap_prepare.rst).  A handler defined in another"
	echo "file is classified in that file (named in the status).  The test fixtures"
	echo "of the series (mm/tests/) are left out."
	echo
	echo "$summary"
	echo
	echo "| file | line | file_operations | hook | handler | status |"
	echo "|---|---:|---|---|---|---|"
	while IFS='|' read -r hook file line ops fn status; do
		printf '| %s | %s | %s | %s | %s | %s |\n' "$file" "$line" "$ops" \
			"$hook" "$fn" "$status"
	done < "$tmp/rows"
} > "$out"
log "census: $out"
echo "$summary"
