package store

import (
	"fmt"
	"net"
	"os"
	"syscall"
)

// PeerAllowed accepts a client of one of gavel's unix sockets (the backup
// socket, the control socket of gavel run) only when it runs as the same
// user as this process, or as root (SO_PEERCRED).
func PeerAllowed(conn *net.UnixConn) error {
	raw, err := conn.SyscallConn()
	if err != nil {
		return err
	}
	var cred *syscall.Ucred
	var cerr error
	if err := raw.Control(func(fd uintptr) {
		cred, cerr = syscall.GetsockoptUcred(int(fd), syscall.SOL_SOCKET, syscall.SO_PEERCRED)
	}); err != nil {
		return err
	}
	if cerr != nil {
		return fmt.Errorf("reading peer credentials: %w", cerr)
	}
	if cred.Uid != 0 && int(cred.Uid) != os.Getuid() {
		return fmt.Errorf("uid %d is neither root nor the user running this gavel", cred.Uid)
	}
	return nil
}
