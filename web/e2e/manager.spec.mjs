// A manager opens the dashboard on a desk's screen: the hot spot map draws
// hexagons of the stored map, the charts have their data marks, and the
// weather-season section arrives on its own.
//   LOKET_EMAIL, LOKET_PASSWORD  a manager's staff account
import assert from "node:assert/strict";
import { base, browserTest, desktop, env, mapReady, signIn } from "./lib.mjs";

const email = env("LOKET_EMAIL");
const password = env("LOKET_PASSWORD");

await browserTest("manager", { viewport: desktop }, async (page) => {
  await signIn(page, "/werk", email, password);
  assert.equal(new URL(page.url()).pathname, "/werk/dashboard");
  await page.getByRole("heading", { level: 1, name: "Dashboard" }).waitFor();

  // The map draws the stored hot spot hexagons; its layer shows only
  // significant ones, and at least one is hot or cold.
  const drawn = await mapReady(page, ".map", "hotspots");
  assert.ok(drawn > 0, "the hotspots layer drew no hexagon");
  const bins = await page.evaluate(() =>
    document.querySelector(".map").loketMap.queryRenderedFeatures({ layers: ["hotspots"] }).map((f) => f.properties.bin));
  assert.ok(bins.some((b) => b !== 0), `no hexagon with a non-zero bin among ${bins.length}`);
  // Hot and cold differ by their edges too, not by colour alone.
  const edges = await page.evaluate(() => !!document.querySelector(".map").loketMap.getLayer("hotspot-hot-edges"));
  assert.ok(edges, "the hot spots have no edge layer");

  // A chart drawn on the server, with a title and data marks.
  const chart = page.locator("#trends svg.chart").first();
  await chart.waitFor();
  assert.ok((await chart.locator("rect.mark").count()) > 0, "the weekly chart has no bars");
  assert.match(await chart.getAttribute("aria-labelledby"), /chart-trend-total-title/);
  assert.ok((await page.locator("#lead svg.chart rect.mark").count()) > 0, "the lead times chart has no bars");

  // The season section replaces its link once fetched, forecast included.
  const season = page.locator("#season");
  await season.locator("#season-report").waitFor({ timeout: 30000 });
  assert.ok((await season.locator("svg.chart .band95").count()) > 0, "the forecast has no 95 % band");
  assert.ok((await season.locator("svg.chart circle.mark").count()) >= 14, "the forecast has too few dots");

  // The filter is a plain form: one team, the same page narrowed.
  await page.getByLabel("Dienst", { exact: true }).selectOption("wegen");
  await Promise.all([page.waitForURL(/team=wegen/), page.getByRole("button", { name: "Tonen" }).click()]);
  await page.locator("#lead-team-wegen").waitFor();
  assert.equal(await page.locator("#lead-team tbody tr").count(), 1);
  await mapReady(page, ".map", "hotspots");
  await page.locator("#season-report").waitFor({ timeout: 30000 });
});
