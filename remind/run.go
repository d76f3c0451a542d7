package remind

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/robfig/cron/v3"
)

// TickResult says what one Tick did.
type TickResult struct {
	SweepResult
	// Announced is how many announcement and digest lines were said.
	Announced int
	// MinutesMailed is how many meetings' minutes were mailed.
	MinutesMailed int
}

// Tick runs everything that may be due now: the reminder sweep (with
// delivery to owners who are online), the announcements and digests, and
// the minutes mail of ended meetings.
// Every cron job calls it, and Start calls it once to catch up; it is
// idempotent, so extra or missing calls change nothing but latency.
func (r *Reminder) Tick(ctx context.Context) (TickResult, error) {
	var res TickResult
	var err1 error
	if r.cfg.Remind.Enabled == nil || *r.cfg.Remind.Enabled {
		res.SweepResult, err1 = r.Sweep(ctx)
	} else {
		// No sweep: still retry channel messages that could not be said.
		res.Delivered, err1 = r.FlushOnline(ctx)
	}
	n, err2 := r.Announce(ctx)
	res.Announced = n
	mailed, err3 := r.MailMinutes(ctx)
	res.MinutesMailed = mailed
	return res, errors.Join(err1, err2, err3)
}

// Start runs the reminder in the background: a catch-up Tick now, then a
// Tick on the [remind] sweep spec, at every announcement instant of every
// [[schedule]] (occurrence minus each Before, in the schedule's CRON_TZ) and
// on the digest spec. It returns at once; Stop (or cancelling ctx) ends it.
// With [remind] enabled = false only the announcements and digests run.
func (r *Reminder) Start(ctx context.Context) error {
	r.runMu.Lock()
	defer r.runMu.Unlock()
	if r.cron != nil {
		return errors.New("remind: already started")
	}
	ctx, cancel := context.WithCancel(ctx)
	c := cron.New(cron.WithLocation(time.UTC), cron.WithChain(cron.SkipIfStillRunning(cron.DiscardLogger)))
	job := cron.FuncJob(func() {
		if ctx.Err() != nil {
			return
		}
		if _, err := r.Tick(ctx); err != nil && ctx.Err() == nil {
			r.log.Error("remind: tick failed", "err", err)
		}
	})
	sweep, err := parseSpec(r.cfg.Remind.Sweep)
	if err != nil {
		cancel()
		return err
	}
	if r.cfg.Remind.Enabled == nil || *r.cfg.Remind.Enabled {
		c.Schedule(sweep, job)
	}
	for _, s := range r.cfg.Schedule {
		if s.Spec == nil {
			continue
		}
		c.Schedule(announceSchedule{spec: s.Spec, befores: befores(s)}, job)
	}
	if r.cfg.Remind.Digest != "" {
		d, err := parseSpec(r.cfg.Remind.Digest)
		if err != nil {
			cancel()
			return err
		}
		c.Schedule(d, job)
	}
	if r.mail != nil {
		// Mailing begins now, not at the catch-up Tick below, which may
		// come after a meeting that ends right after the start (it
		// would then count as the archive and never be mailed).
		r.mailMu.Lock()
		_, err := r.mailChannels(r.clock.Now())
		r.mailMu.Unlock()
		if err != nil {
			r.log.Error("remind: minutes mail", "err", err)
		}
	}
	r.cron, r.cancel = c, cancel
	r.wg.Add(2)
	go func() {
		defer r.wg.Done()
		r.mailLoop(ctx)
	}()
	go func() {
		defer r.wg.Done()
		job.Run() // catch up after downtime before the first scheduled run
		c.Start()
	}()
	return nil
}

// Stop ends what Start began and waits for a running Tick to finish.
func (r *Reminder) Stop() {
	r.runMu.Lock()
	c, cancel := r.cron, r.cancel
	r.cron, r.cancel = nil, nil
	r.runMu.Unlock()
	if c == nil {
		return
	}
	cancel()
	r.wg.Wait()
	<-c.Stop().Done()
}

// String describes the reminder's schedule, for logs.
func (r *Reminder) String() string {
	return fmt.Sprintf("remind: sweep %q, %d schedule(s), digest %q", r.cfg.Remind.Sweep, len(r.cfg.Schedule), r.cfg.Remind.Digest)
}
