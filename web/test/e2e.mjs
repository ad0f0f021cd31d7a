// Opens a lockbox .age.html page from file:// in Debian's Chromium, driven
// by playwright-core (no downloaded browser): tries a wrong passphrase, then
// the right one typed as a person might, saves the download, and reports
// what happened as JSON on stdout. Used by the Go test
// TestHTMLPageDecryptsInChromium.
//
//   node e2e.mjs PAGE WRONG RIGHT SAVE_AS SCREENSHOT_PREFIX
//   node e2e.mjs --damaged PAGE PASSPHRASE (only the message for a damaged file)
//   node e2e.mjs --truncated PAGE (only the message for a page cut short)
//   node e2e.mjs --measure PAGE RIGHT SAVE_AS: loads and decrypts, and
//     reports the seconds each took and the tab's peak memory (bench/page.sh)
//   node e2e.mjs --request PAGE SAVE_AS SHOTS FILE...: picks the files in a
//     request page, saves the .age it makes, and takes screenshots at
//     390x844 and 1280x800 (SHOTS-390.png, SHOTS-1280.png); then drops the
//     first file alone on the page and saves NAME.age beside SAVE_AS
//   node e2e.mjs --request-limit PAGE FILE...: picks files over the page's
//     size limit; reports what the page says and whether it will encrypt
//   node e2e.mjs --early URL RIGHT SAVE_AS RELEASE_URL: the page at URL
//     stops before the file until RELEASE_URL is fetched; the passphrase is
//     typed and Enter pressed before that.
import { chromium } from "playwright-core";
import { basename, dirname, join } from "node:path";
import { readdirSync, readFileSync } from "node:fs";

const mode = process.argv[2].startsWith("--") ? process.argv[2] : "";
const damaged = mode === "--damaged";
const args = process.argv.slice(mode ? 3 : 2);
const [pagePath, wrong, right, saveAs, shots] = args;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync"],
});
const result = { requests: [], problems: [] };
try {
  await run();
} finally {
  await browser.close();
}
console.log(JSON.stringify(result));

async function run() {
  const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 390, height: 720 } });
  const page = await context.newPage();
  // Every request the page makes, other than the page itself and the local
  // blob: worker: there must be none.
  context.on("request", (r) => {
    const u = r.url();
    if (!u.startsWith("file:") && !u.startsWith("blob:") && !u.startsWith("data:")) result.requests.push(u);
  });
  page.on("console", (m) => { if (m.type() === "error") result.problems.push(m.text()); });
  page.on("pageerror", (e) => result.problems.push(String(e)));
  if (mode === "--early") {
    const [url, pass, saveTo, release] = args;
    context.removeAllListeners("request");
    context.on("request", (r) => { if (r.url() !== url && !r.url().startsWith("blob:")) result.requests.push(r.url()); });
    await page.goto(url, { waitUntil: "commit" });
    await page.waitForSelector("#pass");
    result.button = await page.textContent("#go");
    await page.fill("#pass", pass);
    await page.press("#pass", "Enter");
    await page.waitForSelector("#status:not(:empty)");
    result.wrong = await page.textContent("#status"); // what it says while loading
    const downloaded = page.waitForEvent("download", { timeout: 120000 });
    await fetch(release); // now the rest of the page arrives
    const download = await downloaded;
    await download.saveAs(saveTo);
    await page.waitForSelector("#status.ok");
    result.ok = await page.textContent("#status");
    result.cleared = (await page.inputValue("#pass")) === "";
    return;
  }
  if (mode === "--measure") {
    await measure(page);
    return;
  }
  if (mode === "--request") {
    await request(page);
    return;
  }
  if (mode === "--request-limit") {
    const [pagePath, ...files] = args;
    await page.goto("file://" + pagePath);
    await page.setInputFiles("#files", files);
    await page.waitForSelector("#status.error");
    result.wrong = await page.textContent("#status");
    result.disabled = await page.isDisabled("#go");
    return;
  }
  const loading = Date.now();
  await page.goto("file://" + pagePath);
  await page.waitForSelector("#go:not([disabled]), #status.error", { timeout: 120000 });
  result.loadSeconds = (Date.now() - loading) / 1000;
  if (mode === "--truncated") {
    await page.waitForSelector("#status.error");
    result.wrong = await page.textContent("#status");
    result.disabled = await page.isDisabled("#go");
    return;
  }
  result.title = await page.title();
  result.shown = await page.textContent(".file");
  if (shots) await page.screenshot({ path: shots + "-before.png", fullPage: true });

  await page.fill("#pass", wrong);
  await page.click("#go");
  await page.waitForSelector("#status.error", { timeout: 60000 });
  result.wrong = await page.textContent("#status");
  if (!damaged) await decrypt(page);
}

async function decrypt(page) {
  await page.fill("#pass", right);
  // Everything the status line says on the way (progress included).
  await page.evaluate(() => {
    window.said = [];
    const s = document.getElementById("status");
    new MutationObserver(() => window.said.push(s.textContent)).observe(s, { childList: true, characterData: true, subtree: true });
  });
  const started = Date.now();
  const [download] = await Promise.all([page.waitForEvent("download", { timeout: 120000 }), page.click("#go")]);
  await download.saveAs(saveAs);
  result.seconds = (Date.now() - started) / 1000;
  result.filename = download.suggestedFilename();
  await page.waitForSelector("#status.ok");
  result.ok = await page.textContent("#status");
  result.said = await page.evaluate(() => window.said);
  await page.screenshot({ path: shots + "-after.png", fullPage: true });
}

async function request(page) {
  const [pagePath, saveTo, shots, ...files] = args;
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto("file://" + pagePath);
  result.title = await page.title();
  result.shown = await page.textContent(".file");
  result.disabledBefore = await page.isDisabled("#go");
  await page.setInputFiles("#files", files);
  result.listed = await page.$$eval("#list li", (lis) => lis.map((li) => li.textContent));
  await page.screenshot({ path: shots + "-390.png", fullPage: true });
  const [download] = await Promise.all([page.waitForEvent("download", { timeout: 120000 }), page.click("#go")]);
  await download.saveAs(saveTo);
  result.filename = download.suggestedFilename();
  await page.waitForSelector("#status.ok");
  result.ok = await page.textContent("#status");
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.screenshot({ path: shots + "-1280.png", fullPage: true });

  // Then one file dropped on the page, as from a file manager: saved as
  // NAME.age, next to the first download.
  const first = files[0];
  const content = [...readFileSync(first)];
  const dropped = await page.evaluateHandle(([name, bytes]) => {
    const dt = new DataTransfer();
    dt.items.add(new File([new Uint8Array(bytes)], name));
    return dt;
  }, [basename(first), content]);
  await page.dispatchEvent("#drop", "drop", { dataTransfer: dropped });
  const [single] = await Promise.all([page.waitForEvent("download", { timeout: 120000 }), page.click("#go")]);
  await single.saveAs(join(dirname(saveTo), single.suggestedFilename()));
  result.dropped = single.suggestedFilename();
}

// peakMB is the largest peak resident memory (VmHWM) of the browser's
// renderer processes, which run the page and its worker (what a task
// manager shows as the tab's memory, at its highest), and of the browser
// process, which holds Blobs.
function peakMB() {
  const children = new Map();
  for (const pid of readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
    try {
      const ppid = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ")[1];
      children.set(ppid, [...(children.get(ppid) || []), pid]);
    } catch {}
  }
  const peak = { renderer: 0, browser: 0 };
  const walk = (pid) => {
    for (const c of children.get(pid) || []) {
      try {
        const cmd = readFileSync(`/proc/${c}/cmdline`, "utf8");
        const kind = cmd.includes("--type=renderer") ? "renderer" : cmd.includes("--type=") ? "" : "browser";
        if (kind && cmd.includes("chrom")) {
          const kb = Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${c}/status`, "utf8"))[1]);
          peak[kind] = Math.max(peak[kind], Math.round(kb / 1024));
        }
      } catch {}
      walk(c);
    }
  };
  walk(String(process.pid));
  return peak;
}

async function measure(page) {
  const [pagePath, pass, saveTo] = args;
  const loading = Date.now();
  await page.goto("file://" + pagePath, { timeout: 300000 });
  await page.waitForSelector("#go:not([disabled]), #status.error", { timeout: 300000 });
  result.loadSeconds = (Date.now() - loading) / 1000;
  await page.fill("#pass", pass);
  const started = Date.now();
  const [download] = await Promise.all([page.waitForEvent("download", { timeout: 300000 }), page.click("#go")]);
  result.seconds = (Date.now() - started) / 1000;
  await download.saveAs(saveTo);
  const peak = peakMB();
  result.peakMB = peak.renderer;
  result.browserPeakMB = peak.browser;
}
