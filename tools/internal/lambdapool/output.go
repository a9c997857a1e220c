package lambdapool

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"sync"
)

// lockedWriter serialises writes from several instances, so that lines from
// different processes never interleave.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

// writeLine writes prefix, line and a newline in one Write call.
func (l *lockedWriter) writeLine(prefix string, line []byte) {
	buffer := make([]byte, 0, len(prefix)+len(line)+1)
	buffer = append(buffer, prefix...)
	buffer = append(buffer, bytes.TrimSuffix(line, []byte("\n"))...)
	buffer = append(buffer, '\n')

	l.mu.Lock()
	defer l.mu.Unlock()
	_, _ = l.w.Write(buffer)
}

// copyLines copies r to logs line by line, each line prefixed, until r ends.
// A line longer than the 64 KiB buffer is split rather than dropped, so the
// pipe keeps draining.
func copyLines(logs *lockedWriter, prefix string, r io.Reader) {
	reader := bufio.NewReaderSize(r, 64*1024)
	for {
		line, err := reader.ReadSlice('\n')
		if len(line) > 0 {
			logs.writeLine(prefix, line)
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		if err != nil {
			return
		}
	}
}
