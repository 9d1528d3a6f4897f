package tableprint

import (
	"bytes"
	"io"
	"strings"
)

// Writer aligns tab-separated cells like text/tabwriter with padding 2 and
// spaces, but by display width. Lines holding a tab form a block whose
// tab-terminated cells are padded to the widest cell of their column in the
// block; the last cell of a line is not padded; a line without a tab ends
// the block and is written as is. Nothing is written before Flush.
type Writer struct {
	out io.Writer
	buf bytes.Buffer
}

// NewWriter returns a Writer printing to w on Flush.
func NewWriter(w io.Writer) *Writer { return &Writer{out: w} }

// Write buffers p; it never fails.
func (w *Writer) Write(p []byte) (int, error) { return w.buf.Write(p) }

// Flush aligns and writes everything written so far, then empties the
// buffer. A last line without '\n' is written without one.
func (w *Writer) Flush() error {
	text := w.buf.String()
	w.buf.Reset()
	lines := strings.SplitAfter(text, "\n")
	var out strings.Builder
	var block [][]string // cells of the lines of the current block
	var ends []string    // each block line's ending ("\n" or "")
	flush := func() {
		var widths []int
		for _, cells := range block {
			for i, c := range cells[:len(cells)-1] {
				if i == len(widths) {
					widths = append(widths, 0)
				}
				widths[i] = max(widths[i], Width(c))
			}
		}
		for k, cells := range block {
			var l strings.Builder
			for i, c := range cells {
				if i < len(cells)-1 {
					l.WriteString(pad(c, widths[i], Left) + gap)
				} else {
					l.WriteString(c)
				}
			}
			out.WriteString(strings.TrimRight(l.String(), " "))
			out.WriteString(ends[k])
		}
		block, ends = block[:0], ends[:0]
	}
	for _, l := range lines {
		if l == "" {
			continue
		}
		body, end := strings.TrimSuffix(l, "\n"), ""
		if strings.HasSuffix(l, "\n") {
			end = "\n"
		}
		if !strings.Contains(body, "\t") {
			flush()
			out.WriteString(l)
			continue
		}
		block = append(block, strings.Split(body, "\t"))
		ends = append(ends, end)
	}
	flush()
	_, err := io.WriteString(w.out, out.String())
	return err
}
