package publisher

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"
)

// ServeOptions bound what one HTTP client may hold of the site server
// (the [site] keys of the same names; zero values take these defaults).
type ServeOptions struct {
	// ReadHeaderTimeout bounds reading a request's headers (default
	// 10s): a client sending them a byte at a time is dropped.
	ReadHeaderTimeout time.Duration
	// ReadTimeout bounds reading a whole request (default 30s).
	ReadTimeout time.Duration
	// WriteTimeout bounds writing one response (default 2m): a client
	// that stops reading a large page is dropped.
	WriteTimeout time.Duration
	// IdleTimeout is how long a keep-alive connection may wait for its
	// next request (default 60s).
	IdleTimeout time.Duration
	// MaxConnsPerClient caps the open connections from one IP address
	// (default 16); a connection over it gets "429 Too Many Requests"
	// and is closed at once.
	MaxConnsPerClient int
	// Log receives errors and refused connections; nil discards them.
	Log *slog.Logger
}

// Default server limits (see ServeOptions).
const (
	DefaultReadHeaderTimeout = 10 * time.Second
	DefaultReadTimeout       = 30 * time.Second
	DefaultWriteTimeout      = 2 * time.Minute
	DefaultIdleTimeout       = 60 * time.Second
	DefaultMaxConnsPerClient = 16
)

func (o *ServeOptions) defaults() {
	set := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	set(&o.ReadHeaderTimeout, DefaultReadHeaderTimeout)
	set(&o.ReadTimeout, DefaultReadTimeout)
	set(&o.WriteTimeout, DefaultWriteTimeout)
	set(&o.IdleTimeout, DefaultIdleTimeout)
	if o.MaxConnsPerClient <= 0 {
		o.MaxConnsPerClient = DefaultMaxConnsPerClient
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
}

// Server serves a site folder over HTTP with Handler, within ServeOptions'
// limits. It is the one HTTP server of gavel run (site.listen) and gavel
// serve.
type Server struct {
	srv *http.Server
	ln  *clientLimit
	log *slog.Logger
}

// NewServer returns a server of dir on ln with opt's limits.
func NewServer(ln net.Listener, dir string, opt ServeOptions) *Server {
	opt.defaults()
	return &Server{
		srv: &http.Server{
			Handler:           Handler(dir),
			ReadHeaderTimeout: opt.ReadHeaderTimeout,
			ReadTimeout:       opt.ReadTimeout,
			WriteTimeout:      opt.WriteTimeout,
			IdleTimeout:       opt.IdleTimeout,
			MaxHeaderBytes:    64 << 10,
			ErrorLog:          slog.NewLogLogger(opt.Log.Handler(), slog.LevelWarn),
		},
		ln:  &clientLimit{Listener: ln, max: opt.MaxConnsPerClient, per: map[string]int{}, log: opt.Log},
		log: opt.Log,
	}
}

// Run serves until ctx is done, then stops accepting, lets requests in
// flight finish for up to 3 s and closes every connection. It returns nil
// after ctx is done, or the error that stopped the server.
func (s *Server) Run(ctx context.Context) error {
	done := make(chan error, 1)
	go func() { done <- s.srv.Serve(s.ln) }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	if err := s.srv.Shutdown(sctx); err != nil {
		s.srv.Close()
	}
	if err := <-done; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// Open returns the number of client connections open now.
func (s *Server) Open() int { return s.ln.openConns() }

// clientLimit is a listener that keeps at most max connections open per
// client IP address.
type clientLimit struct {
	net.Listener
	max int
	log *slog.Logger

	mu   sync.Mutex
	per  map[string]int
	open int
}

// tooMany is the whole answer to a connection over the cap.
const tooMany = "HTTP/1.1 429 Too Many Requests\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\nContent-Length: 41\r\n\r\ntoo many connections from your address.\r\n"

// Accept returns the next connection within the cap; connections over it
// are answered 429 and closed here.
func (l *clientLimit) Accept() (net.Conn, error) {
	for {
		c, err := l.Listener.Accept()
		if err != nil {
			return nil, err
		}
		host := c.RemoteAddr().String()
		if h, _, err := net.SplitHostPort(host); err == nil {
			host = h
		}
		l.mu.Lock()
		if l.per[host] >= l.max {
			l.mu.Unlock()
			l.log.Debug("site server: connection refused, too many from one address", "client", host, "max", l.max)
			_ = c.SetWriteDeadline(time.Now().Add(time.Second))
			_, _ = c.Write([]byte(tooMany))
			c.Close()
			continue
		}
		l.per[host]++
		l.open++
		l.mu.Unlock()
		return &limitedConn{Conn: c, l: l, host: host}, nil
	}
}

func (l *clientLimit) release(host string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.open--
	if l.per[host]--; l.per[host] <= 0 {
		delete(l.per, host)
	}
}

func (l *clientLimit) openConns() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.open
}

// limitedConn gives its place back to the listener when closed.
type limitedConn struct {
	net.Conn
	l    *clientLimit
	host string
	once sync.Once
}

func (c *limitedConn) Close() error {
	err := c.Conn.Close()
	c.once.Do(func() { c.l.release(c.host) })
	return err
}
