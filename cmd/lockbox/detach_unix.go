//go:build unix

package main

import (
	"os/exec"
	"syscall"
)

// detach starts cmd in its own session, so that closing the terminal
// (SIGHUP to its session) does not stop it.
func detach(cmd *exec.Cmd) { cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true} }
