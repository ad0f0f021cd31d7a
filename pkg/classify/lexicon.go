package classify

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// A term is a header word or phrase in one of the supported languages
// (English, Dutch, German, French, Spanish), written as normalize writes
// headers. Terms of five letters or more also match inside compound words
// ("Kundennummer", "telefoonnummer"); shorter ones only as whole words.
type rule struct {
	class Class
	kind  Kind
	terms []string
}

var lexicon = []rule{
	// GDPR Art. 9 special categories and Art. 10 criminal data.
	{Sensitive, Health, []string{"health", "medical", "diagnosis", "diagnose", "diagnostic", "diagnostico", "medication", "medicine",
		"medicatie", "medicijnen", "medikament", "medikamente", "medicament", "medicamento", "therapy", "therapie", "terapia",
		"treatment", "behandeling", "behandlung", "traitement", "symptoms", "symptomen", "allergy", "allergies", "allergie",
		"alergia", "disability", "handicap", "beperking", "behinderung", "discapacidad", "pregnancy", "pregnant", "zwanger",
		"schwanger", "gezondheid", "gesundheit", "sante", "salud", "illness", "ziekte", "krankheit", "maladie", "enfermedad",
		"blood type", "bloedgroep", "blutgruppe", "medical condition", "health condition", "mental health", "psychiatric",
		"patient notes", "clinical", "klinisch", "zorgvraag", "hulpvraag"}},
	{Sensitive, Religion, []string{"religion", "religious", "religie", "geloof", "geloofsovertuiging", "faith", "confession",
		"konfession", "religionszugehorigkeit", "religion", "religioso", "church", "kerk", "kerkgenootschap", "kirche",
		"eglise", "iglesia", "denomination", "belief", "beliefs", "levensbeschouwing", "weltanschauung", "croyance", "creencia"}},
	{Sensitive, Ethnicity, []string{"ethnicity", "ethnic", "ethnic origin", "race", "racial", "etniciteit", "etnische afkomst",
		"afkomst", "herkunft", "ethnische", "ethnie", "origine ethnique", "etnia", "origen etnico", "raza"}},
	{Sensitive, Political, []string{"political", "politics", "political party", "party affiliation", "politieke", "partij",
		"politische", "partei", "parteizugehorigkeit", "parti politique", "politique", "partido politico", "politico",
		"voting preference"}},
	{Sensitive, TradeUnion, []string{"trade union", "union", "union member", "union membership", "labor union", "labour union",
		"vakbond", "vakbondslid", "vakbondslidmaatschap", "gewerkschaft", "gewerkschaftsmitglied", "syndicat", "syndique",
		"sindicato", "afiliacion sindical"}},
	{Sensitive, SexualOrientation, []string{"sexual orientation", "sexuality", "orientation", "sex life", "seksuele geaardheid",
		"geaardheid", "sexuelle orientierung", "orientation sexuelle", "orientacion sexual", "lgbt", "lgbtq"}},
	{Sensitive, Biometric, []string{"biometric", "biometrie", "biometrisch", "biometrique", "biometrico", "fingerprint",
		"vingerafdruk", "fingerabdruck", "empreinte", "huella", "face template", "facial", "iris", "retina", "voiceprint"}},
	{Sensitive, Genetic, []string{"genetic", "genetisch", "genetique", "genetico", "dna", "genome", "genotype", "gene test"}},
	{Sensitive, Criminal, []string{"criminal", "criminal record", "conviction", "convictions", "offence", "offense",
		"strafblad", "strafrechtelijk", "justitiele documentatie", "vog", "vorstrafe", "vorstrafen", "straftat",
		"fuhrungszeugnis", "casier judiciaire", "condamnation", "antecedentes penales", "delito", "arrest", "arrests"}},

	// Personal data.
	{Personal, PersonName, []string{"name", "full name", "first name", "last name", "given name", "family name", "surname",
		"middle name", "maiden name", "initials", "contact name", "contact owner", "owner", "naam", "voornaam", "achternaam",
		"tussenvoegsel", "roepnaam", "voorletters", "volledige naam", "vorname", "nachname", "familienname", "rufname",
		"prenom", "nom", "nom de famille", "nombre", "apellido", "apellidos", "nombre completo", "primer apellido",
		"segundo apellido", "cardholder", "account holder", "rekeninghouder", "kontoinhaber", "titulaire", "titular"}},
	{Personal, Email, []string{"email", "e mail", "mail", "email address", "e mail address", "emailadres", "mailadres",
		"e mailadresse", "mailadresse", "courriel", "adresse mail", "adresse e mail", "correo", "correo electronico"}},
	{Personal, Phone, []string{"phone", "phone number", "telephone", "tel", "mobile", "mobile phone", "cell", "cellphone",
		"fax", "telefoon", "telefoonnummer", "mobiel", "mobiele nummer", "gsm", "telefon", "telefonnummer", "handy",
		"mobilnummer", "mobiltelefon", "telephone portable", "portable", "telefono", "movil", "celular", "whatsapp"}},
	{Personal, Address, []string{"address", "street", "street address", "address line", "address line 1", "address line 2",
		"address1", "address2", "house number", "adres", "straat", "straatnaam", "huisnummer", "toevoeging", "woonadres",
		"postadres", "strasse", "hausnummer", "anschrift", "adresse", "rue", "numero de rue", "direccion", "calle",
		"domicilio", "numero de casa", "po box", "postbus"}},
	{Personal, Postcode, []string{"postcode", "post code", "postal code", "zip", "zip code", "zipcode", "plz", "postleitzahl",
		"code postal", "codigo postal", "cp"}},
	{Personal, DateOfBirth, []string{"date of birth", "birth date", "birthdate", "birthday", "birth", "dob", "born",
		"geboortedatum", "geboren", "geburtsdatum", "geburtstag", "date de naissance", "naissance", "fecha de nacimiento",
		"nacimiento", "cumpleanos"}},
	{Personal, Age, []string{"age", "leeftijd", "alter", "edad"}},
	{Personal, Gender, []string{"gender", "sex", "geslacht", "geschlecht", "sexe", "sexo", "genero", "salutation", "aanhef",
		"anrede", "civilite", "tratamiento", "honorific"}},
	{Personal, IBAN, []string{"iban", "bank account", "account number", "bankrekening", "rekeningnummer", "bankrekeningnummer",
		"kontonummer", "bankverbindung", "rib", "numero de compte", "cuenta bancaria", "numero de cuenta", "bic iban"}},
	{Personal, CardNumber, []string{"card number", "credit card", "creditcard", "card", "card last4", "last4", "card exp",
		"card expiry", "pan", "kreditkarte", "kartennummer", "carte bancaire", "numero de carte", "tarjeta", "numero de tarjeta"}},
	{Personal, NationalID, []string{"bsn", "burgerservicenummer", "sofinummer", "sofi nummer", "social security",
		"social security number", "ssn", "national insurance", "ni number", "national id", "id number", "passport",
		"passport number", "paspoort", "paspoortnummer", "identiteitskaart", "rijksregisternummer", "sozialversicherungsnummer",
		"steuer id", "steuerid", "steueridentifikationsnummer", "personalausweis", "ausweisnummer", "reisepass",
		"numero de securite sociale", "securite sociale", "nir", "insee", "passeport", "carte d identite", "dni", "nie", "nif",
		"nuss", "numero de la seguridad social", "seguridad social", "pasaporte", "tax id", "tin"}},
	{Personal, IPAddress, []string{"ip", "ip address", "ipaddress", "ipv4", "ipv6", "ip adres", "ip adresse", "adresse ip",
		"direccion ip", "optin ip", "confirm ip", "last ip", "signup ip"}},
	{Personal, Geo, []string{"latitude", "longitude", "lat", "lng", "lon", "coordinates", "gps", "geo", "geolocation",
		"breedtegraad", "lengtegraad", "breitengrad", "langengrad", "koordinaten", "coordonnees", "coordenadas", "latitud",
		"longitud"}},
	{Personal, Identifier, []string{"id", "uid", "guid", "uuid", "customer id", "customer number", "customer no", "client id",
		"client number", "contact id", "record id", "member id", "member number", "membership number", "user id", "userid",
		"username", "user name", "login", "account id", "patient id", "patient number", "subscriber id", "external id",
		"leid", "euid", "do not modify contact", "klantnummer", "klantnr", "klant id", "relatienummer", "lidnummer",
		"lidnr", "gebruikersnaam", "patientnummer", "clientnummer", "kundennummer", "kunden nr", "kundennr", "kunden id",
		"mitgliedsnummer", "benutzername", "numero client", "n client", "id client", "identifiant", "numero adherent",
		"id cliente", "numero de cliente", "numero de socio", "usuario", "nombre de usuario", "card id", "stripe id"}},
	{Personal, FreeText, []string{"notes", "note", "comments", "comment", "remarks", "remark", "description", "memo",
		"message", "customer note", "opmerkingen", "opmerking", "notities", "notitie", "toelichting", "bericht",
		"bemerkungen", "bemerkung", "notizen", "notiz", "kommentar", "anmerkungen", "nachricht", "commentaires",
		"commentaire", "remarques", "remarque", "observations", "observaciones", "comentarios", "comentario", "notas"}},
	{Personal, JobTitle, []string{"job title", "title", "position", "job", "functie", "functietitel", "beroep", "beruf",
		"berufsbezeichnung", "position", "poste", "fonction", "profession", "cargo", "puesto", "profesion"}},

	// Transactional: what happened, for how much, where (city and
	// country), with which company.
	{Transactional, None, []string{"order", "order number", "order id", "order date", "order status", "orders", "invoice",
		"invoice number", "amount", "total", "subtotal", "price", "unit price", "cost", "quantity", "qty", "units",
		"product", "product name", "product description", "item", "item name", "item description", "sku", "status",
		"date", "created", "updated", "modified", "last changed", "time", "timestamp", "since", "city", "town",
		"country", "country code", "region", "state", "province", "county", "company", "company name", "account name",
		"organisation", "organization", "business", "employer", "currency", "tax", "vat", "discount", "shipping",
		"payment", "payment method", "payment status", "category", "channel", "source", "lead source", "campaign",
		"tags", "tag", "segment", "rating", "member rating", "revenue", "sales", "spent", "total spent", "balance",
		"plan", "subscription", "delinquent", "lifecycle stage", "lead status", "stage", "marketing", "opt in", "optin",
		"opt out", "optout", "consent", "newsletter", "subscribed", "unsubscribed", "timezone", "gmtoff", "dstoff",
		"cc", "month", "year", "week", "quarter", "department", "language", "locale", "checksum", "row checksum",
		"card brand", "card country", "tax exempt", "accepts email marketing", "accepts sms marketing", "count",
		"bestelling", "bestelnummer", "bestellingen", "besteldatum", "factuur", "factuurnummer", "bedrag", "totaal",
		"prijs", "aantal", "omzet", "artikel", "datum", "klant sinds", "sinds", "stad", "plaats", "woonplaats",
		"gemeente", "land", "provincie", "bedrijf", "bedrijfsnaam", "organisatie", "valuta", "btw", "korting",
		"betaalmethode", "categorie", "kanaal", "nieuwsbrief", "toestemming", "aangemeld", "afdeling", "taal",
		"bestellung", "bestellnummer", "bestelldatum", "letzte bestellung", "rechnung", "rechnungsnummer", "betrag",
		"summe", "gesamt", "preis", "anzahl", "menge", "umsatz", "produkt", "stadt", "ort", "wohnort", "bundesland",
		"firma", "unternehmen", "firmenname", "wahrung", "mwst", "rabatt", "zahlungsart", "kategorie", "kanal",
		"einwilligung", "abteilung", "sprache", "seit", "kunde seit", "commande", "numero de commande",
		"date de commande", "derniere commande", "facture", "montant", "prix", "quantite", "produit", "ville", "pays",
		"societe", "entreprise", "devise", "tva", "remise", "moyen de paiement", "categorie", "canal", "inscription",
		"consentement", "service", "langue", "depuis", "achats", "montant des achats", "pedido", "numero de pedido",
		"fecha del pedido", "fecha", "factura", "importe", "importe total", "precio", "cantidad", "producto", "ciudad",
		"localidad", "pais", "provincia", "empresa", "moneda", "iva", "descuento", "metodo de pago", "categoria",
		"suscrito", "consentimiento", "departamento", "idioma", "desde", "units sold", "average order value",
		"order count", "total orders", "total spend", "payment count", "account balance", "sessions", "fee",
		"next appointment", "appointment", "dues", "contributie", "beitrag", "cotisation", "cuota", "branch", "afdeling",
		"sector", "branche", "sektor", "secteur", "paid", "betaald", "bezahlt", "paye", "pagado", "membership since", "lid sinds", "mitglied seit", "plan name"}},
}

// entry is one term of the lexicon, ready for matching.
type entry struct {
	rule    *rule
	term    string // words separated by single spaces
	compact string // without spaces
	padded  string // with a space either side, to match whole words
}

var entries = func() []entry {
	var es []entry
	for i := range lexicon {
		for _, t := range lexicon[i].terms {
			t = normalize(t)
			es = append(es, entry{&lexicon[i], t, strings.ReplaceAll(t, " ", ""), " " + t + " "})
		}
	}
	return es
}()

// crmPrefixes are what exports put before the field a column really holds:
// "Default Address Zip", "Mailing City", "Address 1: Street 1".
var crmPrefixes = []string{"do not modify", "default address", "billing address", "shipping address", "mailing address",
	"mailing", "billing", "shipping", "primary", "secondary", "address 1", "address 2", "address 3", "address", "home",
	"work", "business", "other", "private", "prive", "privat", "geschaftlich", "contact", "customer", "klant", "kunde",
	"client", "cliente", "factuur", "rechnung", "facturation", "livraison", "lever", "liefer"}

// accents removes accents. A transformer holds state, so each goroutine
// takes its own from the pool.
var accents = sync.Pool{New: func() any { return transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC) }}

// normalize lowercases a header, removes accents, writes ß as ss and turns
// every run of other characters ("_", "-", ".", "/", ":", spaces) into one
// space.
func normalize(h string) string {
	s := h
	if !isASCII(h) { // only the rest can have accents
		t := accents.Get().(transform.Transformer)
		var err error
		if s, _, err = transform.String(t, h); err != nil {
			s = h
		}
		accents.Put(t)
	}
	s = strings.ToLower(strings.ReplaceAll(s, "ß", "ss"))
	var b strings.Builder
	space := false
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteRune(r)
			space = false
		} else {
			space = true
		}
	}
	return b.String()
}

// headerMatch is the lexicon's verdict on a header.
type headerMatch struct {
	rule *rule
	term string
}

// matchHeader finds the longest term in the header, first with CRM prefixes
// removed, then in the whole header. Between equally long terms the more
// protective class wins.
func matchHeader(header string) (headerMatch, bool) {
	h := normalize(header)
	if h == "" {
		return headerMatch{}, false
	}
	stripped := h
	for changed := true; changed; {
		changed = false
		for _, p := range crmPrefixes {
			if rest, ok := strings.CutPrefix(stripped, p+" "); ok && rest != "" {
				stripped, changed = rest, true
			}
		}
	}
	if m, ok := longestTerm(stripped); ok {
		return m, true
	}
	return longestTerm(h)
}

func longestTerm(h string) (headerMatch, bool) {
	padded := " " + h + " "
	compact := strings.ReplaceAll(h, " ", "")
	var best *entry
	for i := range entries {
		e := &entries[i]
		if !strings.Contains(padded, e.padded) && (len(e.compact) < 5 || !strings.Contains(compact, e.compact)) {
			continue
		}
		if best == nil || len(e.compact) > len(best.compact) ||
			len(e.compact) == len(best.compact) && e.rule.class.rank() > best.rule.class.rank() {
			best = e
		}
	}
	if best == nil {
		return headerMatch{}, false
	}
	return headerMatch{best.rule, best.term}, true
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
