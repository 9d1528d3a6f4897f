package extract

import (
	"sort"
	"strings"
	"sync"

	"github.com/newsetl/newsetl/config"
)

// Factory builds an extractor from its config without network I/O.
// It decodes src.Options strictly (DecodeOptions) and validates them.
type Factory func(src config.Source, f *Fetcher) (Extractor, error)

// DecodeOptions decodes src.Options into a T (a kind's options struct)
// with config.DecodeStrict: an unknown key or a missing required one is an
// error, which names the config file, the line and the source
// (src.Errorf). Options left out of the config decode to T's zero value.
func DecodeOptions[T any](src config.Source) (T, error) {
	var opt T
	if err := config.DecodeStrict(src.Options, &opt); err != nil {
		var zero T
		return zero, src.Errorf("%v", err)
	}
	return opt, nil
}

var (
	mu        sync.RWMutex
	factories = map[string]Factory{}
)

// Register makes a source kind available to Build. It is called from the
// kind package's init; registering a kind twice panics (a programming error).
func Register(kind string, f Factory) {
	mu.Lock()
	defer mu.Unlock()
	if _, dup := factories[kind]; dup {
		panic("extract: kind registered twice: " + kind)
	}
	factories[kind] = f
}

// Kinds lists the registered kinds, sorted.
func Kinds() []string {
	mu.RLock()
	defer mu.RUnlock()
	out := make([]string, 0, len(factories))
	for k := range factories {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Build builds the extractor for src, handing its factory
// f.ForSource(src): src's egress policy and credentials.
func Build(src config.Source, f *Fetcher) (Extractor, error) {
	mu.RLock()
	factory, ok := factories[src.Kind]
	mu.RUnlock()
	if !ok {
		return nil, src.Errorf("unknown kind %q (known: %s)", src.Kind, strings.Join(Kinds(), ", "))
	}
	// Factories name the source and line themselves (config.Source.Errorf).
	if f != nil {
		f = f.ForSource(src)
	}
	return factory(src, f)
}
