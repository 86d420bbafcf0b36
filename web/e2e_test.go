package web_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// runBrowser runs one browser script of web/e2e (playwright-core driving
// headless Chromium) against the site with env, and fails with its output
// unless it reports "ok:". Screenshots land in web/e2e/screenshots.
// scripts/install-browser.sh, which `make test` runs, installs what it needs.
func (s *site) runBrowser(script string, env ...string) {
	t := s.t
	t.Helper()
	if _, err := os.Stat(filepath.Join("e2e", "node_modules", "playwright-core")); err != nil {
		t.Fatal("playwright-core is not installed: run scripts/install-browser.sh (make test does)")
	}
	shots, _ := filepath.Abs(filepath.Join("e2e", "screenshots"))
	cmd := exec.Command("node", filepath.Join("e2e", script))
	cmd.Env = append(os.Environ(), append([]string{"LOKET_URL=" + s.url, "LOKET_SCREENSHOTS=" + shots}, env...)...)
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "ok:") {
		t.Fatalf("the browser run of %s failed: %v\n%s", script, err, out)
	}
}

// TestTheCitizenPortalWorksInChromium: a citizen signs in, opens a
// ticket, comments and switches the language.
func TestTheCitizenPortalWorksInChromium(t *testing.T) {
	s := newSite(t)
	var email, ref string
	if err := s.pool.QueryRow(context.Background(), `SELECT lower(reporter_email), reference FROM ticket
		WHERE reporter_email IS NOT NULL AND assignee_id IS NOT NULL ORDER BY id LIMIT 1`).Scan(&email, &ref); err != nil {
		t.Fatal(err)
	}
	s.browser().signInAs(email) // gives the reporter an account
	s.runBrowser("citizen.spec.mjs", "LOKET_EMAIL="+email, "LOKET_PASSWORD=a-long-password", "LOKET_REF="+ref)
}
