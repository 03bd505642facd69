#!/usr/bin/env bash
# Runs blogfmt's pre-commit hooks (.pre-commit-hooks.yaml) for real, as a blog would:
# installs pre-commit from PyPI into a venv under a temporary folder, lets it build the hooks
# from a snapshot of this working tree (`language: rust`, so pre-commit runs `cargo install`),
# and commits drafts in a temporary git repository.
#
# Checks: the fix hook rewrites a staged draft and fails the first commit; the second commit
# passes when only warnings remain; the check hook fails a commit while an error-severity
# problem that blogfmt cannot fix remains (summary/missing), and passes a clean draft.
#
# Usage: bash tests/pre-commit.sh   (needs python3 with venv, git and cargo)
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

passed=0
failed=0
pass() { echo "ok: $1"; passed=$((passed + 1)); }
fail() { echo "FAILED: $1"; failed=$((failed + 1)); }

# A hermetic git: no user or system config (a global core.hooksPath would stop
# `pre-commit install`), a fixed identity.
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null
export GIT_AUTHOR_NAME=blogfmt GIT_AUTHOR_EMAIL=blogfmt@example.invalid
export GIT_COMMITTER_NAME=blogfmt GIT_COMMITTER_EMAIL=blogfmt@example.invalid

echo "Installing pre-commit into $work/venv"
python3 -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet --disable-pip-version-check pre-commit
export PATH="$work/venv/bin:$PATH"
export PRE_COMMIT_HOME="$work/pre-commit-home"
# pre-commit's `cargo install` builds in this checkout's target folder, so a second run is quick.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$repo/target}/pre-commit"

# The hook repository: a snapshot of this working tree (tracked and untracked files, not
# ignored ones), so uncommitted changes are what gets tested.
hooks="$work/hooks"
mkdir "$hooks"
(
  cd "$repo"
  git ls-files -co --exclude-standard -z | while IFS= read -r -d '' file; do
    [ -e "$file" ] && cp --parents -- "$file" "$hooks/"
  done
)
git -C "$hooks" init -q
git -C "$hooks" add -A
git -C "$hooks" commit -qm "blogfmt snapshot"
rev=$(git -C "$hooks" rev-parse HEAD)

blog="$work/blog"
mkdir -p "$blog/posts"
cd "$blog"
git init -q
use_hook() {
  cat > .pre-commit-config.yaml <<YAML
repos:
  - repo: $hooks
    rev: $rev
    hooks:
      - id: $1
YAML
  git add .pre-commit-config.yaml
}
use_hook blogfmt
pre-commit install >/dev/null

# A draft whose `**TL;DR:**` lead-in the fix hook turns into a `## TL;DR` section; what remains
# (no author bio) is a warning.
cat > posts/fast.md <<'MD'
# How We Made It Fast

**TL;DR:** We cached the slow query and cut p99 latency in half.

## Background

The query was slow.
MD
git add posts/fast.md
echo "Building the hooks and committing a fixable draft (the first build takes a while)"
if git commit -qm "Add a post" > "$work/first.log" 2>&1; then
  fail "the first commit should fail while the fix hook changes the draft"
  cat "$work/first.log"
else
  pass "the fix hook fails the first commit"
fi
if grep -q '^## TL;DR$' posts/fast.md && ! grep -q '\*\*TL;DR:\*\*' posts/fast.md; then
  pass "the fix hook rewrote the draft in place"
else
  fail "the fix hook did not rewrite the draft"
  cat posts/fast.md "$work/first.log"
fi
git add posts/fast.md
if git commit -qm "Add a post" > "$work/second.log" 2>&1; then
  pass "the second commit passes with only warnings left"
else
  fail "the second commit should pass with only warnings left"
  cat "$work/second.log"
fi

use_hook blogfmt-check
cat > posts/no-summary.md <<'MD'
# A Post Without a Summary

## Background

Text.
MD
git add posts/no-summary.md
if git commit -qm "Add a post without a summary" > "$work/check.log" 2>&1; then
  fail "the check hook should fail on a draft without a summary"
  cat "$work/check.log"
elif grep -q 'posts/no-summary.md:1:1: error summary/missing' "$work/check.log"; then
  pass "the check hook fails on an unresolved error and says why"
else
  fail "the check hook failed without reporting summary/missing"
  cat "$work/check.log"
fi
git rm -q --cached posts/no-summary.md
cat > posts/clean.md <<'MD'
# A Post With a Summary

## TL;DR

It is short.

## Background

Text.
MD
git add posts/clean.md
if git commit -qm "Add a clean post" > "$work/clean.log" 2>&1 \
  && grep -q 'blogfmt check.*Passed' "$work/clean.log"; then
  pass "the check hook runs and passes a draft with only warnings"
else
  fail "the check hook should run and pass a draft with only warnings"
  cat "$work/clean.log"
fi

echo "pre-commit: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
