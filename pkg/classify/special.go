package classify

import (
	"strings"
)

// Special categories named in free text. A notes or comments column does
// not say in its header that it holds health data; its values do. Each
// term is a word or two-word phrase as normalize writes it, chosen so that
// it means the category on its own: "diabetes", not "treatment" (of wood)
// or "union" (European); "lesbian", not "gay" (a surname); religions by
// their adjective, not "christian" (a first name) or "church" (a street).
// English, Dutch, German, French, Spanish, Italian, Portuguese and Polish.
var specialTerms = map[Kind][]string{
	Health: {
		// en
		"diabetes", "diabetic", "asthma", "asthmatic", "cancer", "tumour", "tumor", "chemotherapy", "chemo", "radiotherapy",
		"depression", "depressed", "anxiety disorder", "panic attacks", "adhd", "autism", "autistic", "epilepsy", "epileptic",
		"hiv", "dementia", "alzheimer", "alzheimers", "parkinson", "parkinsons", "pregnant", "pregnancy", "miscarriage",
		"wheelchair", "insulin", "medication", "medications", "antidepressant", "antidepressants", "dialysis", "allergy",
		"allergic", "disability", "disabled", "diagnosis", "diagnosed", "hypertension", "high blood pressure", "migraine",
		"heart attack", "heart condition", "burnout", "fibromyalgia", "multiple sclerosis", "schizophrenia", "bipolar",
		"psychiatrist", "psychiatric", "therapist", "physiotherapy", "rehab", "sick leave", "hearing aid", "hearing aids",
		"stroke patient", "crohn", "coeliac", "celiac", "gluten intolerance", "lactose intolerance", "mental health",
		"eating disorder", "anorexia", "bulimia", "addiction", "alcoholism", "methadone", "ivf", "hepatitis", "tuberculosis",
		// nl
		"astma", "kanker", "chemokuur", "depressie", "depressief", "autisme", "epilepsie", "dementie", "zwanger",
		"zwangerschap", "miskraam", "rolstoel", "insuline", "medicatie", "medicijnen", "dialyse", "allergie", "allergisch",
		"gehandicapt", "handicap", "beperking", "diagnose", "gediagnosticeerd", "hoge bloeddruk", "hartaanval", "ziekteverlof",
		"ziek gemeld", "ziekgemeld", "psychiater", "psycholoog", "fysiotherapie", "hoortoestel", "verslaving", "eetstoornis",
		"glutenintolerantie", "lactose intolerantie", "ggz",
		// de
		"asthmatiker", "krebs", "chemotherapie", "depressionen", "depressiv", "autismus", "demenz", "schwanger",
		"schwangerschaft", "fehlgeburt", "rollstuhl", "insulin", "medikamente", "medikament", "dialyse", "allergiker",
		"behinderung", "behindert", "schwerbehindert", "diagnostiziert", "bluthochdruck", "herzinfarkt", "krankmeldung",
		"krankgeschrieben", "arbeitsunfahig", "psychotherapie", "physiotherapie", "horgerat", "sucht", "essstorung",
		"zoliakie", "laktoseintoleranz", "migrane",
		// fr
		"diabete", "diabetique", "asthme", "asthmatique", "chimiotherapie", "depressif", "depressive", "autiste",
		"epileptique", "demence", "enceinte", "grossesse", "fausse couche", "fauteuil roulant", "insuline", "medicament",
		"medicaments", "dialyse", "allergique", "handicape", "handicapee", "diagnostique", "hypertension arterielle",
		"crise cardiaque", "arret maladie", "psychiatre", "kinesitherapie", "appareil auditif", "toxicomanie",
		// es
		"diabetico", "diabetica", "asma", "asmatico", "quimioterapia", "depresion", "ansiedad", "autismo", "epilepsia",
		"demencia", "embarazada", "embarazo", "aborto espontaneo", "silla de ruedas", "insulina", "medicacion",
		"medicamentos", "dialisis", "alergia", "alergico", "alergica", "discapacidad", "discapacitado", "diagnosticado",
		"diagnosticada", "hipertension", "infarto", "baja medica", "psiquiatra", "fisioterapia", "audifono", "adiccion",
		// it
		"diabete", "asmatico", "cancro", "tumore", "chemioterapia", "depressione", "ansia", "epilessia", "demenza",
		"incinta", "gravidanza", "aborto spontaneo", "sedia a rotelle", "farmaci", "farmaco", "dialisi", "allergia",
		"allergico", "disabilita", "disabile", "diagnosi", "diagnosticato", "ipertensione", "malattia", "psichiatra",
		"fisioterapia", "apparecchio acustico", "dipendenza",
		// pt
		"diabetes tipo", "cancer de", "quimioterapia", "depressao", "ansiedade", "gravida", "gravidez", "aborto",
		"cadeira de rodas", "medicacao", "medicamentos", "dialise", "alergico", "deficiencia", "deficiente",
		"diagnosticado", "hipertensao", "enfarte", "baixa medica", "psiquiatra", "fisioterapia", "aparelho auditivo",
		// pl
		"cukrzyca", "cukrzyk", "astma", "nowotwor", "chemioterapia", "depresja", "autyzm", "padaczka", "epilepsja",
		"demencja", "ciaza", "w ciazy", "poronienie", "wozek inwalidzki", "insulina", "leki", "dializa", "alergia",
		"uczulenie", "niepelnosprawnosc", "niepelnosprawny", "niepelnosprawna", "diagnoza", "nadcisnienie", "zawal",
		"zwolnienie lekarskie", "psychiatra", "fizjoterapia", "aparat sluchowy", "uzaleznienie",
	},
	Religion: {
		"muslim", "moslim", "moslima", "musulman", "musulmane", "musulmana", "musulmano", "muzulmanin", "islamic",
		"islamitisch", "islamisch", "islamique", "islamico", "catholic", "katholiek", "katholisch", "catholique",
		"catolico", "catolica", "cattolico", "cattolica", "katolik", "katoliczka", "protestant", "protestants",
		"protestantisch", "protestante", "protestanckie", "jewish", "joods", "judisch", "juif", "juive", "judio",
		"judia", "ebreo", "ebrea", "judeu", "judia", "zyd", "zydowski", "hindu", "hindoe", "hindou", "buddhist",
		"boeddhist", "boeddhistisch", "buddhistisch", "bouddhiste", "budista", "buddista", "buddysta", "sikh",
		"atheist", "atheistisch", "atheiste", "ateo", "atea", "ateu", "ateista", "mosque", "moskee", "moschee",
		"mosquee", "mezquita", "moschea", "mesquita", "meczet", "synagogue", "synagoge", "sinagoga", "synagoga",
		"kosher", "koosjer", "koscher", "casher", "halal", "ramadan", "jehovah", "mormon", "evangelical", "evangelisch",
		"evangelique", "evangelico", "orthodox jewish", "religious", "religieus", "religios", "religieux", "religioso",
		"religiosa", "religijny", "ewangelik", "prawoslawny",
	},
	Ethnicity: {
		"ethnicity", "ethnic origin", "ethnic minority", "etniciteit", "etnische", "allochtoon", "ethnische herkunft",
		"origine ethnique", "ethnie", "etnia", "origen etnico", "origine etnica", "origem etnica", "pochodzenie etniczne",
		"aboriginal", "indigenous", "first nations",
	},
	SexualOrientation: {
		"lesbian", "lesbisch", "lesbienne", "lesbiana", "lesbica", "lesbijka", "homosexual", "homoseksueel",
		"homosexuell", "homosexuel", "homosexuelle", "omosessuale", "homossexual", "homoseksualny", "homoseksualna",
		"bisexual", "biseksueel", "bisexuell", "bisexuel", "bisessuale", "bissexual", "biseksualny", "transgender",
		"lgbt", "lgbtq", "lgbtqia", "queer", "same sex partner", "sexual orientation", "seksuele geaardheid",
	},
	TradeUnion: {
		"trade union", "union member", "union dues", "vakbond", "vakbondslid", "vakbondscontributie", "gewerkschaft",
		"gewerkschaftsmitglied", "syndique", "syndiquee", "syndicat", "sindicato", "sindicalizado", "sindacato",
		"iscritto al sindacato", "sindicalizada", "zwiazek zawodowy", "zwiazku zawodowego",
	},
	Criminal: {
		"criminal record", "convicted", "conviction", "convictions", "prison", "imprisoned", "probation", "offender",
		"veroordeeld", "strafblad", "gevangenis", "reclassering", "gedetineerd", "vorbestraft", "vorstrafe", "vorstrafen",
		"gefangnis", "haftstrafe", "bewahrung", "casier judiciaire", "condamne", "condamnee", "emprisonne", "antecedentes penales",
		"condenado", "condenada", "prision", "carcel", "precedenti penali", "condannato", "condannata", "carcere",
		"antecedentes criminais", "preso", "prisao", "karany", "karana", "wiezienie", "wyrok",
	},
}

// specialStems match every word that starts with them: the languages here
// inflect ("cukrzyca", "cukrzycę", "cukrzykiem"; "katolik", "katolikiem"),
// and a stem covers the forms a list of words would miss. Each is long
// enough to mean its category at the start of any word.
var specialStems = map[Kind][]string{
	Health: {"diabet", "cukrzy", "epilep", "epiless", "padaczk", "insulin", "chemothera", "chemiothera",
		"chemiotera", "quimiotera", "dialys", "dialis", "dializ", "schwanger", "zwanger", "embaraz", "gravid", "ciaz",
		"rollstuhl", "rolstoel", "niepelnospraw", "inwalidz", "autis", "autyz", "alzheimer", "parkinson", "dementi",
		"demenz", "demencj", "asthm", "allergi", "alergi", "antidepress", "psychiat", "psichiat", "psiquiat",
		"schizophren", "schizofren", "hypertens", "ipertens", "hipertens", "nadcisnien", "tumor", "nowotw",
		"depressie", "depressiv", "depresj", "fibromyal"},
	Religion: {"muslim", "moslim", "musulm", "muculm", "muzulm", "islami", "catholi", "catoli", "cattoli", "katholi",
		"katoli", "protestan", "juif", "juive", "judisch", "judeu", "judio", "ebre", "zydow", "buddhis", "boeddhis",
		"bouddhis", "budist", "buddist", "buddyst", "hindoe", "evangeli", "ewangeli", "prawoslaw", "orthodox"},
	SexualOrientation: {"lesbi", "homosex", "homoseks", "omosess", "homossex", "bisex", "biseks", "bisess", "bissex",
		"transgend"},
	TradeUnion: {"vakbond", "gewerkschaft", "syndiqu", "sindical", "sindacal"},
	Criminal:   {"strafblad", "vorbestraf", "vorstraf"},
}

// specialWords and specialPairs look the terms up by one word or two.
var specialWords, specialPairs = func() (map[string]Kind, map[string]Kind) {
	words, pairs := map[string]Kind{}, map[string]Kind{}
	for kind, terms := range specialTerms {
		for _, t := range terms {
			t = normalize(t)
			if strings.Count(t, " ") == 0 {
				words[t] = kind
			} else {
				pairs[t] = kind
			}
		}
	}
	return words, pairs
}()

// specialTerm finds the first special-category term in a text value, and
// its category: the lexicon's word or words, or a stem and "…".
func specialTerm(v string) (Kind, string, bool) {
	var words []string
	if isASCII(v) {
		words = asciiWords(v) // what normalize gives, without its builder: most values are ASCII
	} else {
		words = strings.Fields(normalize(v))
	}
	for i, w := range words {
		if k, ok := specialWords[w]; ok {
			return k, w, true
		}
		if len(w) >= 4 {
			for k, stems := range specialStems {
				for _, st := range stems {
					if strings.HasPrefix(w, st) {
						// The stem, not the word: evidence shows the
						// lexicon's term, never more of a cell.
						return k, st + "…", true
					}
				}
			}
		}
		if i+1 < len(words) {
			pair := w + " " + words[i+1]
			if k, ok := specialPairs[pair]; ok {
				return k, pair, true
			}
			if i+2 < len(words) {
				if k, ok := specialPairs[pair+" "+words[i+2]]; ok {
					return k, pair + " " + words[i+2], true
				}
			}
		}
	}
	return "", "", false
}

// asciiWords splits an ASCII text into lower-case words of letters and
// digits, as normalize would, camelCase aside (free text is not written
// in it).
func asciiWords(v string) []string {
	var words []string
	b := []byte(v)
	start := -1
	for i := 0; i <= len(b); i++ {
		alnum := i < len(b) && (isLetter(b[i]) || isDigit(b[i]))
		if alnum {
			b[i] |= 0x20 * byte(boolInt(isUpper(b[i])))
			if start < 0 {
				start = i
			}
		} else if start >= 0 {
			words = append(words, string(b[start:i]))
			start = -1
		}
	}
	return words
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// Medical codes: ICD-10 (E11.9), ATC (A10BA02), SNOMED CT concept IDs
// (73211009, with a Verhoeff check digit). Each looks like an order code
// or a plain number in a table about anything else, so they count only in
// a table about patients, conditions or medication (medicalTable).

func isICD10(v string) bool {
	if len(v) < 3 || len(v) > 8 {
		return false
	}
	c := v[0]
	if !isUpper(c) || c == 'U' || !isDigit(v[1]) || !(isDigit(v[2]) || v[2] == 'A' || v[2] == 'B') {
		return false
	}
	rest := v[3:]
	if rest == "" {
		return true
	}
	if rest[0] != '.' || len(rest) < 2 {
		return false
	}
	for i := 1; i < len(rest); i++ {
		if !isDigit(rest[i]) && !isUpper(rest[i]) {
			return false
		}
	}
	return true
}

func isATC(v string) bool {
	return len(v) == 7 && isUpper(v[0]) && isDigit(v[1]) && isDigit(v[2]) && isUpper(v[3]) && isUpper(v[4]) &&
		isDigit(v[5]) && isDigit(v[6])
}

// isSNOMED accepts a SNOMED CT identifier: 6 to 18 digits whose last is a
// Verhoeff check digit and whose two before it name a concept,
// description or relationship (partition 00, 01, 02, 10, 11, 12).
func isSNOMED(v string) bool {
	if len(v) < 6 || len(v) > 18 || v[0] == '0' {
		return false
	}
	for i := 0; i < len(v); i++ {
		if !isDigit(v[i]) {
			return false
		}
	}
	switch v[len(v)-3 : len(v)-1] {
	case "00", "01", "02", "10", "11", "12":
	default:
		return false
	}
	return verhoeff(v)
}

var (
	verhoeffD = [10][10]byte{
		{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, {1, 2, 3, 4, 0, 6, 7, 8, 9, 5}, {2, 3, 4, 0, 1, 7, 8, 9, 5, 6},
		{3, 4, 0, 1, 2, 8, 9, 5, 6, 7}, {4, 0, 1, 2, 3, 9, 5, 6, 7, 8}, {5, 9, 8, 7, 6, 0, 4, 3, 2, 1},
		{6, 5, 9, 8, 7, 1, 0, 4, 3, 2}, {7, 6, 5, 9, 8, 2, 1, 0, 4, 3}, {8, 7, 6, 5, 9, 3, 2, 1, 0, 4},
		{9, 8, 7, 6, 5, 4, 3, 2, 1, 0},
	}
	verhoeffP = [8][10]byte{
		{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, {1, 5, 7, 6, 2, 8, 3, 0, 9, 4}, {5, 8, 0, 3, 7, 9, 6, 1, 4, 2},
		{8, 9, 1, 6, 0, 4, 3, 5, 2, 7}, {9, 4, 5, 3, 1, 2, 6, 8, 7, 0}, {4, 2, 8, 6, 5, 7, 3, 9, 0, 1},
		{2, 7, 9, 3, 8, 0, 6, 4, 1, 5}, {7, 0, 4, 6, 9, 1, 3, 2, 5, 8},
	}
)

// verhoeff checks the Verhoeff check digit at the end of a digit string.
func verhoeff(d string) bool {
	var c byte
	for i := 0; i < len(d); i++ {
		c = verhoeffD[c][verhoeffP[i%8][d[len(d)-1-i]-'0']]
	}
	return c == 0
}

func isMedicalCode(v string) bool { return isICD10(v) || isATC(v) || isSNOMED(v) }

// medicalContext are header words that say a table is about patients,
// their conditions or their medication. Words for "treatment" that also
// mean a salutation (Spanish "Tratamiento") or processing ("in
// behandeling", "trattamento dei dati") are left out.
var medicalContext = []string{"patient", "patien", "diagnos", "condition", "medication", "medicat", "icd", "snomed",
	"atc", "encounter", "clinical", "klinisch", "klinik", "clinique", "clinica", "behandlung", "leczenie", "zorg", "arzt", "doctor", "physician",
	"huisarts", "medecin", "medico", "lekarz", "pacjent", "paziente", "paciente", "prescription", "recept",
	"rezept", "ordonnance", "receta", "ricetta", "disease", "ziekte", "krankheit", "maladie", "enfermedad",
	"malattia", "doenca", "choroba", "symptom", "allerg", "vaccin", "impf", "drug", "medic", "therap", "terap",
	"psycholo", "psychiatr", "praktijk", "praxis"}

// medicalTable reports whether a table's name or headers say it is about
// patients, conditions or medication. Terms under five letters ("icd",
// "atc") count as whole words only: "atc" is in "batch".
func medicalTable(name string, header []string) bool {
	for _, h := range append([]string{name}, header...) {
		n := normalize(h)
		padded, compact := " "+n+" ", strings.ReplaceAll(n, " ", "")
		for _, w := range medicalContext {
			if len(w) >= 5 && strings.Contains(compact, w) || strings.Contains(padded, " "+w+" ") {
				return true
			}
		}
	}
	return false
}
