#!/usr/bin/env bash
# bench-big.sh runs Keycard's benchmarks on the large data set (10,000
# accounts, 150,000 contacts, 1,000,000 visits) and prints, for each figure,
# the subject, the raw bbolt floor measured in the same run, and the ratio.
#
# The data set is generated once by the storage benchmarks (about three
# minutes) into the temp folder and reused; the book and ui benchmarks read
# the same file through KEYCARD_BIG_DB.
#
#   make bench-big                 # every figure, 5 runs each
#   BENCHTIME=20x make bench-big   # more runs
#   KEYCARD_BENCH_SCALE=0.1 make bench-big   # the same on a tenth of the set
#                                            # (1,000 accounts): how each figure grows
#
# A benchmark named XFloor (or XFloorSomething) is the floor of X; the
# floors of the ui figures are storage benchmarks, named in the table below.
set -euo pipefail
cd "$(dirname "$0")/.."

benchtime=${BENCHTIME:-5x}
tags=(-tags migrated_fynedo)
out=$(mktemp)
trap 'rm -f "$out"' EXIT

echo "== storage (builds the large set on the first run)" >&2
go test "${tags[@]}" -run '^$' -benchtime "$benchtime" \
	-bench 'Summaries|LoadAccount|CreateVisit$|CreateVisitFloor|Check|EachRiskInputAndScore|FollowUpsAndBirthdays|ImportGrowth|ImportStaged' \
	./storage/ | tee -a "$out" >&2

suffix=""
if [ -n "${KEYCARD_BENCH_SCALE:-}" ] && [ "$KEYCARD_BENCH_SCALE" != 1 ]; then
	suffix="-x$KEYCARD_BENCH_SCALE"
fi
big=${TMPDIR:-/tmp}/$(sed -n 's/^\tlargeVersion *= "\(.*\)"$/keycard-bench-\1/p' storage/bench_test.go)$suffix.db
if [ ! -f "$big" ]; then
	echo "bench-big: the large set was not built at $big" >&2
	exit 1
fi

echo "== book and ui on $big" >&2
KEYCARD_BIG_DB=$big go test "${tags[@]}" -run '^$' -benchtime "$benchtime" \
	-bench 'Big|StartFloor|ReviewBoard|WeekRoute|RegionPlan|PortfolioSearchKeystroke10k' \
	./book/ ./ui/ | tee -a "$out" >&2

# Pair each benchmark with its floor and print the table.
awk '
BEGIN {
	alias["BigPortfolioLoad"] = "SummariesFloor"
	alias["BigToday"] = "SummariesFloor"
	alias["BigBirthdays"] = "FollowUpsAndBirthdaysFloor"
	alias["BigOpenAccountViewModel"] = "LoadAccountFloor"
	alias["BigBoardScan"] = "EachRiskInputAndScoreFloor"
	alias["BigRiskScan"] = "EachRiskInputAndScoreFloor"
	alias["BigStart"] = "StartFloor"
	alias["SummariesCold"] = "SummariesFloor"
}
/^Benchmark/ {
	name = $1; sub(/-[0-9]+$/, "", name); sub(/^Benchmark/, "", name)
	ns[name] = $3
	order[++n] = name
}
function human(v) {
	if (v >= 1e9) return sprintf("%.2f s", v / 1e9)
	if (v >= 1e6) return sprintf("%.1f ms", v / 1e6)
	if (v >= 1e3) return sprintf("%.1f µs", v / 1e3)
	return sprintf("%d ns", v)
}
END {
	printf "%-44s %12s  %-44s %12s  %7s\n", "figure", "time", "floor (raw bbolt, same run)", "time", "ratio"
	for (i = 1; i <= n; i++) {
		name = order[i]
		if (name ~ /Floor/) continue
		# Every floor of the figure, each on its row: the alias, then the
		# benchmarks named after it (CreateVisitFloor, CreateVisitFloorSameTrees).
		m = 0
		if (name in alias && alias[name] in ns) floors[++m] = alias[name]
		for (j = 1; j <= n; j++) {
			f = order[j]
			if (f ~ /Floor/ && substr(f, 1, index(f, "Floor") - 1) == name) floors[++m] = f
		}
		if (m == 0) {
			printf "%-44s %12s  %-44s %12s  %7s\n", name, human(ns[name]), "-", "", ""
			continue
		}
		for (j = 1; j <= m; j++) {
			label = j == 1 ? name : ""
			shown = j == 1 ? human(ns[name]) : ""
			printf "%-44s %12s  %-44s %12s  %6.1fx\n", label, shown, floors[j], human(ns[floors[j]]), ns[name] / ns[floors[j]]
		}
	}
}' "$out"
