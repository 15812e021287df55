// Opens a report.html in headless Debian chromium from a file:// URL with the network
// cut off, and prints one JSON line of what it saw: console and page errors, requests
// that tried to leave the file (blocked and counted), plan sections, charts drawn
// (SVGs with a non-empty box), a screenshot and an A4 PDF with its page count.
//
//   node check.mjs REPORT.html OUTDIR
//
// tests/it/browser.rs runs it and asserts on the JSON; this script only observes.

import { openOffline } from "./offline.mjs";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const [report, outDir] = process.argv.slice(2);
if (!report || !outDir) {
  console.error("usage: node check.mjs REPORT.html OUTDIR");
  process.exit(2);
}

const { page, result, close } = await openOffline("report-check-", { width: 1200, height: 1600 });
try {
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
        // With --years: the 分年度 section's rows, and whether it is laid out (not 0×0).
        year_rows: document.querySelectorAll("section.years table.years tbody tr").length,
        years_shown: (() => {
          const s = document.querySelector("section.years");
          if (!s) return false;
          const box = s.getBoundingClientRect();
          return box.width > 0 && box.height > 0;
        })(),
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
  await close();
}
console.log(JSON.stringify(result));
