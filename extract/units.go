package extract

import (
	"github.com/newsetl/newsetl/config"
	"github.com/newsetl/newsetl/transform/stats"
)

// Units returns a statistics source's unit map: its own entries over the
// config file's top-level units: (src.Units).
func Units(src config.Source, own stats.Units) stats.Units {
	global := stats.Units{}
	for k, v := range src.Units {
		global[k] = stats.UnitSpec{Unit: v.Unit, Scale: v.Scale}
	}
	return own.Merge(global)
}
