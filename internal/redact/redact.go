// Package redact removes credentials from URLs before they are logged or
// stored: "https://user:pw@host/p" becomes "https://***@host/p".
package redact

import (
	"context"
	"log/slog"
	"regexp"
	"strings"
)

// userInfoRE finds the user-info of a URL inside any text: a scheme, "://",
// then everything up to the last "@" before the path, query or fragment.
var userInfoRE = regexp.MustCompile(`(?i)\b([a-z][a-z0-9+.\-]*://)[^/?#\s"'<>@]*(?:@[^/?#\s"'<>@]*)*@`)

// String replaces the user-info of every URL in s with "***".
func String(s string) string {
	if !strings.Contains(s, "@") || !strings.Contains(s, "://") {
		return s
	}
	return userInfoRE.ReplaceAllString(s, "${1}***@")
}

// Handler wraps an slog.Handler so that no record it passes on carries a
// URL's user-info: the message and every string, error or Stringer
// attribute go through String.
type Handler struct{ Next slog.Handler }

// NewHandler wraps next.
func NewHandler(next slog.Handler) *Handler { return &Handler{Next: next} }

func (h *Handler) Enabled(ctx context.Context, l slog.Level) bool { return h.Next.Enabled(ctx, l) }

func (h *Handler) Handle(ctx context.Context, r slog.Record) error {
	out := slog.NewRecord(r.Time, r.Level, String(r.Message), r.PC)
	r.Attrs(func(a slog.Attr) bool {
		out.AddAttrs(attr(a))
		return true
	})
	return h.Next.Handle(ctx, out)
}

func (h *Handler) WithAttrs(as []slog.Attr) slog.Handler {
	clean := make([]slog.Attr, len(as))
	for i, a := range as {
		clean[i] = attr(a)
	}
	return &Handler{Next: h.Next.WithAttrs(clean)}
}

func (h *Handler) WithGroup(name string) slog.Handler { return &Handler{Next: h.Next.WithGroup(name)} }

func attr(a slog.Attr) slog.Attr {
	v := a.Value.Resolve()
	switch v.Kind() {
	case slog.KindString:
		return slog.String(a.Key, String(v.String()))
	case slog.KindGroup:
		g := v.Group()
		clean := make([]any, len(g))
		for i, c := range g {
			clean[i] = attr(c)
		}
		return slog.Group(a.Key, clean...)
	case slog.KindAny:
		switch x := v.Any().(type) {
		case error:
			return slog.String(a.Key, String(x.Error()))
		case interface{ String() string }:
			return slog.String(a.Key, String(x.String()))
		case []string:
			c := make([]string, len(x))
			for i, s := range x {
				c[i] = String(s)
			}
			return slog.Any(a.Key, c)
		}
	}
	return slog.Attr{Key: a.Key, Value: v}
}
