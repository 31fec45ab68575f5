#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
#
# series-lint.py - check the form of the exported series the way a list
# reviewer and a stable maintainer read it (make check, stage series).
#
#   series-lint.py PATCHES COVER VERSION_FILE VERSIONS_DIR
#
# 1. Version: every patch's subject reads [PATCH vN NN/MM] (plain [PATCH
#    NN/MM] for version 1), numbered in the order of PATCHES/series, and the
#    cover letter's [PATCH vN 00/MM].
# 2. Changelog: from version 2 on, VERSIONS_DIR/v<N-1>/ holds the previous
#    version's patches, and COVER has a "Changes since v<N-1>" section that
#    names (as "- 4 (...)", "- 3-22: ...", "- 1, 2 ...") every patch whose
#    patch-id (git patch-id --stable) changed since that version, or that
#    is new (no patch of the previous version has its subject).
# 3. Fixes: every "Fixes:" trailer reads Fixes: <12 hex digits> ("<subject>"),
#    a patch with one also carries "Cc: stable@vger.kernel.org", and those
#    patches come first in the series, so that a stable maintainer can take
#    them alone.
#
# Prints one line per problem and "series-lint: OK (...)" at the end; exits 1
# if it found a problem, 2 for bad arguments or unreadable input.

import os
import re
import subprocess
import sys


def die(msg):
    print(f"series-lint: error: {msg}", file=sys.stderr)
    sys.exit(2)


def read(path):
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            return f.read()
    except OSError as e:
        die(f"cannot read {path}: {e.strerror}")


def series_list(d):
    out = []
    for line in read(os.path.join(d, "series")).splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            out.append(line)
    return out


def header(text, name):
    """The value of mail header NAME (unfolded), or None."""
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if line == "":
            return None
        if line.lower().startswith(name.lower() + ":"):
            value = line[len(name) + 1:].strip()
            for cont in lines[i + 1:]:
                if cont.startswith((" ", "\t")):
                    value += " " + cont.strip()
                else:
                    break
            return value
    return None


def strip_prefix(subject):
    return re.sub(r"^\[PATCH[^\]]*\]\s*", "", subject or "")


def message(text):
    """The commit message: after the headers, up to the '---' line."""
    body = text.split("\n\n", 1)[1] if "\n\n" in text else ""
    return body.split("\n---\n", 1)[0]


def patch_id(path):
    with open(path, "rb") as f:
        out = subprocess.run(["git", "patch-id", "--stable"], stdin=f,
                             capture_output=True, check=False).stdout
    return out.split()[0].decode() if out.split() else None


def expand(spec):
    """'1, 3-5 and 7' -> {1, 3, 4, 5, 7}."""
    nums = set()
    for part in re.split(r",\s*|\s+and\s+", spec):
        m = re.fullmatch(r"(\d+)(?:-(\d+))?", part.strip())
        if not m:
            continue
        a = int(m.group(1))
        b = int(m.group(2) or a)
        nums.update(range(a, b + 1))
    return nums


def changelog(cover, prev):
    """The patch numbers the 'Changes since vPREV' section names, or None."""
    lines = cover.splitlines()
    title = f"Changes since v{prev}"
    try:
        start = lines.index(title)
    except ValueError:
        return None
    named = set()
    for i in range(start + 1, len(lines)):
        line = lines[i]
        # The next section: an underlined title, or the known-issues part.
        if i + 1 < len(lines) and re.fullmatch(r"=+", lines[i + 1]) and line:
            break
        if line.startswith("Known and not addressed"):
            break
        m = re.match(r"^- (\d+(?:-\d+)?(?:(?:,\s*|\s+and\s+)\d+(?:-\d+)?)*)\b", line)
        if m:
            named |= expand(m.group(1))
    return named


def main():
    if len(sys.argv) != 5:
        die("usage: series-lint.py PATCHES COVER VERSION_FILE VERSIONS_DIR")
    patches_dir, cover_txt, version_file, versions = sys.argv[1:]
    problems = []

    version = "1"
    for line in read(version_file).splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            version = line
            break
    if not re.fullmatch(r"[1-9][0-9]*", version):
        die(f"{version_file} must hold a version number (it holds '{version}')")
    version = int(version)
    vtag = "" if version == 1 else f" v{version}"

    names = series_list(patches_dir)
    total = len(names)
    if total == 0:
        die(f"{patches_dir}/series lists no patch")
    texts = {n: read(os.path.join(patches_dir, n)) for n in names}

    # 1. The version and numbering in every subject.
    width = len(str(total))
    cover_patch = os.path.join(patches_dir, "0000-cover-letter.patch")
    want = f"[PATCH{vtag} {0:0{width}d}/{total}]"
    subj = header(read(cover_patch), "Subject") or ""
    if not subj.startswith(want):
        problems.append(f"cover letter: subject '{subj[:40]}' does not start with {want}")
    for i, n in enumerate(names, 1):
        want = f"[PATCH{vtag} {i:0{width}d}/{total}]"
        subj = header(texts[n], "Subject") or ""
        if not subj.startswith(want):
            problems.append(f"{n}: subject '{subj[:40]}' does not start with {want}")

    # 2. The changelog names every patch that changed since the last version.
    changed = []
    if version > 1:
        prev = version - 1
        prev_dir = os.path.join(versions, f"v{prev}")
        if not os.path.isfile(os.path.join(prev_dir, "series")):
            problems.append(f"version {version}, but {prev_dir}/series does not exist "
                            f"(keep v{prev}'s patches there for the range-diff and the changelog)")
        else:
            old = {}
            for n in series_list(prev_dir):
                t = read(os.path.join(prev_dir, n))
                old[strip_prefix(header(t, "Subject"))] = patch_id(os.path.join(prev_dir, n))
            for i, n in enumerate(names, 1):
                s = strip_prefix(header(texts[n], "Subject"))
                if s not in old:
                    changed.append((i, "new"))
                elif old[s] != patch_id(os.path.join(patches_dir, n)):
                    changed.append((i, "changed"))
            named = changelog(read(cover_txt), prev)
            if named is None:
                problems.append(f"{cover_txt}: no 'Changes since v{prev}' section")
            else:
                for i, why in changed:
                    if i not in named:
                        problems.append(f"patch {i} ({names[i - 1]}) is {why} since v{prev} "
                                        f"(patch-id), but 'Changes since v{prev}' does not name it "
                                        f"(a line '- {i} (...)')")
                for i in sorted(named):
                    if i > total:
                        problems.append(f"'Changes since v{prev}' names patch {i}; the series has {total}")

    # 3. Fixes: form, Cc: stable, and the fixes first.
    fixes_re = re.compile(r'^Fixes: [0-9a-f]{12} \("[^"\n]+"\)$')
    last_fix = 0
    first_other = 0
    nfix = 0
    for i, n in enumerate(names, 1):
        msg = message(texts[n])
        fixes = [ln for ln in msg.splitlines() if ln.lower().startswith("fixes:")]
        for ln in fixes:
            if not fixes_re.match(ln):
                problems.append(f"{n}: '{ln}' is not Fixes: <12-digit id> (\"<subject>\")")
        if fixes:
            nfix += 1
            last_fix = i
            if not re.search(r"^Cc: stable@vger\.kernel\.org\b", msg, re.M):
                problems.append(f"{n}: has Fixes: but no 'Cc: stable@vger.kernel.org'")
        elif not first_other:
            first_other = i
    if last_fix and first_other and first_other < last_fix:
        problems.append(f"patch {last_fix} ({names[last_fix - 1]}) fixes an upstream commit but comes "
                        f"after patch {first_other}: put the fixes first, so that they apply alone")

    for p in problems:
        print(f"series-lint: {p}")
    if problems:
        print(f"series-lint: FAIL ({len(problems)} problem(s))")
        return 1
    print(f"series-lint: OK (v{version}, {total} patches, {len(changed)} changed or new "
          f"and named in the changelog, {nfix} fix(es) first)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
