package spool

import (
	"bytes"
	"encoding/binary"
	"encoding/gob"
	"errors"
	"fmt"
	"hash/crc32"
	"io"

	"github.com/newsetl/newsetl/record"
)

// A spool file is a header followed by frames, appended and fsynced one
// write at a time:
//
//	header: "NSPOOL1\n"
//	frame:  uint32 payload length (big endian) | uint32 CRC-32C of the payload | payload
//
// A payload is one gob-encoded op, self-contained (its own type
// information), so any frame can be decoded alone.
const (
	magic       = "NSPOOL1\n"
	frameHeader = 8
	// maxFrame bounds one payload: a frame header claiming more is corrupt.
	maxFrame = 1 << 30
)

var crcTable = crc32.MakeTable(crc32.Castagnoli)

// ErrCorrupt is wrapped by errors for spool files that cannot be read whole:
// a bad header, a frame whose checksum does not match, a truncated frame.
var ErrCorrupt = errors.New("corrupt spool file")

// Op kinds, one per Store write.
const (
	opVersions     = "versions"
	opObservations = "observations"
	opPageStates   = "page_states"
	opRun          = "run"
	opPartition    = "partition"
)

// op is one Store write that was kept instead of written.
type op struct {
	Kind      string
	Source    string
	Articles  []record.Article
	Facts     []record.Fact
	Obs       []record.Observation
	States    []record.PageState
	Run       *record.Run
	RunErrs   []record.RunError
	Partition *record.Partition
}

// rows is how many rows the op holds.
func (o *op) rows() int {
	n := len(o.Articles) + len(o.Facts) + len(o.Obs) + len(o.States) + len(o.RunErrs)
	if o.Run != nil {
		n++
	}
	if o.Partition != nil {
		n++
	}
	return n
}

// encodeFrame returns op as one frame.
func encodeFrame(o *op) ([]byte, error) {
	var payload bytes.Buffer
	if err := gob.NewEncoder(&payload).Encode(o); err != nil {
		return nil, fmt.Errorf("encoding %s rows: %w", o.Kind, err)
	}
	if payload.Len() > maxFrame {
		return nil, fmt.Errorf("encoding %s rows: %d bytes is over the %d-byte frame limit", o.Kind, payload.Len(), maxFrame)
	}
	frame := make([]byte, frameHeader, frameHeader+payload.Len())
	binary.BigEndian.PutUint32(frame[0:4], uint32(payload.Len()))
	binary.BigEndian.PutUint32(frame[4:8], crc32.Checksum(payload.Bytes(), crcTable))
	return append(frame, payload.Bytes()...), nil
}

// readOps reads a whole spool file: every op, or an error wrapping
// ErrCorrupt that names the byte offset of the first bad frame. Nothing is
// returned with an error: a file is replayed whole or not at all.
func readOps(data []byte) ([]op, error) {
	if len(data) < len(magic) || string(data[:len(magic)]) != magic {
		return nil, fmt.Errorf("%w: no spool header at offset 0", ErrCorrupt)
	}
	var ops []op
	off := len(magic)
	for off < len(data) {
		if len(data)-off < frameHeader {
			return nil, fmt.Errorf("%w: truncated frame header at offset %d (%d bytes left)", ErrCorrupt, off, len(data)-off)
		}
		n := binary.BigEndian.Uint32(data[off : off+4])
		sum := binary.BigEndian.Uint32(data[off+4 : off+8])
		if n > maxFrame || int64(n) > int64(len(data)-off-frameHeader) {
			return nil, fmt.Errorf("%w: frame at offset %d claims %d bytes, %d left", ErrCorrupt, off, n, len(data)-off-frameHeader)
		}
		payload := data[off+frameHeader : off+frameHeader+int(n)]
		if crc32.Checksum(payload, crcTable) != sum {
			return nil, fmt.Errorf("%w: checksum mismatch in the frame at offset %d", ErrCorrupt, off)
		}
		var o op
		dec := gob.NewDecoder(bytes.NewReader(payload))
		if err := dec.Decode(&o); err != nil {
			return nil, fmt.Errorf("%w: frame at offset %d: %v", ErrCorrupt, off, err)
		}
		if err := dec.Decode(new(op)); err != io.EOF {
			return nil, fmt.Errorf("%w: frame at offset %d holds more than one op", ErrCorrupt, off)
		}
		if !validKind(o.Kind) {
			return nil, fmt.Errorf("%w: frame at offset %d has unknown op %q", ErrCorrupt, off, o.Kind)
		}
		ops = append(ops, o)
		off += frameHeader + int(n)
	}
	return ops, nil
}

func validKind(k string) bool {
	switch k {
	case opVersions, opObservations, opPageStates, opRun, opPartition:
		return true
	}
	return false
}
