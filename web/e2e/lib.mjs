// Shared set-up of the browser tests: Debian's Chromium, headless, driven
// by playwright-core. A test fails on any console error, page error or
// failed request, and saves a screenshot of where it ended, pass or fail.
//   LOKET_URL          the running server, e.g. http://127.0.0.1:8080
//   LOKET_SCREENSHOTS  the folder for screenshots (default: ./screenshots)
//   CHROMIUM           the browser (default: /usr/bin/chromium)
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { chromium } from "playwright-core";

export const env = (name) => {
  const v = process.env[name];
  if (!v) throw new Error(`set ${name}`);
  return v;
};

export const base = env("LOKET_URL");

// Sizes of the windows the tests use: a phone first, a desk's screen.
export const phone = { width: 390, height: 844 };
export const desktop = { width: 1366, height: 900 };

// browserTest runs fn(page) in a fresh window and reports "ok: <name>".
export async function browserTest(name, { viewport = phone, locale = "nl-BE" } = {}, fn) {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--use-angle=swiftshader", "--enable-unsafe-swiftshader"],
  });
  const problems = [];
  const dir = process.env.LOKET_SCREENSHOTS || "screenshots";
  mkdirSync(dir, { recursive: true });
  let page;
  try {
    page = await browser.newPage({ viewport, locale });
    page.on("console", (m) => { if (m.type() === "error") problems.push(`console error: ${m.text()}`); });
    page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
    // A request the page itself cancelled (a map dropping tiles it panned
    // away from, a navigation) is no failure.
    page.on("requestfailed", (r) => {
      const why = r.failure()?.errorText || "";
      if (!why.includes("ERR_ABORTED")) problems.push(`request failed: ${r.method()} ${r.url()} ${why}`);
    });
    page.on("response", (r) => { if (r.status() >= 400) problems.push(`request failed: ${r.request().method()} ${r.url()} answered ${r.status()}`); });
    await fn(page);
    if (problems.length) throw new Error(problems.join("\n"));
    console.log(`ok: ${name}`);
  } finally {
    if (page) await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true }).catch(() => {});
    await browser.close();
  }
}

// signIn fills a sign-in form at path and waits for the page it leads to.
export async function signIn(page, path, email, password, { emailLabel = "E-mailadres", passwordLabel = "Wachtwoord", button = "Aanmelden" } = {}) {
  await page.goto(`${base}${path}`);
  await page.getByLabel(emailLabel).fill(email);
  await page.getByLabel(passwordLabel).fill(password);
  await Promise.all([page.waitForNavigation(), page.getByRole("button", { name: button }).click()]);
}

// mapReady waits until the map in selector has loaded its style and drawn
// the features of layer (a style layer id), and returns how many it drew.
export async function mapReady(page, selector = ".map", layer = "ticket-points") {
  await page.locator(`${selector}[data-ready="true"]`).waitFor({ timeout: 20000 });
  return page.waitForFunction(([sel, id]) => {
    const m = document.querySelector(sel).loketMap;
    if (!m || !m.loaded()) return 0;
    return m.queryRenderedFeatures({ layers: [id] }).length;
  }, [selector, layer], { timeout: 20000 }).then((h) => h.jsonValue());
}
