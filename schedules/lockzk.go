package schedules

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/go-zookeeper/zk"
)

// ZKLocker is a Locker on ZooKeeper, the ensemble a ClickHouse cluster's
// replication already needs. For each source, under root:
//
//	sources/<source>/lock/   one ephemeral sequential node per daemon
//	                         contending for the source (data: host:pid);
//	                         the lowest sequence holds the lock
//	sources/<source>/tick    the last tick claimed (Unix seconds, holder),
//	                         set with a version check
//
// A daemon joins a source's lock at its first tick and stays in line until
// it stops (Close deletes its nodes at once) or its session ends (ZooKeeper
// deletes them after the session timeout, the lease): the next in line then
// holds the lock. A holder that lost its session and got a new one joins
// at the back of the line.
type ZKLocker struct {
	conn  *zk.Conn
	root  string
	id    string
	lease time.Duration
	log   *slog.Logger

	regMu  sync.Mutex // one registration at a time (the first tick claims every source at once)
	mu     sync.Mutex
	mine   map[string]string // source → name of this daemon's node in its lock dir
	held   map[string]bool   // sources whose lock this daemon held at its last claim
	lost   chan struct{}     // closed when the session holding the current claims ends
	member string            // this daemon's node under daemons/ ("" until its first claim)
}

// DialZK connects to servers with the session timeout lease. id names this
// daemon in the locks ("" means host:pid).
func DialZK(servers []string, root string, lease time.Duration, id string, log *slog.Logger) (*ZKLocker, error) {
	if log == nil {
		log = slog.Default()
	}
	if id == "" {
		host, _ := os.Hostname()
		id = host + ":" + strconv.Itoa(os.Getpid())
	}
	conn, events, err := zk.Connect(servers, lease, zk.WithLogger(zkLog{log}), zk.WithLogInfo(false))
	if err != nil {
		return nil, fmt.Errorf("zookeeper %s: %w", strings.Join(servers, ","), err)
	}
	l := &ZKLocker{conn: conn, root: root, id: id, lease: lease, log: log, mine: map[string]string{}, held: map[string]bool{},
		lost: make(chan struct{})}
	go l.watch(events)
	return l, nil
}

// watch ends the claims of a session that is over: expired, or cut off
// from ZooKeeper for a whole lease (by then ZooKeeper has ended it and
// another daemon may hold the locks, though this client hears of it only
// when it reconnects).
func (l *ZKLocker) watch(events <-chan zk.Event) {
	var cutOff <-chan time.Time
	for {
		select {
		case ev, ok := <-events:
			if !ok {
				l.endSession("closed")
				return
			}
			switch ev.State {
			case zk.StateExpired:
				l.endSession("expired")
				cutOff = nil
			case zk.StateDisconnected:
				if cutOff == nil {
					cutOff = time.After(l.lease)
				}
			case zk.StateHasSession:
				cutOff = nil
			}
		case <-cutOff:
			l.endSession("cut off for the whole lease")
			cutOff = nil
		}
	}
}

func (l *ZKLocker) endSession(why string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if why != "closed" {
		l.log.Warn("zookeeper session lost: this daemon's source locks are gone; its runs stop and it joins the line again at the next tick", "why", why)
	}
	close(l.lost)
	l.lost = make(chan struct{})
}

// Close ends the session: this daemon's places in the locks go at once.
func (l *ZKLocker) Close() { l.conn.Close() }

// ID is this daemon's name in the locks.
func (l *ZKLocker) ID() string { return l.id }

func (l *ZKLocker) dir(source string) string {
	return l.root + "/sources/" + url.PathEscape(source)
}

// Claim joins source's lock if this daemon is not in line (again, after a
// lost session), and claims tick when this daemon holds the lock.
func (l *ZKLocker) Claim(ctx context.Context, source string, tick time.Time) (Claim, error) {
	if err := ctx.Err(); err != nil {
		return Claim{}, err
	}
	if err := l.register(); err != nil {
		return Claim{}, fmt.Errorf("source %s: zookeeper %s/daemons: %w", source, l.root, err)
	}
	lockDir := l.dir(source) + "/lock"
	children, err := l.join(source, lockDir)
	if err != nil {
		return Claim{}, fmt.Errorf("source %s: zookeeper lock %s: %w", source, lockDir, err)
	}
	holder, err := l.holder(lockDir, children)
	if err != nil {
		return Claim{}, fmt.Errorf("source %s: zookeeper lock %s: %w", source, lockDir, err)
	}
	l.mu.Lock()
	mine := l.mine[source]
	l.mu.Unlock()
	holder.Self = len(children) > 0 && children[0] == mine
	l.mu.Lock()
	lost := l.lost
	l.held[source] = holder.Self
	l.mu.Unlock()
	if !holder.Self {
		return Claim{Holder: holder, Why: "lock held by " + holder.ID}, nil
	}
	c, err := l.claimTick(source, tick, holder)
	c.Lost = lost
	if c.Run {
		c.Done = func() { l.handOver(source) }
	}
	return c, err
}

// register puts this daemon under daemons/ (again, after a lost session),
// so that the others know how many share the sources.
func (l *ZKLocker) register() error {
	l.regMu.Lock()
	defer l.regMu.Unlock()
	dir := l.root + "/daemons"
	l.mu.Lock()
	member := l.member
	l.mu.Unlock()
	if member != "" {
		if ok, _, err := l.conn.Exists(dir + "/" + member); err != nil || ok {
			return err
		}
	}
	if err := l.ensure(dir); err != nil {
		return err
	}
	created, err := l.conn.CreateProtectedEphemeralSequential(dir+"/d-", []byte(l.id), zk.WorldACL(zk.PermAll))
	if err != nil {
		return err
	}
	l.mu.Lock()
	l.member = created[strings.LastIndexByte(created, '/')+1:]
	l.mu.Unlock()
	return nil
}

// handOver, after a run of source, gives its lock to the next daemon in
// line when this daemon holds more than its share of the sources (the
// sources it contends for divided by the daemons registered, rounded up):
// the first daemon to start holds every source until the others have
// joined, then they are spread. The tick record keeps a handed-over tick
// from being run again. Errors are logged: the lock stays where it is.
func (l *ZKLocker) handOver(source string) {
	daemons, _, err := l.conn.Children(l.root + "/daemons")
	if err != nil || len(daemons) < 2 {
		return
	}
	l.mu.Lock()
	held := 0
	for _, h := range l.held {
		if h {
			held++
		}
	}
	share := (len(l.mine) + len(daemons) - 1) / len(daemons)
	mine := l.mine[source]
	if held <= share || !l.held[source] || mine == "" {
		l.mu.Unlock()
		return
	}
	l.held[source] = false // reserved: a run ending at the same time counts it handed over
	l.mu.Unlock()
	lockDir := l.dir(source) + "/lock"
	keep := func() {
		l.mu.Lock()
		l.held[source] = true
		l.mu.Unlock()
	}
	children, _, err := l.conn.Children(lockDir)
	if err != nil {
		keep()
		return
	}
	children = inLine(children)
	if len(children) < 2 || children[0] != mine {
		keep()
		return
	}
	if err := l.conn.Delete(lockDir+"/"+mine, -1); err != nil && !errors.Is(err, zk.ErrNoNode) {
		l.log.Warn("handing a source lock over failed; keeping it", "source", source, "err", err)
		keep()
		return
	}
	l.mu.Lock()
	delete(l.mine, source)
	l.mu.Unlock()
	if _, err := l.join(source, lockDir); err != nil { // back in line, behind the new holder
		l.log.Warn("joining the line of a handed-over source failed; the next tick tries again", "source", source, "err", err)
	}
	l.log.Info("handed the source lock over to share the sources", "source", source, "held", held-1, "share", share, "daemons", len(daemons))
}

// join makes sure this daemon has a node in lockDir and returns the lock's
// nodes in line order.
func (l *ZKLocker) join(source, lockDir string) ([]string, error) {
	children, _, err := l.conn.Children(lockDir)
	if err != nil && !errors.Is(err, zk.ErrNoNode) {
		return nil, err
	}
	l.mu.Lock()
	mine := l.mine[source]
	l.mu.Unlock()
	if mine != "" && slices.Contains(children, mine) {
		return inLine(children), nil
	}
	if err := l.ensure(lockDir); err != nil {
		return nil, err
	}
	created, err := l.conn.CreateProtectedEphemeralSequential(lockDir+"/n-", []byte(l.id), zk.WorldACL(zk.PermAll))
	if err != nil {
		return nil, err
	}
	l.mu.Lock()
	l.mine[source] = created[strings.LastIndexByte(created, '/')+1:]
	l.mu.Unlock()
	if children, _, err = l.conn.Children(lockDir); err != nil {
		return nil, err
	}
	return inLine(children), nil
}

// inLine sorts lock nodes by their sequence number (the last 10 digits;
// protected nodes carry a session prefix before it).
func inLine(children []string) []string {
	seq := func(s string) string { return s[max(0, len(s)-10):] }
	slices.SortFunc(children, func(a, b string) int { return strings.Compare(seq(a), seq(b)) })
	return children
}

func (l *ZKLocker) holder(lockDir string, children []string) (LockHolder, error) {
	h := LockHolder{Lease: l.lease}
	if len(children) == 0 {
		return h, nil
	}
	data, _, err := l.conn.Get(lockDir + "/" + children[0])
	if errors.Is(err, zk.ErrNoNode) { // gone between the two reads: the next tick sees the new holder
		return h, nil
	}
	if err != nil {
		return h, err
	}
	h.ID = string(data)
	return h, nil
}

// claimTick records tick as run unless it (or a later tick) was recorded
// before; a concurrent claim loses on the version check.
func (l *ZKLocker) claimTick(source string, tick time.Time, h LockHolder) (Claim, error) {
	path := l.dir(source) + "/tick"
	data := []byte(strconv.FormatInt(tick.Unix(), 10) + " " + l.id)
	for {
		old, st, err := l.conn.Get(path)
		if errors.Is(err, zk.ErrNoNode) {
			_, err = l.conn.Create(path, data, 0, zk.WorldACL(zk.PermAll))
			if errors.Is(err, zk.ErrNodeExists) {
				continue
			}
			if err != nil {
				return Claim{Holder: h}, fmt.Errorf("source %s: recording tick %s in %s: %w", source, tick.UTC().Format(time.RFC3339), path, err)
			}
			h.LastTick = tick
			return Claim{Run: true, Holder: h}, nil
		}
		if err != nil {
			return Claim{Holder: h}, fmt.Errorf("source %s: reading %s: %w", source, path, err)
		}
		last, by, err := parseTick(old)
		if err != nil {
			return Claim{Holder: h}, fmt.Errorf("source %s: %s: %w", source, path, err)
		}
		if !tick.After(last) {
			h.LastTick = last
			return Claim{Holder: h, Why: fmt.Sprintf("tick %s already run (last claimed %s by %s)",
				tick.UTC().Format(time.RFC3339), last.UTC().Format(time.RFC3339), by)}, nil
		}
		_, err = l.conn.Set(path, data, st.Version)
		if errors.Is(err, zk.ErrBadVersion) {
			continue // another claim came first: read it
		}
		if err != nil {
			return Claim{Holder: h}, fmt.Errorf("source %s: recording tick %s in %s: %w", source, tick.UTC().Format(time.RFC3339), path, err)
		}
		h.LastTick = tick
		return Claim{Run: true, Holder: h}, nil
	}
}

func parseTick(data []byte) (time.Time, string, error) {
	secs, by, _ := strings.Cut(string(data), " ")
	n, err := strconv.ParseInt(secs, 10, 64)
	if err != nil {
		return time.Time{}, "", fmt.Errorf("tick %q is not Unix seconds and a holder", data)
	}
	return time.Unix(n, 0).UTC(), by, nil
}

// Holders reads who holds each source's lock and its last tick.
func (l *ZKLocker) Holders(ctx context.Context, sources []string) (map[string]LockHolder, error) {
	out := map[string]LockHolder{}
	for _, s := range sources {
		if err := ctx.Err(); err != nil {
			return out, err
		}
		lockDir := l.dir(s) + "/lock"
		children, _, err := l.conn.Children(lockDir)
		if errors.Is(err, zk.ErrNoNode) {
			continue
		}
		if err != nil {
			return out, fmt.Errorf("source %s: zookeeper lock %s: %w", s, lockDir, err)
		}
		children = inLine(children)
		h, err := l.holder(lockDir, children)
		if err != nil {
			return out, fmt.Errorf("source %s: zookeeper lock %s: %w", s, lockDir, err)
		}
		l.mu.Lock()
		h.Self = len(children) > 0 && children[0] == l.mine[s]
		l.mu.Unlock()
		if data, _, err := l.conn.Get(l.dir(s) + "/tick"); err == nil {
			h.LastTick, _, _ = parseTick(data)
		}
		if h.ID != "" || !h.LastTick.IsZero() {
			out[s] = h
		}
	}
	return out, nil
}

// ensure creates path and its parents as persistent nodes.
func (l *ZKLocker) ensure(path string) error {
	cur := ""
	for _, part := range strings.Split(strings.TrimPrefix(path, "/"), "/") {
		cur += "/" + part
		_, err := l.conn.Create(cur, nil, 0, zk.WorldACL(zk.PermAll))
		if err != nil && !errors.Is(err, zk.ErrNodeExists) {
			return fmt.Errorf("creating %s: %w", cur, err)
		}
	}
	return nil
}

// zkLog sends the client library's messages to slog at debug level (it
// logs every reconnect attempt).
type zkLog struct{ log *slog.Logger }

func (z zkLog) Printf(format string, args ...any) {
	z.log.Debug("zookeeper: " + fmt.Sprintf(format, args...))
}
