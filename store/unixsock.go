package store

import (
	"context"
	"fmt"
	"net"
	"os"
	"sync"
)

// ServeUnix serves a unix socket at sockPath until ctx is cancelled, then
// removes the socket and returns nil; what names it in errors ("backup
// socket"). Each connection runs handle in its own goroutine, and ServeUnix
// waits for them before it returns. The socket is bound under a temporary
// name, made mode 0600 and renamed into place, so it never appears with a
// looser mode; a stale socket file left by a crashed gavel is replaced (the
// caller holds the store's lock, so no other gavel can be serving it).
// Handlers check their peer with PeerAllowed. gavel's backup socket and the
// control socket of gavel run both use it.
func ServeUnix(ctx context.Context, sockPath, what string, handle func(context.Context, *net.UnixConn)) error {
	if err := CheckSocketPath(sockPath); err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	if fi, err := os.Lstat(sockPath); err == nil {
		if fi.Mode()&os.ModeSocket == 0 {
			return fmt.Errorf("%s %s: exists and is not a socket", what, sockPath)
		}
		if err := os.Remove(sockPath); err != nil {
			return fmt.Errorf("%s %s: removing stale socket: %w", what, sockPath, err)
		}
	}
	// Bind under a temporary name, restrict it, then rename it into place,
	// so the socket never appears with a looser mode.
	tmp := bindName(sockPath, os.Getpid())
	os.Remove(tmp)
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "unix", tmp)
	if err != nil {
		return fmt.Errorf("%s %s: %w", what, sockPath, err)
	}
	ul := ln.(*net.UnixListener)
	ul.SetUnlinkOnClose(false)
	if err := os.Chmod(tmp, 0o600); err != nil {
		ln.Close()
		os.Remove(tmp)
		return fmt.Errorf("%s %s: %w", what, sockPath, err)
	}
	if err := os.Rename(tmp, sockPath); err != nil {
		ln.Close()
		os.Remove(tmp)
		return fmt.Errorf("%s %s: %w", what, sockPath, err)
	}
	defer os.Remove(sockPath)
	var wg sync.WaitGroup
	done := make(chan struct{})
	go func() {
		select {
		case <-ctx.Done():
		case <-done:
		}
		ln.Close()
	}()
	defer func() {
		close(done)
		wg.Wait()
	}()
	for {
		conn, err := ul.AcceptUnix()
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			if ne, ok := err.(net.Error); ok && ne.Timeout() {
				continue
			}
			return fmt.Errorf("%s %s: %w", what, sockPath, err)
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer conn.Close()
			handle(ctx, conn)
		}()
	}
}

// MaxSocketPath is the longest unix socket path the kernel takes: sun_path
// is 108 bytes on Linux, with room for the final NUL.
const MaxSocketPath = 107

// bindName is the temporary name ServeUnix binds before renaming it to
// sockPath.
func bindName(sockPath string, pid int) string { return fmt.Sprintf("%s.%d.tmp", sockPath, pid) }

// maxPID is the largest process id Linux hands out (pid_max's limit), so
// the longest name bindName can make.
const maxPID = 4194304

// CheckSocketPath reports a socket path too long to bind (with the
// temporary name ServeUnix binds first): the kernel would refuse it, and
// the store's backup and control sockets would silently be missing. The
// error names the limit and the fix; gavel run checks both sockets at start.
func CheckSocketPath(sockPath string) error {
	if n := len(bindName(sockPath, maxPID)); n > MaxSocketPath {
		room := MaxSocketPath - (n - len(sockPath))
		return fmt.Errorf("socket path %s is %d bytes, and binding it needs %d: unix socket paths are limited to %d bytes (sun_path); "+
			"move the store to a path whose sockets are at most %d bytes (store.path at most %d bytes, e.g. /var/lib/gavel/gavel.db)",
			sockPath, len(sockPath), n, MaxSocketPath, room, room-len(".sock"))
	}
	return nil
}
