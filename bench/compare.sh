#!/usr/bin/env bash
# Build blogfmt and the parse-only floor in release mode, then run the comparison.
# Usage: bench/compare.sh [--quick] [--runs N]   (--quick uses the debug build and small inputs)
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ " $* " == *" --quick "* ]]; then
  cargo build -q --bin blogfmt --example parse_only --example write_floor
else
  cargo build -q --release --bin blogfmt --example parse_only --example write_floor
fi
exec python3 bench/compare.py "$@"
