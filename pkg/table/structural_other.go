//go:build !amd64

package table

// useIndex: without vector code the index costs more than it saves.
var useIndex = false

// structuralBlocks indexes p, a whole number of 64-byte blocks.
func structuralBlocks(p []byte, delim byte, delims, specials, highs []uint64) {
	structuralBytes(p, delim, delims, specials, highs)
}
