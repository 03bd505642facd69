#!/usr/bin/env python3
"""Whole-process benchmarks of blogfmt against the parse-only floor.

Runs every command of a group in turn, round after round (alternating, so drift in the machine's
load hits all of them alike), and reports the median wall time, its ratio to parse-only, and the
peak memory (max RSS of the process). See README "Benchmarks".

    bench/compare.py [--quick] [--runs N] [--corpus DIR] [--target DIR]

--quick: one round on small inputs, for CI: proves the script runs, enforces nothing.
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(cmd, env=None, stdout=subprocess.DEVNULL):
    """Run cmd; return wall seconds."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=stdout, stderr=subprocess.DEVNULL, env=env)
    _, status, _ = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        sys.exit(f"bench: {' '.join(map(str, cmd))} exited {code}")
    return wall


# GNU time, for peak memory. A child's own ru_maxrss is no use here: Linux counts the memory
# of the process it was forked from (this script, about 20 MB) until the exec.
GNU_TIME = "/usr/bin/time"


def peak_rss(cmd, env=None):
    """Peak RSS in bytes of one run of cmd (GNU time's %M), or None without GNU time."""
    if not os.access(GNU_TIME, os.X_OK):
        return None
    with tempfile.NamedTemporaryFile(mode="r") as out:
        subprocess.run([GNU_TIME, "-f", "%M", "-o", out.name] + [str(c) for c in cmd],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        try:
            return int(out.read().split()[-1]) * 1024
        except (ValueError, IndexError):
            return None


# The all-cores run must beat one thread by at least this much to count as faster.
MIN_SPEEDUP = 1.05


def measure(commands, runs, prepare=None):
    """commands: list of (name, argv, env). Returns {name: (median wall, peak rss or None)};
    the peak is taken from one more, untimed run of each."""
    walls = {name: [] for name, _, _ in commands}
    for _ in range(runs):
        for name, argv, env in commands:
            if prepare:
                prepare(name)
            walls[name].append(run(argv, env))
            if prepare:
                # Flush what a command (or a fresh copy) left to write back, so the kernel's
                # writeback is not timed as part of the next command.
                os.sync()
    rss = {}
    for name, argv, env in commands:
        if prepare:
            prepare(name)
        rss[name] = peak_rss(argv, env)
    return {name: (statistics.median(w), rss[name]) for name, w in walls.items()}


def env_threads(n):
    env = dict(os.environ)
    env["RAYON_NUM_THREADS"] = str(n)
    return env


def concat_corpus(corpus, size, path):
    """Write `size` bytes of the corpus, concatenated and repeated, cut at a line end."""
    files = sorted(corpus.rglob("*.md"))
    with open(path, "w", encoding="utf-8") as out:
        written = 0
        while written < size:
            for f in files:
                text = f.read_text(encoding="utf-8")
                if not text.endswith("\n"):
                    text += "\n"
                text += "\n"
                if written + len(text.encode()) > size:
                    cut = text.encode()[: size - written]
                    text = cut[: cut.rfind(b"\n") + 1].decode("utf-8", "ignore")
                out.write(text)
                written += len(text.encode())
                if written >= size or not text:
                    return


def pathological(dir, scale):
    """The reliability issue's inputs, scaled (1.0 = full size)."""
    inputs = {}
    def write(name, text):
        p = dir / name
        p.write_text(text, encoding="utf-8")
        inputs[name] = p
    write("long-line.md", "word " * int(2_000_000 * scale) + "\n")
    write("nested-quotes.md", ">" * int(50_000 * scale) + " deep\n")
    n = int(10_000 * scale)
    write("nested-lists.md", "".join("  " * i + "- item\n" for i in range(n)))
    rows = int(1_000_000 * scale) // 25
    write("table.md", "| a | b | c |\n| --- | --- | --- |\n" + "| one | two | three |\n" * rows)
    return inputs


# The reliability issue's quadratic and memory-hungry inputs: one unit repeated to a size. Each
# is timed from 1 to 16 MB (time per MB must stay flat) and its peak memory taken at the largest.
SCALED_PATTERNS = {
    "placeholder paragraphs": "[Placeholder 1: a diagram of the system]\n\n",
    "inline placeholders": "See [Placeholder 2: chart] here. ",
    "lone CR": "Some words -- here and there.\r",
    "long ' -- ' line": "a -- b ",
    "many headings": "## a heading here\n\n",
    "trailing spaces": "word   \n",
}


def repeated(unit, size, path):
    """Write `unit` repeated to exactly `size` bytes (the units are ASCII)."""
    text = unit * (size // len(unit) + 1)
    path.write_text(text[:size], encoding="utf-8", newline="")


def custom_rules_config(count, path):
    """A house style with `count` [[custom]] rules on top of the default."""
    with open(path, "w", encoding="utf-8") as out:
        out.write('extends = "default"\n')
        for i in range(count):
            out.write(f'\n[[custom]]\nid = "custom/r{i}"\npattern = \'\\bword{i}\\b\'\n'
                      f'message = "Avoid {{match}}"\nwhy = "Bench."\nseverity = "warning"\n')


def fmt_ms(s):
    return f"{s * 1000:9.1f} ms"


def fmt_mb(b):
    return "      ?   " if b is None else f"{b / 1e6:7.1f} MB"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared/corpus/rust-blog")
    ap.add_argument("--target", type=Path, default=None, help="cargo target profile dir")
    args = ap.parse_args()
    runs = 1 if args.quick else args.runs
    target = args.target or ROOT / "target" / ("debug" if args.quick else "release")
    blogfmt = target / "blogfmt"
    parse_only = target / "examples" / "parse_only"
    write_floor = target / "examples" / "write_floor"
    for exe in (blogfmt, parse_only, write_floor):
        if not exe.exists():
            sys.exit(f"bench: {exe} missing; run bench/compare.sh, which builds it")
    if not args.corpus.is_dir():
        sys.exit(f"bench: corpus {args.corpus} missing")

    work = Path(tempfile.mkdtemp(prefix="blogfmt-bench-"))
    rows = []  # (what, measured, target, ok)
    try:
        corpus = args.corpus
        if args.quick:
            corpus = work / "corpus"
            corpus.mkdir()
            for f in sorted(args.corpus.rglob("*.md"))[:40]:
                shutil.copy(f, corpus / f"{len(list(corpus.iterdir()))}.md")
        corpus_bytes = sum(f.stat().st_size for f in corpus.rglob("*.md"))
        big = work / "big.md"
        concat_corpus(args.corpus, 1_000_000 if args.quick else 20_000_000, big)
        copy = work / "copy"

        def fresh_copy(name):
            if name in ("fix --in-place", "write floor"):
                shutil.rmtree(copy, ignore_errors=True)
                shutil.copytree(corpus, copy)
                os.sync()

        # The files a fix rewrites, found by one untimed fix of a copy: the write floor
        # replaces exactly those.
        fresh_copy("fix --in-place")
        run([blogfmt, "fix", "--in-place", "--quiet", copy])
        changed = [copy / f.relative_to(corpus) for f in sorted(corpus.rglob("*.md"))
                   if f.read_bytes() != (copy / f.relative_to(corpus)).read_bytes()]

        def others(target, glob=None):
            """Other linters, when installed (not in quick mode): rumdl without its cache (a
            warm cache would time a lookup, not a lint), and markdownlint-cli2 when given a
            glob. It is not run on the big file: one run took over 300 s here."""
            found = []
            if args.quick:
                return found
            if shutil.which("rumdl"):
                found.append(("rumdl check", ["rumdl", "check", "--no-cache", str(target)], None))
            if glob and shutil.which("markdownlint-cli2"):
                found.append(("markdownlint-cli2", ["markdownlint-cli2", glob], None))
            return found

        print(f"corpus: {corpus} ({corpus_bytes / 1e6:.1f} MB), big file {big.stat().st_size / 1e6:.1f} MB, "
              f"{runs} alternating run(s), {os.cpu_count()} cores\n")
        group = measure([
            ("parse-only (1 thread)", [parse_only, corpus], None),
            ("check, 1 thread", [blogfmt, "check", "--quiet", corpus], env_threads(1)),
            ("check, all cores", [blogfmt, "check", "--quiet", corpus], None),
            ("check --format json", [blogfmt, "check", "--format", "json", corpus], env_threads(1)),
            ("fix --in-place", [blogfmt, "fix", "--in-place", "--quiet", copy], None),
            # Replacing the same files with their own bytes, no markdown work, no fsync: the
            # least any atomic rewrite costs on this filesystem.
            ("write floor", [write_floor] + changed, None),
            # The same fix with nothing written: what the fix costs apart from the filesystem.
            ("fix --in-place --diff", [blogfmt, "fix", "--in-place", "--diff", "--quiet", corpus], None),
        ] + others(corpus, f"{corpus}/**/*.md"), runs, prepare=fresh_copy)
        floor = group["parse-only (1 thread)"][0]
        print("corpus")
        for name, (wall, peak) in group.items():
            print(f"  {name:24} {fmt_ms(wall)}  {wall / floor:5.2f}x parse-only  peak {fmt_mb(peak)}")
        one = group["check, 1 thread"][0]
        rows.append(("check corpus, 1 thread / parse-only", one / floor, 2.0))
        rows.append(("check corpus, all cores speed-up over 1 thread", one / group["check, all cores"][0], None))
        rows.append(("fix --in-place corpus / parse-only", group["fix --in-place"][0] / floor, 4.0))
        print(f"  ({len(changed)} files rewritten by the fix; the write floor replaces the same files)")

        group = measure([
            ("parse-only", [parse_only, big], None),
            ("check", [blogfmt, "check", "--quiet", big], None),
            ("check --format json", [blogfmt, "check", "--format", "json", big], None),
        ] + others(big), runs)
        floor = group["parse-only"][0]
        print("\nbig file")
        for name, (wall, peak) in group.items():
            print(f"  {name:24} {fmt_ms(wall)}  {wall / floor:5.2f}x parse-only  peak {fmt_mb(peak)}")
        rows.append(("check big file / parse-only", group["check"][0] / floor, 2.5))
        if group["check"][1] is not None:
            rows.append(("peak memory on big file / file size", group["check"][1] / big.stat().st_size, 5.0))

        print("\nscaling (check, time per MB)")
        sizes = [1, 2] if args.quick else [1, 2, 4, 8, 16]
        per_mb = []
        for mb in sizes:
            f = work / f"scale-{mb}.md"
            concat_corpus(args.corpus, mb * 1_000_000, f)
            wall, _ = measure([("check", [blogfmt, "check", "--quiet", f], None)], runs)["check"]
            per_mb.append(wall / mb)
            print(f"  {mb:3} MB {fmt_ms(wall)}  {wall / mb * 1000:7.2f} ms/MB")
        mean = statistics.mean(per_mb)
        rows.append(("time per MB, worst deviation from mean", max(abs(x - mean) / mean for x in per_mb), 0.25))

        draft = work / "draft.md"
        concat_corpus(args.corpus, 5_000, draft)
        wall, _ = measure([("check", [blogfmt, "check", "--quiet", draft], None)], max(runs, 5) * 4)["check"]
        print(f"\none 5 KB draft, whole process: {fmt_ms(wall)}")
        rows.append(("check one 5 KB draft, seconds", wall, 0.005))

        print("\npathological inputs")
        for name, path in pathological(work, 0.05 if args.quick else 1.0).items():
            group = measure([
                ("parse-only", [parse_only, path], None),
                # The nested lists are 100 MB of indentation, past the default size cap.
                ("check", [blogfmt, "check", "--quiet", "--max-file-size", "1G", path], None),
            ], runs)
            ratio = group["check"][0] / group["parse-only"][0]
            print(f"  {name:18} parse-only {fmt_ms(group['parse-only'][0])}  check {fmt_ms(group['check'][0])}  {ratio:5.2f}x")
            rows.append((f"pathological {name} / parse-only", ratio, 10.0))

        print("\npathological inputs, scaled (check; time per MB, peak memory at the largest)")
        sizes = [1, 2] if args.quick else [1, 2, 4, 8, 16]
        unit_size = 50_000 if args.quick else 1_000_000
        for name, unit in SCALED_PATTERNS.items():
            per_mb = []
            for mb in sizes:
                f = work / f"pattern-{mb}.md"
                repeated(unit, mb * unit_size, f)
                group = measure([("check", [blogfmt, "check", "--quiet", f], None)], runs)
                per_mb.append(group["check"][0] / mb)
            largest = group["check"][1]
            floor_rss = peak_rss([parse_only, f])
            mean = statistics.mean(per_mb)
            spread = max(abs(x - mean) / mean for x in per_mb)
            print(f"  {name:24} " + "  ".join(f"{x * 1000:7.1f}" for x in per_mb) + " ms/MB"
                  f"  peak {fmt_mb(largest)} (parse-only {fmt_mb(floor_rss)})")
            rows.append((f"{name}: time per MB, worst deviation from mean", spread, 0.25))
            if largest is not None:
                size = sizes[-1] * unit_size
                rows.append((f"{name}: peak memory / input at {size / 1e6:g} MB", largest / size, 10.0))
            f.unlink()

        print("\nconfig load, [[custom]] rules (check of a one-line draft)")
        tiny = work / "tiny.md"
        tiny.write_text("# Title\n\nSome text.\n", encoding="utf-8")
        counts = [500, 1_000] if args.quick else [4_000, 8_000, 16_000, 32_000]
        per_rule = []
        for count in counts:
            config = work / f"custom-{count}.toml"
            custom_rules_config(count, config)
            wall, _ = measure([("check", [blogfmt, "check", "--quiet", "--config", config, tiny], None)],
                              runs)["check"]
            per_rule.append(wall / count)
            print(f"  {count:6} rules {fmt_ms(wall)}  {wall / count * 1e6:6.1f} us/rule")
            config.unlink()
        mean = statistics.mean(per_rule)
        rows.append(("custom rules: time per rule, worst deviation from mean",
                     max(abs(x - mean) / mean for x in per_rule), 0.25))
        rows.append((f"custom rules: load and check with {counts[-1]:,}, seconds", wall, 2.0))

        print("\n| what | measured | target | holds |\n| --- | --- | --- | --- |")
        failed = False
        for what, value, limit in rows:
            if limit is None:
                # "Faster" means beyond run-to-run noise, not 1.003x printed as 1.00x.
                faster = value >= MIN_SPEEDUP
                print(f"| {what} | {value:.2f}x | >= {MIN_SPEEDUP}x | {'yes' if faster else 'NO'} |")
                failed |= not faster
            else:
                holds = value <= limit
                failed |= not holds
                print(f"| {what} | {value:.3f} | <= {limit} | {'yes' if holds else 'NO'} |")
        if args.quick:
            print("\n(quick mode: small inputs, one run; targets are not enforced)")
            return 0
        return 1 if failed else 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
