package web

// The staff pages' shared text: sign-in and the menu. Each role's page
// adds its own text with addMessages from a file of its own.
func init() {
	addMessages(map[string]map[string]string{
		"nl": {
			"staff.signin.title": "Aanmelden voor medewerkers",
			"staff.signin.intro": "Meld u aan met uw e-mailadres van de stad.",
			"nav.desk":           "Balie",
			"nav.queue":          "Wachtrij",
			"nav.field":          "Terrein",
			"nav.dashboard":      "Dashboard",
			"error.forbidden":    "Deze pagina is niet voor uw rol.",
		},
		"fr": {
			"staff.signin.title": "Connexion du personnel",
			"staff.signin.intro": "Connectez-vous avec votre adresse e-mail de la ville.",
			"nav.desk":           "Guichet",
			"nav.queue":          "File d'attente",
			"nav.field":          "Terrain",
			"nav.dashboard":      "Tableau de bord",
			"error.forbidden":    "Cette page n'est pas destinée à votre rôle.",
		},
		"en": {
			"staff.signin.title": "Staff sign-in",
			"staff.signin.intro": "Sign in with your city e-mail address.",
			"nav.desk":           "Desk",
			"nav.queue":          "Queue",
			"nav.field":          "Field",
			"nav.dashboard":      "Dashboard",
			"error.forbidden":    "This page is not for your role.",
		},
	})
}

// addMessages merges more text into the catalogues; a key given twice is
// a mistake caught at start.
func addMessages(more map[string]map[string]string) {
	for lang, keys := range more {
		for k, v := range keys {
			if _, dup := messages[lang][k]; dup {
				panic("web: message " + k + " is defined twice")
			}
			messages[lang][k] = v
		}
	}
}
