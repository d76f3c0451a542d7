package deadline_test

import (
	"fmt"
	"time"

	"github.com/gavel-irc/gavel/deadline"
)

func ExampleFind() {
	text := "kushal to book the hotel by next Friday, then tell the list"
	phrase, _, _, found := deadline.Find(text)
	meetingDay := time.Date(2026, 7, 22, 18, 30, 0, 0, time.UTC)
	due, ok := deadline.Parse(phrase, meetingDay)
	fmt.Println(found, phrase, ok, due.Format("2006-01-02"))
	// Output: true next Friday true 2026-07-24
}
