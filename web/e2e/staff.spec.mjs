// A staff member writes an internal note and a public reply on a ticket
// of their team at a desk's screen; the reporter then looks at the ticket
// on a phone and sees the reply, not the note.
//   LOKET_STAFF_EMAIL, LOKET_STAFF_PASSWORD  a demo staff login
//   LOKET_REF                                a ticket in that person's queue
//   LOKET_EMAIL, LOKET_PASSWORD              its reporter's citizen account
import assert from "node:assert/strict";
import { base, browserTest, desktop, env, mapReady, phone, signIn } from "./lib.mjs";

const ref = env("LOKET_REF");
const stamp = Date.now().toString(36);
const note = `Buurman vermoedt sluikstorters ${stamp}`;
const reply = `We komen volgende week kijken ${stamp}`;

// settle waits until the page has fetched all it asked for (icon, map
// tiles), so leaving it cuts no request off.
const settle = (page) => page.waitForLoadState("networkidle");

await browserTest("staff", { viewport: desktop }, async (page) => {
  await signIn(page, "/werk", env("LOKET_STAFF_EMAIL"), env("LOKET_STAFF_PASSWORD"));
  assert.equal(new URL(page.url()).pathname, "/werk/wachtrij");
  await page.getByRole("heading", { level: 1, name: "Wachtrij" }).waitFor();
  await page.getByRole("table", { name: "Meldingen in de wachtrij" }).waitFor();

  // The filters are a plain GET form: "mine" narrows the queue.
  await settle(page);
  await page.getByLabel("Behandelaar").selectOption("unassigned");
  await Promise.all([page.waitForURL(/assignee=unassigned/), page.getByRole("button", { name: "Toon" }).click()]);
  await settle(page);
  await page.getByLabel("Behandelaar").selectOption("");
  await Promise.all([page.waitForURL(/assignee=&/), page.getByRole("button", { name: "Toon" }).click()]);

  await settle(page);
  await Promise.all([page.waitForURL(`${base}/werk/meldingen/${ref}`), page.getByRole("link", { name: ref, exact: true }).click()]);
  await page.getByRole("heading", { level: 1, name: `Melding ${ref}` }).waitFor();
  // The map shows the ticket itself, ringed, at street zoom.
  assert.ok(await mapReady(page, "#ticket-map", "this-ticket") >= 1, "the ticket's point is not drawn");

  // An internal note: saved, marked in words on the timeline.
  await settle(page);
  await page.getByLabel("Interne nota", { exact: true }).fill(note);
  await Promise.all([page.waitForURL(/gedaan=note/), page.getByRole("button", { name: "Nota bewaren" }).click()]);
  // Each page's map finishes loading before the next form leaves it.
  await mapReady(page, "#ticket-map", "this-ticket");
  const noteItem = page.locator(".timeline li.is-internal", { hasText: note });
  await noteItem.waitFor();
  assert.match(await noteItem.innerText(), /Interne nota/);
  assert.match(await noteItem.innerText(), /niet zichtbaar voor de melder/);

  // A public reply asks first; the dialog's yes is the confirmation.
  await settle(page);
  await page.getByLabel("Publiek antwoord", { exact: true }).fill(reply);
  let asked = "";
  page.once("dialog", (d) => { asked = d.message(); d.accept(); });
  await Promise.all([page.waitForURL(/gedaan=reply/), page.getByRole("button", { name: "Antwoord versturen" }).click()]);
  assert.match(asked, /zichtbaar voor de melder/);
  await mapReady(page, "#ticket-map", "this-ticket");
  const replyItem = page.locator(".timeline li.event-public_reply", { hasText: reply });
  await replyItem.waitFor();
  assert.match(await replyItem.innerText(), /Publiek antwoord/);
  await page.getByRole("status").getByText("Het publieke antwoord is verstuurd.").waitFor();
});

await browserTest("staff-reply-seen-by-citizen", { viewport: phone }, async (page) => {
  await signIn(page, "/mijn", env("LOKET_EMAIL"), env("LOKET_PASSWORD"));
  await settle(page);
  await Promise.all([page.waitForURL(`${base}/mijn/meldingen/${ref}`), page.locator(`a[href="/mijn/meldingen/${ref}"]`).click()]);
  await page.getByRole("heading", { level: 1, name: `Melding ${ref}` }).waitFor();
  await page.locator(".timeline").getByText(reply).waitFor();
  const text = await page.locator("main").innerText();
  assert.ok(!text.includes(note), "the citizen sees the internal note");
  assert.ok(!text.includes("Interne nota"), "the citizen sees an internal line");
});
