package table

import "golang.org/x/sys/cpu"

// hasIndex says whether chunks are split with a structural index: only
// where it is built with vectors, as portable Go builds it no faster than
// split reads the bytes itself. It is what the CPU has, set once.
var hasIndex = cpu.X86.HasAVX2

//go:noescape
func structuralAVX2(p *byte, blocks int, delim byte, delims, quotes, newlines, highs *uint64)

// structuralBlocks indexes p, a whole number of 64-byte blocks.
func structuralBlocks(p []byte, delim byte, delims, quotes, newlines, highs []uint64) {
	if !cpu.X86.HasAVX2 {
		structuralBytes(p, delim, delims, quotes, newlines, highs)
		return
	}
	structuralAVX2(&p[0], len(p)/64, delim, &delims[0], &quotes[0], &newlines[0], &highs[0])
}
