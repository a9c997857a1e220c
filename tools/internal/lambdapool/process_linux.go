package lambdapool

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"syscall"
)

// sysProcAttr puts the emulator in a process group of its own, so stop can
// signal the group, and has the kernel kill it with SIGKILL if the thread
// that started it dies. The bootstrap, in its own group, then exits by itself
// because its next Runtime API request fails.
func sysProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
}

// descendants returns the pids of every live descendant of pid, read from
// /proc. It returns nil when /proc cannot be read.
func descendants(pid int) []int {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return nil
	}

	children := make(map[int][]int)
	for _, entry := range entries {
		child, err := strconv.Atoi(entry.Name())
		if err != nil {
			continue
		}
		parent, state, ok := readStat(child)
		if ok && state != 'Z' {
			children[parent] = append(children[parent], child)
		}
	}

	var found []int
	queue := []int{pid}
	for len(queue) > 0 {
		next := queue[0]
		queue = queue[1:]
		for _, child := range children[next] {
			found = append(found, child)
			queue = append(queue, child)
		}
	}
	return found
}

// processAlive reports whether pid exists and is not a zombie.
func processAlive(pid int) bool {
	_, state, ok := readStat(pid)
	return ok && state != 'Z'
}

// readStat returns the parent pid and state letter from /proc/PID/stat. The
// command name in that file may contain spaces and parentheses, so fields
// are counted from the last ')'.
func readStat(pid int) (parent int, state byte, ok bool) {
	data, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), "stat"))
	if err != nil {
		return 0, 0, false
	}

	end := bytes.LastIndexByte(data, ')')
	if end < 0 {
		return 0, 0, false
	}
	fields := bytes.Fields(data[end+1:])
	if len(fields) < 2 || len(fields[0]) != 1 {
		return 0, 0, false
	}

	parent, err = strconv.Atoi(string(fields[1]))
	if err != nil {
		return 0, 0, false
	}
	return parent, fields[0][0], true
}
