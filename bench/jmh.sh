#!/usr/bin/env bash
# Runs the JMH benchmarks in src/jmh/java and prints their table.
#   bench/jmh.sh                      all benchmarks, default settings (2 forks, 3 warm-ups, 5 iterations)
#   bench/jmh.sh NoOpStages -f 1      a subset (regex) and any JMH option
# The figures are side-by-side ratios on this machine; it is shared and noisy, so read the error column.
set -euo pipefail
cd "$(dirname "$0")/.."
args="${*:--f 2 -wi 3 -i 5 -w 1s -r 2s}"
# Maven selects a JDK 21+ through the toolchains plugin; the exec plugin runs JMH on it.
exec ./mvnw -q -B -Pjmh -DskipTests verify "-Djmh.args=${args}"
