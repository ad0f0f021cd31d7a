package main

import (
	"fmt"
	"io"
	"runtime"
	"runtime/debug"

	"github.com/urfave/cli/v2"
)

func versionCommand() *cli.Command {
	return &cli.Command{
		Name:  "version",
		Usage: "print lockbox's version, and those of Go and age it was built with",
		Description: `A bug report should quote all three lines. Files lockbox encrypts are
age files; the age version says which age features it reads and writes.`,
		Action: func(c *cli.Context) error {
			if c.Args().Len() > 0 {
				return usageErrorf("version takes no arguments")
			}
			printVersion(c.App.Writer)
			return nil
		},
	}
}

// printVersion writes the version lines, from what the build recorded:
// the -X main.version the Makefile sets, else the module version or VCS
// revision "go build" stamps.
func printVersion(w io.Writer) {
	v, ageVersion := version, "unknown"
	if bi, ok := debug.ReadBuildInfo(); ok {
		if v == "devel" {
			v = buildVersion(bi)
		}
		for _, d := range bi.Deps {
			if d.Path == "filippo.io/age" {
				ageVersion = d.Version
				if d.Replace != nil {
					ageVersion = d.Replace.Version + " (replaced)"
				}
			}
		}
	}
	fmt.Fprintf(w, "lockbox %s\n", v)
	fmt.Fprintf(w, "go %s %s/%s\n", runtime.Version(), runtime.GOOS, runtime.GOARCH)
	fmt.Fprintf(w, "filippo.io/age %s\n", ageVersion)
}

func buildVersion(bi *debug.BuildInfo) string {
	if v := bi.Main.Version; v != "" && v != "(devel)" {
		return v
	}
	var rev, modified string
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			if s.Value == "true" {
				modified = "-dirty"
			}
		}
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	if rev == "" {
		return "devel"
	}
	return "devel (" + rev + modified + ")"
}
