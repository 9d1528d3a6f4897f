package schedules

import (
	"context"
	"time"

	"github.com/robfig/cron/v3"
)

// Locker decides which of several daemons over one config runs a source:
// each source is run by one daemon at a time (the lock holder), and a
// schedule tick by at most one. The Daemon asks it at every tick before a
// run; nil means this daemon runs everything (one daemon per config).
// schedules/lockzk.go implements it with ZooKeeper.
type Locker interface {
	// Claim reports whether this daemon holds source's lock and tick is its
	// to run; when it is, tick is recorded so that no daemon (this one
	// after a restart, another after a takeover) runs it again. A tick
	// already recorded, or an earlier one, is refused. An error means the
	// lock could not be read: the daemon does not run the source.
	Claim(ctx context.Context, source string, tick time.Time) (Claim, error)
	// Holders reports who holds each source's lock, for /metrics and
	// `newsetl sources`; a source nobody contends for is absent.
	Holders(ctx context.Context, sources []string) (map[string]LockHolder, error)
}

// Claim is a Locker's answer for one tick of one source.
type Claim struct {
	Run    bool
	Holder LockHolder // the holder of the source's lock ("" ID when nobody holds it)
	Why    string     // why not, when Run is false: "held by ...", "tick ... already run"
	// Lost, when not nil, is closed if the lock is lost while the run goes
	// on (the session ended): the Daemon stops the run, which writes what
	// it has read and records itself, so that two daemons never run one
	// source at once.
	Lost <-chan struct{}
	// Done, when not nil, is called once the run is over: the Locker may
	// then hand the lock to another daemon to share the sources.
	Done func()
}

// LockHolder is the daemon holding a source's lock and how long the lock
// outlives it when it dies.
type LockHolder struct {
	ID       string        // host:pid of the daemon
	Self     bool          // the daemon asking holds it
	Lease    time.Duration // the ZooKeeper session timeout: a dead holder's locks go after this
	LastTick time.Time     // the last tick claimed by any daemon; zero when none
}

// alignedEvery is an @every schedule on a grid from the Unix epoch: every
// daemon over the same config fires at the same instants, so that a tick is
// one instant shared by all of them (with robfig's own @every, each daemon
// counts from its start).
type alignedEvery struct{ every time.Duration }

func (a alignedEvery) Next(t time.Time) time.Time { return t.Truncate(a.every).Add(a.every) }

// sharedSchedule returns s as every daemon can agree on it: @every on the
// epoch grid; cron specs are on the wall clock already.
func sharedSchedule(s cron.Schedule) cron.Schedule {
	if c, ok := s.(cron.ConstantDelaySchedule); ok {
		return alignedEvery{every: c.Delay}
	}
	return s
}

// tickOf is the scheduled instant a job fired for at now: schedules fire on
// whole seconds (robfig rounds @every to seconds, cron specs have no
// sub-second field), a moment after the instant.
func tickOf(now time.Time) time.Time { return now.Truncate(time.Second) }
