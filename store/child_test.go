package store

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"
)

// childEnv selects the child mode of the test binary (see TestMain):
// "append" appends to meeting "m" forever, printing each sequence number
// once Append has returned; "serve" does the same while serving backups on
// SocketPath(db). childDB names the store file.
const (
	childEnv = "GAVEL_STORE_CHILD"
	childDB  = "GAVEL_STORE_CHILD_DB"
)

func childMain(mode string) int {
	path := os.Getenv(childDB)
	s, err := Open(path, Options{})
	if err != nil {
		fmt.Fprintln(os.Stderr, "child:", err)
		return 1
	}
	defer s.Close()
	if mode == "serve" {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		ready := make(chan error, 1)
		go func() {
			ready <- nil
			if err := s.ServeBackup(ctx, SocketPath(path)); err != nil {
				fmt.Fprintln(os.Stderr, "child: serve:", err)
				os.Exit(1)
			}
		}()
		<-ready
	}
	last, err := s.LastSeq("m")
	if err != nil {
		fmt.Fprintln(os.Stderr, "child:", err)
		return 1
	}
	for i := int(last) + 1; ; i++ {
		seq, err := s.Append("m", ev(i))
		if err != nil {
			fmt.Fprintln(os.Stderr, "child:", err)
			return 1
		}
		// The parent counts a line as acknowledged once it reads it.
		fmt.Fprintf(os.Stdout, "%d\n", seq)
	}
}

// child is a running child process and the highest sequence number it has
// acknowledged.
type child struct {
	cmd  *exec.Cmd
	mu   sync.Mutex
	acks uint64
	done chan struct{} // closed when stdout is at EOF
}

func (c *child) acked() uint64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.acks
}

// startChild creates meeting "m" in the store at path (unless it exists) and
// starts the test binary in mode on it.
func startChild(t *testing.T, mode, path string) *child {
	t.Helper()
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.StartMeeting(rec("m", "fudcon", t0)); err != nil && !errors.Is(err, ErrExists) {
		t.Fatal(err)
	}
	c := &child{done: make(chan struct{})}
	c.acks, _ = s.LastSeq("m")
	s.Close()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), childEnv+"="+mode, childDB+"="+path)
	cmd.Stderr = os.Stderr
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	c.cmd = cmd
	t.Cleanup(func() {
		cmd.Process.Kill()
		<-c.done
		cmd.Wait()
	})
	go func() {
		defer close(c.done)
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			n, err := strconv.ParseUint(sc.Text(), 10, 64)
			if err != nil {
				continue
			}
			c.mu.Lock()
			if n != c.acks+1 {
				panic(fmt.Sprintf("child acknowledged %d after %d", n, c.acks))
			}
			c.acks = n
			c.mu.Unlock()
		}
	}()
	return c
}

// waitAcks waits until the child has acknowledged at least n appends in
// all (counting those of earlier children on the same file).
func (c *child) waitAcks(t *testing.T, n uint64) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for c.acked() < n {
		select {
		case <-c.done:
			t.Fatalf("child exited after %d acknowledged appends", c.acked())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("child acknowledged only %d appends in 30s", c.acked())
		}
		time.Sleep(10 * time.Millisecond)
	}
}
