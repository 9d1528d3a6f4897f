package main

import (
	"errors"
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"
)

// profileFlags are --cpuprofile and --memprofile, for the commands whose
// speed matters (ingest, backfill, reparse).
type profileFlags struct {
	cpu, mem string
}

// addProfileFlags registers --cpuprofile and --memprofile on f.
func addProfileFlags(f *flags) *profileFlags {
	p := &profileFlags{}
	f.StringVar(&p.cpu, "cpuprofile", "", "write a CPU profile (go tool pprof) of the command to FILE")
	f.StringVar(&p.mem, "memprofile", "", "write a heap profile (allocations) at the end of the command to FILE")
	return p
}

// start starts the CPU profile, when asked for. The returned stop writes
// the profiles; call it once, when the command's work is done, and join
// its error to the command's.
func (p *profileFlags) start() (stop func() error, err error) {
	var cpu *os.File
	if p.cpu != "" {
		if cpu, err = os.Create(p.cpu); err != nil {
			return nil, fmt.Errorf("--cpuprofile: %w", err)
		}
		if err := pprof.StartCPUProfile(cpu); err != nil {
			cpu.Close()
			return nil, fmt.Errorf("--cpuprofile %s: %w", p.cpu, err)
		}
	}
	return func() error {
		var errs []error
		if cpu != nil {
			pprof.StopCPUProfile()
			if err := cpu.Close(); err != nil {
				errs = append(errs, fmt.Errorf("--cpuprofile %s: %w", p.cpu, err))
			}
		}
		if p.mem != "" {
			errs = append(errs, writeHeapProfile(p.mem))
		}
		return errors.Join(errs...)
	}, nil
}

// writeHeapProfile writes the heap profile, with every allocation since
// the start (alloc_space) as well as what is in use, to path.
func writeHeapProfile(path string) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("--memprofile: %w", err)
	}
	runtime.GC() // up-to-date in-use figures
	if err := pprof.Lookup("allocs").WriteTo(f, 0); err != nil {
		f.Close()
		return fmt.Errorf("--memprofile %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("--memprofile %s: %w", path, err)
	}
	return nil
}
