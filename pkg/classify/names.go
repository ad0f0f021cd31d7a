package classify

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// givenNames are common first names in the Netherlands, Belgium, Germany,
// France, Spain, the UK and the US, lowercased without accents. A column
// whose values mostly start with one is a column of names.
var givenNames = toSet(`
aaron abdul adam adrian agnes ahmed aidan aisha alba albert alejandro alex alexander alexandra alfred ali alice
alicia alina alma amanda amber amelia amy ana andre andrea andreas andrew angela angelika anja ann anna anne
annelies anneke annika anouk antoine anton antonio arjen arno arthur astrid aurelie ava barbara bart bas bastian
beatrice ben benjamin bernard bernd bert bettina bianca birgit bob bram brian bruno camille carla carlos carmen
carol caroline catherine cecile charles charlotte chloe chris christian christina christine christoph claire
clara claudia colin corinne cornelia daan daniel daniela david dennis dewi diana diego dirk dominique dora
dorothea dylan edith eduardo elena eline elisa elisabeth eliza ella ellen els elsa emily emma enrique eric erik
ernst esther eva evelyn fabian fatima felix femke fernando finn florian francesca francisco francois frank
franz frederik freek gabriel gabriele george georg gerard gerrit gert gijs giulia grace greta guillaume gustav
hana hannah hans harry hector heidi helen helena helmut hendrik henk henri henry herman hugo ian ilse ines
ingrid irene iris isabel isabella isabelle ivan jack jacob jacques jakob james jan jana jane janine jannes
jasmijn jasper javier jean jeanne jelle jennifer jeroen jesse jessica joan joanna joao joel johan johanna john
jonas jordi jorge jose josef joseph josephine joyce juan judith julia julian julie juliette julius jurgen
justin karel karin karl katharina kathrin katrin kees kevin kim klaus koen kristin lars laura lauren laurens
lea lena leo leon leonie lieke lisa lise lotte louis louise luc lucas lucia lucy luis luka lukas maarten
madeleine maja manon manuel marc marcel marco margaret maria marie marieke marina mario marion mark marleen
marta martin martina mary mathilde matthias matthew max maxime melanie mia michael michel michelle miguel
milan mirjam monica monika nadia natalia natalie nathalie nicolas niels nienke nina noah noor nora olaf olga
oliver olivia omar oscar pablo patricia patrick paul paula pauline pedro peter petra philipp philippe pierre
pieter pim quentin rachel rafael ralf raquel rebecca renate rene ricardo richard rik rob robert robin roel
roger roman rosa ruben rudolf ruth sabine sam samuel sandra sanne sara sarah sebastian sergio silvia simon
simone sofia sophie stefan stefanie stephan stephanie steven susanne sven sylvie teresa thijs thomas tim
tobias tom tomas ursula valentina valerie vera victor vincent wendy werner willem william wim wouter xavier
yara yasmin yusuf zoe
`)

func toSet(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}

// nameParticles may appear in lower case inside a name: "Jan van der Berg".
var nameParticles = toSet(`van de der den von zu le la du des del y di da ten ter 't bin al el`)

// isPersonName accepts one to five words of letters, capitalised except
// for particles, the first of which is a common given name.
func isPersonName(v string) bool {
	if r, _ := utf8.DecodeRuneInString(v); !unicode.IsUpper(r) || len(v) > 80 {
		return false
	}
	// Look the first name up before anything else: most values are not names.
	first := v
	if i := strings.IndexAny(first, " -"); i > 0 {
		first = first[:i]
	}
	if !knownFirstName(first) {
		return false
	}
	words := strings.Fields(v)
	if len(words) == 0 || len(words) > 5 {
		return false
	}
	for _, w := range words {
		if nameParticles[w] {
			continue
		}
		r := []rune(w)
		if !unicode.IsUpper(r[0]) {
			return false
		}
		for _, c := range r {
			if !unicode.IsLetter(c) && c != '-' && c != '\'' && c != '.' {
				return false
			}
		}
	}
	return true
}

// asciiLower lowercases an ASCII word without allocating when it already
// is lower case; other words come back unchanged (normalize handles them).
// knownFirstName looks w up in the given names: as it is lower-cased,
// else normalised (accents removed), unless it is plain lower-case ASCII
// letters, which normalising would not change.
func knownFirstName(w string) bool {
	// Most values are short ASCII, lower-cased on the stack.
	var buf [24]byte
	if b, ok := lowerASCII(buf[:], w); ok {
		if givenNames[string(b)] {
			return true
		}
		if len(b) > 0 && isLowerASCIILetters(string(b)) {
			return false
		}
		return givenNames[normalize(w)]
	}
	lower := asciiLower(w)
	return givenNames[lower] || !(lower != "" && isLowerASCIILetters(lower)) && givenNames[normalize(w)]
}

func asciiLower(w string) string {
	for i := 0; i < len(w); i++ {
		if c := w[i]; c >= 0x80 {
			return w
		} else if c >= 'A' && c <= 'Z' {
			return strings.ToLower(w)
		}
	}
	return w
}

// isLowerASCIILetters says whether normalize would leave w as it is.
func isLowerASCIILetters(w string) bool {
	for i := 0; i < len(w); i++ {
		if c := w[i]; c < 'a' || c > 'z' {
			return false
		}
	}
	return true
}
