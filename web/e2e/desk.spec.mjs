// An agent registers a phone call at the desk on a desktop: finds the
// resident by name, picks them (their address fills in as the place),
// finds the category by a word, sees the ticket planted there listed as a
// possible duplicate and on the map, saves, and reads back the reference.
//   LOKET_CALLER     a resident's last and first name, no one else's
//   LOKET_ADDRESS    the resident's address as the register writes it
//   LOKET_DUPLICATE  the reference of an open ticket of "zwerfvuil" there
import assert from "node:assert/strict";
import { base, browserTest, desktop, env, signIn } from "./lib.mjs";

const caller = env("LOKET_CALLER");
const address = env("LOKET_ADDRESS");
const duplicate = env("LOKET_DUPLICATE");

const shots = process.env.LOKET_SCREENSHOTS || "screenshots";
const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

// mapSettled waits until the desk's map has drawn the check's answer.
const mapSettled = (page) => page.locator('#desk-map[data-idle="true"]').waitFor({ timeout: 60000 });

await browserTest("desk", { viewport: desktop }, async (page) => {
  await signIn(page, "/werk", "agent@kortrijk.demo", "demo");
  assert.equal(new URL(page.url()).pathname, "/werk/balie");
  await page.getByRole("heading", { level: 1, name: "Telefonische melding" }).waitFor();
  await page.locator('#desk-map[data-ready="true"]').waitFor({ timeout: 60000 });

  // 1. The caller, searched by name as the agent types; picking them
  // fills in their address.
  await page.getByLabel("Naam van de beller").fill(caller);
  const radio = page.getByRole("radio", { name: new RegExp(escape(caller)) });
  await radio.waitFor();
  await radio.check();
  await page.waitForFunction((a) => document.getElementById("address").value === a, address);

  // 2. The category, found by a word; the only match is chosen.
  await page.getByLabel("Zoek een soort").fill("zwerfvuil");
  assert.equal(await page.getByLabel("Soort melding").inputValue(), "zwerfvuil");

  // 3. What the caller says.
  await page.getByLabel("Wat vertelt de beller?").fill("Blikjes en flessen op het voetpad");

  // 4. The ticket already there is a possible duplicate, in the list and
  // on the map.
  await page.locator(`#check li.dup[data-ref="${duplicate}"]`).waitFor();
  await page.getByRole("button", { name: `Koppel oproep aan ${duplicate}` }).waitFor();
  await page.locator(`.desk-marker[data-ref="${duplicate}"]`).waitFor();
  await mapSettled(page);
  // Not the full page: growing the window to take it would move the map.
  await page.screenshot({ path: `${shots}/desk-check.png` });

  // 5. Saved as a new phone ticket; 6. the reference to read back.
  await Promise.all([page.waitForURL(/\/werk\/balie\/gemeld\//), page.getByRole("button", { name: "Opslaan als nieuwe melding" }).click()]);
  await page.getByRole("heading", { level: 1, name: "Melding opgeslagen" }).waitFor();
  const ref = (await page.locator("#reference").textContent()).trim();
  assert.match(ref, /^1777-\d{4}-\d{6}$/);
  assert.notEqual(ref, duplicate);
  assert.equal(new URL(page.url()).pathname, `/werk/balie/gemeld/${ref}`);
  await page.screenshot({ path: `${shots}/desk-reference.png` });

  await Promise.all([page.waitForURL(`${base}/werk/balie`), page.getByRole("link", { name: "Volgende oproep" }).click()]);
  assert.equal(await page.getByLabel("Naam van de beller").inputValue(), "");
  await page.locator('#desk-map[data-ready="true"]').waitFor({ timeout: 60000 });
  await page.waitForFunction(() => document.getElementById("desk-map").loketMap.areTilesLoaded(), null, { timeout: 60000 });
});
