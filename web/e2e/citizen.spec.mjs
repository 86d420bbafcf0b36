// A citizen signs in to the portal on a phone, opens one of their
// requests, comments on it, switches the language and pins a new request
// on the map.
//   LOKET_EMAIL, LOKET_PASSWORD  a verified citizen's account
//   LOKET_REF                    the reference of one of their tickets
import assert from "node:assert/strict";
import { base, browserTest, env } from "./lib.mjs";

const email = env("LOKET_EMAIL");
const password = env("LOKET_PASSWORD");
const ref = env("LOKET_REF");

await browserTest("citizen", {}, async (page) => {
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

  await page.locator(`a[href="/mijn/meldingen/${ref}"]`).click();
  await page.getByRole("heading", { level: 1, name: `Melding ${ref}` }).waitFor();
  await page.getByRole("heading", { name: "Verloop" }).waitFor();

  // The comment form carries the CSRF token in a hidden field.
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

  // A new request can be placed by a pin on the map.
  await page.goto(`${base}/mijn/nieuw`);
  await page.locator('#pin-map[data-ready="true"]').waitFor({ timeout: 20000 });
  await page.locator("#pin-map canvas").click({ position: { x: 180, y: 140 } });
  await page.getByText("The place is marked on the map.").waitFor();
  assert.notEqual(await page.inputValue("#lon"), "");
});
