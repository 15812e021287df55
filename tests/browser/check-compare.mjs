// Opens a compare.html in headless Debian chromium from a file:// URL with the network
// cut off, and prints one JSON line of what it saw: console and page errors, requests
// that tried to leave the file (blocked and counted), dialogs and elements that only
// input text run as markup could make, the chart's points (all, Pareto,
// with the row each links to), the table's row order as loaded, after one click on the
// header of a column and after a second click (with the header's sort indicator), a
// screenshot and an A4 landscape PDF with its page count.
//
//   node check-compare.mjs COMPARE.html OUTDIR [COLUMN]
//
// COLUMN is the results.csv name shown under a header (default objective).
// tests/it/browser.rs runs it and asserts on the JSON; this script only observes.

import { openOffline } from "./offline.mjs";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const [page_file, outDir, column = "objective"] = process.argv.slice(2);
if (!page_file || !outDir) {
  console.error("usage: node check-compare.mjs COMPARE.html OUTDIR [COLUMN]");
  process.exit(2);
}

const { page, result, close } = await openOffline("compare-check-", { width: 1400, height: 1200 });
try {
  const started = Date.now();
  await page.goto(pathToFileURL(resolve(page_file)).href, { waitUntil: "load" });
  result.load_ms = Date.now() - started;

  // The row numbers down the table, and the sort state of the header of `column`.
  const table = () =>
    page.evaluate((column) => {
      const heads = [...document.querySelectorAll("#rows thead th")];
      const head = heads.find((th) => th.querySelector(".k")?.textContent.trim() === column);
      return {
        order: [...document.querySelectorAll("#rows tbody tr")].map((tr) => Number(tr.cells[0].textContent.trim())),
        sort: head ? head.getAttribute("aria-sort") : "no such column",
        indicator: head ? getComputedStyle(head.querySelector(".l"), "::after").content : "",
      };
    }, column);

  Object.assign(
    result,
    await page.evaluate(() => {
      const drawn = (el) => {
        const box = el.getBoundingClientRect();
        return box.width > 0 && box.height > 0;
      };
      const points = [...document.querySelectorAll("svg.tradeoff a > circle.pt")];
      const rowOf = (c) => Number(c.parentElement.getAttribute("href").replace("#row-", ""));
      return {
        lang: document.documentElement.lang,
        title: document.title,
        charts: [...document.querySelectorAll("svg.tradeoff")].filter(drawn).length,
        points: points.filter(drawn).length,
        point_rows: points.map(rowOf),
        pareto_points: points.filter((c) => c.classList.contains("pareto")).length,
        pareto_rows: points.filter((c) => c.classList.contains("pareto")).map(rowOf),
        frontier: document.querySelectorAll("svg.tradeoff path.frontier:not(.key)").length,
        tooltips: points.filter((c) => c.querySelector("title")?.textContent.length > 0).length,
        links_to_rows: points.filter((c) => document.getElementById(c.parentElement.getAttribute("href").slice(1))).length,
        table_rows: document.querySelectorAll("#rows tbody tr").length,
        // Elements the page never makes itself: any would have come from input text.
        foreign_elements: document.querySelectorAll("img, iframe, object, embed, link, main script").length,
        scripts: document.scripts.length,
        plans_links: [...document.querySelectorAll("#rows tbody td.variant a")].map((a) => a.getAttribute("href")),
      };
    }),
  );
  result.loaded = await table();

  result.screenshot = join(outDir, "compare.png");
  await page.screenshot({ path: result.screenshot, fullPage: true });

  const header = page.locator("#rows thead th", { has: page.locator(".k", { hasText: new RegExp(`^${column}$`) }) }).locator("button");
  await header.click();
  result.first_click = await table();
  await header.click();
  result.second_click = await table();
  result.screenshot_sorted = join(outDir, "compare-sorted.png");
  await page.screenshot({ path: result.screenshot_sorted, fullPage: true });

  result.pdf = join(outDir, "compare.pdf");
  await page.emulateMedia({ media: "print" });
  await page.pdf({ path: result.pdf, printBackground: true, preferCSSPageSize: true });
  const pdf = readFileSync(result.pdf).toString("latin1");
  result.pdf_pages = (pdf.match(/\/Type\s*\/Page(?![a-zA-Z])/g) || []).length;
  // The first page's size in points: A4 landscape is about 842 × 595.
  const box = pdf.match(/\/MediaBox\s*\[\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s*\]/);
  result.pdf_page_size = box ? [Math.round(box[3] - box[1]), Math.round(box[4] - box[2])] : null;
} finally {
  await close();
}
console.log(JSON.stringify(result));
