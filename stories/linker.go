package stories

import (
	"context"
	"fmt"
	"log/slog"
	"sort"
	"sync"
	"time"

	"github.com/newsetl/newsetl/record"
)

// Store is what the Linker reads and writes; load.Store implements it for
// ClickHouse. Versions are the current version of each article
// (articles_latest), figures those of that version (facts_latest), links
// the latest row of each article in story_links.
type Store interface {
	// StoryCandidates returns the current version of every article
	// published in [from, to] (Publisher and Figures unset).
	StoryCandidates(ctx context.Context, from, to time.Time) ([]Version, error)
	// StoryVersions returns the current version of each of these articles
	// that is stored (Publisher and Figures unset).
	StoryVersions(ctx context.Context, ids []uint64) ([]Version, error)
	// StoryFigures returns the (value, kind) of each fact of the current
	// version of each of these articles.
	StoryFigures(ctx context.Context, ids []uint64) (map[uint64][]Figure, error)
	// StoryLinks returns the current link of each of these articles that has one.
	StoryLinks(ctx context.Context, ids []uint64) (map[uint64]record.StoryLink, error)
	// StoryMembers returns the articles whose current link is to one of these stories.
	StoryMembers(ctx context.Context, storyIDs []uint64) ([]uint64, error)
	// WriteStoryLinks writes links; the latest version of each article's wins.
	WriteStoryLinks(ctx context.Context, links []record.StoryLink) error
	// StoryDateRange returns the earliest and the latest publication time
	// of the current articles that have one (zero times when none has).
	StoryDateRange(ctx context.Context) (first, last time.Time, err error)
}

// Linker links the articles a run wrote with the stored versions of the
// same releases. Build it with NewLinker; it is safe for concurrent use
// (links are computed and written one call at a time, so two runs writing
// the English and the Chinese version at once see each other: the later
// call reads what the earlier wrote).
type Linker struct {
	store      Store
	rule       Rule
	publishers Publishers
	log        *slog.Logger

	mu   sync.Mutex
	last uint64 // version of the last write: versions only grow
	now  func() time.Time
}

// NewLinker returns a Linker reading and writing store.
func NewLinker(store Store, rule Rule, publishers Publishers, log *slog.Logger) *Linker {
	if log == nil {
		log = slog.Default()
	}
	return &Linker{store: store, rule: rule, publishers: publishers, log: log, now: time.Now}
}

// Chunks of articles linked at once: at most this many days between the
// first and the last, and this many articles (a reparse of years of
// articles reads its candidates a month at a time).
const (
	chunkDays     = 31
	chunkArticles = 5000
)

// LinkStories (re)links articles, versions that were just written (their
// facts and article rows are in the Store), with the stored articles of
// the same publishers published within the window: it reads them, the
// other members of the stories they belong to and all their figures,
// groups them (Group) and writes the link of every article whose story,
// rank, closest match or rule changed, or that has none yet. A version
// that now matches nothing gets a story of its own; a story whose bridge
// changed splits.
func (l *Linker) LinkStories(ctx context.Context, arts []record.Article) error {
	if len(arts) == 0 {
		return nil
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	sorted := make([]record.Article, len(arts))
	copy(sorted, arts)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].PublishedAt.Before(sorted[j].PublishedAt) })
	for start := 0; start < len(sorted); {
		end := start + 1
		for end < len(sorted) && end-start < chunkArticles &&
			sorted[end].PublishedAt.Sub(sorted[start].PublishedAt) <= chunkDays*24*time.Hour {
			end++
		}
		if err := l.linkChunk(ctx, sorted[start:end]); err != nil {
			return err
		}
		start = end
	}
	return nil
}

func (l *Linker) linkChunk(ctx context.Context, arts []record.Article) error {
	pubs := map[string]bool{}
	var from, to time.Time
	for _, a := range arts {
		if undated(a.PublishedAt) {
			continue
		}
		pubs[l.publishers.Of(a.Source, a.URL)] = true
		if from.IsZero() || a.PublishedAt.Before(from) {
			from = a.PublishedAt
		}
		if a.PublishedAt.After(to) {
			to = a.PublishedAt
		}
	}
	all := map[uint64]*Version{}
	add := func(v Version) {
		v.Publisher = l.publishers.Of(v.Source, v.URL)
		all[v.ArticleID] = &v
	}
	if len(pubs) > 0 {
		cands, err := l.store.StoryCandidates(ctx, from.Add(-l.rule.Window), to.Add(l.rule.Window))
		if err != nil {
			return fmt.Errorf("linking stories: %w", err)
		}
		for _, c := range cands {
			if pubs[l.publishers.Of(c.Source, c.URL)] {
				add(c)
			}
		}
	}
	for _, a := range arts {
		if _, ok := all[a.ArticleID]; !ok { // undated, or not readable yet: linked by what was passed in
			add(Version{ArticleID: a.ArticleID, Source: a.Source, URL: a.URL, PublishedAt: a.PublishedAt})
		}
	}
	// The other members of the stories these articles belong to: a story
	// is regrouped whole, so that one that loses its bridge splits.
	links, err := l.store.StoryLinks(ctx, keys(all))
	if err != nil {
		return fmt.Errorf("linking stories: %w", err)
	}
	storySet := map[uint64]bool{}
	for _, lk := range links {
		storySet[lk.StoryID] = true
	}
	members, err := l.store.StoryMembers(ctx, setKeys(storySet))
	if err != nil {
		return fmt.Errorf("linking stories: %w", err)
	}
	var extra []uint64
	for _, id := range members {
		if _, ok := all[id]; !ok {
			extra = append(extra, id)
		}
	}
	if len(extra) > 0 {
		vs, err := l.store.StoryVersions(ctx, extra)
		if err != nil {
			return fmt.Errorf("linking stories: %w", err)
		}
		for _, v := range vs {
			add(v)
		}
		more, err := l.store.StoryLinks(ctx, extra)
		if err != nil {
			return fmt.Errorf("linking stories: %w", err)
		}
		for id, lk := range more {
			links[id] = lk
		}
	}
	ids := keys(all)
	figs, err := l.store.StoryFigures(ctx, ids)
	if err != nil {
		return fmt.Errorf("linking stories: %w", err)
	}
	vs := make([]Version, 0, len(ids))
	for _, id := range ids {
		v := all[id]
		v.Figures = NewMultiset(figs[id])
		vs = append(vs, *v)
	}
	grouped := Group(vs, l.rule)

	now := l.now().UTC()
	version := max(uint64(now.UnixMilli()), l.last+1)
	rule := l.rule.String()
	var out []record.StoryLink
	stories := map[uint64]bool{}
	for _, g := range grouped {
		row := record.StoryLink{ArticleID: g.ArticleID, StoryID: g.StoryID, Publisher: g.Publisher, Rank: g.Rank,
			Shared: g.Shared, Overlap: g.Overlap, Rule: rule, LinkedAt: now.Truncate(time.Second), Version: version}
		old, had := links[g.ArticleID]
		if had && sameLink(old, row) {
			continue
		}
		out = append(out, row)
		if g.Rank > 0 || g.Shared > 0 {
			stories[g.StoryID] = true
		}
	}
	if len(out) == 0 {
		return nil
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ArticleID < out[j].ArticleID })
	if err := l.store.WriteStoryLinks(ctx, out); err != nil {
		return fmt.Errorf("linking stories: %w", err)
	}
	l.last = version
	l.log.Debug("stories linked", "articles", len(arts), "read", len(vs), "links_written", len(out), "stories_with_versions", len(stories))
	return nil
}

// sameLink reports whether a stored link says what a new one says.
func sameLink(a, b record.StoryLink) bool {
	return a.StoryID == b.StoryID && a.Publisher == b.Publisher && a.Rank == b.Rank &&
		a.Shared == b.Shared && a.Overlap == b.Overlap && a.Rule == b.Rule
}

func keys(m map[uint64]*Version) []uint64 {
	out := make([]uint64, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

func setKeys(m map[uint64]bool) []uint64 {
	out := make([]uint64, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

// Relink recomputes the links of every stored article published in
// [from, to] (zero: from the earliest, to the latest), a month at a time,
// after the thresholds or the publishers changed; it returns how many
// articles it read. Links that did not change are not rewritten. Articles
// without a publication date stand alone and get no link row (the views
// show them as stories of their own).
func (l *Linker) Relink(ctx context.Context, from, to time.Time) (int, error) {
	first, last, err := l.store.StoryDateRange(ctx)
	if err != nil {
		return 0, fmt.Errorf("relinking stories: %w", err)
	}
	if first.IsZero() {
		return 0, nil
	}
	if from.IsZero() || from.Before(first) {
		from = first
	}
	if to.IsZero() || to.After(last) {
		to = last
	}
	n := 0
	for start := from; !start.After(to); start = start.AddDate(0, 1, 0) {
		end := start.AddDate(0, 1, 0).Add(-time.Second)
		if end.After(to) {
			end = to
		}
		vs, err := l.store.StoryCandidates(ctx, start, end)
		if err != nil {
			return n, fmt.Errorf("relinking stories: %w", err)
		}
		arts := make([]record.Article, len(vs))
		for i, v := range vs {
			arts[i] = record.Article{ArticleID: v.ArticleID, Source: v.Source, URL: v.URL, PublishedAt: v.PublishedAt}
		}
		if err := l.LinkStories(ctx, arts); err != nil {
			return n, err
		}
		n += len(arts)
	}
	return n, nil
}
