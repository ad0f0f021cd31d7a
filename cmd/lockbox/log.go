package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/lockbox-tool/lockbox/pkg/ledger"
)

// logOptions are log's flags, and log verify's.
type logOptions struct {
	to, since, ledger string
	json              bool
	set               given
}

func logCommand(e *env) *cli.Command {
	o := &logOptions{}
	ledgerFlag := &cli.StringFlag{Name: "ledger", Usage: "read the ledger `FILE` (default: $LOCKBOX_LEDGER, or your data directory)", Destination: &o.ledger}
	return &cli.Command{
		Name:  "log",
		Usage: "show what was shared with whom, and received from whom",
		Description: `Lists the shares recorded by 'lockbox send' and 'lockbox encrypt --to',
newest first: when, to whom, which file, how many rows and columns, and
how it was encrypted. Both directions: request pages made with 'lockbox
request', and the files that came back through them ('lockbox decrypt'),
are listed too. The ledger holds no data and no passphrases.

'lockbox log verify' checks that no entry was altered, forged, removed,
inserted or moved since it was written, nor the newest removed, and exits 1
naming the first problem. Entries are signed with your ledger key
(lockbox/ledger.key in your configuration directory); verify prints the
head record, the newest entry's signature, to write down elsewhere.

EXAMPLES:
   lockbox log
   lockbox log --to mailhouse --since 2026-01-01
   lockbox log --json | jq '.[] | select(.recipient == "Mailhouse BV")'
   lockbox log verify`,
		Flags: []cli.Flag{
			&cli.BoolFlag{Name: "json", Usage: "print the entries as JSON on stdout, oldest first", Destination: &o.json},
			&cli.StringFlag{Name: "to", Usage: "only entries for people whose name contains `NAME` (sent to, requested from or received from)", Destination: &o.to},
			&cli.StringFlag{Name: "since", Usage: "only shares on or after `DATE` (YYYY-MM-DD)", Destination: &o.since},
			ledgerFlag,
		},
		Action: action(&o.set, func(ctx context.Context, args []string) error { return runLog(ctx, o, e, args) }),
		Subcommands: []*cli.Command{{
			Name:   "verify",
			Usage:  "check that no entry was altered, removed or reordered",
			Flags:  []cli.Flag{ledgerFlag},
			Action: action(&o.set, func(ctx context.Context, args []string) error { return runLogVerify(ctx, o, e, args) }),
		}},
	}
}

func runLog(_ context.Context, o *logOptions, e *env, args []string) error {
	if len(args) > 0 {
		return usageErrorf("log takes no arguments, got %q", args[0]).hint("lockbox log verify checks the ledger")
	}
	var since time.Time
	if s := o.since; s != "" {
		var err error
		if since, err = time.Parse("2006-01-02", s); err != nil {
			return usageErrorf("--since takes a date as YYYY-MM-DD, got %q", s)
		}
	}
	path, err := ledgerPath(o.ledger)
	if err != nil {
		return err
	}
	entries, err := ledger.Read(path)
	if err != nil {
		return failf("cannot read the ledger %q: %v", path, pathErr(err))
	}
	k, err := e.ledgerKeys(false)
	if err != nil {
		return failf("%v", err)
	}
	if _, err := ledger.Verify(path, k); err != nil && !errors.Is(err, fs.ErrNotExist) {
		e.warnf("%v", err)
		e.hintf("lockbox log verify --ledger %s", shellQuote(path))
	}
	to := strings.ToLower(strings.TrimSpace(o.to))
	var shown []ledger.Entry
	for _, entry := range entries {
		if to != "" && !strings.Contains(strings.ToLower(entry.Recipient), to) {
			continue
		}
		if !since.IsZero() && entry.Time.Before(since) {
			continue
		}
		shown = append(shown, entry)
	}
	if o.json {
		if shown == nil {
			shown = []ledger.Entry{}
		}
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(shown)
	}
	if len(shown) == 0 {
		if len(entries) == 0 {
			e.infof("the ledger %q holds no shares yet", path)
		} else {
			e.infof("no shares match; the ledger %q holds %d", path, len(entries))
		}
		return nil
	}
	printLog(e.stdout, shown)
	return nil
}

func runLogVerify(_ context.Context, o *logOptions, e *env, args []string) error {
	if len(args) > 0 {
		return usageErrorf("log verify takes no arguments, got %q", args[0])
	}
	path, err := ledgerPath(o.ledger)
	if err != nil {
		return err
	}
	k, err := e.ledgerKeys(false)
	if err != nil {
		return failf("%v", err)
	}
	r, err := ledger.Verify(path, k)
	n := r.Entries
	var be *ledger.BrokenError
	switch {
	case errors.Is(err, fs.ErrNotExist):
		// As "lockbox log" does: nothing recorded is nothing wrong.
		e.infof("no shares recorded yet: there is no ledger at %q", path)
		return nil
	case errors.As(err, &be) && be.Line == 0:
		return failf("%v", err).hint("every entry in it is intact; nothing in the ledger was changed by this check")
	case errors.As(err, &be):
		return failf("%v", err).hint("the %s before it %s intact; nothing in the ledger was changed by this check", count(n, "entry"), plural(n, "is", "are"))
	case err != nil:
		return failf("cannot read the ledger %q: %v", path, pathErr(err))
	}
	e.infof("the ledger %q is intact: %s, each chained to the one before", path, count(n, "entry"))
	if r.Head != nil {
		// Written down elsewhere, this shows later that no newer
		// entries were taken away with the head record.
		e.infof("head: entry %d, %s, mac %s", r.Head.Entries, r.Head.Time.Local().Format("2006-01-02 15:04"), r.Head.MAC)
	} else if n > 0 {
		e.infof("its entries are from before lockbox signed the ledger; the next share starts the signed chain")
	}
	return nil
}

// printLog writes the shares as a table on stdout, newest first.
func printLog(w io.Writer, entries []ledger.Entry) {
	var b strings.Builder
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "TIME (UTC)\tWAY\tWHO\tSOURCE\tROWS\tCOLUMNS\tMETHOD\tOUTPUT\n")
	for i := len(entries) - 1; i >= 0; i-- {
		e := entries[i]
		way, who := "sent to", cellText(e.Recipient)
		switch e.Direction {
		case ledger.Request:
			way = "request for"
		case ledger.Received:
			way = "received from"
			if e.Recipient == "" {
				who = "request " + e.RequestID
			}
		}
		source := "-"
		if e.Source.Name != "" {
			source = cellText(e.Source.Name)
		}
		rows, cols := "-", "-"
		if e.Rows != nil {
			rows = fmt.Sprint(*e.Rows)
			cols = fmt.Sprintf("%d of %d", len(e.Columns), len(e.Columns)+len(e.Removed))
		}
		method := e.Method
		if e.Method == "keys" {
			method = fmt.Sprintf("%d keys", len(e.Keys))
			if len(e.Keys) == 1 {
				method = "1 key"
			}
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", e.Time.UTC().Format("2006-01-02 15:04"), way, who,
			source, rows, cols, method, e.Output.Name)
	}
	tw.Flush()
	io.WriteString(w, b.String())
}
