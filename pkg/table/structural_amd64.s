#include "textflag.h"

// func structuralAVX2(p *byte, blocks int, delim byte, delims, quotes, newlines, highs *uint64)
//
// For each 64-byte block of p, one bit per byte: in delims where the byte
// is delim, in quotes where it is a quote, in newlines where it is a line
// feed, in highs where it is not ASCII (its top bit, which VPMOVMSKB
// gathers).
TEXT ·structuralAVX2(SB), NOSPLIT, $0-56
	MOVQ p+0(FP), SI
	MOVQ blocks+8(FP), CX
	MOVBLZX delim+16(FP), AX
	MOVQ delims+24(FP), DI
	MOVQ quotes+32(FP), R9
	MOVQ newlines+40(FP), R10
	MOVQ highs+48(FP), R8
	MOVQ AX, X0
	VPBROADCASTB X0, Y0
	MOVL $0x22, AX
	MOVQ AX, X1
	VPBROADCASTB X1, Y1
	MOVL $0x0a, AX
	MOVQ AX, X2
	VPBROADCASTB X2, Y2

loop:
	TESTQ CX, CX
	JZ    done
	VMOVDQU (SI), Y3
	VMOVDQU 32(SI), Y4

	VPCMPEQB  Y3, Y0, Y5
	VPMOVMSKB Y5, AX
	VPCMPEQB  Y4, Y0, Y6
	VPMOVMSKB Y6, BX
	SHLQ      $32, BX
	ORQ       BX, AX
	MOVQ      AX, (DI)

	VPCMPEQB  Y3, Y1, Y5
	VPMOVMSKB Y5, AX
	VPCMPEQB  Y4, Y1, Y6
	VPMOVMSKB Y6, BX
	SHLQ      $32, BX
	ORQ       BX, AX
	MOVQ      AX, (R9)

	VPCMPEQB  Y3, Y2, Y5
	VPMOVMSKB Y5, AX
	VPCMPEQB  Y4, Y2, Y6
	VPMOVMSKB Y6, BX
	SHLQ      $32, BX
	ORQ       BX, AX
	MOVQ      AX, (R10)

	VPMOVMSKB Y3, AX
	VPMOVMSKB Y4, BX
	SHLQ      $32, BX
	ORQ       BX, AX
	MOVQ      AX, (R8)

	ADDQ $64, SI
	ADDQ $8, DI
	ADDQ $8, R9
	ADDQ $8, R10
	ADDQ $8, R8
	DECQ CX
	JMP  loop

done:
	VZEROUPPER
	RET
