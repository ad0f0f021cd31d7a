#!/usr/bin/env bash
# Measures the recipient page (encrypt --html) in Debian's Chromium, driven
# by web/test/e2e.mjs: for a 20 MB and a 100 MB customer list, and a 1 kB
# one (what any page costs), how long until the page is ready, how long
# decrypting takes (one scrypt at work factor 18 included), and the tab's
# peak memory (the renderer's VmHWM: the page and its worker). RUNS runs
# each, medians. Every download is compared with the input. It replaces its
# own section of bench/RESULTS.md; "make bench" runs it after run.sh.
#
# BASE=path/to/an/older/lockbox, named BASE_NAME, measures that build's pages too, in the
# same run, for a before-and-after table.
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${RUNS:-3}
DATA=bench/data
OUT=bench/out
LOCKBOX=$PWD/bin/lockbox
mkdir -p "$DATA" "$OUT/page"
export NO_COLOR=1
unset LOCKBOX_PASSPHRASE

[ -x "$LOCKBOX" ] || { echo "bench: build lockbox first (make bench does)"; exit 1; }
command -v chromium >/dev/null && [ -d web/node_modules/playwright-core ] ||
	{ echo "bench/page.sh: needs chromium and web/node_modules (cd web && npm ci); skipped"; exit 0; }
go build -o "$OUT/gencsv" ./bench/gencsv

# inputs: name and rows (about 189 bytes a row).
declare -A rows=([1kB]=4 [20MB]=106000 [100MB]=530000)
for n in 1kB 20MB 100MB; do
	f=$DATA/page-$n.csv
	[ -s "$f" ] || "$OUT/gencsv" -rows "${rows[$n]}" -o "$f"
done

median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

# measure BUILD BINARY: one table row per input.
measure() {
	local build=$1 bin=$2 n f page pass load dec peak
	for n in 1kB 20MB 100MB; do
		f=$DATA/page-$n.csv
		page=$OUT/page/$build-$n.csv.age.html
		pass=$OUT/page/$build-$n.pass
		rm -f "$page" "$pass"
		"$bin" encrypt --html --save-passphrase "$pass" -o "$page" "$f" 2>/dev/null
		: > "$OUT/page/runs"
		for _ in $(seq "$RUNS"); do
			(cd web && node test/e2e.mjs --measure "$PWD/../$page" "$(cat "../$pass")" "$PWD/../$OUT/page/download") >> "$OUT/page/runs"
			cmp -s "$OUT/page/download" "$f" || { echo "bench/page.sh: $build $n: the download differs"; exit 1; }
		done
		load=$(grep -o '"loadSeconds":[0-9.]*' "$OUT/page/runs" | cut -d: -f2 | median)
		dec=$(grep -o '"seconds":[0-9.]*' "$OUT/page/runs" | cut -d: -f2 | median)
		peak=$(grep -o '"peakMB":[0-9]*' "$OUT/page/runs" | cut -d: -f2 | median)
		browser=$(grep -o '"browserPeakMB":[0-9]*' "$OUT/page/runs" | cut -d: -f2 | median)
		printf '| %s | %s | %.1f | %s | %s | %s | %s |\n' "$build" "$n" \
			"$(awk -v s="$(stat -c %s "$page")" 'BEGIN { print s / 1e6 }')" "$load" "$dec" "$peak" "$browser"
	done
}

table=$(
	echo "| build | input | page MB | ready s | decrypt s | tab peak MB | browser process peak MB |"
	echo "|---|---|---|---|---|---|---|"
	measure "$(git describe --always --dirty)" "$LOCKBOX"
	if [ -n "${BASE:-}" ]; then measure "${BASE_NAME:-base}" "$BASE"; fi
)
section=$(
	echo "<!-- bench/page.sh -->"
	echo "## The recipient page in a browser"
	echo
	echo "Made by \`bash bench/page.sh\` ($(date -u +%F), $(chromium --version 2>/dev/null | head -1 | cut -d' ' -f1-2), headless, $RUNS runs each, medians)."
	echo
	echo "$table"
	echo
	echo "- ready: from opening the page (file://) until the Decrypt button is enabled: the file has loaded and the worker has decoded it."
	echo "- decrypt: from pressing Decrypt until the download starts: scrypt at work factor 18, then the stream into a Blob."
	echo "- tab peak: the highest resident memory (VmHWM) of the page's renderer process, which runs the page and its worker;"
	echo "  browser process peak: the same for the browser's main process, which holds Blobs (the ciphertext and the download)"
	echo "  and writes them to disk when memory runs short."
	echo "- Any page costs what the 1 kB row shows: in the tab, mostly scrypt's own 256 MiB (128 · r · N at work factor 18),"
	echo "  which the format requires; what grows with the file is the rest."
	echo "- Inputs: customer lists from bench/gencsv (1 kB, 19.9 MB, 100.1 MB)."
	echo "<!-- /bench/page.sh -->"
)
if grep -q '^<!-- bench/page.sh -->$' bench/RESULTS.md; then
	awk -v s="$section" '/^<!-- bench\/page.sh -->$/ { print s; skip = 1; next } /^<!-- \/bench\/page.sh -->$/ { skip = 0; next } !skip' \
		bench/RESULTS.md > "$OUT/page/results" && mv "$OUT/page/results" bench/RESULTS.md
else
	printf '\n%s\n' "$section" >> bench/RESULTS.md
fi
echo "$section"
