package strip

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/lockbox-tool/lockbox/internal/testenv"
	"github.com/lockbox-tool/lockbox/pkg/classify"
)

// realExportsDir holds exports written by real products, with the class
// of every column (labels.json); it lies beside the repository, here and
// in CI, and is read in place: its files are not copied in.
var realExportsDir = filepath.Join("..", "..", "..", "shared", "exports-real")

// labelled is a corpus of files and the class of each column by name.
type labelled struct {
	dir    string
	labels map[string]map[string]string // file, column, class
}

func corpora(t *testing.T) []labelled {
	var out []labelled
	for _, dir := range []string{exportsDir, filepath.Join("..", "..", "testdata", "shapes")} {
		b, err := os.ReadFile(filepath.Join(dir, "expected.json"))
		if err != nil {
			t.Fatal(err)
		}
		var exp map[string][]struct {
			Columns []struct{ Name, Class string }
		}
		if err := json.Unmarshal(b, &exp); err != nil {
			t.Fatal(err)
		}
		l := labelled{dir: dir, labels: map[string]map[string]string{}}
		for file, tables := range exp {
			l.labels[file] = map[string]string{}
			for _, tb := range tables {
				for _, c := range tb.Columns {
					l.labels[file][c.Name] = c.Class
				}
			}
		}
		out = append(out, l)
	}
	b, err := os.ReadFile(filepath.Join(realExportsDir, "labels.json"))
	switch {
	case err == nil:
		l := labelled{dir: realExportsDir}
		if err := json.Unmarshal(b, &l.labels); err != nil {
			t.Fatal(err)
		}
		out = append(out, l)
	case os.Getenv("LOCKBOX_INTEGRATION") == "1":
		t.Fatalf("the real exports are missing: %v", err)
	default:
		t.Logf("the real exports are not here (%v): checking the testdata only", err)
	}
	return out
}

// TestCompactExportLeaksNoPersonalValue runs the review and the default
// strip on every labelled file: the sample exports, the same kinds of data
// in the shapes real files come in, and real exports. Every personal or
// sensitive column must be found personal or sensitive, and no value of
// one may be a cell of the compact export. It reports precision and
// recall per class (go test -v -run CompactExportLeaks ./pkg/strip).
func TestCompactExportLeaksNoPersonalValue(t *testing.T) {
	confusion := testenv.Confusion{}
	files := 0
	for _, corpus := range corpora(t) {
		names := make([]string, 0, len(corpus.labels))
		for f := range corpus.labels {
			names = append(names, f)
		}
		sort.Strings(names)
		for _, file := range names {
			files++
			path := filepath.Join(corpus.dir, file)
			labels := corpus.labels[file]
			j, err := Open(path, Options{Key: testKey, Class: classify.Options{Now: testNow}})
			if err != nil {
				t.Errorf("%s: refused: %v", file, err)
				continue
			}
			private := map[string]bool{} // values of personal and sensitive columns
			public := map[string]bool{}  // values of transactional ones
			seen := map[string]bool{}
			for _, plan := range j.Plans() {
				for _, c := range plan.Columns {
					if c.Beyond {
						if c.Sent() {
							t.Errorf("%s: a column beyond the header is sent", file)
						}
						continue
					}
					want, ok := labels[c.Name]
					if !ok {
						t.Errorf("%s: column %q has no label", file, c.Name)
						continue
					}
					seen[c.Name] = true
					confusion.Add(want, string(c.Class))
					if want != "transactional" && c.Class == classify.Transactional {
						t.Errorf("%s: %s column %q taken for transactional (%s)", file, want, c.Name, c.Evidence)
					}
				}
			}
			j.Close()
			for name := range labels {
				if !seen[name] {
					t.Errorf("%s: labelled column %q not found", file, name)
				}
			}
			for _, s := range readFile(t, path) {
				for _, row := range s.rows {
					for i, c := range row {
						if v := strings.TrimSpace(c.Value); v != "" {
							if i < len(s.header) && labels[s.header[i]] == "transactional" {
								public[v] = true
							} else {
								private[v] = true
							}
						}
					}
				}
			}
			out, sum := run(t, path, Options{})
			leaked := map[string]int{}
			for _, s := range read(t, out, outName(file, sum.Format)) {
				for _, row := range s.rows {
					for i, c := range row {
						if v := strings.TrimSpace(c.Value); private[v] && !public[v] {
							leaked[s.header[i]]++
						}
					}
				}
			}
			for col, n := range leaked {
				t.Errorf("%s: the compact export's column %q holds %d values of personal columns", file, col, n)
			}
		}
	}
	t.Logf("classes of every labelled column in %d files:\n%s", files, confusion.Report())
}
