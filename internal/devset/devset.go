// Package devset finds the public development sets that live beside the
// repository (../shared/devsets/<name>), for tests that measure newsetl on
// material nobody here wrote. A clone without them skips those tests,
// saying why; CI has them.
package devset

import (
	"os"
	"path/filepath"
	"testing"
)

// Dir returns ../shared/devsets/<name> beside the repository root (the
// directory holding go.mod above the test's working directory), or skips t
// when it is absent.
func Dir(t testing.TB, name string) string {
	t.Helper()
	d, ok := Find(name)
	if !ok {
		t.Skipf("dev set %s not found (%s): skipping; it lives beside the repository, not in it", name, d)
	}
	return d
}

// Find returns the path of dev set name and whether it exists.
func Find(name string) (string, bool) {
	dir, err := os.Getwd()
	if err != nil {
		return "", false
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "../shared/devsets/" + name, false
		}
		dir = parent
	}
	d := filepath.Join(dir, "..", "shared", "devsets", name)
	_, err = os.Stat(d)
	return d, err == nil
}
