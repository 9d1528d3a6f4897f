package record

import "time"

// StoryLink is a row of story_links: the story an article version
// belongs to (package stories links them).
type StoryLink struct {
	ArticleID uint64
	StoryID   uint64 // the smallest article id of the story; the article's own id when it stands alone
	Publisher string
	// Rank orders the versions of a story: 0 is its representative (most
	// figures, then earliest published, then source name, URL and id).
	Rank uint32
	// Shared and Overlap describe the article's closest other version:
	// the (value, kind) pairs they share and the overlap coefficient; 0
	// when the article stands alone.
	Shared   uint32
	Overlap  float64
	Rule     string // the thresholds that linked it (stories.Rule.String)
	LinkedAt time.Time
	Version  uint64 // unix milliseconds of the linking; the latest wins
}
