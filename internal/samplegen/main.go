// Command samplegen writes the sample exports in testdata/exports: what
// Mailchimp, HubSpot, Shopify, Salesforce, WooCommerce, Stripe, Dynamics
// 365 and Zoho export, home-made Dutch, German, French and Spanish CRM
// lists, a workbook with several sheets, a therapist's client list, a union
// membership list and a sales report with no personal data. Beside them it
// writes expected.json, the class and kind of every column as a careful
// reviewer would label it; the classifier is tested against that.
//
// It also writes testdata/shapes: exports in the shapes real files come
// in (shapes.go), labelled the same way.
//
// The same seed always gives the same files:
//
//	go run ./internal/samplegen -o testdata/exports -shapes testdata/shapes
package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/brianvoe/gofakeit/v7"
	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

// col is one column: its header, the label a reviewer gives it, and how
// to fill it.
type col struct {
	header, class, kind string
	gen                 func(f *gofakeit.Faker, p *person, row int) any
}

type sheet struct {
	name    string
	country string
	rows    int
	cols    []col
}

type export struct {
	file   string
	sheets []sheet
	// CSV dialect.
	delim     rune
	crlf, bom bool
	encoding  string // "", "windows-1252", "utf-16le"
	// The shapes real exports come in (see shapes.go).
	preamble []string // lines above the header: a title, notes, an account preamble
	lineEnds string   // "cr": lines end with a CR alone; "bare": some CRLF lines end with a bare CR
	beyond   bool     // every fifth row has an email and a phone number past the header
}

func t(header, kind string, gen func(f *gofakeit.Faker, p *person, row int) any) col {
	return col{header, "transactional", kind, gen}
}
func pers(header, kind string, gen func(f *gofakeit.Faker, p *person, row int) any) col {
	return col{header, "personal", kind, gen}
}
func sens(header, kind string, gen func(f *gofakeit.Faker, p *person, row int) any) col {
	return col{header, "sensitive", kind, gen}
}

var now = time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)

func recent(f *gofakeit.Faker) time.Time {
	return f.DateRange(now.AddDate(-2, 0, 0), now).Truncate(time.Second)
}

func day(tm time.Time, layout string) string { return tm.Format(layout) }

func money(f *gofakeit.Faker, lo, hi float64) float64 {
	return float64(int(f.Float64Range(lo, hi)*100)) / 100
}

func pick(xs ...string) func(f *gofakeit.Faker, p *person, row int) any {
	return func(f *gofakeit.Faker, _ *person, _ int) any { return f.RandomString(xs) }
}

func euro(v float64, comma bool) string {
	s := strconv.FormatFloat(v, 'f', 2, 64)
	if comma {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}

var products = []string{"Desk lamp", "Office chair", "Notebook A5", "Printer paper", "Monitor arm", "Headset", "Webcam", "USB-C hub"}

func exports() []export {
	return []export{
		{file: "mailchimp_audience.csv", delim: ',', sheets: []sheet{{country: "NL", rows: 150, cols: []col{
			pers("Email Address", "email", func(f *gofakeit.Faker, p *person, _ int) any { return p.email }),
			pers("First Name", "person_name", func(f *gofakeit.Faker, p *person, _ int) any { return p.first }),
			pers("Last Name", "person_name", func(f *gofakeit.Faker, p *person, _ int) any { return p.last }),
			pers("Address", "address", func(f *gofakeit.Faker, p *person, _ int) any {
				return p.street + "  " + p.city + "  " + p.postcode + "  NL"
			}),
			pers("Phone Number", "phone", func(f *gofakeit.Faker, p *person, _ int) any { return p.phoneIntl }),
			pers("Birthday", "date_of_birth", func(f *gofakeit.Faker, p *person, _ int) any { return p.born.Format("01/02") }),
			t("MEMBER_RATING", "none", func(f *gofakeit.Faker, _ *person, _ int) any { return f.IntRange(1, 5) }),
			t("OPTIN_TIME", "none", func(f *gofakeit.Faker, _ *person, _ int) any { return day(recent(f), "2006-01-02 15:04:05") }),
			pers("OPTIN_IP", "ip_address", func(f *gofakeit.Faker, p *person, _ int) any { return p.ip }),
			t("CONFIRM_TIME", "none", func(f *gofakeit.Faker, _ *person, _ int) any { return day(recent(f), "2006-01-02 15:04:05") }),
			pers("CONFIRM_IP", "ip_address", func(f *gofakeit.Faker, p *person, _ int) any { return p.ip }),
			pers("LATITUDE", "geo", func(f *gofakeit.Faker, p *person, _ int) any { return strconv.FormatFloat(p.lat, 'f', 7, 64) }),
			pers("LONGITUDE", "geo", func(f *gofakeit.Faker, p *person, _ int) any { return strconv.FormatFloat(p.lon, 'f', 7, 64) }),
			t("GMTOFF", "none", pick("1")),
			t("DSTOFF", "none", pick("2")),
			t("TIMEZONE", "none", pick("Europe/Amsterdam")),
			t("CC", "none", pick("NL", "NL", "BE", "DE")),
			t("REGION", "none", pick("NH", "UT", "ZH", "NB")),
			t("LAST_CHANGED", "none", func(f *gofakeit.Faker, _ *person, _ int) any { return day(recent(f), "2006-01-02 15:04:05") }),
			pers("LEID", "identifier", func(f *gofakeit.Faker, _ *person, row int) any { return strconv.Itoa(41234567 + row*7) }),
			pers("EUID", "identifier", func(f *gofakeit.Faker, _ *person, _ int) any { return f.HexUint(32)[2:] }),
			pers("NOTES", "free_text", func(f *gofakeit.Faker, p *person, _ int) any { return note(f, p, "en") }),
			t("TAGS", "none", pick(`"Customer"`, `"Customer","VIP"`, `"Prospect"`, "")),
		}}}},
		{file: "hubspot_contacts.csv", delim: ',', sheets: []sheet{{country: "US", rows: 150, cols: []col{
			pers("Record ID", "identifier", func(f *gofakeit.Faker, _ *person, row int) any { return strconv.Itoa(51234000001 + row*13) }),
			pers("First Name", "person_name", func(f *gofakeit.Faker, p *person, _ int) any { return p.first }),
			pers("Last Name", "person_name", func(f *gofakeit.Faker, p *person, _ int) any { return p.last }),
			pers("Email", "email", func(f *gofakeit.Faker, p *person, _ int) any { return p.email }),
			pers("Phone Number", "phone", func(f *gofakeit.Faker, p *person, _ int) any { return p.phone }),
			t("Company Name", "none", func(f *gofakeit.Faker, p *person, _ int) any { return p.company }),
			pers("Job Title", "job_title", func(f *gofakeit.Faker, p *person, _ int) any { return p.job }),
			t("Lifecycle Stage", "none", pick("Lead", "Marketing Qualified Lead", "Customer", "Opportunity")),
			t("Lead Status", "none", pick("New", "Open", "In Progress", "Connected")),
			pers("Contact owner", "person_name", pick("Sarah Miller", "Tom Baker", "Anna Schmidt")),
			t("Create Date", "none", func(f *gofakeit.Faker, _ *person, _ int) any { return day(recent(f), "2006-01-02 15:04") }),
			t("Last Activity Date", "none", func(f *gofakeit.Faker, _ *person, _ int) any { return day(recent(f), "2006-01-02 15:04") }),
			t("City", "none", func(f *gofakeit.Faker, p *person, _ int) any { return p.city }),
			t("Country/Region", "none", pick("United States")),
			pers("Street Address", "address", func(f *gofakeit.Faker, p *person, _ int) any { return p.street }),
			pers("Postal Code", "postcode", func(f *gofakeit.Faker, p *person, _ int) any { return p.postcode }),
			t("Marketing contact status", "none", pick("Marketing contact", "Non-marketing contact")),
		}}}},
		{file: "shopify_customers.csv", delim: ',', sheets: []sheet{{country: "US", rows: 150, cols: []col{
			pers("Customer ID", "identifier", func(f *gofakeit.Faker, _ *person, row int) any { return "'" + strconv.Itoa(7012345600001+row*31) }),
			pers("First Name", "person_name", func(f *gofakeit.Faker, p *person, _ int) any { return p.first }),
			pers("Last Name", "person_name", func(f *gofakeit.Faker, p *person, _ int) any { return p.last }),
			pers("Email", "email", func(f *gofakeit.Faker, p *person, _ int) any { return p.email }),
			t("Accepts Email Marketing", "none", pick("yes", "no")),
			t("Default Address Company", "none", func(f *gofakeit.Faker, p *person, _ int) any { return p.company }),
			pers("Default Address Address1", "address", func(f *gofakeit.Faker, p *person, _ int) any { return p.street }),
			pers("Default Address Address2", "address", pick("", "", "Apt 4", "Suite 200")),
			t("Default Address City", "none", func(f *gofakeit.Faker, p *person, _ int) any { return p.city }),
			t("Default Address Province Code", "none", pick("CA", "NY", "IL", "MA", "WA")),
			t("Default Address Country Code", "none", pick("US")),
			pers("Default Address Zip", "postcode", func(f *gofakeit.Faker, p *person, _ int) any { return "'" + p.postcode }),
			pers("Default Address Phone", "phone", func(f *gofakeit.Faker, p *person, _ int) any { return p.phoneIntl }),
			pers("Phone", "phone", func(f *gofakeit.Faker, p *person, _ int) any { return strings.ReplaceAll(p.phoneIntl, " ", "") }),
			t("Accepts SMS Marketing", "none", pick("yes", "no", "no")),
			t("Total Spent", "none", func(f *gofakeit.Faker, _ *person, _ int) any { return euro(money(f, 0, 2500), false) }),
			t("Total Orders", "none", func(f *gofakeit.Faker, _ *person, _ int) any { return f.IntRange(0, 40) }),
			pers("Note", "free_text", func(f *gofakeit.Faker, p *person, _ int) any { return note(f, p, "en") }),
			t("Tax Exempt", "none", pick("no", "no", "yes")),
			t("Tags", "none", pick("", "wholesale", "vip, newsletter")),
		}}}},
		{file: "salesforce_contacts.csv", delim: ',', crlf: true, sheets: []sheet{{country: "US", rows: 150, cols: []col{
			pers("Contact ID", "identifier", func(f *gofakeit.Faker, _ *person, _ int) any {
				return "0035e00000" + strings.ToUpper(f.LetterN(5)) + "AAA"
			}),
			pers("Salutation", "gender", func(f *gofakeit.Faker, p *person, _ int) any { return p.salutation() }),
			pers("First Name", "person_name", func(f *gofakeit.Faker, p *person, _ int) any { return p.first }),
			pers("Last Name", "person_name", func(f *gofakeit.Faker, p *person, _ int) any { return p.last }),
			pers("Title", "job_title", func(f *gofakeit.Faker, p *person, _ int) any { return p.job }),
			t("Account Name", "none", func(f *gofakeit.Faker, p *person, _ int) any { return p.company }),
			pers("Mailing Street", "address", func(f *gofakeit.Faker, p *person, _ int) any { return p.street }),
			t("Mailing City", "none", func(f *gofakeit.Faker, p *person, _ int) any { return p.city }),
			t("Mailing State/Province", "none", pick("CA", "NY", "IL", "MA")),
			pers("Mailing Zip/Postal Code", "postcode", func(f *gofakeit.Faker, p *person, _ int) any { return p.postcode }),
			t("Mailing Country", "none", pick("United States", "USA")),
			pers("Phone", "phone", func(f *gofakeit.Faker, p *person, _ int) any { return p.phone }),
			pers("Mobile", "phone", func(f *gofakeit.Faker, p *person, _ int) any { return p.phoneIntl }),
			pers("Email", "email", func(f *gofakeit.Faker, p *person, _ int) any { return p.email }),
			pers("Birthdate", "date_of_birth", func(f *gofakeit.Faker, p *person, _ int) any { return p.born.Format("1/2/2006") }),
			t("Lead Source", "none", pick("Web", "Phone Inquiry", "Partner Referral", "Trade Show")),
			pers("Description", "free_text", func(f *gofakeit.Faker, p *person, _ int) any { return note(f, p, "en") }),
			t("Created Date", "none", func(f *gofakeit.Faker, _ *person, _ int) any { return day(recent(f), "1/2/2006") }),
		}}}},
		{file: "woocommerce_orders.csv", delim: ',', sheets: []sheet{{country: "NL", rows: 150, cols: []col{
			t("Order Number", "none", func(f *gofakeit.Faker, _ *person, row int) any { return strconv.Itoa(10500 + row) }),
			t("Order Status", "none", pick("wc-completed", "wc-processing", "wc-refunded")),
			t("Order Date", "none", func(f *gofakeit.Faker, _ *person, _ int) any { return day(recent(f), "2006-01-02 15:04") }),
			pers("Customer Note", "free_text", func(f *gofakeit.Faker, p *person, _ int) any { return note(f, p, "nl") }),
			pers("Billing First Name", "person_name", func(f *gofakeit.Faker, p *person, _ int) any { return p.first }),
			pers("Billing Last Name", "person_name", func(f *gofakeit.Faker, p *person, _ int) any { return p.last }),
			t("Billing Company", "none", pick("", "", "Bakkerij Jansen", "Visser Advies")),
			pers("Billing Address 1", "address", func(f *gofakeit.Faker, p *person, _ int) any { return p.street }),
			t("Billing City", "none", func(f *gofakeit.Faker, p *person, _ int) any { return p.city }),
			pers("Billing Postcode", "postcode", func(f *gofakeit.Faker, p *person, _ int) any { return p.postcode }),
			t("Billing Country", "none", pick("NL")),
			pers("Billing Email", "email", func(f *gofakeit.Faker, p *person, _ int) any { return p.email }),
			pers("Billing Phone", "phone", func(f *gofakeit.Faker, p *person, _ int) any { return p.phone }),
			t("Payment Method Title", "none", pick("iDEAL", "Creditcard", "Bancontact")),
			t("Cart Discount Amount", "none", func(f *gofakeit.Faker, _ *person, _ int) any { return euro(money(f, 0, 15), false) }),
			t("Order Total Amount", "none", func(f *gofakeit.Faker, _ *person, _ int) any { return euro(money(f, 10, 900), false) }),
			t("Order Total Tax Amount", "none", func(f *gofakeit.Faker, _ *person, _ int) any { return euro(money(f, 1, 150), false) }),
			t("Item #", "none", func(f *gofakeit.Faker, _ *person, _ int) any { return f.IntRange(1, 4) }),
			t("Item Name", "none", pick(products...)),
			t("Quantity", "none", func(f *gofakeit.Faker, _ *person, _ int) any { return f.IntRange(1, 6) }),
		}}}},
		{file: "stripe_customers.csv", delim: ',', sheets: []sheet{{country: "US", rows: 150, cols: []col{
			pers("id", "identifier", func(f *gofakeit.Faker, _ *person, _ int) any { return "cus_" + f.LetterN(14) }),
			pers("Description", "free_text", func(f *gofakeit.Faker, p *person, _ int) any { return note(f, p, "en") }),
			pers("Email", "email", func(f *gofakeit.Faker, p *person, _ int) any { return p.email }),
			pers("Name", "person_name", func(f *gofakeit.Faker, p *person, _ int) any { return p.full }),
			t("Created (UTC)", "none", func(f *gofakeit.Faker, _ *person, _ int) any { return day(recent(f), "2006-01-02 15:04") }),
			pers("Card ID", "identifier", func(f *gofakeit.Faker, _ *person, _ int) any { return "card_" + f.LetterN(24) }),
			pers("Card Last4", "card_number", func(f *gofakeit.Faker, _ *person, _ int) any { return f.DigitN(4) }),
			t("Card Brand", "none", pick("Visa", "MasterCard", "American Express")),
			t("Card Exp Month", "none", func(f *gofakeit.Faker, _ *person, _ int) any { return f.IntRange(1, 12) }),
			t("Card Exp Year", "none", func(f *gofakeit.Faker, _ *person, _ int) any { return f.IntRange(2027, 2031) }),
			t("Card Country", "none", pick("US", "US", "CA")),
			t("Currency", "none", pick("usd")),
			t("Delinquent", "none", pick("false", "false", "true")),
			t("Plan", "none", pick("basic-monthly", "pro-yearly", "")),
			t("Status", "none", pick("active", "canceled", "trialing")),
			t("Total Spend", "none", func(f *gofakeit.Faker, _ *person, _ int) any { return euro(money(f, 0, 3000), false) }),
			t("Payment Count", "none", func(f *gofakeit.Faker, _ *person, _ int) any { return f.IntRange(0, 36) }),
			pers("Address Line1", "address", func(f *gofakeit.Faker, p *person, _ int) any { return p.street }),
			t("Address City", "none", func(f *gofakeit.Faker, p *person, _ int) any { return p.city }),
			pers("Address Postal Code", "postcode", func(f *gofakeit.Faker, p *person, _ int) any { return p.postcode }),
			t("Address Country", "none", pick("US")),
		}}}},
		{file: "dynamics365_contacts.csv", delim: ',', crlf: true, bom: true, sheets: []sheet{{country: "DE", rows: 150, cols: []col{
			pers("(Do Not Modify) Contact", "identifier", func(f *gofakeit.Faker, _ *person, _ int) any { return f.UUID() }),
			t("(Do Not Modify) Row Checksum", "none", func(f *gofakeit.Faker, _ *person, _ int) any { return f.LetterN(30) + "==" }),
			t("(Do Not Modify) Modified On", "none", func(f *gofakeit.Faker, _ *person, _ int) any { return day(recent(f), "02.01.2006 15:04") }),
			pers("Full Name", "person_name", func(f *gofakeit.Faker, p *person, _ int) any { return p.full }),
			t("Company Name", "none", func(f *gofakeit.Faker, p *person, _ int) any { return p.company }),
			pers("Business Phone", "phone", func(f *gofakeit.Faker, p *person, _ int) any { return p.phoneIntl }),
			pers("Mobile Phone", "phone", func(f *gofakeit.Faker, p *person, _ int) any { return p.phone }),
			pers("Email", "email", func(f *gofakeit.Faker, p *person, _ int) any { return p.email }),
			pers("Address 1: Street 1", "address", func(f *gofakeit.Faker, p *person, _ int) any { return p.street }),
			t("Address 1: City", "none", func(f *gofakeit.Faker, p *person, _ int) any { return p.city }),
			pers("Address 1: ZIP/Postal Code", "postcode", func(f *gofakeit.Faker, p *person, _ int) any { return p.postcode }),
			t("Address 1: Country/Region", "none", pick("Deutschland")),
			pers("Birthday", "date_of_birth", func(f *gofakeit.Faker, p *person, _ int) any { return p.born.Format("02.01.2006") }),
			pers("Gender", "gender", func(f *gofakeit.Faker, p *person, _ int) any {
				return map[bool]string{true: "Male", false: "Female"}[p.male]
			}),
			pers("Job Title", "job_title", func(f *gofakeit.Faker, p *person, _ int) any { return p.job }),
			t("Created On", "none", func(f *gofakeit.Faker, _ *person, _ int) any { return day(recent(f), "02.01.2006 15:04") }),
		}}}},
		{file: "zoho_contacts.csv", delim: ',', sheets: []sheet{{country: "FR", rows: 150, cols: []col{
			pers("Record Id", "identifier", func(f *gofakeit.Faker, _ *person, row int) any {
				return "zcrm_" + strconv.Itoa(4876000000000123+row*977)
			}),
			pers("Contact Owner", "person_name", pick("Claire Dubois", "Marc Lefèvre")),
			pers("Salutation", "gender", func(f *gofakeit.Faker, p *person, _ int) any {
				return map[bool]string{true: "Mr.", false: "Mrs."}[p.male]
			}),
			pers("First Name", "person_name", func(f *gofakeit.Faker, p *person, _ int) any { return p.first }),
			pers("Last Name", "person_name", func(f *gofakeit.Faker, p *person, _ int) any { return p.last }),
			t("Account Name", "none", func(f *gofakeit.Faker, p *person, _ int) any { return p.company }),
			pers("Email", "email", func(f *gofakeit.Faker, p *person, _ int) any { return p.email }),
			pers("Title", "job_title", func(f *gofakeit.Faker, p *person, _ int) any { return p.job }),
			t("Department", "none", pick("Sales", "Finance", "IT", "Operations")),
			pers("Phone", "phone", func(f *gofakeit.Faker, p *person, _ int) any { return p.phoneIntl }),
			pers("Mobile", "phone", func(f *gofakeit.Faker, p *person, _ int) any { return p.phone }),
			pers("Date of Birth", "date_of_birth", func(f *gofakeit.Faker, p *person, _ int) any { return p.born.Format("2006-01-02") }),
			pers("Mailing Street", "address", func(f *gofakeit.Faker, p *person, _ int) any { return p.street }),
			t("Mailing City", "none", func(f *gofakeit.Faker, p *person, _ int) any { return p.city }),
			t("Mailing State", "none", pick("Île-de-France", "Auvergne-Rhône-Alpes", "Occitanie")),
			pers("Mailing Zip", "postcode", func(f *gofakeit.Faker, p *person, _ int) any { return p.postcode }),
			t("Mailing Country", "none", pick("France")),
			pers("Description", "free_text", func(f *gofakeit.Faker, p *person, _ int) any { return note(f, p, "fr") }),
			t("Lead Source", "none", pick("Web", "Salon", "Partenaire")),
			t("Created Time", "none", func(f *gofakeit.Faker, _ *person, _ int) any { return day(recent(f), "2006-01-02 15:04:05") }),
			t("Modified Time", "none", func(f *gofakeit.Faker, _ *person, _ int) any { return day(recent(f), "2006-01-02 15:04:05") }),
			t("Email Opt Out", "none", pick("false", "false", "true")),
		}}}},
		{file: "klanten_nl.csv", delim: ';', crlf: true, bom: true, sheets: []sheet{{country: "NL", rows: 150, cols: []col{
			pers("Klantnummer", "identifier", func(f *gofakeit.Faker, _ *person, row int) any { return "K" + strconv.Itoa(20001+row) }),
			pers("Aanhef", "gender", func(f *gofakeit.Faker, p *person, _ int) any { return p.salutation() }),
			pers("Voornaam", "person_name", func(f *gofakeit.Faker, p *person, _ int) any { return p.first }),
			pers("Achternaam", "person_name", func(f *gofakeit.Faker, p *person, _ int) any { return p.last }),
			pers("Straat", "address", func(f *gofakeit.Faker, p *person, _ int) any { return strings.TrimSuffix(p.street, " "+p.number) }),
			pers("Huisnummer", "address", func(f *gofakeit.Faker, p *person, _ int) any { return p.number }),
			pers("Postcode", "postcode", func(f *gofakeit.Faker, p *person, _ int) any { return p.postcode }),
			t("Woonplaats", "none", func(f *gofakeit.Faker, p *person, _ int) any { return p.city }),
			t("Land", "none", pick("Nederland")),
			pers("Telefoonnummer", "phone", func(f *gofakeit.Faker, p *person, _ int) any { return p.phone }),
			pers("E-mailadres", "email", func(f *gofakeit.Faker, p *person, _ int) any { return p.email }),
			pers("Geboortedatum", "date_of_birth", func(f *gofakeit.Faker, p *person, _ int) any { return p.born.Format("02-01-2006") }),
			pers("IBAN", "iban", func(f *gofakeit.Faker, p *person, _ int) any { return p.iban }),
			pers("BSN", "national_id", func(f *gofakeit.Faker, p *person, _ int) any { return p.nationalID }),
			t("Nieuwsbrief", "none", pick("ja", "nee", "ja")),
			t("Klant sinds", "none", func(f *gofakeit.Faker, _ *person, _ int) any { return day(recent(f), "02-01-2006") }),
			t("Omzet 2025", "none", func(f *gofakeit.Faker, _ *person, _ int) any { return euro(money(f, 0, 5000), true) }),
			pers("Opmerkingen", "free_text", func(f *gofakeit.Faker, p *person, _ int) any { return note(f, p, "nl") }),
		}}}},
		{file: "kunden_de.csv", delim: ';', crlf: true, encoding: "windows-1252", sheets: []sheet{{country: "DE", rows: 150, cols: []col{
			pers("Kundennummer", "identifier", func(f *gofakeit.Faker, _ *person, row int) any { return strconv.Itoa(100200 + row) }),
			pers("Anrede", "gender", func(f *gofakeit.Faker, p *person, _ int) any { return p.salutation() }),
			pers("Vorname", "person_name", func(f *gofakeit.Faker, p *person, _ int) any { return p.first }),
			pers("Nachname", "person_name", func(f *gofakeit.Faker, p *person, _ int) any { return p.last }),
			pers("Straße", "address", func(f *gofakeit.Faker, p *person, _ int) any { return p.street }),
			pers("PLZ", "postcode", func(f *gofakeit.Faker, p *person, _ int) any { return p.postcode }),
			t("Ort", "none", func(f *gofakeit.Faker, p *person, _ int) any { return p.city }),
			t("Land", "none", pick("Deutschland")),
			pers("Telefon", "phone", func(f *gofakeit.Faker, p *person, _ int) any { return p.phone }),
			pers("E-Mail", "email", func(f *gofakeit.Faker, p *person, _ int) any { return p.email }),
			pers("Geburtsdatum", "date_of_birth", func(f *gofakeit.Faker, p *person, _ int) any { return p.born.Format("02.01.2006") }),
			pers("IBAN", "iban", func(f *gofakeit.Faker, p *person, _ int) any { return p.iban }),
			pers("Steuer-ID", "national_id", func(f *gofakeit.Faker, p *person, _ int) any { return p.nationalID }),
			pers("Bemerkungen", "free_text", func(f *gofakeit.Faker, p *person, _ int) any { return note(f, p, "de") }),
			t("Umsatz", "none", func(f *gofakeit.Faker, _ *person, _ int) any { return euro(money(f, 0, 5000), true) + " €" }),
			t("Letzte Bestellung", "none", func(f *gofakeit.Faker, _ *person, _ int) any { return day(recent(f), "02.01.2006") }),
		}}}},
		{file: "clients_fr.csv", delim: ';', crlf: true, bom: true, sheets: []sheet{{country: "FR", rows: 150, cols: []col{
			pers("Numéro client", "identifier", func(f *gofakeit.Faker, _ *person, row int) any { return "CL-" + strconv.Itoa(5001+row) }),
			pers("Civilité", "gender", func(f *gofakeit.Faker, p *person, _ int) any { return p.salutation() }),
			pers("Prénom", "person_name", func(f *gofakeit.Faker, p *person, _ int) any { return p.first }),
			pers("Nom", "person_name", func(f *gofakeit.Faker, p *person, _ int) any { return p.last }),
			pers("Adresse", "address", func(f *gofakeit.Faker, p *person, _ int) any {
				return p.number + " " + strings.TrimSuffix(p.street, " "+p.number)
			}),
			pers("Code postal", "postcode", func(f *gofakeit.Faker, p *person, _ int) any { return p.postcode }),
			t("Ville", "none", func(f *gofakeit.Faker, p *person, _ int) any { return p.city }),
			t("Pays", "none", pick("France")),
			pers("Téléphone", "phone", func(f *gofakeit.Faker, p *person, _ int) any { return p.phone }),
			pers("Courriel", "email", func(f *gofakeit.Faker, p *person, _ int) any { return p.email }),
			pers("Date de naissance", "date_of_birth", func(f *gofakeit.Faker, p *person, _ int) any { return p.born.Format("02/01/2006") }),
			pers("N° de sécurité sociale", "national_id", func(f *gofakeit.Faker, p *person, _ int) any { return p.nationalID }),
			t("Montant des achats", "none", func(f *gofakeit.Faker, _ *person, _ int) any { return euro(money(f, 0, 3000), true) }),
			t("Date de la dernière commande", "none", func(f *gofakeit.Faker, _ *person, _ int) any { return day(recent(f), "02/01/2006") }),
			pers("Commentaires", "free_text", func(f *gofakeit.Faker, p *person, _ int) any { return note(f, p, "fr") }),
		}}}},
		{file: "clientes_es.csv", delim: ';', sheets: []sheet{{country: "ES", rows: 150, cols: []col{
			pers("ID Cliente", "identifier", func(f *gofakeit.Faker, _ *person, row int) any { return strconv.Itoa(300001 + row) }),
			pers("Tratamiento", "gender", func(f *gofakeit.Faker, p *person, _ int) any { return p.salutation() }),
			pers("Nombre", "person_name", func(f *gofakeit.Faker, p *person, _ int) any { return p.first }),
			pers("Apellidos", "person_name", func(f *gofakeit.Faker, p *person, _ int) any { return p.last }),
			pers("Dirección", "address", func(f *gofakeit.Faker, p *person, _ int) any { return p.street }),
			pers("Código Postal", "postcode", func(f *gofakeit.Faker, p *person, _ int) any { return p.postcode }),
			t("Ciudad", "none", func(f *gofakeit.Faker, p *person, _ int) any { return p.city }),
			t("Provincia", "none", func(f *gofakeit.Faker, p *person, _ int) any { return p.city }),
			t("País", "none", pick("España")),
			pers("Teléfono", "phone", func(f *gofakeit.Faker, p *person, _ int) any { return p.phoneIntl }),
			pers("Correo electrónico", "email", func(f *gofakeit.Faker, p *person, _ int) any { return p.email }),
			pers("Fecha de nacimiento", "date_of_birth", func(f *gofakeit.Faker, p *person, _ int) any { return p.born.Format("02/01/2006") }),
			pers("DNI", "national_id", func(f *gofakeit.Faker, p *person, _ int) any { return p.nationalID }),
			t("Importe total", "none", func(f *gofakeit.Faker, _ *person, _ int) any { return euro(money(f, 0, 3000), true) }),
			t("Fecha del pedido", "none", func(f *gofakeit.Faker, _ *person, _ int) any { return day(recent(f), "02/01/2006") }),
			pers("Observaciones", "free_text", func(f *gofakeit.Faker, p *person, _ int) any { return note(f, p, "es") }),
		}}}},
		{file: "crm_workbook.xlsx", sheets: []sheet{
			{name: "Klanten", country: "NL", rows: 120, cols: []col{
				pers("Klantnummer", "identifier", func(f *gofakeit.Faker, _ *person, row int) any { return 7001 + row }),
				pers("Naam", "person_name", func(f *gofakeit.Faker, p *person, _ int) any { return p.full }),
				pers("E-mail", "email", func(f *gofakeit.Faker, p *person, _ int) any { return p.email }),
				pers("Mobiel", "phone", func(f *gofakeit.Faker, p *person, _ int) any { return p.phone }),
				pers("Adres", "address", func(f *gofakeit.Faker, p *person, _ int) any { return p.street }),
				pers("Postcode", "postcode", func(f *gofakeit.Faker, p *person, _ int) any { return p.postcode }),
				t("Plaats", "none", func(f *gofakeit.Faker, p *person, _ int) any { return p.city }),
				pers("Geboortedatum", "date_of_birth", func(f *gofakeit.Faker, p *person, _ int) any { return p.born }),
				pers("Rekeningnummer", "iban", func(f *gofakeit.Faker, p *person, _ int) any { return p.iban }),
				t("Nieuwsbrief", "none", func(f *gofakeit.Faker, _ *person, _ int) any { return f.Bool() }),
				t("Klant sinds", "none", func(f *gofakeit.Faker, _ *person, _ int) any { return recent(f) }),
			}},
			{name: "Bestellingen", country: "NL", rows: 200, cols: []col{
				t("Bestelnummer", "none", func(f *gofakeit.Faker, _ *person, row int) any { return 500012345 + row*17 }),
				t("Besteldatum", "none", func(f *gofakeit.Faker, _ *person, _ int) any { return recent(f) }),
				pers("Klantnummer", "identifier", func(f *gofakeit.Faker, _ *person, _ int) any { return 7001 + f.IntRange(0, 119) }),
				t("Product", "none", pick(products...)),
				t("Aantal", "none", func(f *gofakeit.Faker, _ *person, _ int) any { return f.IntRange(1, 10) }),
				t("Bedrag", "none", func(f *gofakeit.Faker, _ *person, _ int) any { return money(f, 5, 800) }),
				t("Betaald", "none", func(f *gofakeit.Faker, _ *person, _ int) any { return f.Bool() }),
				t("Status", "none", pick("verzonden", "geleverd", "retour")),
			}},
			{name: "Producten", country: "NL", rows: 8, cols: []col{
				t("SKU", "none", func(f *gofakeit.Faker, _ *person, row int) any { return fmt.Sprintf("SKU-%04d", 100+row) }),
				t("Product", "none", func(f *gofakeit.Faker, _ *person, row int) any { return products[row] }),
				t("Prijs", "none", func(f *gofakeit.Faker, _ *person, _ int) any { return money(f, 5, 300) }),
				t("Categorie", "none", pick("Kantoor", "Elektronica")),
			}},
		}},
		{file: "therapist_clients.txt", delim: '\t', crlf: true, bom: true, encoding: "utf-16le", sheets: []sheet{{country: "NL", rows: 80, cols: []col{
			pers("Client ID", "identifier", func(f *gofakeit.Faker, _ *person, row int) any { return fmt.Sprintf("PT-%03d", 1+row) }),
			pers("Name", "person_name", func(f *gofakeit.Faker, p *person, _ int) any { return p.full }),
			pers("Date of Birth", "date_of_birth", func(f *gofakeit.Faker, p *person, _ int) any { return p.born.Format("02-01-2006") }),
			pers("Phone", "phone", func(f *gofakeit.Faker, p *person, _ int) any { return p.phone }),
			pers("Email", "email", func(f *gofakeit.Faker, p *person, _ int) any { return p.email }),
			sens("Diagnosis", "health", pick("Generalised anxiety disorder", "Depression, moderate", "PTSD", "Burn-out", "Panic disorder", "ADHD")),
			sens("Medication", "health", pick("", "Sertraline 50 mg", "Methylphenidate", "None", "Escitalopram 10 mg")),
			sens("Session Notes", "health", func(f *gofakeit.Faker, p *person, _ int) any {
				return f.RandomString([]string{"Discussed sleep and work stress; ", "Exposure exercise went well; ", "Partner joined the session; "}) +
					"next step agreed with " + p.first
			}),
			t("Next Appointment", "none", func(f *gofakeit.Faker, _ *person, _ int) any {
				return day(f.DateRange(now, now.AddDate(0, 2, 0)), "02-01-2006")
			}),
			t("Sessions", "none", func(f *gofakeit.Faker, _ *person, _ int) any { return f.IntRange(1, 30) }),
			t("Fee per Session", "none", func(f *gofakeit.Faker, _ *person, _ int) any { return euro(money(f, 80, 140), true) }),
		}}}},
		{file: "union_members.csv", delim: ',', sheets: []sheet{{country: "NL", rows: 120, cols: []col{
			pers("Lidnummer", "identifier", func(f *gofakeit.Faker, _ *person, row int) any { return "L" + strconv.Itoa(880001+row) }),
			pers("Naam", "person_name", func(f *gofakeit.Faker, p *person, _ int) any { return p.full }),
			pers("Adres", "address", func(f *gofakeit.Faker, p *person, _ int) any { return p.street }),
			pers("Postcode", "postcode", func(f *gofakeit.Faker, p *person, _ int) any { return p.postcode }),
			t("Woonplaats", "none", func(f *gofakeit.Faker, p *person, _ int) any { return p.city }),
			sens("Vakbond", "trade_union", pick("FNV", "CNV", "De Unie")),
			t("Sector", "none", pick("Zorg", "Onderwijs", "Bouw", "Metaal", "Handel")),
			t("Lid sinds", "none", func(f *gofakeit.Faker, _ *person, _ int) any { return f.IntRange(1985, 2026) }),
			t("Contributie", "none", func(f *gofakeit.Faker, _ *person, _ int) any { return euro(money(f, 12, 25), true) }),
		}}}},
		{file: "sales_report.csv", delim: ',', sheets: []sheet{{country: "NL", rows: 96, cols: []col{
			t("Month", "none", func(f *gofakeit.Faker, _ *person, row int) any { return fmt.Sprintf("2025-%02d", 1+row%12) }),
			t("Region", "none", pick("North", "South", "East", "West", "Benelux", "DACH")),
			t("Product", "none", pick(products...)),
			t("Category", "none", pick("Furniture", "Electronics", "Stationery")),
			t("Units Sold", "none", func(f *gofakeit.Faker, _ *person, _ int) any { return f.IntRange(10, 5000) }),
			t("Revenue", "none", func(f *gofakeit.Faker, _ *person, _ int) any { return euro(money(f, 100, 90000), false) }),
			t("Currency", "none", pick("EUR")),
			t("Channel", "none", pick("Web shop", "Retail", "Wholesale")),
			t("Order Count", "none", func(f *gofakeit.Faker, _ *person, _ int) any { return f.IntRange(5, 900) }),
			t("Average Order Value", "none", func(f *gofakeit.Faker, _ *person, _ int) any { return euro(money(f, 20, 200), false) }),
		}}}},
	}
}

// Expected is the shape of expected.json: file, then table, then columns.
type Expected map[string][]ExpectedTable

type ExpectedTable struct {
	Name    string           `json:"name"`
	Columns []ExpectedColumn `json:"columns"`
}

type ExpectedColumn struct {
	Name  string `json:"name"`
	Class string `json:"class"`
	Kind  string `json:"kind"`
}

func main() {
	out := flag.String("o", "testdata/exports", "output directory")
	shapesOut := flag.String("shapes", "testdata/shapes", "output directory of the exports in the shapes of real files")
	seed := flag.Uint64("seed", 20261122, "random seed")
	flag.Parse()
	if err := Generate(*out, *seed); err != nil {
		log.Fatal(err)
	}
	if err := generate(*shapesOut, *seed, shapes()); err != nil {
		log.Fatal(err)
	}
}

// Generate writes every export and expected.json into dir.
func Generate(dir string, seed uint64) error { return generate(dir, seed, exports()) }

func generate(dir string, seed uint64, list []export) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	expected := Expected{}
	for _, e := range list {
		f := gofakeit.New(seed)
		var tables [][][]any
		for _, s := range e.sheets {
			rows := [][]any{}
			header := []any{}
			et := ExpectedTable{Name: s.name}
			if et.Name == "" {
				et.Name = strings.TrimSuffix(e.file, filepath.Ext(e.file))
			}
			for _, c := range s.cols {
				header = append(header, c.header)
				et.Columns = append(et.Columns, ExpectedColumn{c.header, c.class, c.kind})
			}
			rows = append(rows, header)
			for i := 0; i < s.rows; i++ {
				p := newPerson(f, s.country)
				var row []any
				for _, c := range s.cols {
					row = append(row, c.gen(f, p, i))
				}
				if e.beyond && i%5 == 4 {
					row = append(row, p.email, p.phoneIntl)
				}
				rows = append(rows, row)
			}
			tables = append(tables, rows)
			expected[e.file] = append(expected[e.file], et)
		}
		path := filepath.Join(dir, e.file)
		var err error
		if strings.HasSuffix(e.file, ".xlsx") {
			err = writeXLSX(path, e, tables)
		} else {
			err = writeCSV(path, e, tables[0])
		}
		if err != nil {
			return fmt.Errorf("%s: %w", e.file, err)
		}
	}
	b, err := json.MarshalIndent(expected, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "expected.json"), append(b, '\n'), 0o644)
}

func writeCSV(path string, e export, rows [][]any) error {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.Comma, w.UseCRLF = e.delim, e.crlf
	for _, r := range rows {
		rec := make([]string, len(r))
		for i, v := range r {
			rec[i] = fmt.Sprint(v)
		}
		if err := w.Write(rec); err != nil {
			return err
		}
	}
	w.Flush()
	text := strings.Join(e.preamble, "\n")
	if text != "" {
		text += "\n"
	}
	if e.crlf {
		text = strings.ReplaceAll(text, "\n", "\r\n")
	}
	text += buf.String()
	switch e.lineEnds {
	case "cr":
		text = strings.ReplaceAll(strings.ReplaceAll(text, "\r\n", "\n"), "\n", "\r")
	case "bare": // every third line ends with a CR alone, as Excel reads it
		lines := strings.SplitAfter(text, "\r\n")
		for i := 2; i < len(lines); i += 3 {
			lines[i] = strings.TrimSuffix(lines[i], "\r\n") + "\r"
		}
		text = strings.Join(lines, "")
	}
	var out []byte
	switch e.encoding {
	case "windows-1252":
		s, err := charmap.Windows1252.NewEncoder().String(text)
		if err != nil {
			return err
		}
		out = []byte(s)
	case "utf-16le":
		s, err := unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM).NewEncoder().String(text)
		if err != nil {
			return err
		}
		out = append([]byte{0xFF, 0xFE}, s...)
	default:
		if e.bom {
			out = append(out, 0xEF, 0xBB, 0xBF)
		}
		out = append(out, text...)
	}
	return os.WriteFile(path, out, 0o644)
}

func writeXLSX(path string, e export, tables [][][]any) error {
	x := excelize.NewFile()
	defer x.Close()
	dateStyle, err := x.NewStyle(&excelize.Style{NumFmt: 14})
	if err != nil {
		return err
	}
	for i, s := range e.sheets {
		if i == 0 {
			x.SetSheetName("Sheet1", s.name)
		} else if _, err := x.NewSheet(s.name); err != nil {
			return err
		}
		top := 1
		if len(e.preamble) > 0 { // a title or notes in column A, then an empty row
			for r, line := range e.preamble {
				x.SetCellValue(s.name, fmt.Sprintf("A%d", r+1), line)
			}
			top = len(e.preamble) + 2
		}
		for r, row := range tables[i] {
			r += top - 1
			cell, _ := excelize.CoordinatesToCellName(1, r+1)
			if err := x.SetSheetRow(s.name, cell, &row); err != nil {
				return err
			}
			for c, v := range row {
				if _, ok := v.(time.Time); ok {
					name, _ := excelize.CoordinatesToCellName(c+1, r+1)
					x.SetCellStyle(s.name, name, name, dateStyle)
				}
			}
		}
	}
	// Fixed document times keep the workbook's bytes reproducible.
	fixed := now.Format(time.RFC3339)
	x.SetDocProps(&excelize.DocProperties{Created: fixed, Modified: fixed, Creator: "lockbox samplegen"})
	return x.SaveAs(path)
}
