package config_test

import (
	"os"
	"strings"
	"testing"

	"github.com/newsetl/newsetl/config"
)

func TestIdentifiersAreChecked(t *testing.T) {
	none := func(string) (string, bool) { return "", false }
	for _, c := range []struct {
		db string
		ok bool
	}{
		{"newsetl", true}, {"_x9", true}, {"News_ETL_2", true},
		{"newsetl /*x*/", false}, {"x --", false}, {"9lives", false}, {"a.b", false}, {"a-b", false},
		{"`x`", false}, {"x;DROP", false}, {"新闻", false},
	} {
		_, err := config.Parse([]byte("clickhouse:\n  database: \""+c.db+"\"\n"), "t.yaml", none)
		if (err == nil) != c.ok {
			t.Errorf("database %q: err = %v, want ok %v", c.db, err, c.ok)
		}
		if err != nil && (!strings.Contains(err.Error(), "clickhouse.database") || !strings.Contains(err.Error(), "t.yaml")) {
			t.Errorf("database %q: error %q does not name the key and the file", c.db, err)
		}
	}
}

func TestSourceTrustKeys(t *testing.T) {
	dir := t.TempDir()
	pwFile := dir + "/pw"
	os.WriteFile(pwFile, []byte("file-secret\n"), 0o600)
	lookup := func(k string) (string, bool) { return map[string]string{"SRC_PW": "env-secret"}[k], k == "SRC_PW" }
	cfg, err := config.Parse([]byte(`
sources:
  - name: a
    kind: html
    allow_private: true
    password_env: SRC_PW
  - name: b
    kind: html
    password_file: `+pwFile+`
`), dir+"/c.yaml", lookup)
	if err != nil {
		t.Fatal(err)
	}
	a, b := cfg.Sources[0], cfg.Sources[1]
	if !a.AllowPrivate || a.Password != "env-secret" || b.AllowPrivate || b.Password != "file-secret" {
		t.Errorf("a = %+v, b = %+v", a, b)
	}
	if n := len(a.Options.Content); n != 0 {
		t.Errorf("the trust keys leaked into the kind's options: %d nodes", n)
	}
	for _, bad := range []string{
		"sources:\n  - name: a\n    kind: html\n    allow_private: maybe\n",
		"sources:\n  - name: a\n    kind: html\n    password_env: NOPE\n",
		"sources:\n  - name: a\n    kind: html\n    password_file: /nonexistent/pw\n",
		"sources:\n  - name: a\n    kind: html\n    password_env: SRC_PW\n    password_file: x\n",
	} {
		if _, err := config.Parse([]byte(bad), "c.yaml", lookup); err == nil || !strings.Contains(err.Error(), "source") {
			t.Errorf("%q: err = %v, want an error naming the source", bad, err)
		}
	}
}
