// What both browser checks share: Debian's chromium launched headless with a fresh
// profile and the network cut off, every request that is not a file aborted and
// counted, and console errors, page errors and dialogs (an alert() would mean input
// text ran as script) recorded in `result`.

import { chromium } from "playwright-core";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/// Opens a page; `close()` ends the browser and removes its profile.
export async function openOffline(profilePrefix, viewport) {
  // A fresh profile each run, so nothing cached or configured leaks between runs.
  const profile = mkdtempSync(join(tmpdir(), profilePrefix));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: "/usr/bin/chromium",
    headless: true,
    offline: true,
    viewport,
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
  const result = { console_errors: [], page_errors: [], blocked_requests: 0, blocked_urls: [], dialogs: [] };
  const close = async () => {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  };
  try {
    // The page must need nothing from anywhere.
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
    page.on("dialog", (dialog) => {
      result.dialogs.push(dialog.message());
      return dialog.dismiss();
    });
    return { page, result, close };
  } catch (e) {
    await close();
    throw e;
  }
}
