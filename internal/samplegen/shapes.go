package main

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/brianvoe/gofakeit/v7"
)

// shapes are exports in the shapes real files come in, written to
// testdata/shapes: lines above the header (a report title, a notes block,
// a bank's account preamble, a workbook title in A1), CR-only line ends, a
// bare CR inside a CRLF file, cells beyond the header; headers from many
// products and languages; special categories named only in free text. The
// labels follow the rules of ../shared/exports-real/README.md.
func shapes() []export {
	id := func(prefix string, n int) func(f *gofakeit.Faker, p *person, row int) any {
		return func(f *gofakeit.Faker, _ *person, row int) any { return fmt.Sprintf("%s%0*d", prefix, n, 1+row*7) }
	}
	first := func(f *gofakeit.Faker, p *person, _ int) any { return p.first }
	last := func(f *gofakeit.Faker, p *person, _ int) any { return p.last }
	full := func(f *gofakeit.Faker, p *person, _ int) any { return p.full }
	email := func(f *gofakeit.Faker, p *person, _ int) any { return p.email }
	phone := func(f *gofakeit.Faker, p *person, _ int) any { return p.phone }
	city := func(f *gofakeit.Faker, p *person, _ int) any { return p.city }
	street := func(f *gofakeit.Faker, p *person, _ int) any { return p.street }
	postcode := func(f *gofakeit.Faker, p *person, _ int) any { return p.postcode }
	ibanOf := func(f *gofakeit.Faker, p *person, _ int) any { return p.iban }
	amount := func(lo, hi float64, comma bool) func(f *gofakeit.Faker, p *person, _ int) any {
		return func(f *gofakeit.Faker, _ *person, _ int) any { return euro(money(f, lo, hi), comma) }
	}
	when := func(layout string) func(f *gofakeit.Faker, p *person, _ int) any {
		return func(f *gofakeit.Faker, _ *person, _ int) any { return day(recent(f), layout) }
	}
	born := func(layout string) func(f *gofakeit.Faker, p *person, _ int) any {
		return func(f *gofakeit.Faker, p *person, _ int) any { return p.born.Format(layout) }
	}
	hex := func(n int) func(f *gofakeit.Faker, p *person, _ int) any {
		return func(f *gofakeit.Faker, _ *person, _ int) any {
			return f.LetterN(uint(n)) + strconv.Itoa(f.IntRange(10, 99))
		}
	}
	delivery := pick("Leave the parcel at the back door", "Ring twice, the bell is broken", "Deliver after 5 pm",
		"Use the side entrance", "")
	orders := []col{
		t("Order ID", "none", id("SO-", 6)),
		t("Order Date", "none", when("2006-01-02")),
		t("Product", "none", pick(products...)),
		t("Quantity", "none", func(f *gofakeit.Faker, _ *person, _ int) any { return f.IntRange(1, 9) }),
		t("Amount", "none", amount(5, 400, false)),
		t("Currency", "none", pick("EUR")),
		t("City", "none", city),
		pers("Customer Email", "email", email),
	}
	return []export{
		// 1. A report title and a blank line above the header.
		{file: "klanten_titel.csv", delim: ';', crlf: true, bom: true,
			preamble: []string{"Klantenoverzicht per 30-11-2026", ""},
			sheets: []sheet{{country: "NL", rows: 60, cols: []col{
				pers("Klantnummer", "identifier", id("K", 5)),
				pers("Naam", "person_name", full),
				pers("Adres", "address", street),
				pers("Postcode", "postcode", postcode),
				t("Woonplaats", "none", city),
				pers("Telefoon", "phone", phone),
				t("Bedrag", "none", amount(10, 900, true)),
				t("Status", "none", pick("Actief", "Opgezegd", "Proef")),
			}}}},
		// 2. A notes block above the header, as a social network writes it.
		{file: "connections_notes.csv", delim: ',',
			preamble: []string{"Notes:", `"When exporting your connection data, you may notice that some of the email addresses are missing. You will only see email addresses for connections who have allowed their connections to see or download their email address."`, ""},
			sheets: []sheet{{country: "US", rows: 60, cols: []col{
				pers("First Name", "person_name", first),
				pers("Last Name", "person_name", last),
				pers("URL", "online_identifier", func(f *gofakeit.Faker, p *person, _ int) any {
					return "https://www.example.com/in/" + strings.ToLower(asciiFold(p.first+"-"+p.last))
				}),
				pers("Email Address", "email", func(f *gofakeit.Faker, p *person, row int) any {
					if row%3 == 0 {
						return p.email
					}
					return ""
				}),
				t("Company", "none", func(f *gofakeit.Faker, p *person, _ int) any { return p.company }),
				pers("Position", "job_title", func(f *gofakeit.Faker, p *person, _ int) any { return p.job }),
				t("Connected On", "none", when("02 Jan 2006")),
			}}}},
		// 3. A German bank statement: an account preamble, then bookings.
		{file: "kontoauszug_de.csv", delim: ';', crlf: true, encoding: "windows-1252",
			preamble: []string{`"Kontonummer:";"DE89 3704 0044 0532 0130 00";`, `"Kontoinhaber:";"Hans Becker";`, `"Zeitraum:";"01.11.2026 - 30.11.2026";`, `"Kontostand vom 30.11.2026:";"4.230,17 EUR";`, ""},
			sheets: []sheet{{country: "DE", rows: 60, cols: []col{
				t("Buchungstag", "none", when("02.01.2006")),
				t("Wertstellung", "none", when("02.01.2006")),
				t("Buchungstext", "none", pick("Lastschrift", "Gutschrift", "Überweisung", "Dauerauftrag")),
				pers("Auftraggeber / Begünstigter", "person_name", full),
				pers("Verwendungszweck", "free_text", func(f *gofakeit.Faker, p *person, row int) any {
					return fmt.Sprintf("Rechnung %d %s", 2026000+row, p.last)
				}),
				pers("IBAN", "iban", ibanOf),
				t("BIC", "none", pick("COBADEFFXXX", "DEUTDEDBXXX", "INGDDEFFXXX")),
				t("Betrag (EUR)", "none", amount(-900, 900, true)),
				t("Gläubiger-ID", "none", pick("DE98ZZZ09999999999", "")),
				pers("Mandatsreferenz", "identifier", hex(10)),
			}}}},
		// 4. A Dutch bank's export.
		{file: "ing_nl.csv", delim: ';', crlf: true,
			sheets: []sheet{{country: "NL", rows: 60, cols: []col{
				t("Datum", "none", when("20060102")),
				pers("Naam / Omschrijving", "person_name", full),
				pers("Rekening", "iban", pick("NL91ABNA0417164300")),
				pers("Tegenrekening", "iban", ibanOf),
				t("Code", "none", pick("GT", "OV", "IC", "BA")),
				t("Af Bij", "none", pick("Af", "Bij")),
				t("Bedrag (EUR)", "none", amount(1, 900, true)),
				t("Mutatiesoort", "none", pick("Online bankieren", "Overschrijving", "Incasso")),
				pers("Mededelingen", "free_text", func(f *gofakeit.Faker, p *person, row int) any {
					return fmt.Sprintf("Naam: %s Omschrijving: factuur %d IBAN: %s", p.full, 1000+row, p.iban)
				}),
			}}}},
		// 5. A French statement with an account line above the header.
		{file: "releve_fr.csv", delim: ';', crlf: true, bom: true,
			preamble: []string{"Compte courant n° 00012345678;", "Titulaire : M. Jean Dupont;", ""},
			sheets: []sheet{{country: "FR", rows: 60, cols: []col{
				t("Date opération", "none", when("02/01/2006")),
				pers("Libellé", "free_text", func(f *gofakeit.Faker, p *person, _ int) any { return "VIR SEPA " + strings.ToUpper(p.full) }),
				t("Débit", "none", amount(1, 500, true)),
				t("Crédit", "none", amount(1, 500, true)),
				t("Solde", "none", amount(100, 5000, true)),
			}}}},
		// 6. A Spanish statement.
		{file: "movimientos_es.csv", delim: ';', crlf: true,
			preamble: []string{"Cuenta;ES91 2100 0418 4502 0005 1332", "Titular;Ana García López", ""},
			sheets: []sheet{{country: "ES", rows: 60, cols: []col{
				t("Fecha", "none", when("02/01/2006")),
				t("Fecha valor", "none", when("02/01/2006")),
				pers("Concepto", "free_text", func(f *gofakeit.Faker, p *person, _ int) any { return "Transferencia de " + p.full }),
				pers("Beneficiario", "person_name", full),
				t("Importe", "none", amount(-800, 800, true)),
				t("Saldo", "none", amount(100, 9000, true)),
				t("Divisa", "none", pick("EUR")),
			}}}},
		// 7. CR-only line ends, as old Mac software wrote them.
		{file: "contacts_mac.csv", delim: ',', lineEnds: "cr",
			sheets: []sheet{{country: "US", rows: 60, cols: []col{
				pers("First", "person_name", first),
				pers("Last", "person_name", last),
				pers("Email", "email", email),
				pers("Phone", "phone", phone),
				t("City", "none", city),
				t("Member Since", "none", when("1/2/2006")),
			}}}},
		// 8. A bare CR ends some lines of a CRLF file.
		{file: "orders_bare_cr.csv", delim: ',', crlf: true, lineEnds: "bare",
			sheets: []sheet{{country: "NL", rows: 60, cols: orders}}},
		// 9. Cells beyond the header's last column.
		{file: "orders_beyond.csv", delim: ',', beyond: true,
			sheets: []sheet{{country: "NL", rows: 60, cols: orders}}},
		// 10. A workbook with a title in A1 and an empty row 2.
		{file: "werkmap_titel.xlsx", preamble: []string{"Ledenlijst november 2026"},
			sheets: []sheet{{name: "Leden", country: "NL", rows: 60, cols: []col{
				pers("Lidnummer", "identifier", id("L", 5)),
				pers("Voornaam", "person_name", first),
				pers("Achternaam", "person_name", last),
				pers("E-mail", "email", email),
				pers("Geboortedatum", "date_of_birth", born("02-01-2006")),
				t("Contributie", "none", amount(20, 90, false)),
				t("Lid sinds", "none", when("2006-01-02")),
			}}}},
		// 10b. A workbook with a block of notes above the header, as event
		// and ticketing tools write their reports.
		{file: "attendees_report.xlsx", preamble: []string{"Attendee report: Autumn Conference 2026", "Generated 30-11-2026 09:12 by the box office",
			"Filter: all ticket types, checked in and not"},
			sheets: []sheet{{name: "Attendees", country: "US", rows: 60, cols: []col{
				t("Order #", "none", id("", 8)),
				t("Order Date", "none", when("2006-01-02")),
				pers("Attendee #", "identifier", id("A", 9)),
				pers("First Name", "person_name", first),
				pers("Last Name", "person_name", last),
				pers("Email", "email", email),
				t("Ticket Type", "none", pick("General Admission", "VIP", "Student")),
				t("Total Paid", "none", amount(20, 400, false)),
				pers("Job Title", "job_title", func(f *gofakeit.Faker, p *person, _ int) any { return p.job }),
				t("Company", "none", func(f *gofakeit.Faker, p *person, _ int) any { return p.company }),
				sens("Dietary Requirements", "religion", func(f *gofakeit.Faker, p *person, row int) any {
					return []string{"", "Vegetarian", "Halal", "Kosher", "", "None"}[row%6]
				}),
			}}}},
		// 11. Health and religion named only in free text, in each language,
		// beside a column of delivery notes that names neither.
		notes("notes_en.csv", "US", "Notes", "Delivery instructions", []string{"Called %s about the invoice", "%s prefers email", "%s renewed the plan"},
			[]string{"%s is diabetic, no sugar in the gift box", "%s is pregnant, due in March", "%s uses a wheelchair, ground floor only", "%s is Muslim, halal catering"}, delivery),
		notes("notes_nl.csv", "NL", "Opmerkingen", "Bezorgnotitie", []string{"%s gebeld over de factuur", "%s wil liever e-mail", "%s verlengt het abonnement"},
			[]string{"%s is zwanger, uitgerekend in maart", "%s zit in een rolstoel", "%s heeft diabetes", "%s is katholiek, geen afspraken op zondag"},
			pick("Pakket bij de buren", "Achterdeur gebruiken", "Na 17 uur bezorgen", "")),
		notes("notes_de.csv", "DE", "Bemerkungen", "Lieferhinweis", []string{"%s wegen Rechnung angerufen", "%s möchte E-Mails", "%s hat verlängert"},
			[]string{"%s ist schwanger", "%s ist Diabetiker, braucht Insulin", "%s sitzt im Rollstuhl", "%s ist jüdisch, koscheres Essen"},
			pick("Paket beim Nachbarn abgeben", "Hintereingang nutzen", "Nach 17 Uhr liefern", "")),
		notes("notes_fr.csv", "FR", "Commentaires", "Instructions de livraison", []string{"Appelé %s pour la facture", "%s préfère le courriel", "%s a renouvelé"},
			[]string{"%s est enceinte", "%s est diabétique", "%s est en fauteuil roulant", "%s est musulmane, repas halal"},
			pick("Laisser le colis au voisin", "Sonner deux fois", "Livrer après 17 h", "")),
		notes("notes_es.csv", "ES", "Observaciones", "Instrucciones de entrega", []string{"Llamé a %s por la factura", "%s prefiere correo", "%s renovó el plan"},
			[]string{"%s está embarazada", "%s es diabético", "%s usa silla de ruedas", "%s es católica practicante, misa los domingos"},
			pick("Dejar el paquete al vecino", "Llamar dos veces", "Entregar después de las 17 h", "")),
		notes("notes_it.csv", "ES", "Note", "Istruzioni di consegna", []string{"Chiamato %s per la fattura", "%s preferisce email", "%s ha rinnovato"},
			[]string{"%s è incinta", "%s ha il diabete, niente dolci", "%s è in sedia a rotelle", "%s è ebreo, cibo kosher"},
			pick("Lasciare il pacco al vicino", "Suonare due volte", "Consegnare dopo le 17", "")),
		notes("notes_pt.csv", "ES", "Observações", "Instruções de entrega", []string{"Liguei para %s sobre a fatura", "%s prefere email", "%s renovou o plano"},
			[]string{"%s está grávida", "%s tem diabetes tipo 2", "%s usa cadeira de rodas", "%s é muçulmano, comida halal"},
			pick("Deixar o pacote com o vizinho", "Tocar duas vezes", "Entregar depois das 17h", "")),
		notes("notes_pl.csv", "DE", "Uwagi", "Instrukcja dostawy", []string{"Dzwoniłem do %s w sprawie faktury", "%s woli e-mail", "%s przedłużył umowę"},
			[]string{"%s jest w ciąży", "%s ma cukrzycę, bierze insulinę", "%s porusza się na wózku inwalidzkim", "%s jest katolikiem, msza w niedzielę"},
			pick("Zostawić paczkę u sąsiada", "Dzwonić dwa razy", "Dostarczyć po 17", "")),
		// 12. A contacts app's export (Google Contacts' columns).
		{file: "google_contacts.csv", delim: ',', sheets: []sheet{{country: "US", rows: 60, cols: []col{
			pers("Name", "person_name", full),
			pers("Given Name", "person_name", first),
			pers("Family Name", "person_name", last),
			pers("Nickname", "person_name", func(f *gofakeit.Faker, p *person, _ int) any { return strings.ToLower(p.first[:3]) }),
			pers("Name Prefix", "gender", func(f *gofakeit.Faker, p *person, _ int) any {
				return map[bool]string{true: "Mr.", false: "Ms."}[p.male]
			}),
			pers("Birthday", "date_of_birth", born("2006-01-02")),
			pers("Occupation", "job_title", func(f *gofakeit.Faker, p *person, _ int) any { return p.job }),
			pers("Notes", "free_text", func(f *gofakeit.Faker, p *person, _ int) any { return note(f, p, "en") }),
			t("Group Membership", "none", pick("* myContacts", "* myContacts ::: Clients", "* starred")),
			t("E-mail 1 - Type", "none", pick("* Home", "* Work")),
			pers("E-mail 1 - Value", "email", email),
			t("Phone 1 - Type", "none", pick("Mobile", "Home")),
			pers("Phone 1 - Value", "phone", phone),
			t("Address 1 - Type", "none", pick("Home")),
			pers("Address 1 - Street", "address", street),
			t("Address 1 - City", "none", city),
			pers("Address 1 - Postal Code", "postcode", postcode),
			t("Organization 1 - Name", "none", func(f *gofakeit.Faker, p *person, _ int) any { return p.company }),
			pers("Organization 1 - Title", "job_title", func(f *gofakeit.Faker, p *person, _ int) any { return p.job }),
			pers("Website 1 - Value", "online_identifier", func(f *gofakeit.Faker, p *person, _ int) any {
				return "https://" + strings.ToLower(asciiFold(p.first)) + ".example.net"
			}),
		}}}},
		// 13. A web application's user table: snake_case and upper-case
		// headers, credentials.
		{file: "users_db.csv", delim: ',', sheets: []sheet{{country: "NL", rows: 60, cols: []col{
			pers("ID", "identifier", id("", 6)),
			pers("USERNAME", "identifier", func(f *gofakeit.Faker, p *person, _ int) any {
				return strings.ToLower(asciiFold(p.first)) + strconv.Itoa(f.IntRange(1, 999))
			}),
			pers("SURNAME", "person_name", last),
			pers("BIRTH_DATE", "date_of_birth", born("2006-01-02")),
			pers("pwd_hash", "credential", func(f *gofakeit.Faker, _ *person, _ int) any { return "$2b$12$" + f.LetterN(53) }),
			pers("reset_password_token", "credential", func(f *gofakeit.Faker, _ *person, row int) any {
				if row%3 == 0 {
					return f.LetterN(32)
				}
				return ""
			}),
			pers("confirmation_token", "credential", hex(20)),
			pers("vat_number", "tax_id", func(f *gofakeit.Faker, _ *person, _ int) any {
				return fmt.Sprintf("NL%09dB01", f.IntRange(100000000, 999999999))
			}),
			t("created_at", "none", when("2006-01-02T15:04:05Z")),
			t("plan", "none", pick("free", "pro", "team")),
			t("is_active", "none", pick("true", "false")),
		}}}},
		// 14. A payment provider's charges, card fingerprints among them.
		{file: "stripe_charges.csv", delim: ',', sheets: []sheet{{country: "US", rows: 60, cols: []col{
			t("Charge ID", "none", func(f *gofakeit.Faker, _ *person, _ int) any { return "ch_" + f.LetterN(24) }),
			t("Created (UTC)", "none", when("2006-01-02 15:04")),
			t("Amount", "none", amount(5, 900, false)),
			t("Currency", "none", pick("usd")),
			t("Status", "none", pick("Paid", "Refunded", "Failed")),
			pers("Customer ID", "identifier", func(f *gofakeit.Faker, _ *person, _ int) any { return "cus_" + f.LetterN(14) }),
			pers("Customer Email", "email", email),
			pers("Card Fingerprint", "identifier", hex(16)),
			pers("Card Last4", "card_number", func(f *gofakeit.Faker, _ *person, _ int) any { return fmt.Sprintf("%04d", f.IntRange(0, 9999)) }),
			t("Card Brand", "none", pick("Visa", "MasterCard", "American Express")),
			t("Card Funding", "none", pick("credit", "debit")),
			t("Card CVC Check", "none", pick("pass", "unavailable")),
			t("Card Address Zip Check", "none", pick("pass", "unavailable", "")),
			t("Card Tokenization Method", "none", pick("", "apple_pay", "google_pay")),
		}}}},
		// 15. A health-record system's patients and their conditions.
		{file: "patients.csv", delim: ',', sheets: []sheet{{country: "US", rows: 60, cols: []col{
			pers("Id", "identifier", func(f *gofakeit.Faker, _ *person, _ int) any { return f.UUID() }),
			pers("BIRTHDATE", "date_of_birth", born("2006-01-02")),
			pers("DEATHDATE", "date_of_death", func(f *gofakeit.Faker, _ *person, row int) any {
				if row%9 == 0 {
					return day(recent(f), "2006-01-02")
				}
				return ""
			}),
			pers("SSN", "national_id", func(f *gofakeit.Faker, _ *person, _ int) any { return f.SSN() }),
			pers("DRIVERS", "national_id", func(f *gofakeit.Faker, _ *person, _ int) any { return fmt.Sprintf("S99%06d", f.IntRange(0, 999999)) }),
			pers("PASSPORT", "national_id", func(f *gofakeit.Faker, _ *person, _ int) any { return fmt.Sprintf("X%08dX", f.IntRange(0, 99999999)) }),
			pers("PREFIX", "gender", func(f *gofakeit.Faker, p *person, _ int) any {
				return map[bool]string{true: "Mr.", false: "Mrs."}[p.male]
			}),
			pers("FIRST", "person_name", first),
			pers("LAST", "person_name", last),
			pers("MARITAL", "marital_status", pick("M", "S", "")),
			sens("RACE", "ethnicity", pick("white", "black", "asian", "native")),
			sens("ETHNICITY", "ethnicity", pick("hispanic", "nonhispanic")),
			pers("GENDER", "gender", func(f *gofakeit.Faker, p *person, _ int) any { return map[bool]string{true: "M", false: "F"}[p.male] }),
			pers("ADDRESS", "address", street),
			t("CITY", "none", city),
			t("COUNTY", "none", pick("Middlesex County", "Suffolk County", "Worcester County")),
			pers("ZIP", "postcode", postcode),
			sens("HEALTHCARE_EXPENSES", "health", amount(1000, 90000, false)),
			pers("INCOME", "income", func(f *gofakeit.Faker, _ *person, _ int) any { return f.IntRange(20000, 150000) }),
		}}}},
		{file: "conditions.csv", delim: ',', sheets: []sheet{{country: "US", rows: 60, cols: []col{
			t("START", "none", when("2006-01-02")),
			t("STOP", "none", when("2006-01-02")),
			pers("PATIENT", "identifier", func(f *gofakeit.Faker, _ *person, _ int) any { return f.UUID() }),
			t("ENCOUNTER", "none", func(f *gofakeit.Faker, _ *person, _ int) any { return f.UUID() }),
			sens("CODE", "health", pick("44054006", "38341003", "195662009", "10509002", "444814009")),
			sens("DESCRIPTION", "health", pick("Diabetes", "Hypertension", "Acute viral pharyngitis (disorder)",
				"Acute bronchitis (disorder)", "Viral sinusitis (disorder)")),
		}}}},
		// 16. A near miss: order codes that look like ICD-10 codes, in a
		// table about products.
		{file: "products_codes.csv", delim: ',', sheets: []sheet{{country: "NL", rows: 60, cols: []col{
			t("Code", "none", pick("E11.9", "J45", "F32.1", "K21.0", "A09")),
			t("Product", "none", pick(products...)),
			t("Price", "none", amount(2, 90, false)),
			t("Stock", "none", func(f *gofakeit.Faker, _ *person, _ int) any { return f.IntRange(0, 400) }),
		}}}},
		// 17. An HR export.
		{file: "hr_export.csv", delim: ',', sheets: []sheet{{country: "US", rows: 60, cols: []col{
			pers("Employee Number", "identifier", id("E", 5)),
			pers("Full Name", "person_name", full),
			pers("Job Title", "job_title", func(f *gofakeit.Faker, p *person, _ int) any { return p.job }),
			t("Department", "none", pick("Sales", "Finance", "Operations")),
			pers("Salary", "income", func(f *gofakeit.Faker, _ *person, _ int) any { return f.IntRange(28000, 95000) }),
			pers("Marital Status", "marital_status", pick("Married", "Single", "Divorced")),
			pers("Nationality", "nationality", pick("British", "Dutch", "Polish", "Irish")),
			pers("Manager", "person_name", func(f *gofakeit.Faker, _ *person, _ int) any { return f.Name() }),
			sens("Sick Days", "health", func(f *gofakeit.Faker, _ *person, _ int) any { return f.IntRange(0, 20) }),
			t("Start Date", "none", when("2006-01-02")),
		}}}},
	}
}

// notes is a client list with a free-text column in which some values
// name a special category (special: health terms, then a religion last),
// beside delivery notes that name none.
func notes(file, country, header, deliveryHeader string, plain, special []string, delivery func(f *gofakeit.Faker, p *person, row int) any) export {
	return export{file: file, delim: ',', sheets: []sheet{{country: country, rows: 40, cols: []col{
		pers("Email", "email", func(f *gofakeit.Faker, p *person, _ int) any { return p.email }),
		t("Plan", "none", pick("Basic", "Plus")),
		t("City", "none", func(f *gofakeit.Faker, p *person, _ int) any { return p.city }),
		pers(deliveryHeader, "free_text", delivery),
		// Health in one value in four, religion (the last template) in one
		// in eight: health is what the column is labelled by.
		sens(header, "health", func(f *gofakeit.Faker, p *person, row int) any {
			switch {
			case row%4 == 1:
				return fmt.Sprintf(special[row%(len(special)-1)], p.first)
			case row%8 == 3:
				return fmt.Sprintf(special[len(special)-1], p.first)
			}
			return fmt.Sprintf(f.RandomString(plain), p.first)
		}),
	}}}}
}
