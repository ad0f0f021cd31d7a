package main

// The built binary, for tests that run it as a user would.

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

var (
	buildOnce sync.Once
	builtPath string
	buildErr  error
)

// lockboxBinary builds lockbox once for all tests in this package.
func lockboxBinary(t testing.TB) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "lockbox-bin-")
		if err != nil {
			buildErr = err
			return
		}
		builtPath = filepath.Join(dir, "lockbox")
		out, err := exec.Command("go", "build", "-o", builtPath, ".").CombinedOutput()
		if err != nil {
			buildErr = errors.New(string(out))
		}
	})
	if buildErr != nil {
		t.Fatalf("building lockbox: %v", buildErr)
	}
	return builtPath
}

// cleanEnv is the environment for child processes: no passphrase, no
// colour, no display unless a test adds one.
func cleanEnv(extra ...string) []string {
	var env []string
	for _, kv := range os.Environ() {
		switch {
		case strings.HasPrefix(kv, "LOCKBOX_"), strings.HasPrefix(kv, "DISPLAY="), strings.HasPrefix(kv, "WAYLAND_DISPLAY="):
			continue
		}
		env = append(env, kv)
	}
	return append(append(env, "NO_COLOR=1"), extra...)
}

// writeSample writes a small customer list into dir.
const sampleCSV = "Name,E-mail,Phone\nAnn de Vries,ann@example.com,+31 6 1234 5678\n"

func writeSample(t *testing.T, dir string) string {
	p := filepath.Join(dir, "customers.csv")
	if err := os.WriteFile(p, []byte(sampleCSV), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}
