// Opens a report.html in headless Debian chromium from a file:// URL with the network
// cut off, and prints one JSON line of what it saw: console and page errors, requests
// that tried to leave the file (blocked and counted), plan sections, charts drawn
// (SVGs with a non-empty box), a screenshot and an A4 PDF with its page count.
//
//   node check.mjs REPORT.html OUTDIR
//
// tests/it/browser.rs runs it and asserts on the JSON; this script only observes.

import { chromium } from "playwright-core";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const [report, outDir] = process.argv.slice(2);
if (!report || !outDir) {
  console.error("usage: node check.mjs REPORT.html OUTDIR");
  process.exit(2);
}

// A fresh profile each run, so nothing cached or configured leaks between runs.
const profile = mkdtempSync(join(tmpdir(), "report-check-"));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: "/usr/bin/chromium",
  headless: true,
  offline: true,
  viewport: { width: 1200, height: 1600 },
  args: [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
});

const result = { console_errors: [], page_errors: [], blocked_requests: 0, blocked_urls: [] };
try {
  // Every request that is not the file itself is aborted and counted: the page must
  // need nothing from anywhere.
  await context.route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith("file:")) return route.continue();
    result.blocked_requests += 1;
    result.blocked_urls.push(url);
    return route.abort();
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.on("console", (msg) => {
    if (msg.type() === "error") result.console_errors.push(msg.text());
  });
  page.on("pageerror", (err) => result.page_errors.push(String(err)));

  const started = Date.now();
  await page.goto(pathToFileURL(resolve(report)).href, { waitUntil: "load" });
  result.load_ms = Date.now() - started;
  result.navigation_ms = await page.evaluate(() => {
    const nav = performance.getEntriesByType("navigation")[0];
    return nav ? Math.round(nav.loadEventEnd) : null;
  });

  Object.assign(
    result,
    await page.evaluate(() => {
      const sections = [...document.querySelectorAll("section.plan")];
      const drawn = (svg) => {
        const box = svg.getBoundingClientRect();
        return box.width > 0 && box.height > 0;
      };
      return {
        lang: document.documentElement.lang,
        plan_sections: sections.length,
        charts: [...document.querySelectorAll("svg")].filter(drawn).length,
        charts_per_plan: sections.map((s) => [...s.querySelectorAll("svg")].filter(drawn).length),
        chart_bars: document.querySelectorAll("svg rect").length,
      };
    }),
  );

  result.screenshot = join(outDir, "report.png");
  await page.screenshot({ path: result.screenshot, fullPage: true });
  // The cover, and the top of plan 1 (headline, charts, the first moves), at screen size.
  result.screenshot_top = join(outDir, "report-top.png");
  await page.screenshot({ path: result.screenshot_top });
  result.screenshot_plan = join(outDir, "report-plan1.png");
  const plan1 = await page.locator("section.plan").first().boundingBox();
  if (plan1) {
    await page.screenshot({ path: result.screenshot_plan, fullPage: true, clip: { x: 0, y: plan1.y - 24, width: 1200, height: 1600 } });
  }

  result.pdf = join(outDir, "report.pdf");
  await page.emulateMedia({ media: "print" });
  await page.pdf({ path: result.pdf, format: "A4", printBackground: true, preferCSSPageSize: true });
  // Page objects, not the /Pages tree node.
  const pdf = readFileSync(result.pdf).toString("latin1");
  result.pdf_pages = (pdf.match(/\/Type\s*\/Page(?![a-zA-Z])/g) || []).length;
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
console.log(JSON.stringify(result));
