#!/usr/bin/env python3
"""Counts a cargo-mutants output directory's outcomes, splitting the
unviable mutants into those where gen-macro itself failed to build and
those where the macro's output failed to compile (the mutant changed what
the macro emits so that a test, example or the generated code no longer
builds: a detection, though cargo-mutants calls it unviable)."""
import json, sys, os

out = sys.argv[1]
d = json.load(open(os.path.join(out, 'outcomes.json')))
counts = {}
for o in d['outcomes']:
    if o['scenario'] == 'Baseline':
        continue
    summary = o['summary']
    if summary == 'Unviable':
        name = o['scenario']['Mutant']['name']
        log = open(os.path.join(out, o['log_path'])).read()
        summary = 'Unviable(gen-macro)' if 'could not compile `gen-macro`' in log else 'Unviable(output)'
    counts[summary] = counts.get(summary, 0) + 1
print(' '.join(f'{k}={v}' for k, v in sorted(counts.items())))
