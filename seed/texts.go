package seed

// Dutch texts of the demo tickets. Slots: {straat} street, {nr} house number,
// {adres} street and number, {dagen} a few days, {plek} the village.

var descriptions = map[string][]string{
	"grofvuil": {
		"Graag een afspraak voor de ophaling van grofvuil aan {adres}: een oude zetel en een matras.",
		"Ik wil grofvuil laten ophalen: een kast, twee stoelen en een tapijt. Adres: {adres}.",
		"Aanvraag ophaling grofvuil, het gaat om een wasmachine en een oude bedbodem.",
	},
	"container-niet-geledigd": {
		"Onze restafvalcontainer werd vandaag niet geledigd in de {straat}. Hij stond op tijd buiten.",
		"De grijze container aan nummer {nr} is vergeten tijdens de ophaalronde.",
		"Container niet leeggemaakt, die van de buren wel. {adres}.",
	},
	"groenafval-niet-opgehaald": {
		"Het gft werd niet opgehaald in de {straat}. De groene container staat nog vol aan de straat.",
		"Ons gebundeld snoeihout is niet meegenomen tijdens de ophaling van groenafval. {adres}.",
	},
	"pmd-papier-niet-opgehaald": {
		"De blauwe pmd-zakken in de {straat} zijn niet opgehaald.",
		"Papier en karton werd niet meegenomen aan {adres}, bij de rest van de straat wel.",
	},
	"sluikstort": {
		"Sluikstort in de {straat} ter hoogte van nummer {nr}: een tiental vuilniszakken en een oude matras.",
		"Iemand heeft bouwafval gedumpt naast de glasbollen in de {straat}.",
		"Hoop afval achtergelaten op de hoek van de {straat}, al {dagen} dagen. Het trekt ratten aan.",
	},
	"achtergelaten-fietsen-wrakken": {
		"Er staat al weken een fietswrak vastgemaakt aan de paal voor {adres}.",
		"Achtergelaten fiets zonder wielen in de fietsenstalling van de {straat}.",
		"Autowrak zonder nummerplaat geparkeerd in de {straat}, al {dagen} dagen.",
	},
	"ratten-ongedierte": {
		"Wij zien ratten in onze tuin en langs de beek achter {adres}.",
		"Rattenplaag bij de containers in de {straat}. Kan de stad komen bestrijden?",
	},
	"openbare-verlichting": {
		"De straatlamp voor {adres} brandt niet meer, al {dagen} dagen.",
		"Verschillende lantaarnpalen in de {straat} zijn defect, de straat is 's avonds helemaal donker.",
		"Straatverlichting knippert voortdurend ter hoogte van nummer {nr} in de {straat}.",
	},
	"borden": {
		"Het verkeersbord in de {straat} is omvergereden en ligt op het voetpad.",
		"Het straatnaambord van de {straat} is onleesbaar geworden.",
	},
	"paaltjes": {
		"Een paaltje op het voetpad voor {adres} is afgebroken, gevaarlijk voor voetgangers.",
		"Scheve paal op de hoek van de {straat}, hij staat op omvallen.",
	},
	"bladval": {
		"Het voetpad in de {straat} ligt vol natte bladeren, spekglad voor fietsers en voetgangers.",
		"Kan de bladkorf in de {straat} geledigd worden? Hij zit propvol.",
		"Veel bladeren in de goot aan {adres}, de rioolkolken raken verstopt.",
	},
	"bomen-vellen": {
		"De boom voor {adres} is dood en er vallen takken af. Graag vellen.",
		"Zieke kastanjeboom in de {straat} helt over naar de rijweg.",
	},
	"snoeiaanvraag": {
		"Overhangende takken in de {straat} belemmeren het zicht op het verkeersbord.",
		"De haag langs het fietspad in de {straat} groeit over het pad, graag snoeien.",
	},
	"signalisatie": {
		"De markering van het zebrapad in de {straat} is bijna helemaal weg.",
		"Het verkeerslicht aan het kruispunt met de {straat} blijft op rood staan.",
		"De signalisatie van de werf in de {straat} staat er nog, terwijl de werken al {dagen} dagen klaar zijn.",
	},
	"voetpad-opgehoogd": {
		"Door de boomwortels is het voetpad voor {adres} sterk opgehoogd. Mijn moeder is er al gestruikeld.",
		"Het voetpad in de {straat} ligt bol, niet toegankelijk met rolstoel of buggy.",
	},
	"losliggende-tegels": {
		"Losliggende tegels op het voetpad aan {adres}, je trapt er zo in.",
		"Meerdere klinkers wiebelen in de {straat} ter hoogte van nummer {nr}.",
	},
	"putten-verzakkingen": {
		"Diepe put in de rijbaan van de {straat} ter hoogte van nummer {nr}.",
		"Verzakking in het asfalt in de {straat}, auto's moeten uitwijken.",
		"Gat in de weg in de {straat}, al {dagen} dagen, gevaarlijk voor fietsers.",
	},
	"dieren": {
		"Dode kat op de rijweg in de {straat} ter hoogte van nummer {nr}.",
		"Veel overlast van duiven aan de gevels in de {straat}.",
		"Zwerfkatten in de tuinen rond de {straat}, kan er een sterilisatieactie komen?",
	},
	"mobiliteit": {
		"Er wordt veel te snel gereden in de {straat}. Kan er een snelheidsmeting of een drempel komen?",
		"Auto's parkeren voortdurend op het voetpad in de {straat}, kinderen moeten op de rijbaan lopen.",
		"Vraag naar een schoolstraat in de {straat}.",
	},
	"veegaanvraag": {
		"Na de werken ligt er nog veel zand en grind op de weg in de {straat}. Graag de veegwagen sturen.",
		"Glasscherven op de rijbaan van de {straat}.",
	},
	"hinder-werken": {
		"De werken in de {straat} blokkeren mijn oprit, ik kan mijn wagen niet buiten.",
		"De omleiding voor de werken in de {straat} is slecht aangeduid.",
	},
	"verstopte-aansluiting": {
		"Het water van ons toilet loopt niet weg, vermoedelijk is de huisaansluiting op de riolering verstopt. {adres}.",
		"Geurhinder en verstopping van de afvoer naar de straatriool aan {adres}.",
	},
	"rioolkolken": {
		"De rioolkolk in de {straat} ter hoogte van nummer {nr} is verstopt, bij regen staat de straat blank.",
		"Het rooster van de kolk in de {straat} ligt los.",
	},
	"fietspad": {
		"Veel glasscherven op het fietspad in de {straat}.",
		"Oneffenheden in het fietspad langs de {straat}, gevaarlijk in het donker.",
	},
	"water-in-kelder": {
		"Na de hevige regen staat er water in onze kelder. {adres}.",
		"Het riool stuwt op, onze kelder loopt onder. Dringend! {adres}.",
	},
	"gladheidsbestrijding": {
		"De {straat} is spiegelglad, er is nog niet gestrooid.",
		"Gladde voetpaden aan de school in de {straat}, kinderen vallen.",
	},
	"milieu": {
		"Sterke geurhinder van een bedrijf in de {straat}.",
		"Buren stoken afval in de tuin, veel rook in de {straat}.",
	},
	"cultuur": {
		"Wanneer start de ticketverkoop voor de zomerconcerten?",
		"Is de bibliotheek van {plek} open tijdens de vakantie?",
	},
	"nutsvoorzieningen": {
		"Gasgeur in de {straat} ter hoogte van nummer {nr}.",
		"Een kabel hangt laag over de {straat} na de storm.",
	},
	"zwerfvuil": {
		"De vuilnisbak aan de bushalte in de {straat} puilt uit.",
		"Veel blikjes en peuken langs de {straat}.",
	},
	"betalend-parkeren": {
		"De parkeerautomaat in de {straat} aanvaardt geen bankkaart.",
		"Ik kreeg een retributie terwijl ik een bewonerskaart heb. {adres}.",
	},
	"klacht-dienstverlening": {
		"Ik heb al drie keer gebeld over mijn melding en kreeg nog steeds geen antwoord.",
		"Ontevreden over de wachttijd aan het loket van het stadhuis.",
	},
	"vergunningen": {
		"Hoe vraag ik een inname van het openbaar domein aan voor een container voor {adres}?",
		"Is er een omgevingsvergunning nodig voor een tuinhuis?",
	},
	"communicatie": {
		"Ik heb het stadsmagazine niet ontvangen in de {straat}.",
		"De info op de website over de ophaalkalender klopt niet.",
	},
	"burgerzaken": {
		"Hoe maak ik een afspraak voor een nieuwe identiteitskaart?",
		"Ik heb een uittreksel uit het strafregister nodig, kan dat online?",
	},
	"openingsuren": {
		"Wat zijn de openingsuren van het recyclagepark tijdens de feestdagen?",
		"Is het stadhuis open tijdens de vakantie?",
		"Tot hoe laat is het zwembad open in het weekend?",
		"Wat zijn de openingsuren van het dienstencentrum in {plek}?",
	},
	"algemene-vraag": {
		"Waar kan ik een compostvat aanvragen?",
		"Bij wie kan ik terecht voor een premie voor dakisolatie?",
	},
}

// answers are the desk's replies to questions it settles itself.
var answers = map[string]string{
	"openingsuren":           "Het recyclagepark is open van dinsdag tot zaterdag van 9 tot 17 uur, het stadhuis op weekdagen van 8.30 tot 12.30 uur en op afspraak. Op feestdagen is alles gesloten.",
	"algemene-vraag":         "Bedankt voor uw vraag. U vindt alle info op www.kortrijk.be of u kunt terecht bij het onthaal in het stadhuis.",
	"burgerzaken":            "U kunt een afspraak maken via www.kortrijk.be/afspraak of via 1777. Een uittreksel kunt u ook online aanvragen via Mijn Burgerprofiel.",
	"cultuur":                "De ticketverkoop loopt via de UiT-balie en online. De bibliotheek volgt tijdens de vakanties de gewone openingsuren.",
	"vergunningen":           "Een inname van het openbaar domein vraagt u minstens tien werkdagen vooraf aan via het e-loket. Voor een tuinhuis tot 40 m² is meestal geen vergunning nodig.",
	"communicatie":           "Bedankt voor uw melding, we hebben dit doorgegeven aan de redactie en passen het aan.",
	"klacht-dienstverlening": "We betreuren dat u niet tevreden bent. De klachtencoördinator heeft uw klacht onderzocht en de betrokken dienst volgt uw dossier nu op.",
}

var resolutions = map[string]string{
	"openbare-verlichting":    "De straatverlichting werd hersteld.",
	"sluikstort":              "Het sluikstort werd opgeruimd. We onderzoeken wie het achterliet.",
	"grofvuil":                "Het grofvuil werd opgehaald.",
	"putten-verzakkingen":     "De put werd hersteld.",
	"bladval":                 "De bladeren werden geruimd.",
	"gladheidsbestrijding":    "Er werd gestrooid.",
	"water-in-kelder":         "De riolering werd nagekeken en vrijgemaakt.",
	"rioolkolken":             "De kolk werd geruimd.",
	"losliggende-tegels":      "De tegels werden opnieuw gelegd.",
	"container-niet-geledigd": "De container werd alsnog geledigd.",
}

const genericResolution = "Uw melding werd afgehandeld. Bedankt om dit te melden."

var (
	rejectReasons = []string{
		"Dit valt niet onder de bevoegdheid van de stad: het gaat om privaat terrein.",
		"Na controle ter plaatse konden we geen probleem vaststellen.",
		"Deze weg is een gewestweg; we hebben u doorverwezen naar het Agentschap Wegen en Verkeer.",
	}
	internalNotes = []string{
		"Werkbon aangemaakt.",
		"Op werklijst geplaatst voor de ploeg van volgende week.",
		"Ter plaatse geweest, materiaal besteld.",
		"Melder telefonisch gecontacteerd voor extra info.",
		"Foto's bekeken, geen gevaar op korte termijn.",
	}
	citizenQuestions = []string{
		"Kunt u de exacte plaats nog wat beter omschrijven of een foto bezorgen?",
		"Kunt u ons laten weten wanneer u thuis bent, zodat we kunnen langskomen?",
	}
	citizenComments = []string{
		"Het is ter hoogte van de tweede lantaarnpaal, tegenover de bakker.",
		"Ik ben elke voormiddag thuis.",
		"Foto toegevoegd.",
		"Het probleem is er nog steeds.",
	}
)
