// Command loadtest measures the whole gavel process under IRC load, against
// a real ngIRCd on loopback: 100 channels starting a meeting at once, 60
// private messages during a meeting, and a burst of 30,000 lines into one
// meeting (lines recorded, reply latency, peak RSS). It prints the figures
// that docs/PERFORMANCE.md records.
//
//	go run ./internal/loadtest [-run channels,private,burst] [-lines 30000] [-clients 50]
//
// Each scenario runs its own `gavel run` (built from ./cmd/gavel unless
// -gavel names a binary) with a fresh store, at gavel's default pacing
// unless -send-interval/-send-burst say otherwise.
package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/gavel-irc/gavel/internal/ircdtest"
	"github.com/gavel-irc/gavel/store"
)

func main() {
	gavelBin := flag.String("gavel", "", "gavel `binary` (default: go build ./cmd/gavel into a temporary folder)")
	runList := flag.String("run", "channels,private,burst", "scenarios to run, comma-separated")
	lines := flag.Int("lines", 30000, "lines in the burst")
	clients := flag.Int("clients", 50, "clients sending the burst")
	nChans := flag.Int("channels", 100, "channels starting at once")
	interval := flag.String("send-interval", "", "irc.send_interval (default: gavel's default)")
	burst := flag.Int("send-burst", 0, "irc.send_burst (default: gavel's default)")
	flag.Parse()
	if err := run(*gavelBin, strings.Split(*runList, ","), *lines, *clients, *nChans, *interval, *burst); err != nil {
		fmt.Fprintln(os.Stderr, "loadtest:", err)
		os.Exit(1)
	}
}

type load struct {
	bin, work string
	ircd      string // ngIRCd address
	pacing    string // [irc] lines for pacing
}

func run(bin string, scenarios []string, lines, clients, nChans int, interval string, burst int) error {
	work, err := os.MkdirTemp("", "gavel-load-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)
	if bin == "" {
		bin = filepath.Join(work, "gavel")
		cmd := exec.Command("go", "build", "-o", bin, "./cmd/gavel")
		cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("build gavel: %w", err)
		}
	}
	ircd, stop, err := startNgircd(work)
	if err != nil {
		return err
	}
	defer stop()
	l := &load{bin: bin, work: work, ircd: ircd}
	if interval != "" {
		l.pacing += fmt.Sprintf("send_interval = %q\n", interval)
	}
	if burst != 0 {
		l.pacing += fmt.Sprintf("send_burst = %d\n", burst)
	}
	fmt.Printf("machine: %d CPUs, load average %s; pacing: %s\n", numCPU(), loadavg(), strings.ReplaceAll(strings.TrimSpace(l.pacing+" (defaults otherwise)"), "\n", ", "))
	for _, s := range scenarios {
		var err error
		switch strings.TrimSpace(s) {
		case "channels":
			err = l.channels(nChans)
		case "private":
			err = l.private()
		case "burst":
			err = l.burst(lines, clients)
		default:
			err = fmt.Errorf("unknown scenario %q", s)
		}
		if err != nil {
			return fmt.Errorf("%s: %w", s, err)
		}
		fmt.Printf("  load average after: %s\n", loadavg())
	}
	return nil
}

// startNgircd runs ngIRCd on a free loopback port with the test recipe
// (no connection, join or penalty limits).
func startNgircd(work string) (addr string, stop func(), err error) {
	bin, err := exec.LookPath("ngircd")
	if err != nil {
		return "", nil, errors.New("ngircd not found (apt-get install -y ngircd)")
	}
	dir := filepath.Join(work, "ngircd")
	if err := os.MkdirAll(filepath.Join(dir, "conf.d"), 0o755); err != nil {
		return "", nil, err
	}
	_ = os.Chmod(work, 0o755)
	port, err := freePort()
	if err != nil {
		return "", nil, err
	}
	conf := filepath.Join(dir, "ngircd.conf")
	if err := os.WriteFile(conf, []byte(ircdtest.Config(port, 0, dir, ircdtest.Options{})), 0o644); err != nil {
		return "", nil, err
	}
	cmd := exec.Command(bin, "--nodaemon", "--config", conf)
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		return "", nil, err
	}
	addr = "127.0.0.1:" + strconv.Itoa(port)
	for i := 0; i < 200; i++ {
		if c, err := net.Dial("tcp", addr); err == nil {
			c.Close()
			return addr, func() { _ = cmd.Process.Kill(); _ = cmd.Wait() }, nil
		}
		time.Sleep(10 * time.Millisecond)
	}
	_ = cmd.Process.Kill()
	return "", nil, errors.New("ngircd did not listen")
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// gavel is one running `gavel run`.
type gavel struct {
	cmd   *exec.Cmd
	dir   string
	store string
	done  chan struct{}
}

// startGavel runs gavel with channels and a fresh store.
func (l *load) startGavel(name string, channels []string) (*gavel, error) {
	dir := filepath.Join(l.work, name)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	q := make([]string, len(channels))
	for i, c := range channels {
		q[i] = strconv.Quote(c)
	}
	cfg := fmt.Sprintf("[irc]\nserver = %q\nnick = \"gavel\"\nchannels = [%s]\n%s[store]\npath = \"data/gavel.db\"\n[site]\ndir = \"public\"\nbase_url = \"http://minutes.test/\"\n[remind]\nenabled = false\n",
		l.ircd, strings.Join(q, ", "), l.pacing)
	path := filepath.Join(dir, "gavel.toml")
	if err := os.WriteFile(path, []byte(cfg), 0o644); err != nil {
		return nil, err
	}
	logf, err := os.Create(filepath.Join(dir, "gavel.log"))
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(l.bin, "run", "-c", path)
	cmd.Stdout, cmd.Stderr = logf, logf
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	g := &gavel{cmd: cmd, dir: dir, store: filepath.Join(dir, "data/gavel.db"), done: make(chan struct{})}
	go func() { _ = cmd.Wait(); logf.Close(); close(g.done) }()
	return g, nil
}

// peakRSS is the process's peak resident set (VmHWM), in MB.
func (g *gavel) peakRSS() float64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", g.cmd.Process.Pid))
	if err != nil {
		return 0
	}
	m := regexp.MustCompile(`VmHWM:\s+(\d+) kB`).FindSubmatch(b)
	if m == nil {
		return 0
	}
	kb, _ := strconv.Atoi(string(m[1]))
	return float64(kb) / 1024
}

// stop sends SIGTERM and waits up to 30 s.
func (g *gavel) stop() {
	_ = g.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-g.done:
	case <-time.After(30 * time.Second):
		_ = g.cmd.Process.Kill()
		<-g.done
	}
}

// client is a raw IRC client that keeps every line with its arrival time.
type client struct {
	nick string
	conn net.Conn
	mu   sync.Mutex
	cond *sync.Cond
	in   []line
	seen int
}

type line struct {
	at   time.Time
	text string
}

func dial(addr, nick string) (*client, error) {
	conn, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		return nil, err
	}
	c := &client{nick: nick, conn: conn}
	c.cond = sync.NewCond(&c.mu)
	go c.read()
	c.send("NICK " + nick + "\r\nUSER load 0 * :load\r\n")
	if _, err := c.wait(regexp.MustCompile(`^:\S+ 001 `), 30*time.Second); err != nil {
		conn.Close()
		return nil, err
	}
	return c, nil
}

func (c *client) read() {
	r := bufio.NewReaderSize(c.conn, 64<<10)
	for {
		s, err := r.ReadString('\n')
		now := time.Now()
		s = strings.TrimRight(s, "\r\n")
		if strings.HasPrefix(s, "PING ") {
			c.send("PONG " + s[5:] + "\r\n")
		}
		c.mu.Lock()
		if s != "" {
			c.in = append(c.in, line{now, s})
		}
		if err != nil {
			c.in = append(c.in, line{now, "\x00closed"})
		}
		c.cond.Broadcast()
		c.mu.Unlock()
		if err != nil {
			return
		}
	}
}

func (c *client) send(s string) {
	_ = c.conn.SetWriteDeadline(time.Now().Add(time.Minute))
	_, _ = c.conn.Write([]byte(s))
}

// wait returns the next line (after those consumed) matching re.
func (c *client) wait(re *regexp.Regexp, timeout time.Duration) (line, error) {
	deadline := time.Now().Add(timeout)
	t := time.AfterFunc(timeout, func() { c.mu.Lock(); c.cond.Broadcast(); c.mu.Unlock() })
	defer t.Stop()
	c.mu.Lock()
	defer c.mu.Unlock()
	for {
		for c.seen < len(c.in) {
			l := c.in[c.seen]
			c.seen++
			if l.text == "\x00closed" {
				return line{}, fmt.Errorf("%s: connection closed", c.nick)
			}
			if re.MatchString(l.text) {
				return l, nil
			}
		}
		if time.Now().After(deadline) {
			return line{}, fmt.Errorf("%s: no line matched %q within %v", c.nick, re, timeout)
		}
		c.cond.Wait()
	}
}

// joinAll joins channels in JOIN lines under 400 bytes and waits until
// the bot is in each (NAMES).
func (c *client) joinAll(channels []string) error {
	var batch string
	flush := func() {
		if batch != "" {
			c.send("JOIN " + batch + "\r\n")
			batch = ""
		}
	}
	for _, ch := range channels {
		if len(batch)+len(ch)+1 > 400 {
			flush()
		}
		if batch != "" {
			batch += ","
		}
		batch += ch
	}
	flush()
	if _, err := c.wait(regexp.MustCompile(`^:\S+ 366 \S+ `+regexp.QuoteMeta(channels[len(channels)-1])+` `), time.Minute); err != nil {
		return err
	}
	for _, ch := range channels {
		for i := 0; ; i++ {
			c.send("NAMES " + ch + "\r\n")
			l, err := c.wait(regexp.MustCompile(`^:\S+ (353|366) \S+ (\S+ )?`+regexp.QuoteMeta(ch)+` `), time.Minute)
			if err != nil {
				return err
			}
			if strings.Contains(l.text, " 353 ") {
				c.wait(regexp.MustCompile(`^:\S+ 366 `), time.Minute)
				if regexp.MustCompile(`[ :@+]gavel( |$)`).MatchString(l.text) {
					break
				}
			}
			if i == 600 {
				return fmt.Errorf("gavel did not join %s", ch)
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
	return nil
}

func pct(ds []time.Duration, q float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	i := int(float64(len(s)-1) * q)
	return s[i]
}

func secs(d time.Duration) string { return fmt.Sprintf("%.2f s", d.Seconds()) }

// channels: n channels start a meeting at the same moment.
func (l *load) channels(n int) error {
	var chans []string
	for i := range n {
		chans = append(chans, "#load-"+strconv.Itoa(i))
	}
	g, err := l.startGavel("channels", chans)
	if err != nil {
		return err
	}
	defer g.stop()
	c, err := dial(l.ircd, "chair")
	if err != nil {
		return err
	}
	defer c.conn.Close()
	if err := c.joinAll(chans); err != nil {
		return err
	}
	var b strings.Builder
	for _, ch := range chans {
		b.WriteString("PRIVMSG " + ch + " :#startmeeting\r\n")
	}
	t0 := time.Now()
	c.send(b.String())
	re := regexp.MustCompile(`^:gavel!\S+ PRIVMSG #load-\d+ :(Meeting started|Useful commands)`)
	var starts []time.Duration
	useful, usefulBefore := 0, 0
	for len(starts) < n {
		x, err := c.wait(re, 10*time.Minute)
		if err != nil {
			return err
		}
		if strings.Contains(x.text, "Meeting started") {
			starts = append(starts, x.at.Sub(t0))
			usefulBefore = useful
		} else {
			useful++
		}
	}
	fmt.Printf("channels: %d channels start at once: \"Meeting started\" first %s, p50 %s, last %s; %d second lines (\"Useful commands\") went out before the last start; peak RSS %.1f MB\n",
		n, secs(starts[0]), secs(pct(starts, 0.5)), secs(starts[n-1]), usefulBefore, g.peakRSS())
	return nil
}

// private: a meeting runs in #meet; bob sends 60 private "help"s and,
// once ngIRCd has relayed them all, alice starts a meeting in #meet2.
func (l *load) private() error {
	g, err := l.startGavel("private", []string{"#meet", "#meet2"})
	if err != nil {
		return err
	}
	defer g.stop()
	alice, err := dial(l.ircd, "alice")
	if err != nil {
		return err
	}
	defer alice.conn.Close()
	bob, err := dial(l.ircd, "bob")
	if err != nil {
		return err
	}
	defer bob.conn.Close()
	if err := alice.joinAll([]string{"#meet", "#meet2"}); err != nil {
		return err
	}
	alice.send("PRIVMSG #meet :#startmeeting running\r\n")
	if _, err := alice.wait(regexp.MustCompile(`PRIVMSG #meet :The meeting name`), 5*time.Minute); err != nil {
		return err
	}
	var b strings.Builder
	for range 60 {
		b.WriteString("PRIVMSG gavel :help\r\n")
	}
	t0 := time.Now()
	bob.send(b.String())
	// ngIRCd answers bob's PING once it relayed his 60 lines to gavel.
	bob.send("PING :relayed\r\n")
	if _, err := bob.wait(regexp.MustCompile(`PONG .*relayed`), 5*time.Minute); err != nil {
		return err
	}
	bob.mu.Lock()
	bob.seen = 0 // the replies may have come before the PONG
	bob.mu.Unlock()
	alice.send("PRIVMSG #meet2 :#startmeeting\r\n")
	ts := time.Now()
	st, err := alice.wait(regexp.MustCompile(`^:gavel!\S+ PRIVMSG #meet2 :Meeting started`), 10*time.Minute)
	if err != nil {
		return err
	}
	// At most 50 reply lines wait for one nick (bot/queue.go); the rest
	// are dropped and counted in one last line.
	last, err := bob.wait(regexp.MustCompile(`^:gavel!\S+ PRIVMSG bob :\(\d+ replies dropped`), 10*time.Minute)
	if err != nil {
		return err
	}
	got := 0
	bob.mu.Lock()
	for _, x := range bob.in {
		if strings.HasPrefix(x.text, ":gavel!") && strings.Contains(x.text, " PRIVMSG bob :") {
			got++
		}
	}
	bob.mu.Unlock()
	before := 0
	bob.mu.Lock()
	for _, x := range bob.in {
		if x.at.Before(st.at) && strings.HasPrefix(x.text, ":gavel!") {
			before++
		}
	}
	bob.mu.Unlock()
	fmt.Printf("private: 60 private \"help\"s (relayed to gavel in %s), then a #startmeeting in another channel: \"Meeting started\" after %s (%d private reply lines before it); %d private lines in all, the last (%s) after %s; peak RSS %.1f MB\n",
		secs(ts.Sub(t0)), secs(st.at.Sub(ts)), before, got, last.text[strings.Index(last.text, " :")+2:], secs(last.at.Sub(t0)), g.peakRSS())
	return nil
}

// burst: n lines from k clients into one meeting as fast as ngIRCd takes
// them, while a probe sends a command every 200 ms and times its reply.
func (l *load) burst(n, k int) error {
	g, err := l.startGavel("burst", []string{"#burst"})
	if err != nil {
		return err
	}
	defer g.stop()
	chair, err := dial(l.ircd, "chair")
	if err != nil {
		return err
	}
	defer chair.conn.Close()
	if err := chair.joinAll([]string{"#burst"}); err != nil {
		return err
	}
	chair.send("PRIVMSG #burst :#startmeeting burst\r\n")
	if _, err := chair.wait(regexp.MustCompile(`PRIVMSG #burst :The meeting name`), 5*time.Minute); err != nil {
		return err
	}
	probe, err := dial(l.ircd, "probe")
	if err != nil {
		return err
	}
	defer probe.conn.Close()
	probe.send("JOIN #burst\r\n")
	if _, err := probe.wait(regexp.MustCompile(` 366 probe #burst `), time.Minute); err != nil {
		return err
	}
	var senders []*client
	for i := range k {
		c, err := dial(l.ircd, "load"+strconv.Itoa(i))
		if err != nil {
			return err
		}
		defer c.conn.Close()
		c.send("JOIN #burst\r\n")
		if _, err := c.wait(regexp.MustCompile(` 366 \S+ #burst `), time.Minute); err != nil {
			return err
		}
		senders = append(senders, c)
	}
	t0 := time.Now()
	var wg sync.WaitGroup
	for i, c := range senders {
		share := n / k
		if i < n%k {
			share++
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			var b strings.Builder
			for j := range share {
				fmt.Fprintf(&b, "PRIVMSG #burst :line %d from %s: some ordinary meeting chatter\r\n", j, c.nick)
				if b.Len() > 16<<10 {
					c.send(b.String())
					b.Reset()
				}
			}
			c.send(b.String())
			// ngIRCd answers a PING after relaying every earlier line
			// of this client: then all of them are on their way to gavel.
			c.send("PING :done\r\n")
			if _, err := c.wait(regexp.MustCompile(`PONG .*done`), 30*time.Minute); err != nil {
				fmt.Fprintln(os.Stderr, "loadtest:", err)
			}
		}()
	}
	sentAll := make(chan struct{})
	go func() { wg.Wait(); close(sentAll) }()
	// The probe: a non-chair's #topic every 500 ms, answered with one
	// line; replies in a channel keep their order, so the k-th reply
	// answers the k-th probe.
	var sentAt []time.Time
	var sendDone time.Duration
	tick := time.NewTicker(500 * time.Millisecond)
	for stopAfter := (time.Time{}); stopAfter.IsZero() || time.Now().Before(stopAfter); {
		select {
		case <-sentAll:
			sentAll = nil
			sendDone = time.Since(t0)
			stopAfter = time.Now().Add(5 * time.Second)
		case <-tick.C:
			sentAt = append(sentAt, time.Now())
			probe.send("PRIVMSG #burst :#topic probe " + strconv.Itoa(len(sentAt)) + "\r\n")
		}
	}
	tick.Stop()
	reply := regexp.MustCompile(`^:gavel!\S+ PRIVMSG #burst :probe: only a chair`)
	var lat []time.Duration
	for _, at := range sentAt {
		x, err := probe.wait(reply, 30*time.Minute)
		if err != nil {
			return err
		}
		lat = append(lat, x.at.Sub(at))
	}
	rss := g.peakRSS()
	// Every line has reached the bot once the chair's #endmeeting is
	// answered (one server, lines in order per client; the chair's
	// comes after all of its own, and the senders' were sent before).
	chair.send("PRIVMSG #burst :#endmeeting\r\n")
	if _, err := chair.wait(regexp.MustCompile(`PRIVMSG #burst :Meeting ended`), 10*time.Minute); err != nil {
		return err
	}
	if _, err := chair.wait(regexp.MustCompile(`PRIVMSG #burst :(Minutes|gavel: publishing)`), 10*time.Minute); err != nil {
		return err
	}
	total := time.Since(t0)
	rssEnd := g.peakRSS()
	g.stop()
	st, err := store.Open(g.store, store.Options{LockTimeout: 10 * time.Second})
	if err != nil {
		return err
	}
	defer st.Close()
	recs, err := st.AllMeetings()
	if err != nil || len(recs) != 1 {
		return fmt.Errorf("meetings in the store: %d, %v", len(recs), err)
	}
	evs, err := st.Events(recs[0].ID)
	if err != nil {
		return err
	}
	burstLines := 0
	for _, e := range evs {
		if strings.HasPrefix(e.Text, "line ") {
			burstLines++
		}
	}
	fmt.Printf("burst: %d lines from %d clients: all relayed by ngIRCd in %s; %d of %d recorded (%d events in the meeting); probe replies (%d): p50 %s, p99 %s, max %s; peak RSS %.1f MB during the burst, %.1f MB after publishing the %d-line meeting (%s in all)\n",
		n, k, secs(sendDone), burstLines, n, len(evs), len(lat), secs(pct(lat, 0.5)), secs(pct(lat, 0.99)), secs(pct(lat, 1)), rss, rssEnd, len(evs), secs(total))
	return nil
}

func loadavg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "?"
	}
	return strings.Join(f[:3], " ")
}

func numCPU() int {
	b, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return 0
	}
	return strings.Count(string(b), "\nprocessor") + 1
}
