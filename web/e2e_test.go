package web_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestTheCitizenPortalWorksInChromium drives the portal in headless
// Chromium (web/e2e/citizen.spec.mjs with playwright-core): a citizen
// signs in, opens a ticket, comments and switches the language.
// scripts/install-browser.sh, which `make test` runs, installs what it needs.
func TestTheCitizenPortalWorksInChromium(t *testing.T) {
	if _, err := os.Stat(filepath.Join("e2e", "node_modules", "playwright-core")); err != nil {
		t.Fatal("playwright-core is not installed: run scripts/install-browser.sh (make test does)")
	}
	s := newSite(t)
	var email, ref string
	if err := s.pool.QueryRow(context.Background(), `SELECT lower(reporter_email), reference FROM ticket
		WHERE reporter_email IS NOT NULL AND assignee_id IS NOT NULL ORDER BY id LIMIT 1`).Scan(&email, &ref); err != nil {
		t.Fatal(err)
	}
	s.browser().signInAs(email) // gives the reporter an account
	cmd := exec.Command("node", filepath.Join("e2e", "citizen.spec.mjs"))
	cmd.Env = append(os.Environ(), "LOKET_URL="+s.url, "LOKET_EMAIL="+email, "LOKET_PASSWORD=a-long-password", "LOKET_REF="+ref)
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "ok:") {
		t.Fatalf("the browser run failed: %v\n%s", err, out)
	}
}
