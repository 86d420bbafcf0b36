// A citizen signs in to the portal in headless Chromium, opens the list of
// their requests and one request's page, and switches the language. The
// server and the account come from the environment:
//   LOKET_URL       the running server, e.g. http://127.0.0.1:8080
//   LOKET_EMAIL     a verified citizen's e-mail address
//   LOKET_PASSWORD  that citizen's password
//   LOKET_REF       the reference of one of that citizen's tickets
// It exits non-zero, with the reason, at the first expectation that fails.
import assert from "node:assert/strict";
import { chromium } from "playwright-core";

const env = (name) => {
  const v = process.env[name];
  if (!v) throw new Error(`set ${name}`);
  return v;
};
const base = env("LOKET_URL");
const email = env("LOKET_EMAIL");
const password = env("LOKET_PASSWORD");
const ref = env("LOKET_REF");

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
});
try {
  // A phone-sized window: the portal must work there first.
  const page = await browser.newPage({ viewport: { width: 390, height: 844 }, locale: "nl-BE" });
  await page.goto(`${base}/mijn`);
  assert.equal(await page.getAttribute("html", "lang"), "nl");

  // The skip link is the first stop of the keyboard.
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement.className), "skip");

  // The form is reached through its labels, as assistive technology does.
  await page.getByLabel("E-mailadres").fill(email);
  await page.getByLabel("Wachtwoord").fill(password);
  await Promise.all([page.waitForURL(`${base}/mijn`), page.getByRole("button", { name: "Aanmelden" }).click()]);
  await page.getByRole("heading", { level: 1, name: "Mijn meldingen" }).waitFor();

  const link = page.locator(`a[href="/mijn/meldingen/${ref}"]`);
  await link.click();
  await page.getByRole("heading", { level: 1, name: `Melding ${ref}` }).waitFor();
  await page.getByRole("heading", { name: "Verloop" }).waitFor();

  // A comment goes through portal.js, which adds the CSRF header.
  const comment = `Nog nieuws? ${Date.now()}`;
  await page.getByLabel("Uw reactie of vraag").fill(comment);
  await page.getByRole("button", { name: "Reactie versturen" }).click();
  await page.locator(".timeline").getByText(comment).waitFor();
  assert.equal(new URL(page.url()).pathname, `/mijn/meldingen/${ref}`);

  // The switcher changes the language of the same page and remembers it.
  await page.getByRole("link", { name: "English" }).click();
  assert.equal(await page.getAttribute("html", "lang"), "en");
  await page.getByRole("heading", { level: 1, name: `Request ${ref}` }).waitFor();
  await page.getByRole("link", { name: "Back to my requests" }).click();
  await page.getByRole("heading", { level: 1, name: "My requests" }).waitFor();

  console.log(`ok: signed in, saw ${ref}, commented, switched to English`);
} finally {
  await browser.close();
}
