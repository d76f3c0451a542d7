package deadline

// The three English rules of github.com/olebedev/when v1.1.0 (rules/en:
// weekday.go, casual_date.go, deadline.go and the tables of en.go they
// use) that gavel reads dates with, copied so that gavel does not import
// rules/en: that package's init builds en.All, compiling the regexps of
// all its eight rules (about 370 KB, a millisecond) in every gavel command,
// though gavel uses three of them, and only when it reads a deadline.
// TestWhenRulesAsEn checks that each gives what en's gives.
//
// Copyright (c) 2017 Oleg Lebedev; Apache License 2.0
// (https://github.com/olebedev/when/blob/v1.1.0/LICENSE). Changes: the
// names, pointer.ToInt and errors.Wrapf replaced by the standard library.

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/olebedev/when/rules"
)

// enWeekdayOffset is en.WEEKDAY_OFFSET.
var enWeekdayOffset = map[string]int{
	"sunday":    0,
	"sun":       0,
	"monday":    1,
	"mon":       1,
	"tuesday":   2,
	"tue":       2,
	"wednesday": 3,
	"wed":       3,
	"thursday":  4,
	"thur":      4,
	"thu":       4,
	"friday":    5,
	"fri":       5,
	"saturday":  6,
	"sat":       6,
}

// enWeekdayOffsetPattern is en.WEEKDAY_OFFSET_PATTERN.
const enWeekdayOffsetPattern = "(?:sunday|sun|monday|mon|tuesday|tue|wednesday|wed|thursday|thur|thu|friday|fri|saturday|sat)"

// enIntegerWords is en.INTEGER_WORDS.
var enIntegerWords = map[string]int{
	"one":    1,
	"two":    2,
	"three":  3,
	"four":   4,
	"five":   5,
	"six":    6,
	"seven":  7,
	"eight":  8,
	"nine":   9,
	"ten":    10,
	"eleven": 11,
	"twelve": 12,
}

// enIntegerWordsPattern is en.INTEGER_WORDS_PATTERN.
const enIntegerWordsPattern = `(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)`

func intPtr(n int) *int { return &n }

// enWeekday is en.Weekday.
func enWeekday(s rules.Strategy) rules.Rule {
	overwrite := s == rules.Override

	return &rules.F{
		RegExp: regexp.MustCompile("(?i)" +
			"(?:\\W|^)" +
			"(?:on\\s*?)?" +
			"(?:(this|last|past|next)\\s*)?" +
			"(" + enWeekdayOffsetPattern[3:] + // skip '(?:'
			"(?:\\s*(this|last|past|next)\\s*week)?" +
			"(?:\\W|$)",
		),

		Applier: func(m *rules.Match, c *rules.Context, o *rules.Options, ref time.Time) (bool, error) {
			_ = overwrite

			day := strings.ToLower(strings.TrimSpace(m.Captures[1]))
			norm := strings.ToLower(strings.TrimSpace(m.Captures[0] + m.Captures[2]))
			if norm == "" {
				norm = "next"
			}
			dayInt, ok := enWeekdayOffset[day]
			if !ok {
				return false, nil
			}

			if c.Duration != 0 && !overwrite {
				return false, nil
			}

			// Switch:
			switch {
			case strings.Contains(norm, "past") || strings.Contains(norm, "last"):
				diff := int(ref.Weekday()) - dayInt
				if diff > 0 {
					c.Duration = -time.Duration(diff*24) * time.Hour
				} else if diff < 0 {
					c.Duration = -time.Duration(7+diff) * 24 * time.Hour
				} else {
					c.Duration = -(7 * 24 * time.Hour)
				}
			case strings.Contains(norm, "next"):
				diff := dayInt - int(ref.Weekday())
				if diff > 0 {
					c.Duration = time.Duration(diff*24) * time.Hour
				} else if diff < 0 {
					c.Duration = time.Duration(7+diff) * 24 * time.Hour
				} else {
					c.Duration = 7 * 24 * time.Hour
				}
			case strings.Contains(norm, "this"):
				if int(ref.Weekday()) < dayInt {
					diff := dayInt - int(ref.Weekday())
					if diff > 0 {
						c.Duration = time.Duration(diff*24) * time.Hour
					} else if diff < 0 {
						c.Duration = time.Duration(7+diff) * 24 * time.Hour
					} else {
						c.Duration = 7 * 24 * time.Hour
					}
				} else if int(ref.Weekday()) > dayInt {
					diff := int(ref.Weekday()) - dayInt
					if diff > 0 {
						c.Duration = -time.Duration(diff*24) * time.Hour
					} else if diff < 0 {
						c.Duration = -time.Duration(7+diff) * 24 * time.Hour
					} else {
						c.Duration = -(7 * 24 * time.Hour)
					}
				}
			}

			return true, nil
		},
	}
}

// enCasualDate is en.CasualDate.
func enCasualDate(s rules.Strategy) rules.Rule {
	overwrite := s == rules.Override

	return &rules.F{
		RegExp: regexp.MustCompile("(?i)(?:\\W|^)(now|today|tonight|last\\s*night|(?:tomorrow|tmr|yesterday)\\s*|tomorrow|tmr|yesterday)(?:\\W|$)"),
		Applier: func(m *rules.Match, c *rules.Context, o *rules.Options, ref time.Time) (bool, error) {
			lower := strings.ToLower(strings.TrimSpace(m.String()))

			switch {
			case strings.Contains(lower, "tonight"):
				if c.Hour == nil && c.Minute == nil || overwrite {
					c.Hour = intPtr(23)
					c.Minute = intPtr(0)
				}
			case strings.Contains(lower, "today"):
				// c.Hour = pointer.ToInt(18)
			case strings.Contains(lower, "tomorrow"), strings.Contains(lower, "tmr"):
				if c.Duration == 0 || overwrite {
					c.Duration += time.Hour * 24
				}
			case strings.Contains(lower, "yesterday"):
				if c.Duration == 0 || overwrite {
					c.Duration -= time.Hour * 24
				}
			case strings.Contains(lower, "last night"):
				if (c.Hour == nil && c.Duration == 0) || overwrite {
					c.Hour = intPtr(23)
					c.Duration -= time.Hour * 24
				}
			}

			return true, nil
		},
	}
}

// enDeadline is en.Deadline.
func enDeadline(s rules.Strategy) rules.Rule {
	overwrite := s == rules.Override

	return &rules.F{
		RegExp: regexp.MustCompile(
			"(?i)(?:\\W|^)(within|in)\\s*" +
				"(" + enIntegerWordsPattern + "|[0-9]+|an?(?:\\s*few)?|half(?:\\s*an?)?)\\s*" +
				"(seconds?|min(?:ute)?s?|hours?|days?|weeks?|months?|years?)\\s*" +
				"(?:\\W|$)"),
		Applier: func(m *rules.Match, c *rules.Context, o *rules.Options, ref time.Time) (bool, error) {

			numStr := strings.TrimSpace(m.Captures[1])

			var num int
			var err error

			if n, ok := enIntegerWords[numStr]; ok {
				num = n
			} else if numStr == "a" || numStr == "an" {
				num = 1
			} else if strings.Contains(numStr, "few") {
				num = 3
			} else if strings.Contains(numStr, "half") {
				// pass
			} else {
				num, err = strconv.Atoi(numStr)
				if err != nil {
					return false, fmt.Errorf("convert '%s' to int: %w", numStr, err)
				}
			}

			exponent := strings.TrimSpace(m.Captures[2])

			if !strings.Contains(numStr, "half") {
				switch {
				case strings.Contains(exponent, "second"):
					if c.Duration == 0 || overwrite {
						c.Duration = time.Duration(num) * time.Second
					}
				case strings.Contains(exponent, "min"):
					if c.Duration == 0 || overwrite {
						c.Duration = time.Duration(num) * time.Minute
					}
				case strings.Contains(exponent, "hour"):
					if c.Duration == 0 || overwrite {
						c.Duration = time.Duration(num) * time.Hour
					}
				case strings.Contains(exponent, "day"):
					if c.Duration == 0 || overwrite {
						c.Duration = time.Duration(num) * 24 * time.Hour
					}
				case strings.Contains(exponent, "week"):
					if c.Duration == 0 || overwrite {
						c.Duration = time.Duration(num) * 7 * 24 * time.Hour
					}
				case strings.Contains(exponent, "month"):
					if c.Month == nil || overwrite {
						c.Month = intPtr((int(ref.Month()) + num) % 12)
					}
				case strings.Contains(exponent, "year"):
					if c.Year == nil || overwrite {
						c.Year = intPtr(ref.Year() + num)
					}
				}
			} else {
				switch {
				case strings.Contains(exponent, "hour"):
					if c.Duration == 0 || overwrite {
						c.Duration = 30 * time.Minute
					}
				case strings.Contains(exponent, "day"):
					if c.Duration == 0 || overwrite {
						c.Duration = 12 * time.Hour
					}
				case strings.Contains(exponent, "week"):
					if c.Duration == 0 || overwrite {
						c.Duration = 7 * 12 * time.Hour
					}
				case strings.Contains(exponent, "month"):
					if c.Duration == 0 || overwrite {
						// 2 weeks
						c.Duration = 14 * 24 * time.Hour
					}
				case strings.Contains(exponent, "year"):
					if c.Month == nil || overwrite {
						c.Month = intPtr((int(ref.Month()) + 6) % 12)
					}
				}
			}

			return true, nil
		},
	}
}
