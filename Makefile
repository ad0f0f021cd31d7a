# lockbox: make demo, make test. See README.md.
GO       ?= go
BIN      := bin/lockbox
VERSION  ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo devel)
LDFLAGS  := -s -w -X main.version=$(VERSION)
# Pinned tool versions, run with "go run" so nothing needs installing.
STATICCHECK := honnef.co/go/tools/cmd/staticcheck@v0.8.2
GOVULNCHECK := golang.org/x/vuln/cmd/govulncheck@v1.1.4
# FUZZTIME, when set (say 5m), fuzzes every target for that long. Unset, each
# target runs a fixed number of inputs (about 5 s here): a duration budget
# races Go's fuzz coordinator and can fail with "context deadline exceeded"
# and no crasher (go.dev/issue/75804, fixed after Go 1.26). Minimizing a new
# input is bounded too; unbounded, it stalls a short run for a minute.
FUZZTIME ?=
FUZZ_TARGETS = passphrase:FuzzCanonical:200000 seal:FuzzDecrypt:15000 \
	seal:FuzzRoundTrip:600 bundle:FuzzExtract:12000 table:FuzzCSV:12000 \
	table:FuzzCSVWriter:60000 table:FuzzXLSX:8000 classify:FuzzColumn:50000 strip:FuzzParsePolicy:60000 \
	table:FuzzSplitIndexed:50000 table:FuzzLastBoundary:50000 classify:FuzzEmail:200000 table:FuzzTyped:100000 \
	table:FuzzCopyFields:8000

.PHONY: build test demo bench fuzz lint cross release man clean assets

build:
	$(GO) build -trimpath -ldflags '$(LDFLAGS)' -o $(BIN) ./cmd/lockbox

test:
	$(GO) test ./...

# The main job on the sample customer list: review it, strip it to what the
# recipient needs, send it (encrypted, with the card and a ledger entry),
# decrypt as a person would type the passphrase, compare.
demo: build
	@set -e; d=$$(mktemp -d); trap 'rm -rf "$$d"' EXIT; export XDG_CONFIG_HOME="$$d/config"; \
	cp testdata/customers.csv "$$d/customers.csv"; \
	echo "== 1. the sample customer list: $$(($$(wc -l < "$$d/customers.csv") - 1)) customers with names, emails, phones, birth dates"; \
	head -n 3 "$$d/customers.csv"; echo "   ..."; echo; \
	echo "== 2. review it before sending: lockbox inspect customers.csv"; \
	(cd "$$d" && $(CURDIR)/$(BIN) inspect customers.csv); echo; \
	echo "== 3. keep only what the recipient needs: lockbox strip customers.csv"; \
	(cd "$$d" && $(CURDIR)/$(BIN) strip customers.csv); \
	head -n 3 "$$d/customers.compact.csv"; echo "   ..."; echo; \
	echo "== 4. or, for a mailing house, names and postal addresses of those who opted in:"; \
	echo "   lockbox strip --keep 'First Name,Last Name,Street,Postcode' --opted-in Newsletter -o mailing.csv customers.csv"; \
	(cd "$$d" && $(CURDIR)/$(BIN) strip --keep 'First Name,Last Name,Street,Postcode' --opted-in Newsletter -o mailing.csv customers.csv); \
	head -n 3 "$$d/mailing.csv"; echo "   ..."; echo; \
	echo "== 5. send it in one step: review, strip, encrypt, verify, passphrase card, ledger entry"; \
	echo "   lockbox send --to 'Mailhouse BV' --keep 'First Name,Last Name,Street,Postcode' --opted-in Newsletter customers.csv"; \
	echo "   (--yes answers the confirmation for the demo; the passphrase card goes to your terminal only,"; \
	echo "   and the demo also saves the passphrase to read it back)"; \
	(cd "$$d" && $(CURDIR)/$(BIN) send --yes --to 'Mailhouse BV' --keep 'First Name,Last Name,Street,Postcode' --opted-in Newsletter \
		--save-passphrase passphrase.txt --ledger ledger.jsonl -o for-mailhouse.csv.age customers.csv); echo; \
	echo "== 6. the encrypted file starts with:"; head -n 2 "$$d/for-mailhouse.csv.age" | cut -c1-60; echo; \
	echo "== 7. the ledger: what went to whom (no data, no passphrase): lockbox log"; \
	(cd "$$d" && $(CURDIR)/$(BIN) log --ledger ledger.jsonl && $(CURDIR)/$(BIN) log verify --ledger ledger.jsonl); echo; \
	echo "== 8. the recipient types the passphrase as heard: upper case, no dashes"; \
	tr 'a-z' 'A-Z' < "$$d/passphrase.txt" | tr -d '-' > "$$d/typed.txt"; \
	echo "   typed: $$(cat "$$d/typed.txt")"; \
	mkdir "$$d/recipient"; \
	(cd "$$d" && $(CURDIR)/$(BIN) decrypt --passphrase-file typed.txt -o recipient/mailing.csv for-mailhouse.csv.age); echo; \
	echo "== 9. compare"; \
	cmp "$$d/mailing.csv" "$$d/recipient/mailing.csv" && echo "   the mailing house gets exactly the export of step 4"; \
	echo "   its mode: $$(stat -c %A "$$d/recipient/mailing.csv") (only you can read decrypted client data)"

bench: build
	bash bench/run.sh
	bash bench/profile.sh
	bash bench/page.sh

fuzz:
	@set -e; for t in $(FUZZ_TARGETS); do \
		pkg=$${t%%:*}; rest=$${t#*:}; name=$${rest%%:*}; n=$${rest#*:}; \
		budget=$${FUZZTIME:-$${n}x}; \
		echo "$(GO) test ./pkg/$$pkg -run '^\$$' -fuzz '^$$name\$$' -fuzztime $$budget"; \
		$(GO) test ./pkg/$$pkg -run '^$$' -fuzz "^$$name\$$" -fuzztime $$budget -fuzzminimizetime 200x; \
	done

# Users run Windows and macOS: every target builds and vets, tests included.
CROSS = windows/amd64 darwin/arm64 darwin/amd64 linux/arm64

cross:
	@set -e; for t in $(CROSS); do echo "cross: $$t"; \
		GOOS=$${t%/*} GOARCH=$${t#*/} $(GO) build -o /dev/null ./cmd/lockbox; \
		GOOS=$${t%/*} GOARCH=$${t#*/} $(GO) vet ./...; done

# make release: one archive per platform in dist/ (a zip for Windows), each
# holding the binary and the README, and dist/SHA256SUMS over them. Static
# (no cgo) and -trimpath builds; the archives carry the last commit's time
# and no owner, so the same commit gives the same archives.
RELEASE = linux/amd64 linux/arm64 darwin/amd64 darwin/arm64 windows/amd64
release:
	@set -e; rm -rf dist; mkdir -p dist; stamp=$$(git log -1 --format=%ct 2>/dev/null || date +%s); \
	for t in $(RELEASE); do os=$${t%/*}; arch=$${t#*/}; name=lockbox-$(VERSION)-$$os-$$arch; exe=lockbox; \
		[ $$os = windows ] && exe=lockbox.exe; mkdir -p dist/$$name; \
		CGO_ENABLED=0 GOOS=$$os GOARCH=$$arch $(GO) build -trimpath -ldflags '$(LDFLAGS)' -o dist/$$name/$$exe ./cmd/lockbox; \
		cp README.md dist/$$name/; touch -d @$$stamp dist/$$name dist/$$name/*; \
		if [ $$os = windows ]; then (cd dist && TZ=UTC zip -qrX $$name.zip $$name); \
		else tar -C dist --sort=name --owner=0 --group=0 --numeric-owner --mtime=@$$stamp -cf - $$name | gzip -n > dist/$$name.tar.gz; fi; \
		rm -rf dist/$$name; echo "release: dist/$$name"; done; \
	cd dist && sha256sum lockbox-* > SHA256SUMS && cat SHA256SUMS

lint: cross
	$(GO) vet ./...
	$(GO) run $(STATICCHECK) ./...
	$(GO) mod verify
	@cp go.mod /tmp/lockbox-go.mod.$$$$ && cp go.sum /tmp/lockbox-go.sum.$$$$ && \
	$(GO) mod tidy && \
	if ! cmp -s go.mod /tmp/lockbox-go.mod.$$$$ || ! cmp -s go.sum /tmp/lockbox-go.sum.$$$$; then \
		cp /tmp/lockbox-go.mod.$$$$ go.mod; cp /tmp/lockbox-go.sum.$$$$ go.sum; \
		echo "lint: 'go mod tidy' changes go.mod or go.sum; run it and commit"; exit 1; fi; \
	rm -f /tmp/lockbox-go.mod.$$$$ /tmp/lockbox-go.sum.$$$$; echo "lint: go.mod is tidy"
	@out=$$($(GO) run $(GOVULNCHECK) ./... 2>&1); rc=$$?; \
	if [ $$rc -ne 0 ] && echo "$$out" | grep -qiE 'fetching vulnerabilities|dial tcp|no such host|connection refused|i/o timeout|TLS handshake'; then \
		echo "lint: govulncheck skipped: its online vulnerability database cannot be reached from here"; \
	else echo "$$out"; exit $$rc; fi

# The in-browser decryptor for .age.html pages, rebuilt from web/'s
# lockfile; the result is committed, so building lockbox needs no Node.
assets:
	cd web && npm ci --no-audit --no-fund && node build.mjs
	@echo "rebuilt pkg/htmlpage/assets; commit them if they changed"

man: build
	mkdir -p docs
	$(BIN) man > docs/lockbox.1
	@echo "wrote docs/lockbox.1 (view with: man ./docs/lockbox.1)"

clean:
	rm -rf bin dist bench/data bench/out
