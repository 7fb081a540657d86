#!/bin/sh
# Usage: mutants-report/triage.sh OUTDIR [COPY]
# Applies each missed mutant of a cargo-mutants output directory to a copy
# of the tree (default /tmp/h2exp) and runs the differential test on 150
# random programs (COUNT) against it: which survivors of the fast subset the full
# suite would catch.
out=$1; copy=${2:-/tmp/h2exp}
export CARGO_TARGET_DIR=/work/h2/target/exp GEN_DIFFTEST_COUNT=${COUNT:-150}
python3 - "$out" <<'PY' > /tmp/h2_triage_list
import json, sys
d = json.load(open(sys.argv[1] + '/outcomes.json'))
for o in d['outcomes']:
    if o['summary'] == 'MissedMutant':
        m = o['scenario']['Mutant']
        print(m['file'] + '\t' + sys.argv[1] + '/' + o['diff_path'] + '\t' + m['name'])
PY
while IFS="$(printf '\t')" read -r file diff name; do
  cp "/work/h2/$file" "$copy/$file"
  patch -s "$copy/$file" < "$diff"
  if (cd "$copy" && nice -n 15 cargo test -p gen-difftest > /tmp/h2_triage_run.log 2>&1); then
    verdict="difftest passes"
  elif grep -q "programs differ" /tmp/h2_triage_run.log; then
    verdict="difftest FAILS: $(grep -m1 -o '[0-9]* of [0-9]* programs differ' /tmp/h2_triage_run.log)"
  else
    verdict="difftest does not build: $(grep -m1 '^error' /tmp/h2_triage_run.log)"
  fi
  echo "$name	$verdict"
  cp "/work/h2/$file" "$copy/$file"
done < /tmp/h2_triage_list
