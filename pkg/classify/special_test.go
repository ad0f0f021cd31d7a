package classify

import (
	"fmt"
	"strings"
	"testing"

	"github.com/lockbox-tool/lockbox/pkg/table"
)

func TestSpecialTermsInEveryLanguage(t *testing.T) {
	tests := []struct {
		text string
		kind Kind // "" for a near miss
	}{
		{"Client is diabetic, no sugar please", Health},
		{"Ze is zwanger, uitgerekend in maart", Health},
		{"Sitzt im Rollstuhl, Erdgeschoss", Health},
		{"Elle est enceinte", Health},
		{"Está embarazada de cinco meses", Health},
		{"È in sedia a rotelle", Health},
		{"Está grávida", Health},
		{"Jest w ciąży", Health},
		{"takes antidepressants since spring", Health},
		{"Muslim, halal catering", Religion},
		{"Katholiek, geen afspraken op zondag", Religion},
		{"jüdisch, koscheres Essen", Religion},
		{"musulmane, repas halal", Religion},
		{"católica practicante", Religion},
		{"è ebreo", Religion},
		{"é muçulmano", Religion},
		{"jest katolikiem, msza w niedzielę", Religion},
		{"member of the trade union", TradeUnion},
		{"lid van de vakbond", TradeUnion},
		{"criminal record checked", Criminal},
		{"Heeft een strafblad", Criminal},
		{"her wife and she are a lesbian couple", SexualOrientation},
		{"ethnic minority scheme", Ethnicity},
		// Near misses: everyday words that sound close, or mean something
		// else.
		{"Leave the parcel at the back door", ""},
		{"Church Street 12, ring twice", ""},
		{"Christian called about the invoice", ""},
		{"wood treatment applied before delivery", ""},
		{"ships to the European Union only", ""},
		{"race day tickets, two adults", ""},
		{"Paket beim Nachbarn abgeben", ""},
		{"Pakket bij de buren", ""},
		{"Livrer après 17 h", ""},
	}
	for _, tt := range tests {
		kind, term, ok := specialTerm(tt.text)
		if ok != (tt.kind != "") || kind != tt.kind {
			t.Errorf("%q: %q via %q, want %q", tt.text, kind, term, tt.kind)
		}
	}
}

// The evidence names the lexicon's term, not the cell's word it matched.
func TestSpecialTermShowsTheStemNotTheWord(t *testing.T) {
	if _, term, _ := specialTerm("leczony cukrzykiem Kowalskiego"); term != "cukrzy…" {
		t.Errorf("term %q, want the stem", term)
	}
	if _, term, _ := specialTerm("needs insulin"); term != "insulin" {
		t.Errorf("term %q, want the word", term)
	}
}

func TestNotesAboutDeliveriesAreNotSensitive(t *testing.T) {
	got := classifyColumn("Notes", values(40, func(i int) string {
		return []string{"Leave the parcel at the back door", "Ring twice, the bell is broken", "Deliver after 5 pm"}[i%3]
	}))
	if got.Class != Personal || got.Kind != FreeText {
		t.Errorf("delivery notes: %+v", got)
	}
	got = classifyColumn("Notes", values(40, func(i int) string {
		if i == 7 {
			return "Sanne has asthma, no flowers"
		}
		return "Deliver after 5 pm"
	}))
	if got.Class != Sensitive || got.Kind != Health || !strings.Contains(got.Evidence, `1 of 40 sampled values mention health terms, e.g. "asthma"`) {
		t.Errorf("one mention of a condition: %+v", got)
	}
	if strings.Contains(got.Evidence, "Sanne") || strings.Contains(got.Example, "asthma") {
		t.Errorf("the evidence or example shows a value: %+v", got)
	}
}

func TestMedicalCodes(t *testing.T) {
	for _, v := range []string{"E11.9", "J45", "F32.1", "A09", "K21.0", "S72.001A"} {
		if !isICD10(v) {
			t.Errorf("ICD-10 %q not recognised", v)
		}
	}
	for _, v := range []string{"U07", "E1", "11.9", "E11.", "e11.9", "EE11"} {
		if isICD10(v) {
			t.Errorf("%q taken for ICD-10", v)
		}
	}
	for _, v := range []string{"A10BA02", "N02BE01", "C09AA05"} {
		if !isATC(v) {
			t.Errorf("ATC %q not recognised", v)
		}
	}
	// Real SNOMED CT concept IDs, and the same with a wrong check digit.
	for _, v := range []string{"44054006", "38341003", "195662009", "10509002", "444814009", "73211009"} {
		if !isSNOMED(v) {
			t.Errorf("SNOMED CT %q not recognised", v)
		}
		wrong := v[:len(v)-1] + fmt.Sprint((int(v[len(v)-1]-'0')+1)%10)
		if isSNOMED(wrong) {
			t.Errorf("%q passes the Verhoeff check", wrong)
		}
	}
}

// TestMedicalCodesNeedATableAboutPatients: codes that look like ICD-10
// are order codes in a table about products.
func TestMedicalCodesNeedATableAboutPatients(t *testing.T) {
	codes := []string{"E11.9", "J45", "F32.1", "K21.0", "A09"}
	verdict := func(table string, header []string) Column {
		c := New(header, Options{Now: today, Table: table})
		for i := 0; i < 50; i++ {
			row := make([]tableCell, len(header))
			row[0] = cell(codes[i%len(codes)])
			for j := 1; j < len(header); j++ {
				row[j] = cell(fmt.Sprint(i))
			}
			c.Add(row)
		}
		return c.Columns()[0]
	}
	if got := verdict("catalogue", []string{"Code", "Product", "Price"}); got.Class == Sensitive {
		t.Errorf("order codes in a product table: %+v", got)
	}
	if got := verdict("export", []string{"Code", "Patient", "Start"}); got.Class != Sensitive || got.Kind != Health ||
		!strings.Contains(got.Evidence, "50/50 sampled values are medical codes") {
		t.Errorf("diagnosis codes in a patient table: %+v", got)
	}
	if got := verdict("conditions", []string{"Code", "Start"}); got.Class != Sensitive {
		t.Errorf("diagnosis codes in a table named conditions: %+v", got)
	}
	if medicalTable("orders", []string{"Batch", "Match"}) {
		t.Error(`"atc" found inside "Batch"`)
	}
}

type tableCell = table.Cell

func cell(v string) table.Cell { return table.Cell{Type: table.String, Value: v, Raw: v} }
