package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// runArticle runs `newsetl article ARGS...` in-process.
func runArticle(t *testing.T, args ...string) (int, articleJSON, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), append([]string{"article", "--allow-private"}, args...), &stdout, &stderr, func(string) (string, bool) { return "", false })
	var out articleJSON
	if code == exitOK {
		if err := json.Unmarshal(stdout.Bytes(), &out); err != nil {
			t.Fatalf("stdout is not the article JSON: %v\n%s", err, stdout.String())
		}
	}
	return code, out, stderr.String()
}

func TestArticleFromFile(t *testing.T) {
	file := repoRoot + "/testdata/site/chinadaily/a/202107/14/WS60ee5c1ba310efa1bd66186e.html"
	code, a, stderr := runArticle(t, file, "--url", "http://example.test/chinadaily/a/202107/14/WS60ee5c1ba310efa1bd66186e.html")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if a.Title != "Hospital beds top 9.1 million as health network expands" {
		t.Errorf("title %q", a.Title)
	}
	if a.PublishedAt != "2021-07-14T10:32:00Z" || a.Author != "Liu Ying" || a.Lang != "en" {
		t.Errorf("published_at %q author %q lang %q", a.PublishedAt, a.Author, a.Lang)
	}
	if a.URL != "http://example.test/chinadaily/a/202107/14/WS60ee5c1ba310efa1bd66186e.html" {
		t.Errorf("url %q, want the --url", a.URL)
	}
	if !strings.HasPrefix(a.Text, "China had 9.11 million hospital beds at the end of 2020") || strings.Contains(a.Text, "Advertisement") {
		t.Errorf("text %.200q", a.Text)
	}
}

func TestArticleChineseFileWithoutURL(t *testing.T) {
	code, a, stderr := runArticle(t, repoRoot+"/testdata/site/tricky/zh-fabu.html")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if a.Title != "中央企业办医疗机构深化改革基本完成" || a.PublishedAt != "2021-12-20T10:28:00Z" || a.Lang != "zh" || !strings.HasPrefix(a.URL, "file://") {
		t.Errorf("got %+v", a)
	}
}

func TestArticleFromURL(t *testing.T) {
	srv := httptest.NewServer(http.FileServer(http.Dir(repoRoot + "/testdata/site")))
	defer srv.Close()
	code, a, stderr := runArticle(t, srv.URL+"/sasac/en/2021/12/art_4497.html")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if a.Title != "Central SOEs post steady profit growth in first eleven months" || a.PublishedAt != "2021-12-17T15:05:00Z" ||
		a.URL != srv.URL+"/sasac/en/2021/12/art_4497.html" {
		t.Errorf("got %+v", a)
	}
	if !strings.HasPrefix(a.Text, "Central state-owned enterprises maintained steady growth") || !strings.Contains(a.Text, "Operating revenue (trillion yuan)\t31.7\t20.5") {
		t.Errorf("text %.300q", a.Text)
	}

	code, _, stderr = runArticle(t, srv.URL+"/sasac/en/nosuch.html")
	if code != exitFailed || !strings.Contains(stderr, srv.URL+"/sasac/en/nosuch.html") || !strings.Contains(stderr, "404") {
		t.Errorf("404: exit %d, stderr %q; want 1 and an error naming the URL", code, stderr)
	}
}

func TestArticleErrors(t *testing.T) {
	code, _, stderr := runArticle(t, "testdata/nosuch.html")
	if code != exitFailed || !strings.Contains(stderr, "newsetl article: reading testdata/nosuch.html") || !strings.Contains(stderr, "no such file") {
		t.Errorf("missing file: exit %d, stderr %q; want 1 and an error naming the file", code, stderr)
	}
	code, _, stderr = runArticle(t, repoRoot+"/testdata/site/sasac/en/index.html")
	if code != exitOK && !strings.Contains(stderr, "index.html") {
		t.Errorf("list page: exit %d, stderr %q; an error must name the file", code, stderr)
	}
	for _, args := range [][]string{{}, {"a.html", "b.html"}, {"http://x.test/a.html", "--url", "http://y.test/"}, {"a.html", "--nosuch"}} {
		if code, _, stderr := runArticle(t, args...); code != exitUsage {
			t.Errorf("%q: exit %d (%s), want %d", args, code, stderr, exitUsage)
		}
	}
}
