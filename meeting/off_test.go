package meeting

import (
	"reflect"
	"testing"
)

// TestOffRecord: lines starting with "[off]" (any case, leading blanks,
// /me too) are not logged, not counted and not acted on, even when they
// hold a command; the meeting is the same as one where they were never
// said, line numbers included; #restrictlogs still works beside them.
func TestOffRecord(t *testing.T) {
	with, res := run(t, Options{BotNick: "gavel"},
		"alice #startmeeting Off test",
		"bob [off] my phone number is 555",
		"alice #topic Budget",
		"carol   [OFF] #action carol to leak it",
		"* dave [off] sighs",
		"bob #info on the record",
		"alice #restrictlogs",
		"alice #endmeeting",
	)
	for i, r := range res {
		if i == 1 || i == 3 || i == 4 {
			if r.Recorded || r.Changed || len(r.Replies) > 0 || r.Meeting != nil {
				t.Errorf("off-record line %d: %+v", i, r)
			}
		}
	}
	without, _ := run(t, Options{BotNick: "gavel"},
		"alice #startmeeting Off test",
		"alice #topic Budget",
		"bob #info on the record",
		"alice #restrictlogs",
		"alice #endmeeting",
	)
	if len(with.Log) != len(without.Log) {
		t.Fatalf("log with [off] lines has %d lines, without %d", len(with.Log), len(without.Log))
	}
	for i := range with.Log {
		a, b := with.Log[i], without.Log[i]
		if a.Kind == KindBot && a.Text != b.Text && a.Text[:13] == "Meeting ended" {
			continue // said at another time
		}
		if a.Nick != b.Nick || a.Text != b.Text || a.Kind != b.Kind {
			t.Errorf("line %d: %+v, without the [off] lines %+v", i, a, b)
		}
	}
	for _, l := range with.Log {
		if l.Text == "" || l.Nick == "carol" || l.Nick == "dave" {
			t.Errorf("off-record speaker logged: %+v", l)
		}
	}
	if _, ok := with.Lines["carol"]; ok {
		t.Errorf("carol counted as present: %v", with.Lines)
	}
	if !reflect.DeepEqual(with.Lines, without.Lines) || len(with.Items) != len(without.Items) || len(with.Actions()) != 0 {
		t.Errorf("lines %v / %v, items %d / %d", with.Lines, without.Lines, len(with.Items), len(without.Items))
	}
	if !with.Restricted {
		t.Error("#restrictlogs lost beside [off] lines")
	}
	// "[offline]" and "[off" are on the record; so is a line that only
	// mentions [off] later.
	m, _ := run(t, Options{}, "alice #startmeeting", "bob [offline] back soon", "bob I said [off] earlier")
	if len(m.Log) != 3 {
		t.Errorf("log %+v", m.Log)
	}
}
