package schedules

import (
	"context"
	"fmt"
	"runtime"

	"github.com/newsetl/newsetl/extract"
	"github.com/newsetl/newsetl/record"
)

// A run's figures are parsed off the sink's goroutine: runSink.Document
// decides in document order what to keep (dedupe, ownership, counts, the
// hash the next document of the same article is compared with) and hands
// each kept version to a goroutine of its own, at most GOMAXPROCS of them
// parsing at once. collect takes the parsed versions back in document
// order and buffers them exactly as the serial path did, checking after
// each one whether the buffer is full: the batches, their order and the
// flush order (facts, articles, page states) are the serial path's.

// pendingVersion is an article version kept by the run, whose facts are
// being parsed.
type pendingVersion struct {
	doc     extract.Document
	article record.Article
	state   *record.PageState // the page's state, written after the article; nil without one
	seen    bool              // the article was known before this version
	prev    string            // its hash before this version (seen)

	done  chan struct{} // closed once facts or err is set
	facts []record.Fact
	err   error // the parser failed (panicked) on this article
}

// pendingPerCore bounds the versions waiting for their facts or for
// collect: per core, so that every core has an article to parse while the
// oldest is still being parsed; Document waits beyond that.
const pendingPerCore = 8

// parse starts parsing p's facts and queues p for collect.
func (s *runSink) parse(p *pendingVersion) {
	if s.parsers == nil {
		s.parsers = make(chan struct{}, runtime.GOMAXPROCS(0))
	}
	p.done = make(chan struct{})
	s.pending = append(s.pending, p)
	parser, source := s.in.parser(), s.rec.run.Source
	go func() {
		s.parsers <- struct{}{} // blocked senders are served in order: the oldest article parses first
		defer func() {
			if r := recover(); r != nil {
				p.facts = nil
				p.err = fmt.Errorf("source %s: article %s: parsing figures (parser %s): panic: %v; the article is not stored, the next run reads it again",
					source, p.doc.URL, parser.Version, r)
			}
			<-s.parsers
			close(p.done)
		}()
		p.facts = parser.Facts(p.doc, p.article.ArticleID, p.article.ContentHash, p.article.Version)
	}()
}

// collect buffers the parsed versions in document order, flushing the
// buffer whenever it is full, until at most keep versions are pending: it
// takes what is parsed already and waits only while more than keep are
// pending (keep 0: waits for all). After a flush fails it goes on
// buffering without flushing and returns that error.
func (s *runSink) collect(ctx context.Context, keep int) error {
	var err error
	for len(s.pending) > 0 {
		p := s.pending[0]
		if len(s.pending) <= keep {
			select {
			case <-p.done:
			default:
				return err
			}
		} else {
			<-p.done
		}
		s.pending[0] = nil
		s.pending = s.pending[1:]
		if p.err != nil {
			s.unkeep(p)
			continue
		}
		s.articles = append(s.articles, p.article)
		s.facts = append(s.facts, p.facts)
		s.nfacts += len(p.facts)
		if p.state != nil {
			s.states = append(s.states, *p.state)
		}
		s.bytes += len(p.doc.Text) + len(p.doc.Title) + len(p.doc.URL)
		if err == nil && s.full() {
			err = s.flushAsync(ctx)
		}
	}
	return err
}

// unkeep takes back a version whose figures could not be parsed: it is
// not stored (nor its page state), the run forgets its hash so that a
// retry writes it, and the failure is recorded as the page's error.
func (s *runSink) unkeep(p *pendingVersion) {
	run := &s.rec.run
	id := p.article.ArticleID
	if p.seen {
		run.ArticlesChanged--
		s.known.set(id, p.prev)
	} else {
		run.ArticlesNew--
		s.known.forget(id)
	}
	s.PageError(p.doc.URL, p.err)
}

// parser is the Ingester's figure parser: Parser, or CurrentParser.
func (in *Ingester) parser() Parser {
	if in.Parser.Parse != nil {
		return in.Parser
	}
	return CurrentParser
}
