package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

// stopSignal is the cause of a command's context when SIGINT (Ctrl-C) or
// SIGTERM stopped it.
type stopSignal struct{ sig os.Signal }

func (s stopSignal) Error() string { return "stopped by " + signalName(s.sig) }

func signalName(sig os.Signal) string {
	switch sig {
	case os.Interrupt:
		return "SIGINT (Ctrl-C)"
	case syscall.SIGTERM:
		return "SIGTERM"
	}
	return sig.String()
}

// signalContext returns a context cancelled, with a stopSignal as its
// cause, at the first SIGINT or SIGTERM. After that first signal gavel no
// longer catches them: a second one ends the process at once. stop
// releases the signals.
func signalContext() (ctx context.Context, stop func()) {
	ctx, cancel := context.WithCancelCause(context.Background())
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	done := make(chan struct{})
	go func() {
		select {
		case sig := <-sigs:
			signal.Stop(sigs)
			cancel(stopSignal{sig})
		case <-done:
		}
	}()
	return ctx, func() {
		signal.Stop(sigs)
		close(done)
		cancel(nil)
	}
}

// stoppedBySignal reports the message and exit status of a command that
// returned err after a signal cancelled ctx: "stopped by SIGTERM" and
// 128 plus the signal's number, as a shell reports a process the signal
// ended. ok is false when no signal stopped it.
func stoppedBySignal(ctx context.Context, err error) (msg string, code int, ok bool) {
	var s stopSignal
	if err == nil || !errors.As(context.Cause(ctx), &s) || !errors.Is(err, context.Canceled) {
		return "", 0, false
	}
	code = 130
	if n, isSys := s.sig.(syscall.Signal); isSys {
		code = 128 + int(n)
	}
	return fmt.Sprintf("%s; stopped at a safe point: what was stored or written before stays, nothing is half-written", s), code, true
}
