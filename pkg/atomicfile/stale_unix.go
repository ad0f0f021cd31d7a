//go:build unix

package atomicfile

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
)

// removeStale removes the temporary files and directories in dir that a
// lockbox process left when it was killed (SIGKILL, the OOM killer, a
// power cut): those named with the ID of a process that no longer runs,
// owned by this user. A process of that ID that runs (perhaps another
// program, the ID reused) keeps them: removing too little is safe.
func removeStale(dir string) {
	matches, _ := filepath.Glob(filepath.Join(dir, ".*.lockbox-*-*.tmp"))
	for _, m := range matches {
		rest := m[strings.LastIndex(m, ".lockbox-")+len(".lockbox-"):]
		pid, err := strconv.Atoi(rest[:max(strings.IndexByte(rest, '-'), 0)])
		if err != nil || pid <= 0 || pid == os.Getpid() {
			continue
		}
		if err := syscall.Kill(pid, 0); err == nil || errors.Is(err, syscall.EPERM) {
			continue // it runs
		}
		fi, err := os.Lstat(m)
		if err != nil || !(fi.Mode().IsRegular() || fi.IsDir()) {
			continue
		}
		if st, ok := fi.Sys().(*syscall.Stat_t); !ok || int(st.Uid) != os.Getuid() {
			continue
		}
		os.RemoveAll(m)
	}
}
