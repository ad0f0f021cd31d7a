package classify

import "testing"

func TestDetectors(t *testing.T) {
	var phones phoneDetector
	tests := []struct {
		name string
		fn   func(string) bool
		yes  []string
		no   []string
	}{
		{"email", isEmail,
			[]string{"jan@example.com", "j.de.vries+news@mail.example.co.uk", "ÉLODIE@exemple.fr"},
			[]string{"jan@", "@example.com", "jan at example.com", "jan@example", "a b@example.com", "order@2024"}},
		{"phone", phones.isPhone,
			[]string{"+31 6 12345678", "0612345678", "06-12345678", "020 123 4567", "+32 470 12 34 56", "0470 12 34 56",
				"+49 30 12345678", "030 12345678", "+33 6 12 34 56 78", "06 12 34 56 78", "+34 612 34 56 78",
				"+44 20 7946 0958", "020 7946 0958", "(555) 123-4567", "+1 415 555 2671", "0031612345678",
				"+31 6 1200 3456", "+31 20 700 0000"}, // a + number with 00 inside
			[]string{"500012345", "123456789", "612345678", "2024-01-05", "05-01-2024", "12.50", "1234", "+31 6 1234",
				"0000000000", "tel 0612345678", "52.3702345", "-4.1234567", "1234567890123456"}},
		{"iban", isIBAN,
			[]string{"NL91ABNA0417164300", "NL91 ABNA 0417 1643 00", "DE89370400440532013000", "BE68539007547034",
				"FR1420041010050500013M02606", "ES9121000418450200051332", "GB29NWBK60161331926819", "nl91abna0417164300"},
			[]string{"NL91ABNA0417164301", "NL91ABNA041716430", "DE89370400440532013001", "XX00", "NL91ABNA04171643000",
				"1234567890123456"}},
		{"card", isCardNumber,
			[]string{"4111 1111 1111 1111", "4111-1111-1111-1111", "5500000000000004", "378282246310005", "6011111111111117",
				"3530111333300000", "2223003122003222"},
			[]string{"4111 1111 1111 1112", "1234567812345670", "5500000000000005", "37828224631000", "411111111111",
				"9999999999999995", "4111 1111 1111 111a"}},
		{"ip", isIP,
			[]string{"192.168.1.10", "8.8.8.8", "2001:db8::1", "fe80::1ff:fe23:4567:890a"},
			[]string{"1.2", "192.168.1", "999.1.1.1", "12.50", "2024.01.05", "a:b"}},
		{"geo pair", isGeoPair,
			[]string{"52.3676, 4.9041", "(48.8566,2.3522)", "-33.8688; 151.2093"},
			[]string{"52.3, 4.9", "95.1234, 4.1234", "52.3676", "1,234.56"}},
		{"bsn", isBSN,
			[]string{"111222333", "123456782", "012345672", "12345672", "1234.56.782"},
			[]string{"111222334", "123456789", "500012345", "000000000", "12345678a", "1234567820"}},
		{"belgian national number", isBelgianNN,
			[]string{"85073003328", "85.07.30-033.28", "01010100126"},
			[]string{"85073003329", "8507300332", "12345678901"}},
		{"french nir", isFrenchNIR,
			[]string{"1 84 12 76 451 089 46", "184127645108946", "2 55 08 2A 004 001 94"},
			[]string{"184127645108947", "384127645108946", "18412764510894"}},
		{"spanish dni/nie", isSpanishID,
			[]string{"12345678Z", "12345678-Z", "X1234567L", "Y1234567X", "Z1234567R"},
			[]string{"12345678A", "1234567Z", "X1234567A", "ABCDEFGHZ"}},
		{"german tax id", isGermanTaxID,
			[]string{"65929970489", "86095742719", "47036892816"},
			[]string{"65929970488", "05929970489", "6592997048"}},
		{"postcode", isPostcode,
			[]string{"1234 AB", "1234AB", "SW1A 1AA", "EC1A 1BB", "M1 1AE"},
			[]string{"0123 AB", "12345", "1234 ABC", "Amsterdam"}},
		{"street address", isStreetAddress,
			[]string{"Keizersgracht 12", "Hauptstraße 5a", "12 rue de Rivoli", "Calle Mayor 30, 2º", "221B Baker Street",
				"1600 Pennsylvania Ave NW", "Apt 4", "Dorpsstraat 246", "Königsallee 1-3", "KEIZERSGRACHT 12", "Rue\u00a0Victor 12",
				"  Main Street  12 "},
			[]string{"Keizersgracht", "Monitor arm 2", "Straat", "a@street 12.com", "Order 12345", "2024-01-05",
				"Room 12", "weg 12"}},
		{"gender", isGenderWord,
			[]string{"M", "f", "Vrouw", "Mevr.", "Herr", "Mme", "Sra.", "non-binary", " MR ", "SEÑOR"},
			[]string{"S", "XL", "L", "yes", "Amsterdam", "Mr..", "mademoiselle et monsieur"}},
		{"person name", isPersonName,
			[]string{"Jan de Vries", "Anna", "Jean-Pierre Dubois", "María García López", "Pieter van der Berg", "Sophie",
				"ANNA", "Chloé Dubois"},
			[]string{"jan de vries", "Acme B.V.", "Desk lamp", "Amsterdam", "Jan 2", "Office Chair Deluxe", ""}},
		{"date", func(v string) bool { _, ok := parseDate(v); return ok },
			[]string{"2024-01-05", "05-01-2024", "05/01/2024", "5.1.2024", "1/5/24", "5 Jan 2024", "2024-01-05T10:00:00Z", "5 JAN 2024"},
			[]string{"2024", "12.50", "0612345678", "Jan", "13/13/2024", "2024-13-01"}},
	}
	tests = append(tests, struct {
		name string
		fn   func(string) bool
		yes  []string
		no   []string
	}{"coordinate", isCoordinate,
		[]string{"52.3702", "-4.12345", "+179.9999", ".12345", "0.000"},
		[]string{"12.50", "181.0000", "52", "N52.3702", "1e3.000", "52.3702 "}})
	for _, tt := range tests {
		for _, v := range tt.yes {
			if !tt.fn(v) {
				t.Errorf("%s: %q not recognised", tt.name, v)
			}
		}
		for _, v := range tt.no {
			if tt.fn(v) {
				t.Errorf("%s: near-miss %q accepted", tt.name, v)
			}
		}
	}
}

func TestLuhn(t *testing.T) {
	for v, want := range map[string]bool{"79927398713": true, "79927398710": false, "0": true, "18": true, "19": false} {
		if luhn(v) != want {
			t.Errorf("luhn(%q) = %v", v, !want)
		}
	}
}

func TestMask(t *testing.T) {
	tests := []struct {
		v     string
		class Class
		kind  Kind
		want  string
	}{
		{"jan@example.com", Personal, Email, "j•••@example.com"},
		{"+31 6 1234 5612", Personal, Phone, "+31 6 •••• ••12"},
		{"0612345678", Personal, Phone, "••••••••78"},
		{"Amsterdam", Transactional, None, "A••••••••"},
		{"2026-07-07", Transactional, None, "2•••-••-••"},
		{"Mevr.", Personal, Gender, "•••"},
		{"M", Personal, Gender, "•••"},
		{"ab", Transactional, None, "••"},
		{"7", Transactional, None, "•"},
		{"Depression", Sensitive, Health, "•••"},
		{"called about the invoice", Personal, FreeText, "•••"},
		{"", Personal, Email, ""},
		{"NL91ABNA0417164300 and a long tail", Personal, IBAN, "N••••••••••••••••• ••• •…"},
		// Found by fuzzing: each of these was shown whole.
		{"+34 631////////", Personal, Phone, "+•• •••////////"},
		{"+31 6 12", Personal, Phone, "+•• • ••"},
		{"+31 6 123", Personal, Phone, "+•• • •••"},
		{"+31 6 1234", Personal, Phone, "+•• • ••••"},
		{"+31 6 1234567", Personal, Phone, "+31 6 •••••67"},
		{"a•••@example.com", Personal, Email, "•••"},
		{"•••", Transactional, None, "•••"},
		{"---", Transactional, None, "•••"},
	}
	for _, tt := range tests {
		if got := mask(tt.v, tt.class, tt.kind); got != tt.want {
			t.Errorf("mask(%q) = %q, want %q", tt.v, got, tt.want)
		}
	}
}

func TestHeaderLexicon(t *testing.T) {
	tests := []struct {
		header string
		class  Class
		kind   Kind
	}{
		{"E-mailadres", Personal, Email},
		{"Email Address", Personal, Email},
		{"Default Address Zip", Personal, Postcode},
		{"Default Address Company", Transactional, None},
		{"Default Address Address1", Personal, Address},
		{"Default Address Phone", Personal, Phone},
		{"Mailing Zip/Postal Code", Personal, Postcode},
		{"Mailing City", Transactional, None},
		{"Address 1: Street 1", Personal, Address},
		{"Address 1: ZIP/Postal Code", Personal, Postcode},
		{"Address 1: City", Transactional, None},
		{"(Do Not Modify) Contact", Personal, Identifier},
		{"(Do Not Modify) Row Checksum", Transactional, None},
		{"Accepts Email Marketing", Transactional, None},
		{"Email Opt Out", Transactional, None},
		{"OPTIN_IP", Personal, IPAddress},
		{"OPTIN_TIME", Transactional, None},
		{"Customer ID", Personal, Identifier},
		{"Order ID", Transactional, None},
		{"Company Name", Transactional, None},
		{"Item Name", Transactional, None},
		{"Payment Method Title", Transactional, None},
		{"Card Last4", Personal, CardNumber},
		{"Card Brand", Transactional, None},
		{"Straße", Personal, Address},
		{"Geburtsdatum", Personal, DateOfBirth},
		{"Steuer-ID", Personal, NationalID},
		{"Numéro client", Personal, Identifier},
		{"N° de sécurité sociale", Personal, NationalID},
		{"Date de la dernière commande", Transactional, None},
		{"Código Postal", Personal, Postcode},
		{"Fecha de nacimiento", Personal, DateOfBirth},
		{"Correo electrónico", Personal, Email},
		{"Tratamiento", Personal, Gender},
		{"Klant sinds", Transactional, None},
		{"Woonplaats", Transactional, None},
		{"Vakbond", Sensitive, TradeUnion},
		{"Diagnosis", Sensitive, Health},
		{"Religie", Sensitive, Religion},
		{"Sexual orientation", Sensitive, SexualOrientation},
		{"Strafblad", Sensitive, Criminal},
		{"Political party", Sensitive, Political},
		{"Ethnic origin", Sensitive, Ethnicity},
		{"Fingerprint template", Sensitive, Biometric},
		{"DNA profile", Sensitive, Genetic},
		{"Opmerkingen", Personal, FreeText},
		{"Job Title", Personal, JobTitle},
		// Upper case, snake_case and camelCase read as words.
		{"SURNAME", Personal, PersonName},
		{"BIRTH_DATE", Personal, DateOfBirth},
		{"birthDate", Personal, DateOfBirth},
		{"pwd_hash", Personal, Credential},
		{"reset_password_token", Personal, Credential},
		{"confirmation_token", Personal, Credential},
		{"CreatedById", Personal, PersonName},
		{"LastModifiedById", Personal, PersonName},
		{"OwnerId", Personal, Identifier},
		// Whole-header words: "Last" is a surname, "Last Activity" is not.
		{"Last", Personal, PersonName},
		{"FIRST", Personal, PersonName},
		{"Last Activity", Transactional, None},
		{"Last Changed", Transactional, None},
		// The noun decides, not "ID".
		{"Charge ID", Transactional, None},
		{"Transaction ID", Transactional, None},
		{"Receipt Number", Transactional, None},
		{"Event ID", Transactional, None},
		{"PaymentIntent ID", Transactional, None},
		{"Attendee ID", Personal, Identifier},
		{"Patient ID", Personal, Identifier},
		{"Registration ID (optional)", Personal, Identifier},
		{"Manager", Personal, PersonName},
		{"Order #", Transactional, None},
		{"Attendee #", Personal, Identifier},
		// The classes that were often missed.
		{"VAT Number", Personal, TaxID},
		{"Partita IVA", Personal, TaxID},
		{"Occupation", Personal, JobTitle},
		{"Nickname", Personal, PersonName},
		{"Maiden Name", Personal, PersonName},
		{"Name Suffix", Personal, PersonName},
		{"Marital Status", Personal, MaritalStatus},
		{"Annual Income", Personal, Income},
		{"DEATHDATE", Personal, DateOfDeath},
		{"Driver's License", Personal, NationalID},
		{"Passport Number", Personal, NationalID},
		{"LinkedIn URL", Personal, OnlineID},
		{"Website", Personal, OnlineID},
		{"Company Website", Transactional, None},
		{"Card Fingerprint", Personal, Identifier},
		{"Mandatsreferenz", Personal, Identifier},
		{"Verwendungszweck", Personal, FreeText},
		{"Auftraggeber / Begünstigter", Personal, PersonName},
		{"Gläubiger-ID", Transactional, None},
		{"Tegenrekening", Personal, IBAN},
		// Numbered fields of a contacts export, and their types.
		{"E-mail 1 - Value", Personal, Email},
		{"E-mail 1 - Type", Transactional, None},
		{"Organization 1 - Title", Personal, JobTitle},
		{"Organization 1 - Name", Transactional, None},
		{"Blood Type", Sensitive, Health},
		{"Card Exp Month", Transactional, None},
		{"Card CVC Check", Transactional, None},
		{"UTM Medium", Transactional, None},
		// Italian, Portuguese and Polish.
		{"Cognome", Personal, PersonName},
		{"Data di nascita", Personal, DateOfBirth},
		{"Codice fiscale", Personal, TaxID},
		{"Indirizzo", Personal, Address},
		{"Città", Transactional, None},
		{"Sobrenome", Personal, PersonName},
		{"Data de nascimento", Personal, DateOfBirth},
		{"Telefone", Personal, Phone},
		{"Nazwisko", Personal, PersonName},
		{"Data urodzenia", Personal, DateOfBirth},
		{"Kod pocztowy", Personal, Postcode},
		{"PESEL", Personal, NationalID},
		{"Kwota", Transactional, None},
		{"Religione", Sensitive, Religion},
		{"Orientação sexual", Sensitive, SexualOrientation},
	}
	for _, tt := range tests {
		m, ok := matchHeader(tt.header)
		if !ok || m.rule.class != tt.class || m.rule.kind != tt.kind {
			got := "no match"
			if ok {
				got = string(m.rule.class) + "/" + string(m.rule.kind) + " via " + m.term
			}
			t.Errorf("%q: %s, want %s/%s", tt.header, got, tt.class, tt.kind)
		}
	}
	for _, h := range []string{"", "Foo", "Kolom 7"} {
		if m, ok := matchHeader(h); ok {
			t.Errorf("%q matched %q", h, m.term)
		}
	}
}
