package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/newsetl/newsetl/config"
	"github.com/newsetl/newsetl/extract"
	"github.com/newsetl/newsetl/extract/article"
)

// articleJSON is what `newsetl article` prints.
type articleJSON struct {
	URL         string `json:"url"`
	Title       string `json:"title"`
	PublishedAt string `json:"published_at"` // RFC 3339; "" when the page has no date
	DateSource  string `json:"date_source"`  // meta, byline, url, markup, text; "" with no date
	Author      string `json:"author"`
	Lang        string `json:"lang"`
	Text        string `json:"text"`
}

// cmdArticle runs the generic article extractor on one page, a file or an
// http(s) URL, and prints what it found as JSON.
func cmdArticle(ctx context.Context, e *env, args []string) error {
	f := &flags{FlagSet: flag.NewFlagSet("newsetl article", flag.ContinueOnError)}
	f.SetOutput(e.stderr)
	f.Usage = func() {
		fmt.Fprintln(e.stderr, "usage: newsetl article FILE|URL [--url URL]\n\nPrints the title, date, author, language and main text of one page as JSON.")
		f.PrintDefaults()
	}
	pageURL := f.String("url", "", "the page's URL, for a FILE: resolves relative links and is printed as \"url\"")
	allowPrivate := f.Bool("allow-private", false, "allow fetching from loopback and private addresses (a local test site)")
	f.StringVar(&f.logLevel, "log-level", "info", "debug, info, warn or error")
	f.StringVar(&f.logFormat, "log-format", "text", "text or json")
	flagArgs, positional := splitArgs(args, map[string]bool{"url": true, "log-level": true, "log-format": true})
	if err := f.parse(e, flagArgs); err != nil {
		return err
	}
	if len(positional) != 1 {
		return usageError{fmt.Errorf("want one FILE or URL, got %d arguments", len(positional))}
	}
	target := positional[0]
	isURL := strings.HasPrefix(target, "http://") || strings.HasPrefix(target, "https://")
	if isURL && *pageURL != "" {
		return usageError{fmt.Errorf("--url is for a FILE; %s is fetched from its own URL", target)}
	}

	var body []byte
	base := *pageURL
	if isURL {
		fetch := extract.NewFetcher(config.Fetch{
			UserAgent:         config.DefaultUserAgent,
			Timeout:           config.DefaultTimeout,
			RequestsPerSecond: config.DefaultRate,
			Retries:           config.DefaultRetries,
			RetryBackoff:      config.DefaultBackoff,
			MaxBodyBytes:      config.DefaultMaxBody,
		}, e.log, fetcherOptions(*allowPrivate)...)
		p, err := fetch.Get(ctx, target)
		if err != nil {
			return err // names the URL
		}
		body, base = p.Body, p.URL
	} else {
		raw, err := os.ReadFile(target)
		if err != nil {
			return fmt.Errorf("reading %s: %w", target, err)
		}
		if body, _, err = extract.DecodeCharset(raw, ""); err != nil {
			return fmt.Errorf("decoding %s: %w", target, err)
		}
		if base == "" {
			if abs, err := filepath.Abs(target); err == nil {
				base = "file://" + filepath.ToSlash(abs)
			}
		}
	}
	doc, err := goquery.NewDocumentFromReader(bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("parsing %s: %w", target, err)
	}
	a, err := article.Extract(doc, base)
	if err != nil {
		return fmt.Errorf("%s: %w", target, err)
	}
	out := articleJSON{URL: a.URL, Title: a.Title, DateSource: a.DateSource, Author: a.Author, Lang: a.Lang, Text: a.Text}
	if !a.PublishedAt.IsZero() {
		out.PublishedAt = a.PublishedAt.Format(time.RFC3339)
	}
	enc := json.NewEncoder(e.stdout)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// splitArgs separates flags (with their values, for the flags in valued)
// from positional arguments, so that flags may follow FILE.
func splitArgs(args []string, valued map[string]bool) (flagArgs, positional []string) {
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			return flagArgs, append(positional, args[i+1:]...)
		}
		if !strings.HasPrefix(a, "-") || a == "-" {
			positional = append(positional, a)
			continue
		}
		flagArgs = append(flagArgs, a)
		name := strings.TrimLeft(a, "-")
		if !strings.Contains(name, "=") && valued[name] && i+1 < len(args) {
			i++
			flagArgs = append(flagArgs, args[i])
		}
	}
	return flagArgs, positional
}
