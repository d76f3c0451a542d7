package store

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"github.com/gavel-irc/gavel/meeting"
)

func eventSeeds() [][]byte {
	ist := time.FixedZone("IST", 19800)
	evs := []meeting.Event{
		{},
		ev(1),
		{Time: t0.In(ist).Add(123456789), Channel: "#c", Nick: "pjp", Text: `<b>"x" & y</b> \ tab	é 日本`, Kind: meeting.KindAction, Op: true},
		{Time: t0, Nick: "a", Text: "bad \xff utf8", Kind: meeting.KindNick},
	}
	var out [][]byte
	for _, e := range evs {
		v, _ := encodeEvent(e)
		out = append(out, v)
	}
	return append(out,
		[]byte(`{"t":"2026-08-07T13:00:00Z","x":"a","x":"b"}`),
		[]byte(`{"T":"2026-08-07T13:00:00Z","N":"upper"}`),
		[]byte(` {"n":"space"}`),
		[]byte(`{"n":"a","op":null}`),
		[]byte(`{"n":"a",}`),
		[]byte(`{"t":"2026-8-7T13:00:00Z"}`),
		[]byte(`{"n":"\u0041\ud83d\ude00"}`),
		[]byte(`{"n":"a\nb"}`),
		[]byte(`{"zz":1,"n":"a"}`),
	)
}

// FuzzDecodeEvent checks that the fast event decoder agrees with
// encoding/json on any input: the same event, or an error from both.
func FuzzDecodeEvent(f *testing.F) {
	for _, s := range eventSeeds() {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v []byte) {
		var want meeting.Event
		werr := json.Unmarshal(v, &want)
		var got meeting.Event
		gerr := decodeEvent(v, &got, &interner{})
		if (werr == nil) != (gerr == nil) {
			t.Fatalf("%q: encoding/json error %v, decodeEvent error %v", v, werr, gerr)
		}
		if werr == nil && !reflect.DeepEqual(got, want) {
			t.Fatalf("%q: decodeEvent %+v, encoding/json %+v", v, got, want)
		}
	})
}

// FuzzEventRoundTrip checks that whatever text an event carries, the stored
// form decodes on the fast path to the same event.
func FuzzEventRoundTrip(f *testing.F) {
	f.Add("pjp", "#action pjp to book <hotels> & \"food\" \\o/", int64(0), true)
	f.Add("", "\x00\xff\u2028", int64(-1), false)
	f.Fuzz(func(t *testing.T, nick, text string, ns int64, op bool) {
		e := meeting.Event{Time: t0.Add(time.Duration(ns)), Channel: "#c", Nick: nick, Text: text, Op: op}
		v, err := encodeEvent(e)
		if err != nil {
			t.Fatal(err)
		}
		var want, got meeting.Event
		if err := json.Unmarshal(v, &want); err != nil {
			t.Fatal(err)
		}
		if !fastDecodeEvent(v, &got, nil) {
			t.Fatalf("%q: not decoded on the fast path", v)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("%q: fast %+v, encoding/json %+v", v, got, want)
		}
	})
}

// FuzzEncodeEvent checks that encodeEvent writes exactly what json.Marshal
// writes for any event, times outside RFC 3339's range included.
func FuzzEncodeEvent(f *testing.F) {
	f.Add("#c", "pjp", "#action pjp to book <hotels> & \"food\" \\o/", "action", int64(0), 0, true)
	f.Add("", "", "\x00\xff\u2028\u2029\t\n", "", int64(-1), 19800, false)
	f.Add("#c", "n", "x", "", int64(1)<<62, -3600, false)
	f.Fuzz(func(t *testing.T, channel, nick, text, kind string, ns int64, offset int, op bool) {
		e := meeting.Event{Time: time.Unix(0, ns).In(time.FixedZone("z", offset%(30*3600))), Channel: channel, Nick: nick,
			Text: text, Kind: meeting.EventKind(kind), Op: op}
		want, werr := json.Marshal(e)
		got, gerr := encodeEvent(e)
		if (werr == nil) != (gerr == nil) || string(got) != string(want) {
			t.Fatalf("%+v: encodeEvent %q (%v), json.Marshal %q (%v)", e, got, gerr, want, werr)
		}
	})
}

func TestFastPathTaken(t *testing.T) {
	for _, e := range []meeting.Event{ev(1), {Time: t0, Nick: "x", Text: "a & b <c>", Op: true, Kind: meeting.KindBot}} {
		v, _ := encodeEvent(e)
		var got meeting.Event
		if !fastDecodeEvent(v, &got, nil) {
			t.Errorf("%s: not on the fast path", v)
		}
	}
}
