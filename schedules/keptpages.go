package schedules

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/newsetl/newsetl/extract"
	"github.com/newsetl/newsetl/record"
)

// keptPages are the states of pages no document carries (list pages) that
// a kind asked the run to keep (extract.Fetcher.KeepPage). They are written
// after everything else the run read, and only when all of it was written
// and no page failed (the run may have refused a document the kind read,
// such as one it could not check against the Store): a list page stored
// as unchanged is not read by the next run, so its entries must be stored
// first.
type keptPages struct {
	source string
	mu     sync.Mutex
	states []record.PageState
}

type keptKey struct{}

// Keep implements extract.PageKeeper: outside a run it does nothing.
func (runPages) Keep(ctx context.Context, s extract.PageState) {
	k, _ := ctx.Value(keptKey{}).(*keptPages)
	if k == nil {
		return
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	k.states = append(k.states, pageRow(k.source, &s, time.Now().UTC()))
}

var _ extract.PageKeeper = runPages{}

// writeKept writes the page states kept during the run of runCtx (see
// withRun). Call it only after the run's rows were all written.
func writeKept(ctx context.Context, store Store, runCtx context.Context) error {
	k, _ := runCtx.Value(keptKey{}).(*keptPages)
	if k == nil {
		return nil
	}
	k.mu.Lock()
	states := k.states
	k.states = nil
	k.mu.Unlock()
	if len(states) == 0 {
		return nil
	}
	if err := store.WritePageStates(ctx, states); err != nil {
		return fmt.Errorf("source %s: writing %d list page states: %w: %w", k.source, len(states), errFlush, err)
	}
	return nil
}
