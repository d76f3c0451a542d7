package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"sync"
	"time"

	"github.com/gavel-irc/gavel/config"
	"github.com/gavel-irc/gavel/life"
	"github.com/gavel-irc/gavel/people"
	"github.com/gavel-irc/gavel/publisher"
	"github.com/gavel-irc/gavel/store"
)

// The control socket: while `gavel run` holds the store's exclusive lock,
// the commands marked HandOff in the table (notes, import, agenda, summary,
// publish, remind without --dry-run) hand their work to it at once, without
// waiting for the lock. The client sends one JSON controlRequest (the command,
// its arguments and the contents of its file arguments, read client-side);
// the running gavel runs the same command code in-process against its open
// store, with its own configuration and long-lived publisher, and streams
// back controlFrames: output text, then the exit status.

// ctlPath is where a running gavel serves its control socket for the store
// at dbPath.
func ctlPath(dbPath string) string { return dbPath + ".ctl" }

// maxControlRequest bounds a request (the files it carries included).
const maxControlRequest = 512 << 20

// controlRequest is what a client sends.
type controlRequest struct {
	Command string   `json:"command"`
	Args    []string `json:"args"`
	// Files maps each file argument, as written in Args, to its content.
	Files map[string][]byte `json:"files,omitempty"`
	// Refused maps each file argument the client did not send, because
	// it is over its [limits] bound or unreadable, to the reason, which
	// the command reports as it would for a file it read itself.
	Refused map[string]string `json:"refused,omitempty"`
}

// controlFrame is one message of the answer: output text on a stream, or
// (Done) the exit status and the error message.
type controlFrame struct {
	Stream string `json:"stream,omitempty"` // "stdout" or "stderr"
	Text   string `json:"text,omitempty"`
	Done   bool   `json:"done,omitempty"`
	Exit   int    `json:"exit,omitempty"`
	Error  string `json:"error,omitempty"`
}

// host is the running gavel a command runs inside on behalf of a client:
// its configuration, open store and publisher, and the client's files.
type host struct {
	cfg   *config.Config
	st    *store.Store
	life  *life.Keeper
	pub   *publisher.Publisher
	files map[string][]byte
	// refused are the files the client did not send, with the reason.
	refused map[string]string
	// mailSoon asks the running gavel's reminders for the minutes mail
	// now (after a notes import); nil when there are none.
	mailSoon func()
}

// loadConfig loads the configuration at path, or inside a running gavel
// its own configuration (the client's path is never read there).
func (e *env) loadConfig(path string) (*config.Config, error) {
	if e.host != nil {
		return e.host.cfg, nil
	}
	return config.Load(path)
}

// keeper returns the life.Keeper of st: inside a running gavel its own
// (the one its bot uses).
func (e *env) keeper(cfg *config.Config, st *store.Store) *life.Keeper {
	if e.host != nil && e.host.life != nil {
		return e.host.life
	}
	return life.New(st, people.FromConfig(cfg))
}

// readLimited reads a file argument within its [limits] bound (see
// readLimited): from disk, or inside a running gavel from the contents
// the client sent, checked again against the running gavel's limits.
func (e *env) readLimited(path string, lim fileLimit) (string, error) {
	if e.host == nil {
		return readLimited(path, lim)
	}
	if why, ok := e.host.refused[path]; ok {
		return "", errors.New(why)
	}
	b, ok := e.host.files[path]
	if !ok {
		return "", fmt.Errorf("%s: not sent by the client", path)
	}
	data := string(b)
	if err := checkLimited(path, data, lim); err != nil {
		return "", err
	}
	return data, nil
}

// publisher returns a publisher of st with opt: inside a running gavel its
// long-lived one, whose publishes are serialised with the bot's.
func (e *env) publisher(st *store.Store, opt publisher.Options) (*publisher.Publisher, error) {
	if e.host != nil {
		return e.host.pub, nil
	}
	return publisher.New(publisher.StoreSource{Store: st}, opt)
}

// storeFor gives command the store to write: when a running gavel answers
// on the control socket next to cfg's store, the command is handed to it at
// once (handed is true and err is the command's result); otherwise the
// store is opened for writing. A store found locked (gavel run started
// meanwhile, or holds the file without the socket yet) is tried through the
// socket once more before the lock error is returned. files are the file
// arguments whose contents go with the command. Inside a running gavel it
// is the host's own store.
func (e *env) storeFor(ctx context.Context, cfg *config.Config, command string, args, files []string) (st *store.Store, close func(), handed bool, err error) {
	return e.storeFrom(ctx, cfg, command, args, files, nil)
}

// storeFrom is storeFor with the store already opening (early, from
// openEarly; nil: open it here).
func (e *env) storeFrom(ctx context.Context, cfg *config.Config, command string, args, files []string, early *earlyStore) (st *store.Store, close func(), handed bool, err error) {
	if e.host != nil {
		return e.host.st, func() {}, false, nil
	}
	if early != nil {
		st, err = early.wait()
	} else {
		if handed, err := handOff(ctx, e, cfg, command, args, files); handed {
			return nil, nil, true, err
		}
		st, err = openStore(ctx, cfg.Store.Path, store.Options{LockTimeout: cfg.Store.LockTimeout.Duration})
	}
	if errors.Is(err, store.ErrLocked) {
		if handed, herr := handOff(ctx, e, cfg, command, args, files); handed {
			return nil, nil, true, herr
		}
	}
	if err != nil {
		return nil, nil, false, err
	}
	return st, func() { st.Close() }, false, nil
}

// earlyStore is a store being opened beside other work (openEarly).
type earlyStore struct {
	cancel context.CancelFunc
	done   chan struct{}
	st     *store.Store
	err    error
}

// openEarly starts opening cfg's store for writing, for a command that has
// other work to do before it writes (gavel notes reads its file): a new
// file's creation and its fdatasyncs then take no time of their own. It
// returns nil, and opens nothing, inside a running gavel or when a control
// socket is next to the store (the command may go to a running gavel:
// storeFor decides). Either wait or drop must be called.
func (e *env) openEarly(ctx context.Context, cfg *config.Config) *earlyStore {
	if e.host != nil || ctlSocketThere(cfg) {
		return nil
	}
	ctx, cancel := context.WithCancel(ctx)
	es := &earlyStore{cancel: cancel, done: make(chan struct{})}
	go func() {
		defer close(es.done)
		es.st, es.err = openStore(ctx, cfg.Store.Path, store.Options{LockTimeout: cfg.Store.LockTimeout.Duration})
	}()
	return es
}

// wait returns the store opened, or why it was not.
func (es *earlyStore) wait() (*store.Store, error) {
	<-es.done
	es.cancel()
	return es.st, es.err
}

// drop gives up the store, closing it once open (a store still waiting for
// the lock is given up at once).
func (es *earlyStore) drop() {
	es.cancel()
	<-es.done
	if es.st != nil {
		es.st.Close()
	}
}

// ctlSocketThere reports whether a control socket is next to cfg's store
// (a running gavel may take commands).
func ctlSocketThere(cfg *config.Config) bool {
	fi, err := os.Stat(ctlPath(cfg.Store.Path))
	return err == nil && fi.Mode()&os.ModeSocket != 0
}

// openStore opens the store at path for writing, waiting for its lock up
// to opt.LockTimeout, or until ctx is done (Ctrl-C while another gavel
// holds the store): then it returns ctx's error at once, and a store that
// opens later is closed again.
func openStore(ctx context.Context, path string, opt store.Options) (*store.Store, error) {
	type opened struct {
		st  *store.Store
		err error
	}
	ch := make(chan opened, 1)
	go func() {
		st, err := store.Open(path, opt)
		ch <- opened{st, err}
	}()
	select {
	case r := <-ch:
		return r.st, r.err
	case <-ctx.Done():
		go func() {
			if r := <-ch; r.st != nil {
				r.st.Close()
			}
		}()
		return nil, ctx.Err()
	}
}

// handOff sends command to the running gavel's control socket and reports
// whether one answered (then err is the command's result). A missing or
// stale socket (nothing listens) is not an error: handed is false.
func handOff(ctx context.Context, e *env, cfg *config.Config, command string, args, files []string) (handed bool, err error) {
	sock := ctlPath(cfg.Store.Path)
	if !ctlSocketThere(cfg) {
		return false, nil
	}
	conn, err := (&net.Dialer{}).DialContext(ctx, "unix", sock)
	if err != nil {
		if ctx.Err() != nil {
			return true, ctx.Err() // stopped: not a stale socket
		}
		return false, nil // stale: whoever holds the lock serves none
	}
	defer conn.Close()
	req, err := handOffRequest(ctx, cfg, command, args, files)
	if err != nil {
		return true, err
	}
	return true, sendControl(ctx, e, conn, sock, req)
}

// maxHandOffFiles bounds the files of one hand-off: the request carries
// them base64-encoded (4 bytes for 3) within maxControlRequest.
const maxHandOffFiles = maxControlRequest / 4 * 3

// handOffRequest builds command's request, reading each file argument
// within its [limits] bound (max_log_bytes for import's logs,
// max_notes_bytes otherwise): a file over it, or one that cannot be read,
// is not sent but named in Refused, so the running gavel reports it as it
// reports a bad log; files that together exceed maxHandOffFiles are
// refused at once.
func handOffRequest(ctx context.Context, cfg *config.Config, command string, args, files []string) (controlRequest, error) {
	lim := notesLimit(cfg.Limits)
	if command == "import" {
		lim = logLimit(cfg.Limits)
	}
	req := controlRequest{Command: command, Args: args, Files: map[string][]byte{}, Refused: map[string]string{}}
	total := 0
	for _, f := range files {
		if err := ctx.Err(); err != nil {
			return req, err
		}
		data, err := readLimited(f, lim)
		if err != nil {
			req.Refused[f] = err.Error()
			continue
		}
		if total += len(data); total > maxHandOffFiles {
			return req, fmt.Errorf("the files given hold more than one hand-off to the running gavel carries (%s); give fewer at a time",
				config.Size(maxHandOffFiles))
		}
		req.Files[f] = []byte(data)
	}
	return req, nil
}

// sendControl sends req on conn, a connection to the control socket sock,
// copies the output it streams back to e, and returns the command's error.
func sendControl(ctx context.Context, e *env, conn net.Conn, sock string, req controlRequest) error {
	stop := context.AfterFunc(ctx, func() { conn.SetDeadline(time.Now()) })
	defer stop()
	if err := json.NewEncoder(conn).Encode(req); err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return fmt.Errorf("control socket %s: sending the request: %w", sock, err)
	}
	dec := json.NewDecoder(bufio.NewReader(conn))
	for {
		var f controlFrame
		if err := dec.Decode(&f); err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			return fmt.Errorf("control socket %s: reading the answer: %w", sock, err)
		}
		switch {
		case f.Done:
			if f.Exit == 0 {
				return nil
			}
			return remoteError{msg: f.Error, usage: f.Exit == 2}
		case f.Stream == "stdout":
			io.WriteString(e.Stdout, f.Text)
		default:
			io.WriteString(e.Stderr, f.Text)
		}
	}
}

// remoteError is the error of a command the running gavel ran; it is
// errUsage when the command's exit status was 2.
type remoteError struct {
	msg   string
	usage bool
}

func (r remoteError) Error() string { return r.msg }

// Is makes errors.Is(err, errUsage) hold for a usage error.
func (r remoteError) Is(target error) bool { return r.usage && target == errUsage }

// controlIdle is how long the server waits for a client to take a frame:
// a client that stops reading cannot hold the socket for longer.
const controlIdle = time.Minute

// frameWriter sends what is written to it as frames of one stream.
type frameWriter struct {
	mu     *sync.Mutex
	conn   net.Conn
	enc    *json.Encoder
	stream string
}

func (w *frameWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.conn.SetWriteDeadline(time.Now().Add(controlIdle))
	if err := w.enc.Encode(controlFrame{Stream: w.stream, Text: string(p)}); err != nil {
		return 0, err
	}
	return len(p), nil
}

// serveControl serves the control socket at sock for h until ctx is done,
// then removes it. Requests run one at a time. The socket is mode 0600
// and, on Linux, serves only clients of the same user (or root).
func serveControl(ctx context.Context, sock string, h *host) error {
	var one sync.Mutex // one command at a time
	return store.ServeUnix(ctx, sock, "control socket", func(ctx context.Context, conn *net.UnixConn) {
		serveControlConn(ctx, conn, h, &one)
	})
}

func serveControlConn(ctx context.Context, conn *net.UnixConn, h *host, one *sync.Mutex) {
	stop := context.AfterFunc(ctx, func() { conn.SetDeadline(time.Now()) })
	defer stop()
	var mu sync.Mutex
	enc := json.NewEncoder(conn)
	finish := func(code int, msg string) {
		mu.Lock()
		defer mu.Unlock()
		conn.SetWriteDeadline(time.Now().Add(controlIdle))
		enc.Encode(controlFrame{Done: true, Exit: code, Error: msg})
	}
	if err := store.PeerAllowed(conn); err != nil {
		finish(1, "control socket: "+err.Error())
		return
	}
	conn.SetReadDeadline(time.Now().Add(controlIdle))
	var req controlRequest
	if err := json.NewDecoder(io.LimitReader(conn, maxControlRequest)).Decode(&req); err != nil {
		finish(1, fmt.Sprintf("control socket: bad request: %v", err))
		return
	}
	conn.SetReadDeadline(time.Time{})
	cmd, ok := lookup(req.Command)
	if !ok || !cmd.HandOff {
		finish(2, fmt.Sprintf("control socket: the running gavel does not run %q for clients", req.Command))
		return
	}
	// The command stops (as at Ctrl-C) when the client goes away: it
	// sends nothing after its request, so a read returns only then.
	rctx, cancel := context.WithCancel(ctx)
	defer cancel()
	gone := make(chan struct{})
	go func() {
		defer close(gone)
		io.Copy(io.Discard, conn)
		cancel()
	}()
	defer func() {
		conn.CloseRead()
		<-gone
	}()
	one.Lock()
	defer one.Unlock()
	hh := *h
	hh.files, hh.refused = req.Files, req.Refused
	e := &env{
		Stdout: &frameWriter{mu: &mu, conn: conn, enc: enc, stream: "stdout"},
		Stderr: &frameWriter{mu: &mu, conn: conn, enc: enc, stream: "stderr"},
		host:   &hh,
	}
	err := cmd.exec(rctx, e, req.Args)
	switch {
	case err == nil || errors.Is(err, flag.ErrHelp):
		finish(0, "")
	case errors.Is(err, errUsage):
		finish(2, err.Error())
	default:
		finish(1, err.Error())
	}
}
