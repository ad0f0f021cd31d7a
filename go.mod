module github.com/lockbox-tool/lockbox

go 1.26.8

require (
	filippo.io/age v1.3.2
	github.com/ccojocar/zxcvbn-go v1.0.4
	github.com/sethvargo/go-password v0.4.0
	golang.org/x/sys v0.49.0
)

require (
	filippo.io/edwards25519 v1.2.0 // indirect
	filippo.io/hpke v0.4.0 // indirect
	github.com/atotto/clipboard v0.1.4 // indirect
	golang.org/x/crypto v0.55.0 // indirect
)
