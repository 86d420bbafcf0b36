package seed

import (
	"math/rand/v2"
	"strings"
)

// Names of the people of a West Flemish city. First names follow the
// fashion of the birth decade: a Godelieve born in 2015 would look wrong.
// Generations: 0 born before 1960, 1 born 1960–1989, 2 born 1990 or later.

var flemishMale = [3][]string{
	{"Jozef", "Maurice", "André", "Roger", "Marcel", "Georges", "Willy", "Gilbert", "Albert", "Gérard",
		"Julien", "Noël", "Antoon", "Omer", "Michel", "Etienne", "Daniël", "Roland", "Frans", "Raf",
		"Lucien", "Robert", "Gustaaf", "Hendrik", "Norbert", "Valère", "Cyriel", "Herman", "Rik", "Eddy"},
	{"Peter", "Filip", "Bart", "Koen", "Kurt", "Geert", "Stefaan", "Wim", "Dirk", "Jan",
		"Pieter", "Tom", "Kristof", "Nico", "Frederik", "Steven", "Dries", "Joris", "Wouter", "Bram",
		"Hans", "Johan", "Luc", "Patrick", "Carl", "Jeroen", "Sam", "Ruben", "Tim", "Jens"},
	{"Lucas", "Arthur", "Louis", "Noah", "Jules", "Vic", "Mathis", "Finn", "Lars", "Wout",
		"Seppe", "Thibo", "Robbe", "Milan", "Warre", "Kobe", "Stan", "Siebe", "Matteo", "Liam",
		"Nand", "Lander", "Senne", "Jasper", "Emiel", "Ferre", "Mats", "Arne", "Briek", "Lowie"},
}

var flemishFemale = [3][]string{
	{"Maria", "Godelieve", "Marie-Jeanne", "Agnes", "Rita", "Monique", "Simonne", "Paula", "Lutgarde", "Jeannine",
		"Christiane", "Gilberte", "Denise", "Josée", "Mariette", "Rosa", "Yvonne", "Lea", "Alice", "Bertha",
		"Annie", "Lisette", "Marleen", "Frieda", "Irène", "Gerda", "Hilde", "Nicole", "Jacqueline", "Roza"},
	{"Katrien", "An", "Sofie", "Els", "Veerle", "Nathalie", "Ann", "Isabelle", "Sarah", "Liesbeth",
		"Griet", "Inge", "Karen", "Nele", "Evelien", "Lies", "Leen", "Sandra", "Kathleen", "Caroline",
		"Ellen", "Tine", "Eline", "Hanne", "Joke", "Lieve", "Mieke", "Barbara", "Femke", "Delphine"},
	{"Emma", "Olivia", "Louise", "Marie", "Elise", "Nora", "Lotte", "Fien", "Lore", "Ella",
		"Julie", "Hanne", "Febe", "Lien", "Amber", "Noor", "Lena", "Mila", "Juliette", "Ines",
		"Jana", "Paulien", "Margot", "Zoë", "Lisa", "Roos", "Axelle", "Saar", "Hanna", "Nina"},
}

var flemishLast = []string{
	"Vandenberghe", "Declercq", "Vanhoutte", "Desmet", "Verhaeghe", "Deprez", "Dewulf", "Maes", "Vandamme", "Vermeersch",
	"Deleu", "Lambrecht", "Vanneste", "Debaene", "Vandendriessche", "Devos", "Claeys", "Goethals", "Verbeke", "Vanhee",
	"Vercruysse", "Vandecasteele", "Deconinck", "Pattyn", "Verstraete", "Vanlerberghe", "Decock", "Degryse", "Vandewalle", "Vandenbulcke",
	"Coucke", "Ghekiere", "Debeer", "Demeyere", "Dejonghe", "Lefevere", "Catteeuw", "Vanackere", "Callewaert", "Vanwynsberghe",
	"Cnockaert", "Delbeke", "Soenen", "Vansteenkiste", "Vandeputte", "Bossuyt", "Vanderhaeghe", "Lannoo", "Vlaeminck", "Desmedt",
	"Vanthuyne", "Verschaeve", "Dumortier", "Lietaert", "Seynaeve", "Vanparys", "Demuynck", "Vandekerckhove", "Tack", "Ryckaert",
	"Gheysen", "Vanmaele", "Vandaele", "Debrabandere", "Vermeulen", "Peeters", "Janssens", "Wouters", "Mertens", "Willems",
	"Jacobs", "De Smet", "Van Damme", "Vanoverberghe", "Verhelst", "Depoorter", "Bogaert", "Vanhaecke", "Rosseel", "Decuypere",
	"Vandorpe", "Vanassche", "Dejaegher", "Mortier", "Vannieuwenhuyse", "Vandromme", "Vandermeersch", "Vanthournout", "Desimpel", "Dewitte",
	"Defour", "Casier", "Moerman", "Lagae", "Opsomer", "Vuylsteke", "Samyn", "Verleye", "Deschepper", "Beirnaert",
	"Tanghe", "Dekeyser", "Carrette", "Delanghe", "Ostyn", "Vanhoucke", "Depuydt", "Verfaillie", "Messiaen", "Vandenbroucke",
	"Bekaert", "Coussement", "Vanrobaeys", "Declerck", "Dhondt", "Verhaest", "Neyrinck", "Vanhevel", "Baert", "Debusschere",
}

// French speakers near the language border (Moeskroen, Rijsel are next door).
var frenchMale = [3][]string{
	{"Jean", "Pierre", "Jacques", "René", "Marcel", "Henri", "Claude", "Roger"},
	{"Philippe", "Olivier", "Laurent", "Frédéric", "Christophe", "Vincent", "Thierry", "Benoît"},
	{"Hugo", "Théo", "Nathan", "Maxime", "Antoine", "Clément", "Romain", "Baptiste"},
}

var frenchFemale = [3][]string{
	{"Jeanne", "Marguerite", "Suzanne", "Germaine", "Madeleine", "Simone", "Odette", "Colette"},
	{"Sophie", "Valérie", "Céline", "Isabelle", "Stéphanie", "Virginie", "Aurélie", "Catherine"},
	{"Camille", "Manon", "Chloé", "Léa", "Clara", "Pauline", "Charlotte", "Océane"},
}

var frenchLast = []string{
	"Dupont", "Lefebvre", "Leclercq", "Delannoy", "Lemaire", "Dubois", "Delcourt", "Mahieu", "Descamps", "Vandeville",
	"Duhamel", "Carlier", "Lecomte", "Desmettre", "Dujardin", "Lepers", "Deldycke", "Hennebert", "Dubrulle", "Delplanque",
}

// Newer Kortrijk families; English is their usual language with the city.
var otherMale = [3][]string{
	{"Mehmet", "Ahmed", "Tadeusz", "Mustafa", "Stefan"},
	{"Mohamed", "Ali", "Piotr", "Hassan", "Andrei", "Murat", "Karim"},
	{"Youssef", "Emre", "Adam", "Omar", "Yusuf", "Ayoub", "Jakub"},
}

var otherFemale = [3][]string{
	{"Fatma", "Aïcha", "Halina", "Zeliha", "Maria"},
	{"Fatima", "Amina", "Agnieszka", "Yasmina", "Ioana", "Ayse", "Nadia"},
	{"Elif", "Zeynep", "Sara", "Aya", "Lina", "Hiba", "Zuzanna"},
}

var otherLast = []string{
	"Yilmaz", "Kaya", "Demir", "El Amrani", "Benali", "Kowalski", "Nowak", "Popescu", "Ivanov", "Haddad",
	"Ahmadi", "Nguyen", "Öztürk", "El Idrissi", "Wiśniewski", "Bouzid", "Rahimi", "Çelik", "Mansouri", "Stoica",
}

// origin of a family, which fixes its name lists and usual language.
type origin uint8

const (
	flemish origin = iota
	french
	other
)

func pickOrigin(rng *rand.Rand) origin {
	switch r := rng.Float64(); {
	case r < 0.05:
		return french
	case r < 0.11:
		return other
	default:
		return flemish
	}
}

func generation(birthYear int) int {
	switch {
	case birthYear < 1960:
		return 0
	case birthYear < 1990:
		return 1
	default:
		return 2
	}
}

func firstName(rng *rand.Rand, o origin, male bool, birthYear int) string {
	g := generation(birthYear)
	var list []string
	switch {
	case o == french && male:
		list = frenchMale[g]
	case o == french:
		list = frenchFemale[g]
	case o == other && male:
		list = otherMale[g]
	case o == other:
		list = otherFemale[g]
	case male:
		list = flemishMale[g]
	default:
		list = flemishFemale[g]
	}
	return list[rng.IntN(len(list))]
}

func lastName(rng *rand.Rand, o origin) string {
	switch o {
	case french:
		return frenchLast[rng.IntN(len(frenchLast))]
	case other:
		return otherLast[rng.IntN(len(otherLast))]
	}
	return flemishLast[rng.IntN(len(flemishLast))]
}

// emailLocal turns "Marie-Jeanne", "De Smet" into "marie-jeanne.desmet".
func emailLocal(first, last string) string {
	return asciiFold(first) + "." + asciiFold(last)
}

var foldReplacer = strings.NewReplacer(
	" ", "", "'", "", "é", "e", "è", "e", "ë", "e", "ê", "e", "ï", "i", "î", "i",
	"ö", "o", "ô", "o", "ü", "u", "ç", "c", "ş", "s", "ś", "s", "ğ", "g", "à", "a", "â", "a",
	"É", "e", "Ö", "o", "Ç", "c",
)

func asciiFold(s string) string { return strings.ToLower(foldReplacer.Replace(s)) }
