package main

import (
	"fmt"
	"math/big"
	"strconv"
	"strings"
	"time"

	"github.com/brianvoe/gofakeit/v7"

	"github.com/lockbox-tool/lockbox/internal/checkdigit"
)

// country holds what makes a person from one country look real.
type country struct {
	code, name  string
	first, last []string
	streets     []string
	cities      []string
	mobile      func(f *gofakeit.Faker) (national, international string)
	postcode    func(f *gofakeit.Faker) string
	iban        func(f *gofakeit.Faker) string
	nationalID  func(f *gofakeit.Faker) string
	salutations [2]string // male, female
	tz          string
}

var countries = map[string]*country{
	"NL": {code: "NL", name: "Nederland",
		first:   []string{"Daan", "Sanne", "Jeroen", "Femke", "Bram", "Lotte", "Thijs", "Anouk", "Pieter", "Marieke", "Koen", "Eline"},
		last:    []string{"de Vries", "Jansen", "van den Berg", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder", "Bos"},
		streets: []string{"Keizersgracht", "Oudegracht", "Dorpsstraat", "Kerkstraat", "Stationsweg", "Molenweg"},
		cities:  []string{"Amsterdam", "Utrecht", "Rotterdam", "Den Haag", "Eindhoven", "Groningen"},
		mobile: func(f *gofakeit.Faker) (string, string) {
			n := f.DigitN(8)
			return "06-" + n, "+31 6 " + n[:4] + " " + n[4:]
		},
		postcode: func(f *gofakeit.Faker) string {
			return strconv.Itoa(f.IntRange(1000, 9999)) + " " + strings.ToUpper(f.LetterN(2))
		},
		iban: func(f *gofakeit.Faker) string {
			return iban("NL", f.RandomString([]string{"ABNA", "INGB", "RABO", "TRIO"})+f.DigitN(10))
		},
		nationalID:  bsn,
		salutations: [2]string{"Dhr.", "Mevr."}, tz: "Europe/Amsterdam"},
	"DE": {code: "DE", name: "Deutschland",
		first:   []string{"Jürgen", "Katrin", "Lukas", "Anja", "Matthias", "Jana", "Stefan", "Birgit", "Jörg", "Sabine"},
		last:    []string{"Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schäfer", "Koch"},
		streets: []string{"Hauptstraße", "Schulstraße", "Gartenstraße", "Bahnhofstraße", "Königsallee", "Lindenweg"},
		cities:  []string{"Berlin", "München", "Köln", "Hamburg", "Düsseldorf", "Nürnberg"},
		mobile: func(f *gofakeit.Faker) (string, string) {
			p, n := f.RandomString([]string{"151", "160", "170", "176"}), f.DigitN(8)
			return "0" + p + " " + n, "+49 " + p + " " + n
		},
		postcode:    func(f *gofakeit.Faker) string { return fmt.Sprintf("%05d", f.IntRange(10115, 99998)) },
		iban:        func(f *gofakeit.Faker) string { return iban("DE", f.DigitN(18)) },
		nationalID:  germanTaxID,
		salutations: [2]string{"Herr", "Frau"}, tz: "Europe/Berlin"},
	"FR": {code: "FR", name: "France",
		first:   []string{"Chloé", "Lucas", "Camille", "Hugo", "Léa", "Louis", "Manon", "Gabriel", "Élodie", "Théo"},
		last:    []string{"Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Lefèvre", "Moreau"},
		streets: []string{"rue de Rivoli", "avenue Victor Hugo", "rue de la République", "boulevard Voltaire", "rue Pasteur"},
		cities:  []string{"Paris", "Lyon", "Marseille", "Toulouse", "Nantes", "Lille"},
		mobile: func(f *gofakeit.Faker) (string, string) {
			n := f.DigitN(8)
			pairs := n[:2] + " " + n[2:4] + " " + n[4:6] + " " + n[6:]
			return "06 " + pairs, "+33 6 " + pairs
		},
		postcode: func(f *gofakeit.Faker) string { return fmt.Sprintf("%05d", f.IntRange(1000, 95999)) },
		iban: func(f *gofakeit.Faker) string {
			return iban("FR", f.DigitN(10)+strings.ToUpper(f.LetterN(1))+f.DigitN(12))
		},
		nationalID:  frenchNIR,
		salutations: [2]string{"M.", "Mme"}, tz: "Europe/Paris"},
	"ES": {code: "ES", name: "España",
		first:   []string{"María", "José", "Lucía", "Javier", "Carmen", "Pablo", "Elena", "Sergio", "Inés", "Álvaro"},
		last:    []string{"García López", "Martínez Ruiz", "Sánchez Pérez", "Fernández Gómez", "Rodríguez Díaz", "Moreno Muñoz"},
		streets: []string{"Calle Mayor", "Avenida de la Constitución", "Calle Real", "Plaza de España", "Calle del Sol"},
		cities:  []string{"Madrid", "Barcelona", "Valencia", "Sevilla", "Zaragoza", "Málaga"},
		mobile: func(f *gofakeit.Faker) (string, string) {
			n := "6" + f.DigitN(8)
			s := n[:3] + " " + n[3:6] + " " + n[6:]
			return s, "+34 " + s
		},
		postcode:    func(f *gofakeit.Faker) string { return fmt.Sprintf("%05d", f.IntRange(1001, 52080)) },
		iban:        func(f *gofakeit.Faker) string { return iban("ES", f.DigitN(20)) },
		nationalID:  spanishDNI,
		salutations: [2]string{"Sr.", "Sra."}, tz: "Europe/Madrid"},
	"US": {code: "US", name: "United States",
		streets: []string{}, cities: []string{},
		mobile: func(f *gofakeit.Faker) (string, string) {
			a, n := f.RandomString([]string{"415", "212", "312", "617", "206"}), strconv.Itoa(f.IntRange(2000000, 9999999))
			return "(" + a + ") " + n[:3] + "-" + n[3:], "+1 " + a + " " + n[:3] + " " + n[3:]
		},
		postcode:    func(f *gofakeit.Faker) string { return f.Zip() },
		iban:        func(f *gofakeit.Faker) string { return "" },
		nationalID:  func(f *gofakeit.Faker) string { return "" },
		salutations: [2]string{"Mr.", "Ms."}, tz: "America/New_York"},
}

// person is one generated customer, consistent across its columns.
type person struct {
	c                        *country
	first, last, full        string
	male                     bool
	email, phone, phoneIntl  string
	street, number, postcode string
	city                     string
	born                     time.Time
	iban, nationalID         string
	company, job             string
	ip                       string
	lat, lon                 float64
}

// gofakeit's street names are invented ("965 Isleland"); these are not.
var (
	usStreets  = []string{"Main", "Oak", "Maple", "Cedar", "Pine", "Elm", "Washington", "Lake", "Hill", "Park", "Sunset", "Church"}
	usSuffixes = []string{"Street", "St", "Avenue", "Ave", "Road", "Rd", "Lane", "Drive", "Blvd", "Way", "Court"}
)

var mailDomains = []string{"example.com", "example.org", "example.net", "mail.example.nl", "post.example.de"}

func newPerson(f *gofakeit.Faker, code string) *person {
	c := countries[code]
	p := &person{c: c, male: f.Bool()}
	if code == "US" {
		p.first, p.last, p.city = f.FirstName(), f.LastName(), f.City()
		p.street = strconv.Itoa(f.IntRange(1, 9999)) + " " + f.RandomString(usStreets) + " " + f.RandomString(usSuffixes)
	} else {
		p.first, p.last = f.RandomString(c.first), f.RandomString(c.last)
		p.street, p.city = f.RandomString(c.streets), f.RandomString(c.cities)
		p.number = strconv.Itoa(f.IntRange(1, 250))
		p.street += " " + p.number
	}
	p.full = p.first + " " + p.last
	local := strings.ToLower(asciiFold(p.first) + "." + strings.ReplaceAll(asciiFold(p.last), " ", ""))
	p.email = local + strconv.Itoa(f.IntRange(1, 99)) + "@" + f.RandomString(mailDomains)
	p.phone, p.phoneIntl = c.mobile(f)
	p.postcode = c.postcode(f)
	p.born = f.DateRange(time.Date(1940, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2006, 12, 31, 0, 0, 0, 0, time.UTC))
	p.iban, p.nationalID = c.iban(f), c.nationalID(f)
	p.company, p.job = f.Company(), f.JobTitle()
	p.ip = f.IPv4Address()
	p.lat, p.lon = 40+f.Float64Range(0, 15), f.Float64Range(-5, 15)
	return p
}

func (p *person) salutation() string {
	if p.male {
		return p.c.salutations[0]
	}
	return p.c.salutations[1]
}

func asciiFold(s string) string {
	r := strings.NewReplacer("ä", "ae", "ö", "oe", "ü", "ue", "ß", "ss", "é", "e", "è", "e", "É", "E", "á", "a", "Á", "A",
		"í", "i", "ó", "o", "ú", "u", "ñ", "n", "ç", "c")
	return r.Replace(s)
}

// Identity numbers with valid check digits, so that the detectors have
// real work to do.

func iban(cc, bban string) string {
	n := new(big.Int)
	var digits strings.Builder
	for _, c := range bban + cc + "00" {
		if c >= 'A' && c <= 'Z' {
			digits.WriteString(strconv.Itoa(int(c-'A') + 10))
		} else {
			digits.WriteRune(c)
		}
	}
	n.SetString(digits.String(), 10)
	check := 98 - new(big.Int).Mod(n, big.NewInt(97)).Int64()
	return fmt.Sprintf("%s%02d%s", cc, check, bban)
}

func bsn(f *gofakeit.Faker) string {
	for {
		d := strconv.Itoa(f.IntRange(100000000, 999999999))
		sum := 0
		for i := 0; i < 8; i++ {
			sum += int(d[i]-'0') * (9 - i)
		}
		sum -= int(d[8] - '0')
		if sum%11 == 0 {
			return d
		}
	}
}

func germanTaxID(f *gofakeit.Faker) string {
	d := strconv.Itoa(f.IntRange(1000000000, 9999999999))
	return d + strconv.Itoa(checkdigit.Mod1110(d))
}

func frenchNIR(f *gofakeit.Faker) string {
	body := fmt.Sprintf("%d%02d%02d%02d%03d%03d", f.IntRange(1, 2), f.IntRange(40, 99), f.IntRange(1, 12), f.IntRange(1, 95),
		f.IntRange(1, 999), f.IntRange(1, 999))
	n, _ := strconv.ParseInt(body, 10, 64)
	key := 97 - n%97
	return fmt.Sprintf("%s %s %s %s %s %s %02d", body[:1], body[1:3], body[3:5], body[5:7], body[7:10], body[10:], key)
}

func spanishDNI(f *gofakeit.Faker) string {
	n := f.IntRange(10000000, 99999999)
	return strconv.Itoa(n) + string("TRWAGMYFPDXBNJZSQVHLCKE"[n%23])
}

// note writes what people type in a notes field: names, numbers, plans.
func note(f *gofakeit.Faker, p *person, lang string) string {
	if f.IntRange(0, 3) == 0 {
		return ""
	}
	t := map[string][]string{
		"en": {"Called %s, prefers email. Call back on %s", "%s asked for a discount; mobile %s", "Met %s at the fair. Number: %s"},
		"nl": {"%s gebeld, terugbellen op %s", "%s wil korting; mobiel %s", "Gesproken met %s op de beurs, tel %s"},
		"de": {"%s angerufen, Rückruf unter %s", "%s möchte Rabatt; Handy %s", "%s auf der Messe getroffen, Tel. %s"},
		"fr": {"Appelé %s, rappeler au %s", "%s demande une remise ; portable %s", "Rencontré %s au salon, tél. %s"},
		"es": {"Llamé a %s, devolver llamada al %s", "%s pide descuento; móvil %s", "Conocí a %s en la feria, tel. %s"},
	}[lang]
	return fmt.Sprintf(f.RandomString(t), p.first, p.phone)
}
