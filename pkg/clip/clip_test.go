package clip

import (
	"errors"
	"os/exec"
	"strings"
	"testing"

	"github.com/atotto/clipboard"

	"github.com/lockbox-tool/lockbox/internal/testenv"
)

func TestCopyWithoutDisplayIsUnavailable(t *testing.T) {
	t.Setenv("DISPLAY", "")
	t.Setenv("WAYLAND_DISPLAY", "")
	var ue *UnavailableError
	if err := Copy("7kqm-x2fp-9hr0-w3bn-c81v"); !errors.As(err, &ue) {
		t.Fatalf("Copy = %v, want UnavailableError", err)
	}
}

func TestClearOnlyRemovesTheSecretOnARealClipboard(t *testing.T) {
	testenv.NeedTool(t, "xclip")
	t.Setenv("DISPLAY", testenv.StartXvfb(t))
	t.Setenv("WAYLAND_DISPLAY", "")
	if clipboard.Unsupported {
		t.Skip("atotto/clipboard found no tool when the test binary started")
	}
	const secret = "7kqm-x2fp-9hr0-w3bn-c81v"
	if err := Copy(secret); err != nil {
		t.Fatal(err)
	}
	if got := paste(t); got != secret {
		t.Fatalf("clipboard holds %q, want the secret", got)
	}
	cleared, err := ClearIfUnchanged(Sum(secret))
	if err != nil || !cleared {
		t.Fatalf("ClearIfUnchanged = %v, %v", cleared, err)
	}
	if got := paste(t); got != "" {
		t.Fatalf("clipboard holds %q after clearing", got)
	}

	// Something the user copied since is left alone.
	Copy(secret)
	clipboard.WriteAll("the user's own text")
	if cleared, _ := ClearIfUnchanged(Sum(secret)); cleared {
		t.Error("cleared the user's own text")
	}
	if got := paste(t); got != "the user's own text" {
		t.Errorf("clipboard holds %q", got)
	}
}

// paste reads the clipboard with xclip directly, not through the code under
// test.
func paste(t *testing.T) string {
	t.Helper()
	out, err := exec.Command("xclip", "-out", "-selection", "clipboard").Output()
	if err != nil {
		t.Fatalf("xclip -out: %v", err)
	}
	return strings.TrimRight(string(out), "\n")
}
