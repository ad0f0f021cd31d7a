package main

import (
	"encoding/csv"
	"io"
	"os"
	"strconv"
	"time"

	"github.com/xuri/excelize/v2"
)

// writeXLSX writes the header and first n rows of the CSV at src as a
// workbook the way Excel saves one: text in the shared string table,
// numbers as numbers, dates as date-formatted serial numbers.
func writeXLSX(src, dst string, n int) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	cr := csv.NewReader(in)
	f := excelize.NewFile()
	defer f.Close()
	const sheet = "Sheet1"
	dateStyle, err := f.NewStyle(&excelize.Style{NumFmt: 14})
	if err != nil {
		return err
	}
	for r := 1; r <= n+1; r++ {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		} else if err != nil {
			return err
		}
		for c, v := range rec {
			cell, _ := excelize.CoordinatesToCellName(c+1, r)
			var val any = v
			if r > 1 {
				switch c {
				case 9, 12: // Date of Birth, Order Date
					if t, err := time.Parse("2006-01-02", v); err == nil {
						val = t
						f.SetCellStyle(sheet, cell, cell, dateStyle)
					}
				case 11, 13, 14: // Order ID, Order Total, Quantity
					if x, err := strconv.ParseFloat(v, 64); err == nil {
						val = x
					}
				}
			}
			if v == "" {
				continue
			}
			if err := f.SetCellValue(sheet, cell, val); err != nil {
				return err
			}
		}
	}
	return f.SaveAs(dst)
}
