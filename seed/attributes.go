package seed

// categoryAttributes are the questions some categories ask when a ticket
// is reported (Open311 service attributes), as the category table keeps
// them: JSON, names in nl, fr and en.
var categoryAttributes = map[string]string{
	"grofvuil": `[{"code": "items", "datatype": "multivaluelist", "required": true, "order": 1,
		"description": {"nl": "Wat moet er opgehaald worden?", "fr": "Que faut-il enlever ?", "en": "What is to be collected?"},
		"values": [
			{"key": "zetel", "name": {"nl": "Zetel", "fr": "Canapé", "en": "Sofa"}},
			{"key": "matras", "name": {"nl": "Matras", "fr": "Matelas", "en": "Mattress"}},
			{"key": "kast", "name": {"nl": "Kast", "fr": "Armoire", "en": "Cupboard"}},
			{"key": "ander", "name": {"nl": "Iets anders", "fr": "Autre chose", "en": "Something else"}}]},
		{"code": "volume_m3", "datatype": "number", "required": false, "order": 2,
		"description": {"nl": "Ongeveer hoeveel kubieke meter?", "fr": "Environ combien de mètres cubes ?", "en": "About how many cubic metres?"}}]`,
	"openbare-verlichting": `[{"code": "paalnummer", "datatype": "string", "required": false, "order": 1,
		"description": {"nl": "Nummer op de paal", "fr": "Numéro sur le poteau", "en": "Number on the pole"}}]`,
	"gladheidsbestrijding": `[{"code": "plaats", "datatype": "singlevaluelist", "required": true, "order": 1,
		"description": {"nl": "Waar is het glad?", "fr": "Où est-ce glissant ?", "en": "Where is it slippery?"},
		"values": [
			{"key": "rijbaan", "name": {"nl": "Rijbaan", "fr": "Chaussée", "en": "Road"}},
			{"key": "fietspad", "name": {"nl": "Fietspad", "fr": "Piste cyclable", "en": "Cycle path"}},
			{"key": "voetpad", "name": {"nl": "Voetpad", "fr": "Trottoir", "en": "Pavement"}}]}]`,
	"putten-verzakkingen": `[{"code": "gezien_op", "datatype": "datetime", "required": false, "order": 1,
		"description": {"nl": "Wanneer gezien?", "fr": "Vu quand ?", "en": "Seen when?"}},
		{"code": "toelichting", "datatype": "text", "required": false, "order": 2,
		"description": {"nl": "Hoe diep, hoe groot?", "fr": "Quelle profondeur, quelle taille ?", "en": "How deep, how large?"}}]`,
}
