package config

import (
	"os"
	"strings"
	"testing"
)

// TestReadmeExample keeps the configuration shown in README.md valid.
func TestReadmeExample(t *testing.T) {
	b, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	i := strings.Index(s, "```toml\n")
	if i < 0 {
		t.Fatal("README.md has no ```toml block")
	}
	s = s[i+len("```toml\n"):]
	s = s[:strings.Index(s, "```")]
	c, err := Parse([]byte(s), "README.md")
	if err != nil {
		t.Fatalf("README's example configuration: %v", err)
	}
	if c.IRC.Server != "irc.libera.chat:6697" || len(c.Schedule) != 1 || c.ChannelConfig("#fudcon-planning").Location.String() != "Asia/Kolkata" {
		t.Fatalf("README's example decoded wrongly: %+v", c)
	}
}
