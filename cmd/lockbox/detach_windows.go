//go:build windows

package main

import (
	"os/exec"
	"syscall"
)

// detach starts cmd apart from lockbox's console, so that closing the
// console does not stop it: the counterpart of a new session on Unix.
func detach(cmd *exec.Cmd) {
	const detachedProcess = 0x00000008 // DETACHED_PROCESS
	cmd.SysProcAttr = &syscall.SysProcAttr{CreationFlags: detachedProcess | syscall.CREATE_NEW_PROCESS_GROUP}
}
