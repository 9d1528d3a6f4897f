package main

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/newsetl/newsetl/config"
	"github.com/newsetl/newsetl/load"
	"github.com/newsetl/newsetl/schedules"
	"github.com/newsetl/newsetl/stories"
)

// storyLinker is the story linker of a command's runs and reparses
// (newLinker), nil when stories: {off: true}. The daemon keeps the
// publishers of the config it started with until it is restarted.
func storyLinker(cfg *config.File, store *load.Store, log *slog.Logger) (schedules.StoryLinker, error) {
	if cfg.Stories.Off {
		return nil, nil
	}
	return newLinker(cfg, store, log)
}

// newLinker builds the story linker of cfg: the thresholds of its
// stories: section, the publishers of its sources, reading and writing
// store (never the spool: links are derived; see schedules.StoryLinker
// for the versions the spool keeps).
func newLinker(cfg *config.File, store *load.Store, log *slog.Logger) (*stories.Linker, error) {
	rule, err := stories.RuleFrom(cfg.Stories)
	if err != nil {
		return nil, fmt.Errorf("config %s: %w", cfg.Path, err)
	}
	pubs, err := stories.NewPublishers(cfg.Sources)
	if err != nil {
		return nil, err
	}
	return stories.NewLinker(store, rule, pubs, log), nil
}

// cmdRelink recomputes the story links of the stored articles, after the
// stories: thresholds or a source's publisher changed (a run links what it
// writes, a reparse what it reparses; neither revisits the rest).
func cmdRelink(ctx context.Context, e *env, args []string) error {
	f := newFlags(e, "relink")
	sinceS := f.String("since", "", "only articles published on or after this day, YYYY-MM-DD")
	untilS := f.String("until", "", "only articles published on or before this day, YYYY-MM-DD")
	if err := f.parse(e, args); err != nil {
		return err
	}
	var since, until time.Time
	var err error
	if *sinceS != "" {
		if since, err = time.Parse(time.DateOnly, *sinceS); err != nil {
			return usageError{fmt.Errorf("--since %q: want YYYY-MM-DD", *sinceS)}
		}
	}
	if *untilS != "" {
		if until, err = time.Parse(time.DateOnly, *untilS); err != nil {
			return usageError{fmt.Errorf("--until %q: want YYYY-MM-DD", *untilS)}
		}
		until = until.Add(24*time.Hour - time.Second)
	}
	cfg, err := config.Load(f.config, e.lookup)
	if err != nil {
		return err
	}
	if cfg.Stories.Off {
		return usageError{fmt.Errorf("config %s: stories: off is set: nothing to link", cfg.Path)}
	}
	store, err := openStore(ctx, cfg, e.log)
	if err != nil {
		return err
	}
	defer store.Close()
	links, err := newLinker(cfg, store, e.log)
	if err != nil {
		return err
	}
	start := time.Now()
	n, err := links.Relink(ctx, since, until)
	fmt.Fprintf(e.stdout, "relink: %d articles read in %.1fs\n", n, time.Since(start).Seconds())
	return err
}
