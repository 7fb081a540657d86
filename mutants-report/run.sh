#!/bin/sh
# Usage: mutants-report/run.sh FILE NAME [extra cargo-mutants args]
# Runs cargo-mutants over one gen-macro source file, testing each mutant
# with the root package's behaviour tests and gen-macro's unit tests.
set -e
file=$1; name=$2; shift 2
export CARGO_TARGET_DIR=/work/h2/target/mutants GEN_DIFFTEST_COUNT=30
exec nice -n 15 cargo mutants -p gen-macro --file "gen-macro/src/$file" \
  --test-package generators,gen-macro --jobs 1 \
  --timeout 60 --build-timeout 100 --baseline skip \
  --output "mutants-report/$name" "$@" \
  -- --lib --test drops --test plain_twins --test constructs --test protocol \
     --test in_place --test layout --test signatures --test hygiene --test smoke
