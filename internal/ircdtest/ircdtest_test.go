package ircdtest

import (
	"testing"
	"time"
)

func TestServerAndClients(t *testing.T) {
	s := Start(t)
	a := Dial(t, s.Addr, "alice")
	a.Join("#test")
	b := Dial(t, s.Addr, "bob")
	b.Join("#test")
	a.Wait(`^:bob!\S+ JOIN :?#test`)
	a.Privmsg("#test", "hello bob")
	b.Wait(`^:alice!\S+ PRIVMSG #test :hello bob$`)
	b.Action("#test", "waves")
	a.Wait("^:bob!\\S+ PRIVMSG #test :\x01ACTION waves\x01$")
}

func TestRestartDropsClients(t *testing.T) {
	s := Start(t)
	a := Dial(t, s.Addr, "alice")
	s.Restart()
	deadline := time.Now().Add(5 * time.Second)
	for !a.Closed() && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if !a.Closed() {
		t.Fatal("old client still connected after restart")
	}
	Dial(t, s.Addr, "alice") // the same port works again
}
