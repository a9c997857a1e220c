//go:build !linux

package lambdapool

import "syscall"

// sysProcAttr puts the emulator in a process group of its own, so stop can
// signal the group.
//
// NOTE: outside Linux there is no parent-death signal, so an emulator can
// outlive a parent that is killed with SIGKILL.
func sysProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true}
}

// descendants returns nil: without /proc the bootstrap's pid is unknown, and
// the emulator stops it itself on SIGTERM.
func descendants(int) []int { return nil }

// processAlive reports whether a signal can be sent to pid.
func processAlive(pid int) bool {
	return syscall.Kill(pid, 0) == nil
}
