package devset

import (
	"os"
	"path/filepath"
	"testing"
)

func TestFind(t *testing.T) {
	if _, ok := Find("no-such-set"); ok {
		t.Error("Find reported a dev set that does not exist")
	}
	d, ok := Find("articles")
	want, _ := filepath.Abs("../../../shared/devsets/articles")
	if got, _ := filepath.Abs(d); got != want {
		t.Errorf("Find(articles) = %s, want %s", got, want)
	}
	if _, err := os.Stat(want); (err == nil) != ok {
		t.Errorf("Find(articles) says present=%v, but stat says %v", ok, err)
	}
}
