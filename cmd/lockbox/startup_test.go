package main

import (
	"os/exec"
	"path/filepath"
	"testing"
)

// BenchmarkStartup runs whole lockbox processes that do next to nothing:
// what every command costs before its work (issue 20: under 25 ms for
// version and log). Run with: go test -run '^$' -bench Startup ./cmd/lockbox
func BenchmarkStartup(b *testing.B) {
	bin := lockboxBinary(b)
	dir := b.TempDir()
	env := cleanEnv("XDG_CONFIG_HOME="+filepath.Join(dir, "config"), "LOCKBOX_LEDGER="+filepath.Join(dir, "ledger.jsonl"))
	for _, args := range [][]string{{"version"}, {"log"}} {
		b.Run(args[0], func(b *testing.B) {
			for b.Loop() {
				cmd := exec.Command(bin, args...)
				cmd.Env = env
				if out, err := cmd.CombinedOutput(); err != nil {
					b.Fatalf("%v: %s", err, out)
				}
			}
		})
	}
}
