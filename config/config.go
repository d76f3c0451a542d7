// Package config reads gavel's TOML configuration: it decodes the file into a
// raw struct, applies defaults, and validates it into the typed Config that
// every command uses. Errors name the key and the problem.
package config

import (
	"errors"
	"fmt"
	"net"
	"net/mail"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
	"github.com/robfig/cron/v3"

	"github.com/gavel-irc/gavel/schedule"
	"github.com/gavel-irc/gavel/sitepath"
)

// Config is gavel's validated configuration.
type Config struct {
	// Path is the file the configuration was read from ("" if none).
	Path     string
	IRC      IRC
	Store    Store
	Site     Site
	Meeting  Meeting
	Channels []Channel
	People   []Person
	Schedule []Schedule
	Remind   Remind
	Limits   Limits
}

// Limits is the [limits] table: the largest inputs gavel reads, so that a
// huge or binary file is refused with a message instead of filling memory.
type Limits struct {
	// LogBytes is the largest raw log gavel replay and gavel import read
	// (default 8 MiB: Fedora's longest meeting logs are under 2 MiB, and
	// reading a log takes about 30 times its size in memory, so the
	// default keeps a command under 300 MB; docs/PERFORMANCE.md).
	LogBytes Size `toml:"max_log_bytes"`
	// NotesBytes is the largest notes file gavel notes reads (default 16 MiB).
	NotesBytes Size `toml:"max_notes_bytes"`
	// LineBytes is the longest line of a log or notes file that is read;
	// longer lines are skipped with a warning (default 64 KiB; IRC lines
	// are at most 512 bytes).
	LineBytes Size `toml:"max_line_bytes"`
}

// Default limits, also used by commands run without a configuration.
const (
	DefaultMaxLogBytes   = 8 << 20
	DefaultMaxNotesBytes = 16 << 20
	DefaultMaxLineBytes  = 64 << 10
)

// Size is a byte count read from TOML as an integer (bytes) or a string
// with a unit: "512", "64KiB", "16MiB", "1GiB" (KB, MB, GB are the same
// powers of 1024).
type Size int64

// UnmarshalTOML implements toml.Unmarshaler: an integer or a string.
func (z *Size) UnmarshalTOML(v any) error {
	switch v := v.(type) {
	case int64:
		*z = Size(v)
		return nil
	case string:
		n, err := ParseSize(v)
		if err != nil {
			return err
		}
		*z = Size(n)
		return nil
	}
	return fmt.Errorf("size %v: want a number of bytes or a string such as \"16MiB\"", v)
}

// String formats z with the largest unit that divides it ("16MiB").
func (z Size) String() string {
	for _, u := range []struct {
		name string
		n    int64
	}{{"GiB", 1 << 30}, {"MiB", 1 << 20}, {"KiB", 1 << 10}} {
		if z != 0 && int64(z)%u.n == 0 {
			return fmt.Sprintf("%d%s", int64(z)/u.n, u.name)
		}
	}
	return fmt.Sprintf("%d bytes", int64(z))
}

// ParseSize reads "123", "64KiB", "16MiB", "1GiB" (or KB, MB, GB, K, M, G:
// all powers of 1024) into bytes.
func ParseSize(s string) (int64, error) {
	t := strings.TrimSpace(s)
	i := len(t)
	for i > 0 && (t[i-1] < '0' || t[i-1] > '9') {
		i--
	}
	unit := strings.ToLower(strings.TrimSpace(t[i:]))
	mult := int64(1)
	switch unit {
	case "", "b":
	case "k", "kb", "kib":
		mult = 1 << 10
	case "m", "mb", "mib":
		mult = 1 << 20
	case "g", "gb", "gib":
		mult = 1 << 30
	default:
		return 0, fmt.Errorf("bad size %q: want e.g. 65536, 64KiB, 16MiB, 1GiB", s)
	}
	var n int64
	if i == 0 || i > 12 {
		return 0, fmt.Errorf("bad size %q: want e.g. 65536, 64KiB, 16MiB, 1GiB", s)
	}
	for _, c := range t[:i] {
		if c < '0' || c > '9' {
			return 0, fmt.Errorf("bad size %q: want a whole number, e.g. 65536, 64KiB, 16MiB, 1GiB", s)
		}
		n = n*10 + int64(c-'0')
	}
	if n > (1<<62)/mult {
		return 0, fmt.Errorf("size %q is too large", s)
	}
	return n * mult, nil
}

// IRC is the [irc] table: how to reach the server.
type IRC struct {
	Server        string   `toml:"server"` // host:port
	TLS           bool     `toml:"tls"`
	TLSSkipVerify bool     `toml:"tls_skip_verify"`
	Nick          string   `toml:"nick"`
	AltNicks      []string `toml:"alt_nicks"`
	User          string   `toml:"user"`
	RealName      string   `toml:"realname"`
	Channels      []string `toml:"channels"`
	SASLUser      string   `toml:"sasl_user"`
	// SASLPassword comes from GAVEL_SASL_PASSWORD, never from the file.
	SASLPassword string `toml:"-"`
	// ServerPassword comes from GAVEL_SERVER_PASSWORD.
	ServerPassword string `toml:"-"`
	// NickServPassword comes from GAVEL_NICKSERV_PASSWORD; when set the bot
	// identifies to NickServ after connecting.
	NickServPassword string `toml:"-"`
	// Admins are nicks allowed to use admin private commands (end #chan).
	Admins []string `toml:"admins"`
	// OpsAreChairs makes channel operators chairs of every meeting.
	OpsAreChairs *bool `toml:"ops_are_chairs"`
	// SendInterval paces the output queue: one line per interval after
	// SendBurst lines (default 500ms; 0 or absent means the default).
	SendInterval Duration `toml:"send_interval"`
	// SendBurst is how many lines may go out at once before pacing starts.
	SendBurst int `toml:"send_burst"`
	// LineLimit is the byte limit of one IRC line, including the command.
	LineLimit int `toml:"line_limit"`
	// ReconnectMin and ReconnectMax bound the reconnect backoff.
	ReconnectMin Duration `toml:"reconnect_min"`
	ReconnectMax Duration `toml:"reconnect_max"`
	// SetTopic makes the bot set the channel topic on #topic when it is op.
	SetTopic *bool `toml:"set_topic"`
	// Relays are bridges whose lines carry another person's nick
	// ("<alice> #info x" from matterbridge): such lines are taken as
	// said by that person.
	Relays []Relay `toml:"relays"`
}

// Store is the [store] table.
type Store struct {
	Path        string   `toml:"path"`
	LockTimeout Duration `toml:"lock_timeout"`
}

// Site is the [site] table: the published static site.
type Site struct {
	Dir       string `toml:"dir"`
	BaseURL   string `toml:"base_url"`
	Title     string `toml:"title"`
	Author    string `toml:"author"`
	Listen    string `toml:"listen"`
	Templates string `toml:"templates"`
	Posts     string `toml:"posts"`
	// Layout names the archive convention of the minutes' paths ("gavel",
	// "fedora", "openstack", "meetbot"; see sitepath.LayoutPattern).
	Layout string `toml:"layout"`
	// FilePattern names minutes files: the layout's pattern unless set
	// (then Layout must be unset); see sitepath.Expand.
	FilePattern string `toml:"file_pattern"`
	// TagAuthority is the domain and date of the feed ids' tag: URIs
	// ("minutes.example.org,2026"); derived from base_url when empty.
	TagAuthority string `toml:"tag_authority"`
	// ReadHeaderTimeout, ReadTimeout, WriteTimeout and IdleTimeout bound
	// how long one HTTP client of the site server (site.listen, gavel
	// serve) may take to send its request headers, its whole request, to
	// read one response, and keep an idle connection (defaults 10s, 30s,
	// 2m, 60s; 0 or absent means the default).
	ReadHeaderTimeout Duration `toml:"read_header_timeout"`
	ReadTimeout       Duration `toml:"read_timeout"`
	WriteTimeout      Duration `toml:"write_timeout"`
	IdleTimeout       Duration `toml:"idle_timeout"`
	// MaxConnsPerClient caps the site server's open connections from one
	// IP address (default 16; 0 or absent means the default).
	MaxConnsPerClient int `toml:"max_conns_per_client"`
	// FeedMinItems is how many topics, decisions, action items and votes
	// a meeting needs to be a feed entry (default 1; 0: every meeting).
	// Meetings below it stay on the site.
	FeedMinItems int `toml:"feed_min_items"`
}

// Meeting is the [meeting] table: engine defaults for every channel.
type Meeting struct {
	TimeZone string `toml:"timezone"`
	// ListActionsOnStart makes the bot list the series' open action items
	// right after #startmeeting.
	ListActionsOnStart bool `toml:"list_actions_on_start"`
	// IdleEnd ends a meeting in which nobody said a line for that long
	// (the bot says why, and publishes it as usual); 0 never does.
	IdleEnd Duration `toml:"idle_end"`
}

// Channel is one [[channel]] table: settings for one channel.
type Channel struct {
	Name     string `toml:"name"`
	TimeZone string `toml:"timezone"`
	Series   string `toml:"series"`
	// AllowRename lets a chair's #meetingname rename a meeting of a
	// channel whose Series is set (default false: the series wins).
	AllowRename bool `toml:"allow_rename"`
	// SetTopic overrides irc.set_topic for this channel.
	SetTopic *bool `toml:"set_topic"`
	// Posts makes the channel's minutes blog posts: at #endmeeting the
	// bot says how to add the chair's summary that makes them one.
	Posts bool `toml:"posts"`
	// MinutesTo are the addresses the minutes of this channel's meetings
	// (and of notes imported into its series) are mailed to, through
	// [remind.smtp].
	MinutesTo []string `toml:"minutes_to"`
	// Location is TimeZone loaded (UTC when empty).
	Location *time.Location `toml:"-"`
}

// Person is one [[people]] table: one person known by a name and nicks.
type Person struct {
	Name     string         `toml:"name"`
	Nicks    []string       `toml:"nicks"`
	Aliases  []string       `toml:"aliases"`
	TimeZone string         `toml:"timezone"`
	Email    string         `toml:"email"`
	Location *time.Location `toml:"-"`
}

// Schedule is one [[schedule]] table: a recurring meeting, announced by the
// bot, shown on the site and published as a calendar (meetings.ics).
type Schedule struct {
	Channel string `toml:"channel"`
	// Cron is a cron spec, with its time zone: "CRON_TZ=UTC 0 13 * * FRI".
	// Without CRON_TZ it is in the channel's time zone.
	Cron string `toml:"cron"`
	// Title names the meeting in calendars and on the site (default: the
	// series, else the channel).
	Title string `toml:"title"`
	// Duration is how long the meeting is planned to last (default 1h).
	Duration Duration `toml:"duration"`
	// Weeks is "odd" or "even" for a meeting every other week (by ISO 8601
	// week number), empty for every week.
	Weeks string `toml:"weeks"`
	// Skip lists local dates ("2026-12-25") when the meeting does not happen.
	Skip []string `toml:"skip"`
	// Start is the local date the schedule counts from (the calendar's first
	// meeting); default 2026-01-01.
	Start string `toml:"start"`
	// Before lists how long before the meeting to announce it.
	Before  []Duration `toml:"before"`
	Message string     `toml:"message"`
	Series  string     `toml:"series"`
	Agenda  string     `toml:"agenda"`
	// Spec is the parsed rule (cron spec, weeks and skipped dates): what
	// the announcer, the site and the calendar all read.
	Spec *schedule.Rule `toml:"-"`
}

// ScheduleSeries is the series a [[schedule]] meets as: its own series, else
// its channel's.
func (c *Config) ScheduleSeries(s Schedule) string {
	if s.Series != "" {
		return s.Series
	}
	return c.ChannelConfig(s.Channel).Series
}

// Name is the meeting's title: Title, else the series, else the channel.
func (s Schedule) Name() string {
	switch {
	case s.Title != "":
		return s.Title
	case s.Series != "":
		return s.Series
	}
	return s.Channel
}

// Remind is the [remind] table: deadline reminders.
type Remind struct {
	Enabled *bool `toml:"enabled"`
	// Sweep is the cron spec of the reminder sweep (default every 5 minutes).
	Sweep string `toml:"sweep"`
	// Before lists when to ping before a deadline (default 7d, 1d, 0d).
	Before []Duration `toml:"before"`
	// OverdueEvery is how often to ping while overdue (default 2d), and
	// OverdueFor for how long (default 14d).
	OverdueEvery Duration `toml:"overdue_every"`
	OverdueFor   Duration `toml:"overdue_for"`
	// Hour is the local hour (owner's zone) pings go out (default 9).
	Hour int `toml:"hour"`
	// QuietStart and QuietEnd are local hours without pings (default 22-8).
	QuietStart int `toml:"quiet_start"`
	QuietEnd   int `toml:"quiet_end"`
	// Digest is a cron spec for a weekly digest of open items per channel.
	Digest string `toml:"digest"`
	SMTP   SMTP   `toml:"smtp"`
}

// SMTP configures optional e-mail reminders. The password comes from
// GAVEL_SMTP_PASSWORD.
type SMTP struct {
	Addr     string `toml:"addr"`
	From     string `toml:"from"`
	User     string `toml:"user"`
	Password string `toml:"-"`
}

// Duration is a time.Duration read from TOML as "90s", "1h", "7d" or "2w".
type Duration struct{ time.Duration }

// UnmarshalText implements encoding.TextUnmarshaler.
func (d *Duration) UnmarshalText(b []byte) error {
	v, err := ParseDuration(string(b))
	if err != nil {
		return err
	}
	d.Duration = v
	return nil
}

// MarshalText implements encoding.TextMarshaler.
func (d Duration) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// ParseDuration reads a Go duration, extended with "d" (days) and "w" (weeks)
// as whole-number suffixes: "7d", "2w", "1d12h".
func ParseDuration(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, errors.New("empty duration")
	}
	var total time.Duration
	rest := s
	for _, u := range []struct {
		suffix string
		unit   time.Duration
	}{{"w", 7 * 24 * time.Hour}, {"d", 24 * time.Hour}} {
		if i := strings.Index(rest, u.suffix); i > 0 {
			var n int
			if _, err := fmt.Sscanf(rest[:i], "%d", &n); err != nil || fmt.Sprint(n) != rest[:i] {
				return 0, fmt.Errorf("bad duration %q", s)
			}
			total += time.Duration(n) * u.unit
			rest = rest[i+1:]
		}
	}
	if rest != "" {
		v, err := time.ParseDuration(rest)
		if err != nil {
			return 0, fmt.Errorf("bad duration %q: want e.g. 90s, 10m, 1h, 7d, 2w", s)
		}
		total += v
	}
	return total, nil
}

// Load reads and validates the configuration at path, with secrets taken
// from the environment.
func Load(path string) (*Config, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	c, err := Parse(b, path)
	if err != nil {
		return nil, err
	}
	c.IRC.SASLPassword = os.Getenv("GAVEL_SASL_PASSWORD")
	c.IRC.ServerPassword = os.Getenv("GAVEL_SERVER_PASSWORD")
	c.IRC.NickServPassword = os.Getenv("GAVEL_NICKSERV_PASSWORD")
	c.Remind.SMTP.Password = os.Getenv("GAVEL_SMTP_PASSWORD")
	return c, nil
}

// raw mirrors the file: the tables as written.
type raw struct {
	IRC      IRC        `toml:"irc"`
	Store    Store      `toml:"store"`
	Site     Site       `toml:"site"`
	Meeting  Meeting    `toml:"meeting"`
	Channel  []Channel  `toml:"channel"`
	People   []Person   `toml:"people"`
	Schedule []Schedule `toml:"schedule"`
	Remind   Remind     `toml:"remind"`
	Limits   Limits     `toml:"limits"`
}

// Parse decodes and validates a configuration held in memory; name is used
// in error messages. Relative paths are resolved against name's folder.
func Parse(b []byte, name string) (*Config, error) {
	var r raw
	md, err := toml.Decode(string(b), &r)
	if err != nil {
		return nil, fmt.Errorf("config %s: %w", name, err)
	}
	if len(md.Keys()) == 0 {
		return nil, fmt.Errorf("config %s is empty: it must say at least irc.server and the channels to join (see deploy/gavel.example.toml)", name)
	}
	if und := md.Undecoded(); len(und) > 0 {
		keys := make([]string, len(und))
		for i, k := range und {
			keys[i] = k.String()
		}
		return nil, fmt.Errorf("config %s: unknown key(s): %s", name, strings.Join(keys, ", "))
	}
	if !md.IsDefined("site", "feed_min_items") {
		r.Site.FeedMinItems = 1
	}
	c := &Config{Path: name, IRC: r.IRC, Store: r.Store, Site: r.Site, Meeting: r.Meeting,
		Channels: r.Channel, People: r.People, Schedule: r.Schedule, Remind: r.Remind, Limits: r.Limits}
	c.applyDefaults()
	if err := c.validate(); err != nil {
		return nil, fmt.Errorf("config %s: %w", name, err)
	}
	if !strings.HasSuffix(c.Site.BaseURL, "/") {
		c.Site.BaseURL += "/"
	}
	if name != "" {
		base := filepath.Dir(name)
		for _, p := range []*string{&c.Store.Path, &c.Site.Dir, &c.Site.Templates, &c.Site.Posts} {
			if *p != "" && !filepath.IsAbs(*p) {
				*p = filepath.Join(base, *p)
			}
		}
	}
	return c, nil
}

// Default returns the configuration used when keys are absent: a local
// server, #fudcon-planning, the store in data/ and the site in public/.
func Default() *Config {
	c := &Config{}
	c.applyDefaults()
	return c
}

func boolp(b bool) *bool { return &b }

func (c *Config) applyDefaults() {
	i := &c.IRC
	if i.Server == "" {
		i.Server = "127.0.0.1:6667"
	}
	if i.Nick == "" {
		i.Nick = "gavel"
	}
	if i.User == "" {
		i.User = "gavel"
	}
	if i.RealName == "" {
		i.RealName = "gavel meeting bot"
	}
	if i.OpsAreChairs == nil {
		i.OpsAreChairs = boolp(true)
	}
	if i.SetTopic == nil {
		i.SetTopic = boolp(true)
	}
	if i.SendInterval.Duration == 0 {
		i.SendInterval.Duration = 500 * time.Millisecond
	}
	if i.SendBurst == 0 {
		i.SendBurst = 4
	}
	if i.LineLimit == 0 {
		i.LineLimit = 510
	}
	if i.ReconnectMin.Duration == 0 {
		i.ReconnectMin.Duration = time.Second
	}
	if i.ReconnectMax.Duration == 0 {
		i.ReconnectMax.Duration = 2 * time.Minute
	}
	if c.Store.Path == "" {
		c.Store.Path = "data/gavel.db"
	}
	if c.Store.LockTimeout.Duration == 0 {
		c.Store.LockTimeout.Duration = 2 * time.Second
	}
	s := &c.Site
	if s.Dir == "" {
		s.Dir = "public"
	}
	if s.BaseURL == "" {
		s.BaseURL = "http://127.0.0.1:8080/"
	}
	if s.Title == "" {
		s.Title = "Meeting minutes"
	}
	for _, d := range []struct {
		d   *Duration
		def time.Duration
	}{{&s.ReadHeaderTimeout, 10 * time.Second}, {&s.ReadTimeout, 30 * time.Second}, {&s.WriteTimeout, 2 * time.Minute}, {&s.IdleTimeout, time.Minute}} {
		if d.d.Duration == 0 {
			d.d.Duration = d.def
		}
	}
	if s.MaxConnsPerClient == 0 {
		s.MaxConnsPerClient = 16
	}
	if s.FilePattern == "" {
		s.FilePattern, _ = sitepath.LayoutPattern(s.Layout) // an unknown layout is refused by validate
	} else if s.Layout == "" {
		s.Layout = "custom"
	}
	if s.Layout == "" {
		s.Layout = sitepath.DefaultLayout
	}
	if c.Meeting.TimeZone == "" {
		c.Meeting.TimeZone = "UTC"
	}
	r := &c.Remind
	if r.Enabled == nil {
		r.Enabled = boolp(true)
	}
	if r.Sweep == "" {
		r.Sweep = "*/5 * * * *"
	}
	if len(r.Before) == 0 {
		r.Before = []Duration{{7 * 24 * time.Hour}, {24 * time.Hour}, {0}}
	}
	if r.OverdueEvery.Duration == 0 {
		r.OverdueEvery.Duration = 2 * 24 * time.Hour
	}
	if r.OverdueFor.Duration == 0 {
		r.OverdueFor.Duration = 14 * 24 * time.Hour
	}
	if r.Hour == 0 {
		r.Hour = 9
	}
	if r.QuietStart == 0 && r.QuietEnd == 0 {
		r.QuietStart, r.QuietEnd = 22, 8
	}
	l := &c.Limits
	if l.LogBytes == 0 {
		l.LogBytes = DefaultMaxLogBytes
	}
	if l.NotesBytes == 0 {
		l.NotesBytes = DefaultMaxNotesBytes
	}
	if l.LineBytes == 0 {
		l.LineBytes = DefaultMaxLineBytes
	}
}

func (c *Config) validate() error {
	var errs []error
	bad := func(key, format string, args ...any) {
		errs = append(errs, fmt.Errorf("%s: %s", key, fmt.Sprintf(format, args...)))
	}
	if _, port, err := net.SplitHostPort(c.IRC.Server); err != nil || port == "" {
		bad("irc.server", "%q is not host:port", c.IRC.Server)
	}
	if !validNick(c.IRC.Nick) {
		bad("irc.nick", "%q is not a valid IRC nick", c.IRC.Nick)
	}
	for _, n := range c.IRC.AltNicks {
		if !validNick(n) {
			bad("irc.alt_nicks", "%q is not a valid IRC nick", n)
		}
	}
	for _, ch := range c.IRC.Channels {
		if !validChannel(ch) {
			bad("irc.channels", "%q is not a channel name (want #name, no spaces or commas)", ch)
		}
	}
	seenRelay := map[string]bool{}
	for i := range c.IRC.Relays {
		r := &c.IRC.Relays[i]
		key := fmt.Sprintf("irc.relays[%d]", i)
		if !validNick(r.Nick) {
			bad(key+".nick", "%q is not a valid IRC nick", r.Nick)
		} else if strings.EqualFold(r.Nick, c.IRC.Nick) {
			bad(key+".nick", "%q is the bot's own nick", r.Nick)
		} else if seenRelay[strings.ToLower(r.Nick)] {
			bad(key+".nick", "%q is configured twice", r.Nick)
		}
		seenRelay[strings.ToLower(r.Nick)] = true
		if err := r.compile(); err != nil {
			bad(key+".format", "%v", err)
		}
	}
	between := func(key string, v, lo, hi time.Duration) {
		if v < lo || v > hi {
			bad(key, "%s is out of range %s..%s", v, lo, hi)
		}
	}
	between("irc.send_interval", c.IRC.SendInterval.Duration, 0, time.Minute)
	if c.IRC.SendBurst < 1 || c.IRC.SendBurst > 100 {
		bad("irc.send_burst", "%d is out of range 1..100", c.IRC.SendBurst)
	}
	between("irc.reconnect_min", c.IRC.ReconnectMin.Duration, time.Millisecond, 24*time.Hour)
	between("irc.reconnect_max", c.IRC.ReconnectMax.Duration, time.Millisecond, 24*time.Hour)
	between("store.lock_timeout", c.Store.LockTimeout.Duration, time.Millisecond, time.Hour)
	for _, d := range c.Remind.Before {
		between("remind.before", d.Duration, 0, 365*24*time.Hour)
	}
	between("remind.overdue_every", c.Remind.OverdueEvery.Duration, time.Hour, 365*24*time.Hour)
	between("remind.overdue_for", c.Remind.OverdueFor.Duration, 0, 5*365*24*time.Hour)
	for _, q := range []struct {
		key string
		v   int
	}{{"remind.quiet_start", c.Remind.QuietStart}, {"remind.quiet_end", c.Remind.QuietEnd}} {
		if q.v < 0 || q.v > 23 {
			bad(q.key, "%d is not an hour 0..23", q.v)
		}
	}
	if c.IRC.LineLimit < 64 || c.IRC.LineLimit > 8192 {
		bad("irc.line_limit", "%d is out of range 64..8192", c.IRC.LineLimit)
	}
	if c.IRC.ReconnectMin.Duration > c.IRC.ReconnectMax.Duration {
		bad("irc.reconnect_min", "is larger than irc.reconnect_max")
	}
	if c.Site.Listen != "" {
		if _, _, err := net.SplitHostPort(c.Site.Listen); err != nil {
			bad("site.listen", "%q is not host:port", c.Site.Listen)
		}
	}
	for _, d := range []struct {
		key string
		d   time.Duration
	}{{"site.read_header_timeout", c.Site.ReadHeaderTimeout.Duration}, {"site.read_timeout", c.Site.ReadTimeout.Duration},
		{"site.write_timeout", c.Site.WriteTimeout.Duration}, {"site.idle_timeout", c.Site.IdleTimeout.Duration}} {
		if d.d < time.Second || d.d > 24*time.Hour {
			bad(d.key, "%v is out of range 1s..24h", d.d)
		}
	}
	if c.Site.MaxConnsPerClient < 1 || c.Site.MaxConnsPerClient > 100000 {
		bad("site.max_conns_per_client", "%d is out of range 1..100000", c.Site.MaxConnsPerClient)
	}
	if !strings.HasPrefix(c.Site.BaseURL, "http://") && !strings.HasPrefix(c.Site.BaseURL, "https://") {
		bad("site.base_url", "%q must start with http:// or https://", c.Site.BaseURL)
	}
	if c.Site.FeedMinItems < 0 {
		bad("site.feed_min_items", "%d is negative (0 puts every meeting in the feeds)", c.Site.FeedMinItems)
	}
	if want, err := sitepath.LayoutPattern(c.Site.Layout); c.Site.Layout != "custom" && err != nil {
		bad("site.layout", "%v", err)
	} else if c.Site.Layout != "custom" && c.Site.FilePattern != want {
		bad("site.file_pattern", "%q and site.layout %q (%s) disagree: set one", c.Site.FilePattern, c.Site.Layout, want)
	}
	if !strings.Contains(c.Site.FilePattern, "{series}") && !strings.Contains(c.Site.FilePattern, "{channel}") {
		bad("site.file_pattern", "%q must contain {series} or {channel}", c.Site.FilePattern)
	} else if err := sitepath.CheckPattern(c.Site.FilePattern); err != nil {
		bad("site.file_pattern", "%v (a pattern must name files inside site.dir)", err)
	}
	if d := c.Meeting.IdleEnd.Duration; d != 0 {
		between("meeting.idle_end", d, time.Minute, 30*24*time.Hour)
	}
	if _, err := time.LoadLocation(c.Meeting.TimeZone); err != nil {
		bad("meeting.timezone", "unknown time zone %q", c.Meeting.TimeZone)
	}
	seen := map[string]bool{}
	for i := range c.Channels {
		ch := &c.Channels[i]
		key := fmt.Sprintf("channel[%d]", i)
		if !validChannel(ch.Name) {
			bad(key+".name", "%q is not a channel name", ch.Name)
		}
		for _, a := range ch.MinutesTo {
			if _, err := mail.ParseAddress(a); err != nil || strings.ContainsAny(a, "\r\n") {
				bad(key+".minutes_to", "%q is not an e-mail address", a)
			}
		}
		if len(ch.MinutesTo) > 0 && c.Remind.SMTP.Addr == "" {
			bad(key+".minutes_to", "needs an SMTP server: set [remind.smtp] addr")
		}
		if seen[strings.ToLower(ch.Name)] {
			bad(key+".name", "%q is configured twice", ch.Name)
		}
		seen[strings.ToLower(ch.Name)] = true
		if ch.Series != "" && sitepath.Slug(ch.Series) != ch.Series {
			bad(key+".series", "%q is not a plain series name: use lower-case a-z, 0-9, '_', '-' and '.' (not first or last), and no name the site writes itself (%s)",
				ch.Series, strings.Join(sitepath.Reserved(), ", "))
		}
		tz := ch.TimeZone
		if tz == "" {
			tz = c.Meeting.TimeZone
		}
		loc, err := time.LoadLocation(tz)
		if err != nil {
			bad(key+".timezone", "unknown time zone %q", tz)
		}
		ch.Location = loc
	}
	for i := range c.People {
		p := &c.People[i]
		key := fmt.Sprintf("people[%d]", i)
		if strings.TrimSpace(p.Name) == "" {
			bad(key+".name", "is empty")
		}
		tz := p.TimeZone
		if tz == "" {
			tz = "UTC"
		}
		loc, err := time.LoadLocation(tz)
		if err != nil {
			bad(key+".timezone", "unknown time zone %q", tz)
		}
		p.Location = loc
	}
	parser := cron.NewParser(cron.Minute | cron.Hour | cron.Dom | cron.Month | cron.Dow | cron.Descriptor)
	for i := range c.Schedule {
		s := &c.Schedule[i]
		key := fmt.Sprintf("schedule[%d]", i)
		if !validChannel(s.Channel) {
			bad(key+".channel", "%q is not a channel name", s.Channel)
		}
		rule, err := schedule.Parse(schedule.Spec{Cron: s.Cron, Zone: c.ChannelConfig(s.Channel).Location,
			Weeks: s.Weeks, Skip: s.Skip, Start: s.Start})
		var fe *schedule.FieldError
		switch {
		case errors.As(err, &fe):
			bad(key+"."+fe.Field, "%q: %s", fe.Value, fe.Reason)
		case err != nil:
			bad(key, "%v", err)
		}
		s.Spec = rule
		if s.Duration.Duration < 0 || s.Duration.Duration > 24*time.Hour {
			bad(key+".duration", "%s is not between 0 and 24h", s.Duration.Duration)
		}
		if s.Duration.Duration == 0 {
			s.Duration.Duration = time.Hour
		}
		for _, d := range s.Before {
			between(key+".before", d.Duration, 0, 30*24*time.Hour)
		}
	}
	if _, err := parser.Parse(c.Remind.Sweep); err != nil {
		bad("remind.sweep", "%q: %v", c.Remind.Sweep, err)
	}
	if c.Remind.Digest != "" {
		if _, err := parser.Parse(c.Remind.Digest); err != nil {
			bad("remind.digest", "%q: %v", c.Remind.Digest, err)
		}
	}
	if c.Remind.Hour < 0 || c.Remind.Hour > 23 {
		bad("remind.hour", "%d is not an hour 0..23", c.Remind.Hour)
	}
	for _, l := range []struct {
		key string
		v   Size
		min Size
		max Size
	}{
		{"limits.max_log_bytes", c.Limits.LogBytes, 4 << 10, 1 << 40},
		{"limits.max_notes_bytes", c.Limits.NotesBytes, 4 << 10, 1 << 40},
		{"limits.max_line_bytes", c.Limits.LineBytes, 1 << 10, 1 << 30},
	} {
		if l.v < l.min || l.v > l.max {
			bad(l.key, "%d is out of range %s..%s", int64(l.v), l.min, l.max)
		}
	}
	return errors.Join(errs...)
}

// ChannelConfig returns the settings of channel name (case-insensitive), or
// defaults derived from [meeting] when it has no [[channel]] table.
func (c *Config) ChannelConfig(name string) Channel {
	for _, ch := range c.Channels {
		if strings.EqualFold(ch.Name, name) {
			return ch
		}
	}
	loc, err := time.LoadLocation(c.Meeting.TimeZone)
	if err != nil {
		loc = time.UTC
	}
	return Channel{Name: name, TimeZone: c.Meeting.TimeZone, Location: loc}
}

// AllChannels returns every channel to join: irc.channels plus the
// [[channel]] tables, without duplicates, in the order configured.
func (c *Config) AllChannels() []string {
	var out []string
	seen := map[string]bool{}
	add := func(n string) {
		if k := strings.ToLower(n); !seen[k] {
			seen[k] = true
			out = append(out, n)
		}
	}
	for _, n := range c.IRC.Channels {
		add(n)
	}
	for _, ch := range c.Channels {
		add(ch.Name)
	}
	return out
}

func validNick(n string) bool {
	if n == "" || len(n) > 30 {
		return false
	}
	if strings.ContainsAny(n, " ,*?!@#:\r\n\x00") {
		return false
	}
	return !(n[0] >= '0' && n[0] <= '9') && n[0] != '-'
}

func validChannel(n string) bool {
	return len(n) >= 2 && len(n) <= 50 && (n[0] == '#' || n[0] == '&') &&
		!strings.ContainsAny(n, " ,\a\r\n\x00")
}
