#!/usr/bin/env bash
# Appends CPU profiles of the hot paths to bench/RESULTS.md: where the time
# of a strip, an encryption and a workbook read goes (go test -cpuprofile,
# pprof top). Run by "make bench" after bench/run.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=bench/out
export LOCKBOX_BENCH_CSV=$PWD/bench/data/customers-1000000.csv
export LOCKBOX_BENCH_XLSX=$PWD/bench/data/customers-100000.xlsx
profile() { # title package benchmark
	local prof=$OUT/$3.prof
	go test -run '^$' -bench "^$3\$" -benchtime 5x -cpuprofile "$prof" -o "$OUT/$3.test" "./pkg/$2" > "$OUT/$3.txt"
	echo "### $1"
	echo
	echo '```'
	grep "^Benchmark" "$OUT/$3.txt"
	go tool pprof -top -cum -nodecount 18 "$OUT/$3.test" "$prof" 2>/dev/null | sed -n '/flat%/,$p'
	echo '```'
	echo
	rm -f "$prof" "$OUT/$3.test" "$OUT/$3.txt"
}
{
	echo
	echo "## Profiles"
	echo
	echo "CPU profiles of the in-process benchmarks (\`go test -bench -cpuprofile\`, \`pprof -top -cum\`), 5 runs each, on the same inputs."
	echo
	profile "strip, 189 MB CSV (BenchmarkStripCSV)" strip BenchmarkStripCSV
	profile "encrypt, the stream to an X25519 key, plain and verified (BenchmarkEncrypt)" seal BenchmarkEncrypt
	profile "read the 100,000-row workbook (BenchmarkReadXLSX)" table BenchmarkReadXLSX
	profile "classify a 10,000-row sample (BenchmarkClassifySample)" classify BenchmarkClassifySample
} >> bench/RESULTS.md
