#!/usr/bin/env bash
# Coverage-guided fuzzing of the YAML loader, the variant resolver, the calendar loader and the
# working-time arithmetic with libFuzzer (Sources/SOPFuzz), for a bounded time.
#
# Usage (from anywhere):  .ci/fuzz.sh [SECONDS]      default 120, or $FUZZ_SECONDS
#   FUZZ_KEEP_GOING=1 .ci/fuzz.sh 1800   keeps fuzzing after a crash (libFuzzer -fork=1), to
#                                        collect every crash of a long run
#
# 1. Builds only the fuzz product, instrumented, in its own scratch path (.build-fuzz), so the
#    normal build is not rebuilt with instrumentation. A debug build: it keeps the assertions
#    (ours and the inlined ones of the standard library and Foundation) that a release build
#    drops, so it finds more (`extends: s` traps in debug builds only).
# 2. Replays the crash corpus (Tests/SOPLoaderTests/Fixtures/crashes): every input must pass.
# 3. Fuzzes for SECONDS, seeded from sops/, the broken-file corpus, .ci/fuzz/seeds and the crash
#    corpus, with .ci/fuzz/sop.dict; new interesting inputs stay in .build-fuzz/corpus.
# A crashing input (trap, overflow, stack overflow, a run over 10 s or 2 GB) is copied into the
# crash corpus as crash-<sha1>.yaml and the script exits 1: commit that file with the fix, and
# `swift test --filter CrashCorpusTests` replays it through the loader from then on.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"   # the fuzz target changes directory: every path it is given is absolute
seconds="${1:-${FUZZ_SECONDS:-120}}"
crashes="$root/Tests/SOPLoaderTests/Fixtures/crashes"
# libFuzzer must see the signals (a trap is SIGILL, a stack overflow SIGSEGV) to keep the input:
# the Swift runtime's backtracer would take them first.
export SWIFT_BACKTRACE=enable=no
build=(swift build -c debug --sanitize=fuzzer -Xswiftc -DSOP_FUZZ --product sop-fuzz --scratch-path .build-fuzz)

"${build[@]}" --quiet
fuzzer="$("${build[@]}" --show-bin-path)/sop-fuzz"
artifacts="$root/.build-fuzz/artifacts"
rm -rf "$artifacts"
mkdir -p "$artifacts" "$root/.build-fuzz/corpus" "$crashes"
options=(-timeout=10 -rss_limit_mb=2048 -max_len=65536 -dict="$root/.ci/fuzz/sop.dict" -artifact_prefix="$artifacts/")

status=0
known=()
for f in "$crashes"/*; do [ -f "$f" ] && [ "$(basename "$f")" != README.md ] && known+=("$f"); done
if [ "${#known[@]}" -gt 0 ]; then
  echo "fuzz: replaying ${#known[@]} input(s) of the crash corpus"
  if ! "$fuzzer" "${options[@]}" "${known[@]}" >"$artifacts/replay.log" 2>&1; then
    tail -40 "$artifacts/replay.log"
    echo "fuzz: FAILED, an input of the crash corpus still crashes (log: $artifacts/replay.log)"
    exit 1
  fi
fi

echo "fuzz: $seconds s of libFuzzer"
extra=()
[ "${FUZZ_KEEP_GOING:-0}" = 1 ] && extra=(-fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1)
"$fuzzer" "${options[@]}" "${extra[@]}" -max_total_time="$seconds" -print_final_stats=1 \
  "$root/.build-fuzz/corpus" "$root/sops" "$root/Tests/SOPLoaderTests/Fixtures/invalid" "$root/.ci/fuzz/seeds" "$crashes" \
  >"$artifacts/fuzz.log" 2>&1 || status=1
grep -E '^#[0-9]+ +DONE|^stat::(number_of_executed_units|average_exec_per_sec)|^==[0-9]+== ERROR|^SUMMARY|deadly signal|^INFO: fuzzed for' \
  "$artifacts/fuzz.log" || true

found=0
for f in "$artifacts"/crash-* "$artifacts"/timeout-* "$artifacts"/oom-* "$artifacts"/leak-*; do
  [ -e "$f" ] || continue
  name="$(basename "$f")"
  # Keep the kind of failure and the content hash libFuzzer gave it.
  cp "$f" "$crashes/${name}.yaml"
  echo "fuzz: $name added to ${crashes#"$root/"}/${name}.yaml"
  found=$((found + 1))
done
if [ "$status" != 0 ]; then
  [ "$found" = 0 ] && tail -40 "$artifacts/fuzz.log"
  echo "fuzz: FAILED, $found crashing input(s) (log: $artifacts/fuzz.log); commit them with the fix"
  exit 1
fi
echo "fuzz: no crash"
