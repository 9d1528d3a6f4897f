package transform

import (
	"os"
	"path/filepath"
	"testing"
)

// The golden inputs are byte-for-byte copies of the seed press releases in
// ../shared/seeds (beside the repository, where CI checks it out); this
// catches a copy that drifts. Without ../shared the test is skipped.
func TestSeedCopiesMatchShared(t *testing.T) {
	dir := filepath.Join("..", "..", "shared", "seeds")
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("%s not present", dir)
	}
	for _, name := range []string{"casc-chengtong-healthcare.txt", "sasac-medical-institutions-reform.txt"} {
		want, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(filepath.Join("testdata", "golden", name))
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != string(want) {
			t.Errorf("testdata/golden/%s differs from the seed in %s", name, dir)
		}
	}
}
