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
// (English, Dutch, German, French, Spanish, Italian, Portuguese, Polish),
// written as normalize writes headers. Terms of five letters or more also
// match inside compound words ("Kundennummer", "telefoonnummer"); shorter
// ones only as whole words. A term written "=last" matches only a header
// that is that word and nothing else.
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
		"patient notes", "clinical", "klinisch", "zorgvraag", "hulpvraag", "healthcare", "sick leave", "sick days", "ziekteverzuim",
		"verzuim", "krankheitstage", "arbeitsunfahigkeit", "condition", "conditions", "icd", "icd10", "icd 10", "snomed",
		"diagnosis code", "salute", "saude", "zdrowie", "diagnosi", "diagnostico", "farmaco", "farmaci", "leki",
		"choroba", "malattia", "doenca", "niepelnosprawnosc", "disabilita", "deficiencia", "gravidanza", "gravidez", "ciaza",
		"vaccination", "vaccinatie", "impfung", "vaccin", "vacuna", "vaccino", "vacina", "szczepienie", "blood group"}},
	{Sensitive, Religion, []string{"religion", "religious", "religie", "geloof", "geloofsovertuiging", "faith", "confession",
		"konfession", "religionszugehorigkeit", "religion", "religioso", "church", "kerk", "kerkgenootschap", "kirche",
		"eglise", "iglesia", "denomination", "belief", "beliefs", "levensbeschouwing", "weltanschauung", "croyance", "creencia",
		"religione", "religiao", "religia", "wyznanie", "chiesa", "igreja", "kosciol"}},
	{Sensitive, Ethnicity, []string{"ethnicity", "ethnic", "ethnic origin", "race", "racial", "etniciteit", "etnische afkomst",
		"afkomst", "herkunft", "ethnische", "ethnie", "origine ethnique", "etnia", "origen etnico", "raza", "razza", "raca",
		"etnicita", "etnicidade", "pochodzenie etniczne", "rasa"}},
	{Sensitive, Political, []string{"political", "politics", "political party", "party affiliation", "politieke", "partij",
		"politische", "partei", "parteizugehorigkeit", "parti politique", "politique", "partido politico", "politico",
		"voting preference"}},
	{Sensitive, TradeUnion, []string{"trade union", "union", "union member", "union membership", "labor union", "labour union",
		"vakbond", "vakbondslid", "vakbondslidmaatschap", "gewerkschaft", "gewerkschaftsmitglied", "syndicat", "syndique",
		"sindicato", "afiliacion sindical", "sindacato", "iscrizione sindacale", "filiacao sindical", "zwiazek zawodowy"}},
	{Sensitive, SexualOrientation, []string{"sexual orientation", "sexuality", "orientation", "sex life", "seksuele geaardheid",
		"geaardheid", "sexuelle orientierung", "orientation sexuelle", "orientacion sexual", "lgbt", "lgbtq",
		"orientamento sessuale", "orientacao sexual", "orientacja seksualna"}},
	{Sensitive, Biometric, []string{"biometric", "biometrie", "biometrisch", "biometrique", "biometrico", "fingerprint",
		"vingerafdruk", "fingerabdruck", "empreinte", "huella", "face template", "facial", "iris", "retina", "voiceprint"}},
	{Sensitive, Genetic, []string{"genetic", "genetisch", "genetique", "genetico", "dna", "genome", "genotype", "gene test"}},
	{Sensitive, Criminal, []string{"criminal", "criminal record", "conviction", "convictions", "offence", "offense",
		"strafblad", "strafrechtelijk", "justitiele documentatie", "vog", "vorstrafe", "vorstrafen", "straftat",
		"fuhrungszeugnis", "casier judiciaire", "condamnation", "antecedentes penales", "delito", "arrest", "arrests",
		"casellario giudiziale", "precedenti penali", "antecedentes criminais", "registo criminal", "karalnosc", "niekaralnosc"}},

	// Personal data.
	{Personal, PersonName, []string{"name", "full name", "first name", "last name", "given name", "family name", "surname",
		"middle name", "maiden name", "initials", "contact name", "contact owner", "owner", "naam", "voornaam", "achternaam",
		"tussenvoegsel", "roepnaam", "voorletters", "volledige naam", "vorname", "nachname", "familienname", "rufname",
		"prenom", "nom", "nom de famille", "nombre", "apellido", "apellidos", "nombre completo", "primer apellido",
		"segundo apellido", "cardholder", "account holder", "rekeninghouder", "kontoinhaber", "titulaire", "titular",
		// Exact headers only (=): "Last" alone is a surname, "Last Activity" is not.
		"=first", "=last", "=middle", "=given", "=family", "=maiden", "=fn", "=ln", "=nome", "=suffix", "=prefix",
		"nickname", "nick name", "bijnaam", "spitzname", "surnom", "apodo", "soprannome", "apelido", "pseudonim",
		"display name", "screen name", "alias", "birth name", "geburtsname", "meisjesnaam", "nom de jeune fille",
		"nom de naissance", "apellido de soltera", "cognome", "nome completo", "nominativo", "sobrenome", "imie",
		"nazwisko", "nazwisko panienskie", "name prefix", "name suffix", "honorific prefix", "honorific suffix",
		"voorvoegsel", "namenszusatz", "titel", "spouse", "partner name", "children", "referred by", "assistant",
		"emergency contact", "manager", "reports to", "assigned to", "assignee", "sales rep", "account manager",
		"contact person", "contactpersoon", "ansprechpartner", "customer", "klant", "kunde", "klient", "attendee",
		"guest", "guest name", "participant", "deelnemer", "teilnehmer", "buyer", "purchaser", "payer", "relation",
		"auftraggeber", "begunstigter", "beguenstigter", "zahlungspflichtiger", "zahlungsbeteiligter", "empfanger",
		"empfaenger", "absender", "beneficiaire", "emetteur", "beneficiario", "ordenante", "nadawca", "odbiorca",
		"tegenpartij", "created by", "modified by", "last modified by", "createdby", "yomi"}},
	{Personal, Email, []string{"email", "e mail", "mail", "email address", "e mail address", "emailadres", "mailadres",
		"e mailadresse", "mailadresse", "courriel", "adresse mail", "adresse e mail", "correo", "correo electronico",
		"posta elettronica", "indirizzo email", "indirizzo e mail", "correio eletronico", "adres e mail", "adres email", "poczta"}},
	{Personal, Phone, []string{"phone", "phone number", "telephone", "tel", "mobile", "mobile phone", "cell", "cellphone",
		"fax", "telefoon", "telefoonnummer", "mobiel", "mobiele nummer", "gsm", "telefon", "telefonnummer", "handy",
		"mobilnummer", "mobiltelefon", "telephone portable", "portable", "telefono", "movil", "celular", "whatsapp",
		"cellulare", "telemovel", "telefone", "numer telefonu", "komorka", "isdn", "pager", "telex", "callback",
		"company main phone", "main phone", "sms"}},
	{Personal, Address, []string{"address", "street", "street address", "address line", "address line 1", "address line 2",
		"address1", "address2", "house number", "adres", "straat", "straatnaam", "huisnummer", "toevoeging", "woonadres",
		"postadres", "strasse", "hausnummer", "anschrift", "adresse", "rue", "numero de rue", "direccion", "calle",
		"domicilio", "numero de casa", "po box", "postbus", "indirizzo", "civico", "endereco", "morada", "=rua", "ulica",
		"adres zamieszkania", "formatted address", "extended address", "=via"}},
	{Personal, Postcode, []string{"postcode", "post code", "postal code", "zip", "zip code", "zipcode", "plz", "postleitzahl",
		"code postal", "codigo postal", "cp", "=cap", "codice postale", "cep", "codigo postal", "kod pocztowy"}},
	{Personal, DateOfBirth, []string{"date of birth", "birth date", "birthdate", "birthday", "birth", "dob", "born",
		"geboortedatum", "geboren", "geburtsdatum", "geburtstag", "date de naissance", "naissance", "fecha de nacimiento",
		"nacimiento", "cumpleanos", "data di nascita", "data de nascimento", "data urodzenia", "place of birth",
		"birthplace", "geboorteplaats", "geburtsort", "lieu de naissance", "lugar de nacimiento", "luogo di nascita",
		"local de nascimento", "miejsce urodzenia", "anniversary"}},
	{Personal, Age, []string{"age", "leeftijd", "alter", "edad", "=eta", "idade", "wiek"}},
	{Personal, DateOfDeath, []string{"date of death", "death date", "deathdate", "deceased", "died", "overlijdensdatum",
		"overleden", "sterbedatum", "todestag", "verstorben", "date de deces", "deces", "fecha de defuncion",
		"fallecimiento", "data di morte", "data del decesso", "data de obito", "obito", "data smierci"}},
	{Personal, MaritalStatus, []string{"marital", "marital status", "civil status", "burgerlijke staat", "familienstand",
		"etat civil", "situation familiale", "estado civil", "stato civile", "stan cywilny", "married"}},
	{Personal, Income, []string{"income", "salary", "wage", "wages", "annual income", "inkomen", "salaris", "loon",
		"einkommen", "gehalt", "revenu", "salaire", "ingresos", "salario", "sueldo", "reddito", "stipendio", "renda",
		"dochod", "wynagrodzenie", "pensja"}},
	{Personal, Credential, []string{"password", "passwd", "pwd", "pwd hash", "password hash", "password digest",
		"encrypted password", "hashed password", "=hash", "=salt", "reset token", "reset password token",
		"password reset token", "confirmation token", "confirm token", "auth token", "access token", "refresh token",
		"session token", "remember token", "api key", "api token", "secret", "otp secret", "totp", "=pin", "pincode",
		"security answer", "security question", "wachtwoord", "passwort", "kennwort", "mot de passe", "contrasena",
		"parola d ordine", "senha", "haslo"}},
	{Personal, TaxID, []string{"tax id", "tax number", "tax identification", "vat number", "vat id", "vat no",
		"vat reg", "vat registration", "btw nummer", "btw id", "btw nr", "ust id", "ustid", "umsatzsteuer id",
		"steuernummer", "numero tva", "tva intracommunautaire", "numero de tva", "=nif", "=cif", "numero fiscal",
		"partita iva", "codice fiscale", "=nip", "numer nip", "=cpf", "=cnpj", "=rfc", "=tin", "=ein", "fiscal code",
		"identificacion fiscal"}},
	{Personal, OnlineID, []string{"profile url", "profile", "linkedin", "linkedin url", "twitter", "twitter handle",
		"instagram", "facebook", "tiktok", "github", "skype", "telegram", "wechat", "handle", "social media", "website",
		"personal website", "homepage", "home page", "web page", "blog", "=url", "=im", "im value", "photo", "avatar",
		"picture", "foto"}},
	{Personal, Nationality, []string{"nationality", "nationaliteit", "staatsangehorigkeit", "nationalite", "nacionalidad",
		"nazionalita", "nacionalidade", "narodowosc", "citizenship"}},
	{Personal, Gender, []string{"gender", "sex", "geslacht", "geschlecht", "sexe", "sexo", "genero", "salutation", "aanhef",
		"anrede", "civilite", "tratamiento", "honorific"}},
	{Personal, IBAN, []string{"iban", "bank account", "account number", "bankrekening", "rekeningnummer", "bankrekeningnummer",
		"kontonummer", "bankverbindung", "rib", "numero de compte", "cuenta bancaria", "numero de cuenta", "bic iban",
		"rekening", "tegenrekening", "numero di conto", "conto corrente", "numero da conta", "numer konta", "rachunek",
		"=compte", "=cuenta", "=conto", "=konto"}},
	{Personal, CardNumber, []string{"card number", "credit card", "creditcard", "card", "card last4", "last4", "card exp",
		"card expiry", "pan", "kreditkarte", "kartennummer", "carte bancaire", "numero de carte", "tarjeta", "numero de tarjeta",
		"last four"}},
	{Personal, NationalID, []string{"bsn", "burgerservicenummer", "sofinummer", "sofi nummer", "social security",
		"social security number", "ssn", "national insurance", "ni number", "national id", "id number", "passport",
		"passport number", "paspoort", "paspoortnummer", "identiteitskaart", "rijksregisternummer", "sozialversicherungsnummer",
		"steuer id", "steuerid", "steueridentifikationsnummer", "personalausweis", "ausweisnummer", "reisepass",
		"numero de securite sociale", "securite sociale", "nir", "insee", "passeport", "carte d identite", "dni", "nie", "nif",
		"nuss", "numero de la seguridad social", "seguridad social", "pasaporte", "government id", "driving licence",
		"driving license", "driver license", "drivers license", "driver s license", "=drivers", "licence number",
		"rijbewijs", "rijbewijsnummer", "fuhrerschein", "permis de conduire", "carnet de conducir", "permiso de conducir",
		"=patente", "carta de conducao", "prawo jazdy", "passaporto", "passaporte", "paszport", "id card", "identity card",
		"carta d identita", "dowod osobisty", "pesel", "cartao de cidadao", "documento de identidad", "numero documento"}},
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
		"id cliente", "numero de cliente", "numero de socio", "usuario", "nombre de usuario", "card id", "stripe id",
		"patient", "attendee id", "attendee number", "registration id", "registration number", "employee id",
		"employee number", "personnel number", "personeelsnummer", "personalnummer", "matricule", "numero de empleado",
		"matricola", "numer pracownika", "staff id", "owner", "owner id", "manager id", "contact id", "lead id", "user",
		"codice cliente", "numero cliente", "numer klienta", "id klienta", "codigo cliente", "identificador",
		"mandate reference", "mandate id", "mandatsreferenz", "kundenreferenz", "sammlerreferenz", "machtigingskenmerk",
		"customer reference", "payment method id", "default source", "source id", "card fingerprint", "device id",
		"device", "cookie id", "user agent", "barcode", "ticket number", "membership id", "external reference"}},
	{Personal, FreeText, []string{"notes", "note", "comments", "comment", "remarks", "remark", "description", "memo",
		"message", "customer note", "opmerkingen", "opmerking", "notities", "notitie", "toelichting", "bericht",
		"bemerkungen", "bemerkung", "notizen", "notiz", "kommentar", "anmerkungen", "nachricht", "commentaires",
		"commentaire", "remarques", "remarque", "observations", "observaciones", "comentarios", "comentario", "notas",
		"nota", "osservazioni", "commento", "commenti", "descrizione", "observacoes", "descricao", "uwagi", "komentarz",
		"=opis", "notatki", "answer", "answers", "antwoord", "antwort", "reponse", "respuesta", "risposta", "resposta",
		"odpowiedz", "reason", "reden", "grund", "raison", "motivo", "motif", "powod", "feedback", "question",
		"survey", "=bio", "about me", "hobby", "hobbies", "interests", "verwendungszweck", "omschrijving",
		"mededelingen", "betalingskenmerk", "libelle", "concepto", "causale", "tytul", "purpose", "reference",
		"payment reference", "information complementaire", "informacion adicional", "billing information", "subject",
		"note attributes", "message", "details", "instructions", "delivery instructions", "special instructions",
		"bezorgnotitie", "bezorginstructies", "hinweis", "lieferhinweis", "instruction", "consignes", "instrucciones",
		"istruzioni", "instrucoes", "instrukcja", "wskazowki"}},
	{Personal, JobTitle, []string{"job title", "title", "position", "job", "functie", "functietitel", "beroep", "beruf",
		"berufsbezeichnung", "position", "poste", "fonction", "profession", "cargo", "puesto", "profesion", "occupation",
		"job description", "funktion", "titre", "ocupacion", "professione", "qualifica", "mansione", "profissao",
		"stanowisko", "zawod", "=role", "organization title", "organisation title"}},

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
		"sector", "branche", "sektor", "secteur", "paid", "betaald", "bezahlt", "paye", "pagado", "membership since", "lid sinds", "mitglied seit", "plan name",
		// IDs and numbers of orders, charges and events: the noun decides, not "ID".
		"order id", "charge id", "charge", "transaction", "transaction id", "transaction reference", "receipt",
		"receipt id", "receipt number", "payment id", "payment intent", "payment intent id", "invoice id",
		"product id", "variant", "variant id", "store id", "shop id", "website id", "group id", "list id",
		"segment id", "campaign id", "event", "event id", "event name", "ticket type", "price option", "record type",
		"record type id", "lineitem", "line item", "order reference", "invoice reference", "encounter",
		"encounter id", "refund", "refunded", "net", "gross", "payout", "dispute", "captured", "mode",
		"utm", "utm source", "utm medium", "utm term", "utm content", "utm campaign", "referrer", "landing page",
		"tier", "level", "type", "kind", "interval", "expiry", "expires", "expiry date", "valid until", "member since",
		"connected on", "last activity", "last login", "last seen", "opens", "clicks", "open rate", "click rate",
		"bounce", "bounced", "unsubscribe", "unsub", "confirmed", "verified", "active", "enabled", "disabled",
		"deleted", "archived", "digest", "prefer digests", "frequency", "priority", "deal stage", "pipeline",
		"probability", "industry", "employees", "number of employees", "annual revenue", "company size",
		"company type", "account type", "brand", "funding", "card funding", "cvc check", "line1 check", "zip check",
		"address line1 check", "address zip check", "tokenization method", "tokenisation method", "card issue country",
		"card exp month", "card exp year", "exp month", "exp year", "expiry month", "expiry year", "shipping method",
		"carrier", "vendor", "bank name", "=bank", "bic", "swift", "blz", "bankleitzahl", "creditor id",
		"glaubiger id", "glaeubiger id", "glaubiger", "sepa creditor", "statement descriptor", "time zone",
		"gmt offset", "company website", "business website", "customer since", "customer type", "customer group",
		"customer segment", "group membership", "sensitivity", "attendee status", "fips", "buchungstag",
		"buchungsdatum", "valutadatum", "valuta", "wertstellung", "buchungstext", "umsatzart", "saldo", "kontostand",
		"waehrung", "af bij", "mutatiesoort", "munt", "volgnr", "rentedatum", "transactiereferentie", "incassant",
		"debit", "credit", "solde", "movimiento", "divisa", "importo", "valor", "kwota", "data operacji", "data operazione",
		"citta", "cidade", "comune", "regione", "estado", "wojewodztwo", "kraj", "paese", "nazione", "miasto",
		"ordine", "numero ordine", "encomenda", "zamowienie", "fattura", "fatura", "faktura", "prezzo", "preco", "cena",
		"quantita", "quantidade", "ilosc", "prodotto", "produto", "produkt", "azienda", "societa", "firma", "empresa",
		"valuta", "moeda", "waluta", "sconto", "desconto", "rabat", "stato", "status zamowienia", "start", "stop",
		"startdatum", "einddatum", "start date", "end date", "base cost", "dispenses", "payer coverage"}},
}

// entry is one term of the lexicon, ready for matching.
type entry struct {
	rule    *rule
	term    string // words separated by single spaces
	compact string // without spaces
	padded  string // with a space either side, to match whole words
	exact   bool   // only the whole header
}

var entries = func() []entry {
	var es []entry
	for i := range lexicon {
		for _, t := range lexicon[i].terms {
			exact := strings.HasPrefix(t, "=")
			t = withoutNumbers(normalize(t))
			es = append(es, entry{&lexicon[i], t, strings.ReplaceAll(t, " ", ""), " " + t + " ", exact})
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

// normalize lowercases a header, removes accents, writes ß as ss and # as
// "number", splits
// camelCase words ("BirthDate", "CreatedById") and turns every run of
// other characters ("_", "-", ".", "/", ":", spaces) into one space, so
// that "BIRTH_DATE", "birthDate" and "Birth date" read alike.
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
	s = strings.ReplaceAll(s, "ß", "ss")
	if strings.IndexByte(s, '#') >= 0 {
		s = strings.ReplaceAll(s, "#", " number ") // "Order #", "Attendee #"
	}
	var b strings.Builder
	space, lower := false, false
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			upper := unicode.IsUpper(r)
			if (space || lower && upper) && b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteRune(unicode.ToLower(r))
			space, lower = false, unicode.IsLower(r)
		} else {
			space, lower = true, false
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
	h := withoutNumbers(normalize(header))
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
	m, ok := longestTerm(stripped)
	if !ok {
		m, ok = longestTerm(h)
	}
	// "E-mail 1 - Type", "Phone Label": the kind of a field, not its value.
	if last := h[strings.LastIndexByte(h, ' ')+1:]; (last == "type" || last == "label") && (!ok || m.rule.class != Sensitive) {
		return headerMatch{&typeRule, last}, true
	}
	return m, ok
}

var typeRule = rule{class: Transactional, kind: None}

// withoutNumbers drops the words that are only digits: exports number the
// repeats of a field ("E-mail 2 - Value", "Organization 1 - Title"), and
// the number says nothing of what the field holds.
func withoutNumbers(h string) string {
	if !strings.ContainsAny(h, "0123456789") {
		return h
	}
	words := strings.Fields(h)
	kept := words[:0]
	for _, w := range words {
		if strings.Trim(w, "0123456789") != "" {
			kept = append(kept, w)
		}
	}
	if len(kept) == 0 {
		return h // a header that is a number ("2026") stays one
	}
	return strings.Join(kept, " ")
}

func longestTerm(h string) (headerMatch, bool) {
	padded := " " + h + " "
	compact := strings.ReplaceAll(h, " ", "")
	var best *entry
	for i := range entries {
		e := &entries[i]
		if e.exact {
			if h == e.term && (best == nil || len(e.compact) > len(best.compact)) {
				best = e
			}
			continue
		}
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
	// A special category named as a word of its own wins over a longer
	// term that does not hold it: "DNA profile" is genetic data, while
	// "Card fingerprint" is not biometric.
	if best.rule.class != Sensitive {
		for i := range entries {
			e := &entries[i]
			if e.rule.class == Sensitive && !e.exact && strings.Contains(padded, e.padded) && !strings.Contains(best.term, e.term) {
				return headerMatch{e.rule, e.term}, true
			}
		}
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
