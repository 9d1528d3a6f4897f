package redact

import (
	"bytes"
	"errors"
	"log/slog"
	"strings"
	"testing"
)

func TestString(t *testing.T) {
	for in, want := range map[string]string{
		"https://user:pw@host/p":                       "https://***@host/p",
		"http://user@host:8080/p?q=1":                  "http://***@host:8080/p?q=1",
		"GET https://u:p%40x@h.example/a: HTTP 404":    "GET https://***@h.example/a: HTTP 404",
		"see https://h.example/a@b and mailto:x@y.org": "see https://h.example/a@b and mailto:x@y.org",
		"two: http://a:b@x/ and ftp://c:d@y/":          "two: http://***@x/ and ftp://***@y/",
		"https://u:p@w@host/p":                         "https://***@host/p",
		"抓取 https://用户:密码@统计局.example/页 失败":            "抓取 https://***@统计局.example/页 失败",
		"no url here @all":                             "no url here @all",
	} {
		if got := String(in); got != want {
			t.Errorf("String(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestHandler(t *testing.T) {
	var buf bytes.Buffer
	log := slog.New(NewHandler(slog.NewTextHandler(&buf, nil))).With("base", "https://a:s3cret@x.example/")
	log.Info("fetching https://a:s3cret@x.example/list", "url", "https://a:s3cret@x.example/p",
		"err", errors.New("GET https://a:s3cret@x.example/p: 500"), slog.Group("g", "u", "http://b:s3cret@y/"))
	if out := buf.String(); strings.Contains(out, "s3cret") || !strings.Contains(out, "https://***@x.example/p") {
		t.Errorf("log line = %s", out)
	}
}
