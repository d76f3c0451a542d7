package remind

import (
	"strings"
	"testing"
	"time"
)

func mustLoad(t testing.TB, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatalf("load zone %s: %v", name, err)
	}
	return loc
}

func utc(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

// defaultPolicy is the [remind] default: 7d, 1d, 0d before, every 2d for
// 14d overdue, at 09:00, quiet 22-08.
func defaultPolicy() Policy {
	return Policy{Before: []time.Duration{7 * day, day, 0}, OverdueEvery: 2 * day, OverdueFor: 14 * day,
		Hour: 9, QuietStart: 22, QuietEnd: 8}
}

func TestInstantsTimeZonesAndDST(t *testing.T) {
	noQuiet := func(p Policy) Policy { p.QuietStart, p.QuietEnd = 0, 0; return p }
	tests := []struct {
		name   string
		zone   string
		due    string
		policy Policy
		// want are the instants in UTC, RFC 3339.
		want []string
	}{
		{
			name: "Kolkata has no DST: 09:00 IST is always 03:30Z", zone: "Asia/Kolkata", due: "2026-03-08",
			policy: defaultPolicy(),
			want: []string{"2026-03-01T03:30:00Z", "2026-03-07T03:30:00Z", "2026-03-08T03:30:00Z",
				"2026-03-10T03:30:00Z", "2026-03-12T03:30:00Z", "2026-03-14T03:30:00Z", "2026-03-16T03:30:00Z",
				"2026-03-18T03:30:00Z", "2026-03-20T03:30:00Z", "2026-03-22T03:30:00Z"},
		},
		{
			name: "New York spring forward: 7d before is 09:00 EST, the day itself 09:00 EDT", zone: "America/New_York",
			due: "2026-03-08", policy: Policy{Before: []time.Duration{7 * day, day, 0}, OverdueEvery: 2 * day, OverdueFor: 2 * day, Hour: 9},
			want: []string{"2026-03-01T14:00:00Z", "2026-03-07T14:00:00Z", "2026-03-08T13:00:00Z", "2026-03-10T13:00:00Z"},
		},
		{
			name: "New York fall back: 7d before is 09:00 EDT, the day itself 09:00 EST", zone: "America/New_York",
			due: "2026-11-01", policy: Policy{Before: []time.Duration{7 * day, day, 0}, Hour: 9},
			want: []string{"2026-10-25T13:00:00Z", "2026-10-31T13:00:00Z", "2026-11-01T14:00:00Z"},
		},
		{
			name: "an hour in the spring-forward gap (02:00) becomes 03:00 EDT", zone: "America/New_York",
			due: "2026-03-08", policy: noQuiet(Policy{Before: []time.Duration{0}, Hour: 2}),
			want: []string{"2026-03-08T07:00:00Z"},
		},
		{
			name: "an hour in the repeated fall-back hour (01:00) gives one instant", zone: "America/New_York",
			due: "2026-11-01", policy: noQuiet(Policy{Before: []time.Duration{0}, Hour: 1}),
			want: []string{"2026-11-01T05:00:00Z"},
		},
		{
			name: "sub-day Before lands in quiet hours and waits for 08:00; two rules landing there give one instant",
			zone: "Asia/Kolkata", due: "2026-08-20",
			policy: Policy{Before: []time.Duration{2 * time.Hour, 90 * time.Minute, 12 * time.Hour}, Hour: 9, QuietStart: 22, QuietEnd: 8},
			want:   []string{"2026-08-19T15:30:00Z", "2026-08-20T02:30:00Z"},
		},
		{
			name: "a quiet hour late in the evening moves to the next morning", zone: "America/New_York",
			due: "2026-11-02", policy: Policy{Before: []time.Duration{10 * time.Hour}, Hour: 9, QuietStart: 22, QuietEnd: 8},
			// 23:00 EST on Nov 1 -> 08:00 EST on Nov 2
			want: []string{"2026-11-02T13:00:00Z"},
		},
		{
			name: "quiet hours that do not wrap midnight (12-14)", zone: "UTC", due: "2026-08-20",
			policy: Policy{Before: []time.Duration{0}, Hour: 13, QuietStart: 12, QuietEnd: 14},
			want:   []string{"2026-08-20T14:00:00Z"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			loc := mustLoad(t, tc.zone)
			due, err := ParseDate(tc.due)
			if err != nil {
				t.Fatal(err)
			}
			got := tc.policy.Instants(due, loc, time.Time{})
			var gs []string
			for _, g := range got {
				gs = append(gs, g.UTC().Format(time.RFC3339))
			}
			if strings.Join(gs, " ") != strings.Join(tc.want, " ") {
				t.Errorf("instants\n got %v\nwant %v", gs, tc.want)
			}
		})
	}
}

func TestInstantsKeepLocalHourAcrossDST(t *testing.T) {
	// Every default instant of every due date around both 2026 changes is
	// at 09:00 local time, in both zones.
	p := defaultPolicy()
	for _, zone := range []string{"America/New_York", "Asia/Kolkata"} {
		loc := mustLoad(t, zone)
		for _, start := range []string{"2026-02-25", "2026-10-20"} {
			d0, _ := ParseDate(start)
			for i := 0; i < 30; i++ {
				d := DateOf(d0.At(12, time.UTC).AddDate(0, 0, i), time.UTC)
				for _, at := range p.Instants(d, loc, time.Time{}) {
					if lt := at.In(loc); lt.Hour() != 9 || lt.Minute() != 0 {
						t.Errorf("%s due %s: instant %s is not 09:00 local", zone, d, lt)
					}
				}
			}
		}
	}
}

func TestSnooze(t *testing.T) {
	p := defaultPolicy()
	loc := mustLoad(t, "Asia/Kolkata")
	due, _ := ParseDate("2026-08-20")
	snoozed := utc("2026-08-19T06:00:00Z") // 11:30 IST, after the 1d-before ping
	got := p.Instants(due, loc, snoozed)
	if !got[0].Equal(snoozed) {
		t.Fatalf("first instant after snooze = %s, want the snooze end %s", got[0], snoozed)
	}
	for _, g := range got {
		if g.Before(snoozed) {
			t.Errorf("instant %s before the snooze end", g)
		}
	}
	// A snooze that ends in quiet hours is delayed too.
	night := utc("2026-08-19T18:00:00Z") // 23:30 IST
	if got := p.Instants(due, loc, night); !got[0].Equal(utc("2026-08-20T02:30:00Z")) {
		t.Errorf("snooze ending 23:30 IST: first instant %s, want 08:00 IST", got[0])
	}
}

func TestLatest(t *testing.T) {
	p := defaultPolicy()
	loc := time.UTC
	due, _ := ParseDate("2026-08-20")
	tests := []struct {
		now  string
		want string // "" = none
	}{
		{"2026-08-13T08:59:00Z", ""},
		{"2026-08-13T09:00:00Z", "2026-08-13T09:00:00Z"},
		{"2026-08-19T08:00:00Z", "2026-08-13T09:00:00Z"},
		{"2026-08-21T00:00:00Z", "2026-08-20T09:00:00Z"},
		{"2026-09-03T09:00:00Z", "2026-09-03T09:00:00Z"}, // last overdue ping
		{"2026-09-05T09:00:00Z", "2026-09-03T09:00:00Z"}, // still current for OverdueEvery
		{"2026-09-05T09:01:00Z", ""},                     // expired
	}
	for _, tc := range tests {
		got, ok := p.Latest(due, loc, time.Time{}, utc(tc.now))
		gs := ""
		if ok {
			gs = got.UTC().Format(time.RFC3339)
		}
		if gs != tc.want {
			t.Errorf("Latest at %s = %q, want %q", tc.now, gs, tc.want)
		}
	}
}

func TestParseDate(t *testing.T) {
	for _, bad := range []string{"", "2026-13-01", "Aug 20", "2026-02-30"} {
		if _, err := ParseDate(bad); err == nil || !strings.Contains(err.Error(), "YYYY-MM-DD") {
			t.Errorf("ParseDate(%q) = %v, want an error naming the format", bad, err)
		}
	}
}

func FuzzPolicyInstants(f *testing.F) {
	f.Add("2026-03-08", "America/New_York", int64(7*day), 9, 22, 8)
	f.Add("2026-11-01", "Asia/Kolkata", int64(90*time.Minute), 1, 0, 0)
	f.Fuzz(func(t *testing.T, dueS, zone string, before int64, hour, qs, qe int) {
		due, err := ParseDate(dueS)
		if err != nil {
			return
		}
		loc, err := time.LoadLocation(zone)
		if err != nil || hour < 0 || hour > 23 || qs < 0 || qs > 23 || qe < 0 || qe > 23 || before < 0 || before > int64(400*day) {
			return
		}
		p := Policy{Before: []time.Duration{time.Duration(before), 0}, OverdueEvery: day, OverdueFor: 3 * day, Hour: hour, QuietStart: qs, QuietEnd: qe}
		got := p.Instants(due, loc, time.Time{})
		for i := range got {
			if i > 0 && !got[i].After(got[i-1]) {
				t.Fatalf("instants not strictly ascending: %v", got)
			}
			if p.quiet(got[i].In(loc).Hour()) {
				t.Fatalf("instant %s in quiet hours %d-%d", got[i].In(loc), qs, qe)
			}
		}
	})
}
