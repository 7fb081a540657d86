#!/bin/sh
# Usage: mutants-report/check.sh OUTDIR 'cargo test args' [REGEX]
# Applies each missed mutant of OUTDIR (whose name matches REGEX) to the
# copy /tmp/h2exp in turn and runs `cargo test ARGS` there: KILLED when the
# tests fail to build or fail, SURVIVES when they pass.
out=$1; args=$2; re=${3:-.}
copy=/tmp/h2exp
export CARGO_TARGET_DIR=/work/h2/target/exp GEN_DIFFTEST_COUNT=30
python3 - "$out" "$re" <<'PY' > /tmp/h2_check_list
import json, re, sys
d = json.load(open(sys.argv[1] + '/outcomes.json'))
for o in d['outcomes']:
    if o['summary'] == 'MissedMutant' and re.search(sys.argv[2], o['scenario']['Mutant']['name']):
        m = o['scenario']['Mutant']
        print(m['file'] + '\t' + sys.argv[1] + '/' + o['diff_path'] + '\t' + m['name'])
PY
while IFS="$(printf '\t')" read -r file diff name; do
  cp "/work/h2/$file" "$copy/$file"
  patch -s "$copy/$file" < "$diff"
  if (cd "$copy" && nice -n 15 cargo test $args > /tmp/h2_check_run.log 2>&1); then
    echo "SURVIVES $name"
  elif grep -q "could not compile" /tmp/h2_check_run.log; then
    echo "KILLED (build) $name"
  else
    echo "KILLED (test) $name"
  fi
  cp "/work/h2/$file" "$copy/$file"
done < /tmp/h2_check_list
