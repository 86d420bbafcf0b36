package seed

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5/pgxpool"
)

type teamDef struct {
	code, nl, fr, en string
}

// teams of the city administration behind the 1777 desk. Team id = index + 1.
var teams = []teamDef{
	{"onthaal-1777", "Onthaal 1777", "Accueil 1777", "1777 front desk"},
	{"afval-netheid", "Afval & Netheid", "Déchets & Propreté", "Waste & Cleanliness"},
	{"groen-noord", "Groen Noord", "Espaces verts Nord", "Green North"},
	{"groen-zuid", "Groen Zuid", "Espaces verts Sud", "Green South"},
	{"wegen", "Wegen", "Voirie", "Roads"},
	{"verlichting-signalisatie", "Openbare Verlichting & Signalisatie", "Éclairage public & Signalisation", "Public Lighting & Signage"},
	{"riolering", "Riolering", "Égouts", "Sewers"},
	{"mobiliteit", "Mobiliteit", "Mobilité", "Mobility"},
	{"milieu-dierenwelzijn", "Milieu & Dierenwelzijn", "Environnement & Bien-être animal", "Environment & Animal Welfare"},
	{"preventie-handhaving", "Preventie & Handhaving", "Prévention & Contrôle", "Prevention & Enforcement"},
	{"cultuur", "Cultuur", "Culture", "Culture"},
	{"burgerzaken", "Burgerzaken", "Affaires civiles", "Civil Affairs"},
	{"communicatie", "Communicatie", "Communication", "Communications"},
	{"omgeving", "Omgeving & Vergunningen", "Urbanisme & Permis", "Planning & Permits"},
}

// flow is how a kind of request travels through the organisation.
type flow uint8

const (
	flowField    flow = iota // a team goes out and fixes something
	flowPlanning             // fixed on a planned date (tree felling, pavement renewal)
	flowAnswer               // the desk answers a question itself
	flowForward              // handed to the competent body (Fluvius, De Watergroep, Parko)
)

// season drives demand over the year and with the weather.
type season uint8

const (
	seasonFlat    season = iota
	seasonLeaves         // fallen leaves: October to December
	seasonFrost          // gritting: frost and snow days only
	seasonRain           // flooding: heavy rain today or yesterday
	seasonGully          // gullies: rain and autumn leaves
	seasonSummer         // dumping, noise: warm months
	seasonRoad           // potholes: freeze–thaw, late winter
	seasonGrowth         // pruning, green waste: spring and summer
	seasonRats           // rats: autumn and winter
	seasonDark           // street lights: long nights
	seasonHoliday        // opening hours: before holidays
)

type catDef struct {
	code, parent string
	nl, fr, en   string
	team         string
	targetDays   int
	keywords     []string
	weight       float64 // tickets per 500 in the real register (leaves only)
	flow         flow
	season       season
	priority     int
	atHome       bool    // the problem is at the reporter's own address
	dupRate      float64 // chance that neighbours report the same thing again
	forwardTo    string
}

// categories follow the real Kortrijk 1777 taxonomy; weights are the counts
// per 500 tickets from the register extract (parents carry no tickets).
// Category id = index + 1; parents come before their children.
var categories = []catDef{
	{code: "afvalophaling", nl: "Afvalophaling", fr: "Collecte des déchets", en: "Waste collection", team: "afval-netheid", targetDays: 7,
		keywords: []string{"afval", "huisvuil", "ophaling", "container"}},
	{code: "grofvuil", parent: "afvalophaling", nl: "Grofvuil ophalen", fr: "Enlèvement des encombrants", en: "Bulky waste pick-up", team: "afval-netheid", targetDays: 28,
		keywords: []string{"grofvuil", "zetel", "matras", "kast", "ophaalronde"}, weight: 45, flow: flowPlanning, atHome: true},
	{code: "container-niet-geledigd", parent: "afvalophaling", nl: "Container niet geledigd", fr: "Conteneur non vidé", en: "Bin not collected", team: "afval-netheid", targetDays: 3,
		keywords: []string{"container", "restafval", "vergeten", "niet geledigd"}, weight: 25, atHome: true},
	{code: "groenafval-niet-opgehaald", parent: "afvalophaling", nl: "Groenafval niet opgehaald", fr: "Déchets verts non collectés", en: "Green waste not collected", team: "afval-netheid", targetDays: 3,
		keywords: []string{"gft", "groenafval", "snoeihout", "tuinafval"}, weight: 12, season: seasonGrowth, atHome: true},
	{code: "pmd-papier-niet-opgehaald", parent: "afvalophaling", nl: "PMD of papier niet opgehaald", fr: "PMC ou papier non collecté", en: "PMD or paper not collected", team: "afval-netheid", targetDays: 3,
		keywords: []string{"pmd", "papier", "karton", "blauwe zak"}, weight: 13, atHome: true},
	{code: "sluikstort", nl: "Sluikstort", fr: "Dépôt clandestin", en: "Illegal dumping", team: "afval-netheid", targetDays: 7,
		keywords: []string{"sluikstort", "afval", "vuilniszakken", "dumping"}, weight: 55, season: seasonSummer, dupRate: 0.14},
	{code: "overlast", nl: "Overlast", fr: "Nuisances", en: "Nuisance", team: "preventie-handhaving", targetDays: 21,
		keywords: []string{"overlast", "hinder"}},
	{code: "achtergelaten-fietsen-wrakken", parent: "overlast", nl: "Achtergelaten fietsen en wrakken", fr: "Vélos et épaves abandonnés", en: "Abandoned bicycles and wrecks", team: "preventie-handhaving", targetDays: 35,
		keywords: []string{"fietswrak", "weesfiets", "autowrak", "achtergelaten"}, weight: 24, flow: flowPlanning},
	{code: "ratten-ongedierte", parent: "overlast", nl: "Ratten en ongedierte", fr: "Rats et vermine", en: "Rats and vermin", team: "milieu-dierenwelzijn", targetDays: 14,
		keywords: []string{"ratten", "muizen", "ongedierte", "rattenbestrijding"}, weight: 22, season: seasonRats, atHome: true},
	{code: "straatmeubilair", nl: "Straatmeubilair", fr: "Mobilier urbain", en: "Street furniture", team: "verlichting-signalisatie", targetDays: 21,
		keywords: []string{"straatmeubilair"}},
	{code: "openbare-verlichting", parent: "straatmeubilair", nl: "Openbare verlichting defect", fr: "Éclairage public en panne", en: "Street light out", team: "verlichting-signalisatie", targetDays: 14,
		keywords: []string{"straatlamp", "verlichting", "lantaarnpaal", "donker"}, weight: 25, season: seasonDark, dupRate: 0.22, forwardTo: "Fluvius"},
	{code: "borden", parent: "straatmeubilair", nl: "Borden", fr: "Panneaux", en: "Signs", team: "verlichting-signalisatie", targetDays: 21,
		keywords: []string{"bord", "verkeersbord", "straatnaambord"}, weight: 8},
	{code: "paaltjes", parent: "straatmeubilair", nl: "Paaltjes", fr: "Potelets", en: "Bollards and posts", team: "wegen", targetDays: 21,
		keywords: []string{"paaltje", "paal", "afsluiting"}, weight: 7},
	{code: "groenonderhoud", nl: "Park- en groenonderhoud", fr: "Entretien des parcs et espaces verts", en: "Park and green maintenance", team: "groen-noord", targetDays: 21,
		keywords: []string{"groen", "park", "plantsoen"}},
	{code: "bladval", parent: "groenonderhoud", nl: "Bladval", fr: "Chute des feuilles", en: "Fallen leaves", team: "groen-noord", targetDays: 10,
		keywords: []string{"bladeren", "bladval", "gladde voetpaden", "bladkorf"}, weight: 12, season: seasonLeaves, dupRate: 0.05},
	{code: "bomen-vellen", parent: "groenonderhoud", nl: "Bomen vellen", fr: "Abattage d'arbres", en: "Tree felling", team: "groen-noord", targetDays: 120,
		keywords: []string{"boom", "vellen", "kappen", "dode boom"}, weight: 8, flow: flowPlanning},
	{code: "snoeiaanvraag", parent: "groenonderhoud", nl: "Snoeiaanvraag", fr: "Demande d'élagage", en: "Pruning request", team: "groen-noord", targetDays: 60,
		keywords: []string{"snoeien", "haag", "overhangende takken"}, weight: 12, flow: flowPlanning, season: seasonGrowth},
	{code: "signalisatie", nl: "Signalisatie", fr: "Signalisation", en: "Road signs and markings", team: "verlichting-signalisatie", targetDays: 21,
		keywords: []string{"wegmarkering", "zebrapad", "verkeerslicht", "signalisatie"}, weight: 31},
	{code: "voetpad", nl: "Voetpad", fr: "Trottoir", en: "Pavement", team: "wegen", targetDays: 30,
		keywords: []string{"voetpad", "stoep"}},
	{code: "voetpad-opgehoogd", parent: "voetpad", nl: "Opgehoogd voetpad", fr: "Trottoir soulevé", en: "Raised pavement", team: "wegen", targetDays: 90,
		keywords: []string{"boomwortels", "opgehoogd", "struikelen"}, weight: 15, flow: flowPlanning},
	{code: "losliggende-tegels", parent: "voetpad", nl: "Losliggende tegels", fr: "Dalles descellées", en: "Loose tiles", team: "wegen", targetDays: 21,
		keywords: []string{"tegels", "klinkers", "los", "wiebelen"}, weight: 15, season: seasonRoad},
	{code: "gemeenteweg", nl: "Gemeentelijke weg", fr: "Voirie communale", en: "Municipal road", team: "wegen", targetDays: 21,
		keywords: []string{"weg", "rijbaan"}},
	{code: "putten-verzakkingen", parent: "gemeenteweg", nl: "Putten en verzakkingen", fr: "Nids-de-poule et affaissements", en: "Potholes and subsidence", team: "wegen", targetDays: 14,
		keywords: []string{"put", "verzakking", "asfalt", "gat in de weg"}, weight: 27, season: seasonRoad, dupRate: 0.06},
	{code: "dieren", nl: "Dieren", fr: "Animaux", en: "Animals", team: "milieu-dierenwelzijn", targetDays: 14,
		keywords: []string{"dode dieren", "duiven", "zwerfkatten", "hondenpoep"}, weight: 25},
	{code: "mobiliteit", nl: "Mobiliteit", fr: "Mobilité", en: "Mobility", team: "mobiliteit", targetDays: 30,
		keywords: []string{"snelheid", "parkeren", "verkeersveiligheid", "drempel"}, weight: 21},
	{code: "wegenonderhoud", nl: "Wegenonderhoud", fr: "Entretien de la voirie", en: "Road maintenance", team: "afval-netheid", targetDays: 14,
		keywords: []string{"onderhoud", "vegen"}},
	{code: "veegaanvraag", parent: "wegenonderhoud", nl: "Veegaanvraag", fr: "Demande de balayage", en: "Street sweeping request", team: "afval-netheid", targetDays: 14,
		keywords: []string{"veegwagen", "vegen", "zand", "glas op de weg"}, weight: 17, season: seasonLeaves},
	{code: "hinder-werken", nl: "Hinder door werken", fr: "Nuisances dues aux travaux", en: "Roadworks nuisance", team: "wegen", targetDays: 10,
		keywords: []string{"werken", "omleiding", "werf", "afsluiting"}, weight: 11, season: seasonSummer},
	{code: "riolering", nl: "Riolering", fr: "Égouts", en: "Sewers", team: "riolering", targetDays: 14,
		keywords: []string{"riool", "riolering"}},
	{code: "verstopte-aansluiting", parent: "riolering", nl: "Verstopte huisaansluiting", fr: "Raccordement bouché", en: "Blocked sewer connection", team: "riolering", targetDays: 7,
		keywords: []string{"verstopping", "huisaansluiting", "afvoer", "geurhinder"}, weight: 5, atHome: true, season: seasonRain},
	{code: "rioolkolken", parent: "riolering", nl: "Rioolkolken", fr: "Avaloirs", en: "Gullies", team: "riolering", targetDays: 14,
		keywords: []string{"kolk", "rioolkolk", "rooster", "verstopt"}, weight: 6, season: seasonGully, dupRate: 0.05},
	{code: "fietspad", nl: "Fietspad", fr: "Piste cyclable", en: "Cycle path", team: "wegen", targetDays: 21,
		keywords: []string{"fietspad", "fietsers", "glas", "oneffenheden"}, weight: 9},
	{code: "wateroverlast", nl: "Wateroverlast", fr: "Inondations", en: "Flooding", team: "riolering", targetDays: 2,
		keywords: []string{"wateroverlast", "overstroming"}},
	{code: "water-in-kelder", parent: "wateroverlast", nl: "Water in kelder", fr: "Eau dans la cave", en: "Water in cellar", team: "riolering", targetDays: 2,
		keywords: []string{"kelder", "water", "overstroomd", "pomp"}, weight: 7, season: seasonRain, priority: 1, atHome: true},
	{code: "gladheidsbestrijding", nl: "Gladheidsbestrijding", fr: "Lutte contre le verglas", en: "Gritting", team: "wegen", targetDays: 1,
		keywords: []string{"ijzel", "sneeuw", "strooien", "zout", "gladheid"}, weight: 4, season: seasonFrost, priority: 1, dupRate: 0.1},
	{code: "milieu", nl: "Milieu", fr: "Environnement", en: "Environment", team: "milieu-dierenwelzijn", targetDays: 21,
		keywords: []string{"geurhinder", "rook", "lawaai", "vervuiling"}, weight: 4, season: seasonSummer},
	{code: "cultuur", nl: "Cultuur", fr: "Culture", en: "Culture", team: "cultuur", targetDays: 14,
		keywords: []string{"bibliotheek", "evenement", "tickets", "museum"}, weight: 3, flow: flowAnswer},
	{code: "nutsvoorzieningen", nl: "Nutsvoorzieningen", fr: "Services d'utilité publique", en: "Utilities", team: "onthaal-1777", targetDays: 7,
		keywords: []string{"gas", "elektriciteit", "water", "kabel"}, weight: 3, flow: flowForward, forwardTo: "Fluvius"},
	{code: "zwerfvuil", nl: "Zwerfvuil", fr: "Déchets sauvages", en: "Litter", team: "afval-netheid", targetDays: 7,
		keywords: []string{"zwerfvuil", "blikjes", "volle vuilnisbak", "peuken"}, weight: 4, season: seasonSummer},
	{code: "betalend-parkeren", nl: "Betalend parkeren", fr: "Stationnement payant", en: "Paid parking", team: "mobiliteit", targetDays: 14,
		keywords: []string{"parkeerautomaat", "retributie", "bewonerskaart", "parko"}, weight: 3, flow: flowForward, forwardTo: "Parko"},
	{code: "klacht-dienstverlening", nl: "Klacht over dienstverlening", fr: "Plainte concernant le service", en: "Complaint about service", team: "communicatie", targetDays: 30,
		keywords: []string{"klacht", "ontevreden", "wachttijd"}, weight: 3, flow: flowAnswer},
	{code: "vergunningen", nl: "Vergunningen", fr: "Permis", en: "Permits", team: "omgeving", targetDays: 30,
		keywords: []string{"omgevingsvergunning", "inname openbaar domein", "container plaatsen"}, weight: 3, flow: flowAnswer},
	{code: "communicatie", nl: "Communicatie", fr: "Communication", en: "Communication", team: "communicatie", targetDays: 14,
		keywords: []string{"stadsmagazine", "website", "nieuwsbrief"}, weight: 2, flow: flowAnswer},
	{code: "burgerzaken", nl: "Burgerzaken", fr: "Affaires civiles", en: "Civil affairs", team: "burgerzaken", targetDays: 7,
		keywords: []string{"identiteitskaart", "rijbewijs", "afspraak", "uittreksel"}, weight: 3, flow: flowAnswer},
	{code: "algemene-info", nl: "Algemene informatie", fr: "Informations générales", en: "General information", team: "onthaal-1777", targetDays: 7,
		keywords: []string{"info", "vraag"}},
	{code: "openingsuren", parent: "algemene-info", nl: "Vraag over openingsuren", fr: "Question sur les heures d'ouverture", en: "Opening hours question", team: "onthaal-1777", targetDays: 2,
		keywords: []string{"openingsuren", "open", "gesloten", "recyclagepark"}, weight: 4, flow: flowAnswer, season: seasonHoliday},
	{code: "algemene-vraag", parent: "algemene-info", nl: "Algemene vraag", fr: "Question générale", en: "General question", team: "onthaal-1777", targetDays: 7,
		keywords: []string{"vraag", "informatie"}, weight: 3, flow: flowAnswer},
}

// teamIndex returns the 0-based index of a team code.
func teamIndex(code string) int {
	for i, t := range teams {
		if t.code == code {
			return i
		}
	}
	panic("seed: unknown team " + code)
}

func categoryIndex(code string) int {
	for i, c := range categories {
		if c.code == code {
			return i
		}
	}
	panic("seed: unknown category " + code)
}

// teamPhone gives every team its own line in the city hall's 056 27 range.
// The desk itself answers on the city's free number.
func teamPhone(i int) string {
	if i == 0 {
		return "1777"
	}
	return fmt.Sprintf("+32 56 27 %02d 00", 10+i)
}

func writeTaxonomy(ctx context.Context, pool *pgxpool.Pool) error {
	for i, t := range teams {
		_, err := pool.Exec(ctx, `INSERT INTO team (municipality_id, id, code, name_nl, name_fr, name_en, email, phone)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
			municipalityID, i+1, t.code, t.nl, t.fr, t.en, t.code+"@kortrijk.be", teamPhone(i))
		if err != nil {
			return fmt.Errorf("seed: team %s: %w", t.code, err)
		}
	}
	for i, c := range categories {
		var parent any
		if c.parent != "" {
			parent = categoryIndex(c.parent) + 1
		}
		attributes := categoryAttributes[c.code]
		if attributes == "" {
			attributes = "[]"
		}
		_, err := pool.Exec(ctx, `INSERT INTO category (municipality_id, id, parent_id, code, name_nl, name_fr, name_en,
				default_team_id, target_days, keywords, attributes)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::jsonb)`,
			municipalityID, i+1, parent, c.code, c.nl, c.fr, c.en, teamIndex(c.team)+1, c.targetDays, c.keywords, attributes)
		if err != nil {
			return fmt.Errorf("seed: category %s: %w", c.code, err)
		}
	}
	return nil
}
