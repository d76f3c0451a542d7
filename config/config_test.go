package config

import (
	"strings"
	"testing"
	"time"
)

func TestDefaults(t *testing.T) {
	c, err := Parse([]byte("[irc]\nchannels = [\"#a\"]\n"), "")
	if err != nil {
		t.Fatal(err)
	}
	if c.IRC.Server != "127.0.0.1:6667" || c.IRC.Nick != "gavel" || !*c.IRC.OpsAreChairs || c.Store.Path != "data/gavel.db" ||
		c.Site.BaseURL != "http://127.0.0.1:8080/" || c.Store.LockTimeout.Duration != 2*time.Second {
		t.Fatalf("defaults: %+v", c)
	}
	if got := c.ChannelConfig("#x").Location; got != time.UTC {
		t.Fatalf("default channel zone = %v", got)
	}
}

func TestErrorsNameKeyAndProblem(t *testing.T) {
	for _, tc := range []struct{ conf, want string }{
		{`[irc]` + "\n" + `server = "irc.libera.chat"`, `irc.server: "irc.libera.chat" is not host:port`},
		{`[irc]` + "\n" + `nick = "9lives"`, `irc.nick: "9lives" is not a valid IRC nick`},
		{`[irc]` + "\n" + `channels = ["fudcon"]`, `irc.channels: "fudcon" is not a channel name`},
		{`[irc]` + "\n" + `send_interval = "fast"`, `bad duration "fast"`},
		{`[irc]` + "\n" + `line_limit = 10`, `irc.line_limit: 10 is out of range`},
		{`[site]` + "\n" + `base_url = "minutes.example.org"`, `site.base_url: "minutes.example.org" must start with http`},
		{`[site]` + "\n" + `listen = "8080"`, `site.listen: "8080" is not host:port`},
		{`[site]` + "\n" + `idle_timeout = "-1s"`, `site.idle_timeout: -1s is out of range 1s..24h`},
		{`[site]` + "\n" + `write_timeout = "10ms"`, `site.write_timeout: 10ms is out of range 1s..24h`},
		{`[site]` + "\n" + `read_header_timeout = "soon"`, `bad duration "soon"`},
		{`[site]` + "\n" + `max_conns_per_client = -3`, `site.max_conns_per_client: -3 is out of range 1..100000`},
		{`[meeting]` + "\n" + `timezone = "Mars/Olympus"`, `meeting.timezone: unknown time zone "Mars/Olympus"`},
		{"[[channel]]\nname = \"#a\"\ntimezone = \"Asia/Kolkatta\"", `channel[0].timezone: unknown time zone "Asia/Kolkatta"`},
		{"[[channel]]\nname = \"#a\"\n[[channel]]\nname = \"#A\"", `channel[1].name: "#A" is configured twice`},
		{"[[people]]\nname = \"\"", `people[0].name: is empty`},
		{"[[schedule]]\nchannel = \"#a\"\ncron = \"0 13 * * FRX\"", `schedule[0].cron: "0 13 * * FRX"`},
		{"[[channel]]\nname = \"#a\"\nminutes_to = [\"not an address\"]\n[remind.smtp]\naddr = \"127.0.0.1:25\"", `channel[0].minutes_to: "not an address" is not an e-mail address`},
		{"[[channel]]\nname = \"#a\"\nminutes_to = [\"list@example.org\"]", `channel[0].minutes_to: needs an SMTP server: set [remind.smtp] addr`},
		{"[site]\nlayout = \"debian\"", `site.layout: layout "debian": want one of gavel, fedora, openstack, meetbot`},
		{"[site]\nlayout = \"fedora\"\nfile_pattern = \"{series}/{id}\"", `site.file_pattern: "{series}/{id}" and site.layout "fedora" ({channel}/{date}/{series}.{date}-{time}) disagree: set one`},
		{"[[schedule]]\nchannel = \"#a\"\ncron = \"0 13 * * FRI\"\nweeks = \"2\"", `schedule[0].weeks: "2": want "odd", "even"`},
		{"[[schedule]]\nchannel = \"#a\"\ncron = \"0 13 * * FRI\"\nskip = [\"25 Dec\"]", `schedule[0].skip: "25 Dec": want a date`},
		{"[[schedule]]\nchannel = \"#a\"\ncron = \"0 13 * * FRI\"\nduration = \"-1h\"", `schedule[0].duration: -1h0m0s is not between`},
		{"[[schedule]]\nchannel = \"#a\"\ncron = \"0 13 1 * FRI\"", `schedule[0].cron: "0 13 1 * FRI": names both days`},
		{`[remind]` + "\n" + `hour = 25`, `remind.hour: 25 is not an hour`},
		{`[irc]` + "\n" + `sever = "x:1"`, `unknown key(s): irc.sever`},
		{`[irc`, `gavel.toml`},
		{`[irc]` + "\n" + `send_burst = -5`, `irc.send_burst: -5 is out of range 1..100`},
		{`[irc]` + "\n" + `send_interval = "-1s"`, `irc.send_interval: -1s is out of range`},
		{`[irc]` + "\n" + `reconnect_max = "30d"`, `irc.reconnect_max: 720h0m0s is out of range`},
		{`[store]` + "\n" + `lock_timeout = "-2s"`, `store.lock_timeout: -2s is out of range`},
		{`[remind]` + "\n" + `before = ["-1d"]`, `remind.before: -24h0m0s is out of range`},
		{`[remind]` + "\n" + `quiet_end = 24`, `remind.quiet_end: 24 is not an hour`},
		{"[[schedule]]\nchannel = \"#a\"\ncron = \"0 13 * * FRI\"\nbefore = [\"-1h\"]", `schedule[0].before: -1h0m0s is out of range`},
		{`[site]` + "\n" + `file_pattern = "../../{series}"`, `site.file_pattern: minutes: file pattern "../../{series}" gives "../../series", which has an empty, '.' or '..' component (a pattern must name files inside site.dir)`},
		{`[site]` + "\n" + `file_pattern = "/etc/{series}"`, `site.file_pattern: minutes: file pattern "/etc/{series}" gives "/etc/series", which is not a relative path`},
		{`[site]` + "\n" + `file_pattern = "{series}/x/../../../y"`, `site.file_pattern`},
		{`[site]` + "\n" + `file_pattern = "{series}/{nope}"`, `unknown placeholder {nope}`},
		{"", `config gavel.toml is empty`},
		{"[[channel]]\nname = \"#a\"\nseries = \"index.html\"", `channel[0].series: "index.html" is not a plain series name`},
		{"[[channel]]\nname = \"#a\"\nseries = \"FUDCon\"", `channel[0].series: "FUDCon" is not a plain series name`},
		{"# only a comment\n\n", `config gavel.toml is empty`},
		{"[limits]\nmax_log_bytes = 12", `limits.max_log_bytes: 12 is out of range 4KiB..1024GiB`},
		{"[limits]\nmax_line_bytes = \"2 parsecs\"", `bad size "2 parsecs"`},
		{"[limits]\nmax_notes_bytes = -1", `limits.max_notes_bytes: -1 is out of range`},
	} {
		_, err := Parse([]byte(tc.conf), "gavel.toml")
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("config %q: error %v, want it to contain %q", tc.conf, err, tc.want)
		}
	}
}

func TestLimits(t *testing.T) {
	c, err := Parse([]byte("[limits]\nmax_log_bytes = \"8MiB\"\nmax_notes_bytes = 65536\n"), "gavel.toml")
	if err != nil {
		t.Fatal(err)
	}
	if c.Limits.LogBytes != 8<<20 || c.Limits.NotesBytes != 65536 || c.Limits.LineBytes != DefaultMaxLineBytes {
		t.Fatalf("limits = %+v", c.Limits)
	}
	for in, want := range map[string]int64{"512": 512, "64KiB": 64 << 10, "16 MB": 16 << 20, "1g": 1 << 30} {
		if got, err := ParseSize(in); err != nil || got != want {
			t.Errorf("ParseSize(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, in := range []string{"", "MiB", "1.5MiB", "99999999999999GiB", "12 furlongs"} {
		if _, err := ParseSize(in); err == nil {
			t.Errorf("ParseSize(%q) accepted", in)
		}
	}
}

func TestDurations(t *testing.T) {
	for in, want := range map[string]time.Duration{"90s": 90 * time.Second, "7d": 7 * 24 * time.Hour, "2w": 14 * 24 * time.Hour,
		"1d12h": 36 * time.Hour, "0": 0} {
		got, err := ParseDuration(in)
		if err != nil || got != want {
			t.Errorf("ParseDuration(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"", "d", "1.5d", "x7d", "7dd", "-"} {
		if _, err := ParseDuration(in); err == nil {
			t.Errorf("ParseDuration(%q) accepted", in)
		}
	}
}

func TestRelativePathsAndChannels(t *testing.T) {
	c, err := Parse([]byte("[irc]\nchannels = [\"#a\", \"#b\"]\n[[channel]]\nname = \"#B\"\n[[channel]]\nname = \"#c\"\n"), "/etc/gavel/gavel.toml")
	if err != nil {
		t.Fatal(err)
	}
	if c.Store.Path != "/etc/gavel/data/gavel.db" || c.Site.Dir != "/etc/gavel/public" {
		t.Fatalf("paths not resolved against the config's folder: %q %q", c.Store.Path, c.Site.Dir)
	}
	if got := strings.Join(c.AllChannels(), " "); got != "#a #b #c" {
		t.Fatalf("AllChannels = %q", got)
	}
}

func FuzzParse(f *testing.F) {
	f.Add("[irc]\nserver = \"a:1\"\n")
	f.Add("[[channel]]\nname = \"#a\"\ntimezone = \"UTC\"\n")
	f.Fuzz(func(t *testing.T, s string) {
		_, _ = Parse([]byte(s), "fuzz.toml") // must not panic
	})
}
