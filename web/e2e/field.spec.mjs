// The field crew plans a site visit on a phone: a neighbourhood's
// tickets on the map (the staff layer's exact points) and in the list
// below it; a tap on a point finds its ticket in the list; zoomed out, the
// map shows the aggregates; a tap on an empty spot searches around it.
//   LOKET_EMAIL, LOKET_PASSWORD  a field worker's account
//   LOKET_NEIGHBOURHOOD          the name of a neighbourhood with tickets
import assert from "node:assert/strict";
import { base, browserTest, env, mapReady, signIn } from "./lib.mjs";

const email = env("LOKET_EMAIL");
const password = env("LOKET_PASSWORD");
const neighbourhood = env("LOKET_NEIGHBOURHOOD");

// settled waits until the map has every tile it asked for, so leaving the
// page aborts no request.
// tap clicks the map at (x, y) of its canvas, scrolled into view first.
async function tap(page, x, y) {
  await page.locator("#field-map").scrollIntoViewIfNeeded();
  const box = await page.locator("#field-map canvas").boundingBox();
  await page.mouse.click(box.x + x, box.y + y);
}

const settled = (page) => page.waitForFunction(() => {
  const m = document.querySelector(".map").loketMap;
  return m && m.loaded() && m.areTilesLoaded();
}, null, { timeout: 20000 });

await browserTest("field", {}, async (page) => {
  const tiles = [];
  page.on("request", (r) => { if (new URL(r.url()).pathname.startsWith("/tiles/")) tiles.push(new URL(r.url()).pathname); });

  await signIn(page, "/werk", email, password);
  assert.equal(new URL(page.url()).pathname, "/werk/terrein");

  // The place form works as a plain GET form.
  await page.locator(".map[data-ready=\"true\"]").waitFor();
  await settled(page);
  await page.getByLabel("Wijk", { exact: true }).selectOption({ label: neighbourhood });
  await Promise.all([page.waitForNavigation(), page.getByRole("button", { name: "Toon de wijk" }).click()]);
  await page.getByRole("heading", { level: 1, name: `Terrein: ${neighbourhood}` }).waitFor();

  // (1) The map draws the tickets as points from the staff tiles, and the
  // list below it shows them.
  const points = await mapReady(page);
  assert.ok(points > 0, "the map draws no ticket points");
  const listed = await page.locator("li.field-ticket").count();
  assert.ok(listed > 0, "the list is empty");
  const drawn = await page.evaluate(() => {
    const m = document.querySelector(".map").loketMap;
    return m.queryRenderedFeatures({ layers: ["ticket-points"] }).map((f) => f.properties.reference);
  });
  const shown = await page.evaluate((refs) => refs.filter((r) => document.getElementById(`t-${r}`)).length, drawn);
  assert.ok(shown > 0, "none of the drawn tickets is in the list");
  assert.ok(tiles.some((p) => /^\/tiles\/tickets_staff\/(1[2-9]|2[0-2])\/\d+\/\d+\.mvt$/.test(p)),
    `no street-zoom tiles of the staff layer were asked: ${tiles.join(", ")}`);

  // The list is below the map on a phone.
  const mapBox = await page.locator("#field-map").boundingBox();
  const listBox = await page.locator("ol.field-tickets").boundingBox();
  assert.ok(listBox.y >= mapBox.y + mapBox.height, "the list is not below the map");

  // A tap on a point on its own finds its ticket in the list. The point
  // keeps clear of the map's edges, where its buttons and credits lie.
  const target = await page.evaluate(() => {
    const m = document.querySelector(".map").loketMap;
    const { clientWidth: w, clientHeight: h } = m.getCanvas();
    const fs = m.queryRenderedFeatures({ layers: ["ticket-points"] })
      .map((f) => ({ ref: f.properties.reference, p: m.project(f.geometry.coordinates) }));
    const alone = fs.find((f) => document.getElementById(`t-${f.ref}`) &&
      f.p.x > 60 && f.p.x < w - 60 && f.p.y > 40 && f.p.y < h - 40 &&
      fs.every((g) => g.ref === f.ref || Math.hypot(g.p.x - f.p.x, g.p.y - f.p.y) > 14));
    return alone && { ref: alone.ref, x: alone.p.x, y: alone.p.y };
  });
  assert.ok(target, "no ticket point stands on its own to tap");
  await tap(page, target.x, target.y);
  await page.waitForFunction((ref) => document.activeElement && document.activeElement.id === `t-${ref}`, target.ref);

  // (2) Zoomed out, the map aggregates, still from the staff layer.
  const before = tiles.length;
  await page.evaluate(() => document.querySelector(".map").loketMap.setZoom(11));
  const cells = await mapReady(page, ".map", "ticket-cells");
  assert.ok(cells > 0, "the zoomed-out map draws no ticket cells");
  const zoomedOut = tiles.slice(before);
  assert.ok(zoomedOut.some((p) => /^\/tiles\/tickets_staff\/11\/\d+\/\d+\.mvt$/.test(p)),
    `zooming out asked for no zoom-11 staff tiles: ${zoomedOut.join(", ")}`);
  assert.ok(!tiles.some((p) => p.startsWith("/tiles/tickets/")), "the map asked for the public layer's tiles");

  // A tap on an empty spot offers to search around it. The spot is the
  // empty one nearest to a ticket, so that the search finds tickets
  // whatever the city's data.
  await page.evaluate(() => document.querySelector(".map").loketMap.setZoom(15));
  await settled(page);
  const empty = await page.evaluate(() => {
    const m = document.querySelector(".map").loketMap;
    const c = m.getCanvas();
    const points = m.queryRenderedFeatures({ layers: ["ticket-points"] }).map((f) => m.project(f.geometry.coordinates));
    let best = null;
    for (let y = 40; y < c.clientHeight - 40; y += 10) {
      for (let x = 60; x < c.clientWidth - 60; x += 10) {
        if (m.queryRenderedFeatures([[x - 14, y - 14], [x + 14, y + 14]], { layers: ["ticket-points"] }).length > 0) continue;
        const d = Math.min(...points.map((p) => Math.hypot(p.x - x, p.y - y)));
        if (!best || d < best.d) best = { x, y, d };
      }
    }
    return best;
  });
  assert.ok(empty, "no empty spot on the map");
  await tap(page, empty.x, empty.y);
  const pick = page.getByRole("link", { name: "Zoek rond dit punt" });
  await pick.waitFor();
  await Promise.all([page.waitForNavigation(), pick.click()]);
  const u = new URL(page.url());
  assert.ok(u.searchParams.get("lon") && u.searchParams.get("lat"), `the pick led to ${page.url()}`);
  await page.locator("h2#field-list-title").waitFor();
  assert.ok(await mapReady(page) > 0, "the map around the picked point draws no ticket points");
  await settled(page);
});
