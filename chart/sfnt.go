package chart

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// repackSFNT returns font index of the TrueType/OpenType file or collection
// b as a standalone font file whose tables start at 4-byte boundaries.
// golang.org/x/image's sfnt refuses tables at other offsets ("invalid
// table offset"), which some widely installed fonts have (WenQuanYi Micro
// Hei, Debian's fonts-wqy-microhei); the tables' bytes are copied
// unchanged. Malformed input is an error, never a panic.
func repackSFNT(b []byte, index int) ([]byte, error) {
	u32 := func(at int) (uint32, error) {
		if at < 0 || at+4 > len(b) {
			return 0, errors.New("font file truncated")
		}
		return binary.BigEndian.Uint32(b[at:]), nil
	}
	u16 := func(at int) (uint16, error) {
		if at < 0 || at+2 > len(b) {
			return 0, errors.New("font file truncated")
		}
		return binary.BigEndian.Uint16(b[at:]), nil
	}
	off := 0
	if len(b) >= 4 && string(b[:4]) == "ttcf" {
		n, err := u32(8)
		if err != nil {
			return nil, err
		}
		if index < 0 || uint32(index) >= n {
			return nil, fmt.Errorf("font collection has %d fonts, no font %d", n, index)
		}
		o, err := u32(12 + 4*index)
		if err != nil {
			return nil, err
		}
		off = int(o)
	} else if index != 0 {
		return nil, fmt.Errorf("not a font collection: no font %d", index)
	}
	numTables, err := u16(off + 4)
	if err != nil {
		return nil, err
	}
	if off+12+16*int(numTables) > len(b) {
		return nil, errors.New("font table directory truncated")
	}
	headerLen := 12 + 16*int(numTables)
	out := make([]byte, headerLen, len(b))
	copy(out, b[off:off+12])
	for i := range int(numTables) {
		rec := off + 12 + 16*i
		tOff, _ := u32(rec + 8)
		tLen, _ := u32(rec + 12)
		if uint64(tOff)+uint64(tLen) > uint64(len(b)) {
			return nil, fmt.Errorf("font table %q runs past the end of the file", b[rec:rec+4])
		}
		for len(out)%4 != 0 {
			out = append(out, 0)
		}
		newOff := len(out)
		out = append(out, b[tOff:tOff+tLen]...)
		dst := 12 + 16*i
		copy(out[dst:dst+8], b[rec:rec+8]) // tag and checksum
		binary.BigEndian.PutUint32(out[dst+8:], uint32(newOff))
		binary.BigEndian.PutUint32(out[dst+12:], tLen)
	}
	for len(out)%4 != 0 {
		out = append(out, 0)
	}
	return out, nil
}
