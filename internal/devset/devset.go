// Package devset finds the public development sets that live beside the
// repository (../shared/devsets/<name>), for tests that measure newsetl on
// material nobody here wrote. A clone without them skips those tests,
// saying why; CI has them.
package devset

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/newsetl/newsetl/internal/repo"
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
	dir, err := repo.Root()
	if err != nil {
		return "../shared/devsets/" + name, false
	}
	d := filepath.Join(dir, "..", "shared", "devsets", name)
	_, err = os.Stat(d)
	return d, err == nil
}
