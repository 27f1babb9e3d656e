#!/usr/bin/env bash
# Long fuzzing runs, by hand (nightly; not part of the test command).
# For each target named (default: all), runs libFuzzer for RUNS executions
# (default 10 million, or SECONDS_PER_TARGET seconds) on a working corpus in fuzz/corpus-full/, seeded from
# the committed fuzz/corpus/, then minimises it back into fuzz/corpus/.
# A crash is saved in fuzz/artifacts/<target>/: copy it into
# fuzz/regressions/<target>/ with a name saying what it was, fix it, and the
# replay test (crates/fuzzing) keeps it fixed on stable.
# Built without AddressSanitizer (-s none): the code is safe Rust, so what we
# look for is a panic, which libFuzzer catches as a crash either way, and
# ASan would only slow each execution down.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../fuzz"
RUNS="${RUNS:-10000000}"
# Or a time per target instead: SECONDS_PER_TARGET=300 runs each for five
# minutes, however many executions that is.
LIMIT="-runs=$RUNS"
[ -n "${SECONDS_PER_TARGET:-}" ] && LIMIT="-max_total_time=$SECONDS_PER_TARGET"
TARGETS=("$@")
[ ${#TARGETS[@]} -eq 0 ] && TARGETS=(practice_toml practice_json batch_csv scenario_set share_link population)
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz
cargo +nightly fuzz build -O -s none
# The link and file targets may reach the decoders' costs only with large
# inputs (a link of thousands of edits, a file of thousands of registers):
# 256 KB for them, 4 KB for the rest.
max_len() {
  case "$1" in
    share_link|practice_toml|practice_json|batch_csv|population) echo 262144 ;;
    *) echo 4096 ;;
  esac
}
for t in "${TARGETS[@]}"; do
  mkdir -p "corpus-full/$t"
  cp -n "corpus/$t"/* "corpus-full/$t"/ 2>/dev/null || true
  cargo +nightly fuzz run -O -s none "$t" "corpus-full/$t" -- "$LIMIT" -max_len="$(max_len "$t")" -print_final_stats=1
  rm -rf "corpus/$t.min" && mkdir -p "corpus/$t.min"
  cargo +nightly fuzz cmin -O -s none "$t" "corpus-full/$t" -- -max_len="$(max_len "$t")" >/dev/null 2>&1 || true
  # cmin minimises corpus-full/<target> in place; keep that as the committed corpus.
  rm -rf "corpus/$t.min" "corpus/$t" && cp -r "corpus-full/$t" "corpus/$t"
done
