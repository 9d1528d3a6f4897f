package extract_test

import (
	"testing"

	"github.com/newsetl/newsetl/extract"
)

func TestDeclaredCharset(t *testing.T) {
	for _, c := range []struct{ page, want string }{
		{"utf-8 (declared windows-1252)", "windows-1252"},
		{"utf-8 (declared gbk)", "gbk"},
		{"utf-8", ""},
		{"gbk", ""},
		{"windows-1252", ""},
		{"", ""},
	} {
		if got := extract.DeclaredCharset(c.page); got != c.want {
			t.Errorf("DeclaredCharset(%q) = %q, want %q", c.page, got, c.want)
		}
	}
	// The name DecodeCharset gives a UTF-8 body under a legacy <meta>.
	_, name, err := extract.DecodeCharset([]byte(`<meta charset="windows-1252"><p>café — €5</p>`), "text/html")
	if err != nil || extract.DeclaredCharset(name) != "windows-1252" {
		t.Errorf("DecodeCharset named %q (%v): DeclaredCharset gives %q, want windows-1252", name, err, extract.DeclaredCharset(name))
	}
}
