package main

import (
	"fmt"
	"log/slog"

	"github.com/newsetl/newsetl/config"
	"github.com/newsetl/newsetl/load"
	"github.com/newsetl/newsetl/schedules"
	"github.com/newsetl/newsetl/stories"
)

// storyLinker is the story linker of a command's runs and reparses: the
// thresholds of cfg's stories: section, the publishers of its sources,
// reading and writing store (never the spool: links are derived, and a
// version the spool kept is linked when a later run writes it). It is nil
// when stories: {off: true}. The daemon keeps the publishers of the config
// it started with until it is restarted.
func storyLinker(cfg *config.File, store *load.Store, log *slog.Logger) (schedules.StoryLinker, error) {
	if cfg.Stories.Off {
		return nil, nil
	}
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
