package bot

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gavel-irc/gavel/internal/ircdtest"
	"github.com/gavel-irc/gavel/internal/testenv"
)

// TestWithII drives a whole meeting from Debian's ii, a real terminal IRC
// client: ii writes what it receives to files and reads what to say from
// FIFOs.
func TestWithII(t *testing.T) {
	iiBin := testenv.Need(t, "ii", "apt-get install -y ii")
	srv := ircdtest.Start(t)
	pub := &recPublisher{}
	startBot(t, testConfig(t, srv.Addr, "", ""), pub)

	dir := t.TempDir()
	cmd := exec.Command(iiBin, "-s", "127.0.0.1", "-p", itoa(srv.Port), "-n", "iiuser", "-i", dir)
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	server := filepath.Join(dir, "127.0.0.1")
	eventually(t, "ii's FIFO", func() bool { return isFIFO(filepath.Join(server, "in")) })
	writeFIFO(t, filepath.Join(server, "in"), "/j #meet")
	chdir := filepath.Join(server, "#meet")
	eventually(t, "ii to join #meet", func() bool {
		b, _ := os.ReadFile(filepath.Join(chdir, "out"))
		return strings.Contains(string(b), "iiuser") && strings.Contains(string(b), "has joined")
	})
	for _, l := range []string{"#startmeeting ii meeting", "#topic Testing with ii", "#info ii works", "#action iiuser to file bugs", "#endmeeting"} {
		writeFIFO(t, filepath.Join(chdir, "in"), l)
		time.Sleep(20 * time.Millisecond) // ii reads the FIFO line by line
	}
	var out string
	eventually(t, "the minutes URLs in ii's output", func() bool {
		b, _ := os.ReadFile(filepath.Join(chdir, "out"))
		out = string(b)
		return strings.Contains(out, "Log:")
	})
	for _, want := range []string{"<gavel> Meeting started", "The chair is iiuser", "changed topic to \"Testing with ii\"", "<gavel> Meeting ended", "<gavel> Minutes:"} {
		if !strings.Contains(out, want) {
			t.Errorf("ii output lacks %q:\n%s", want, out)
		}
	}
	m := pub.endedMeetings()[0]
	for _, want := range []string{"iiuser: #info ii works", "iiuser: #action iiuser to file bugs"} {
		if !contains(logTexts(m), want) {
			t.Errorf("minutes lack %q", want)
		}
	}
}

func isFIFO(name string) bool {
	fi, err := os.Stat(name)
	return err == nil && fi.Mode()&os.ModeNamedPipe != 0
}

func writeFIFO(t *testing.T, name, line string) {
	t.Helper()
	f, err := os.OpenFile(name, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteString(line + "\n"); err != nil {
		t.Fatal(err)
	}
}
