//go:build !amd64

package table

// hasIndex: without vector code the index costs more than it saves.
const hasIndex = false

// structuralBlocks indexes p, a whole number of 64-byte blocks.
func structuralBlocks(p []byte, delim byte, delims, quotes, newlines, highs []uint64) {
	structuralBytes(p, delim, delims, quotes, newlines, highs)
}
