// Builds the scripts lockbox embeds in its pages: the decryptor of the
// .age.html pages and the encryptor of the request pages, each the worker
// first, then the page script with the worker's source inside it.
// Run with "make assets"; the output is committed, so building lockbox
// needs no Node.
import * as esbuild from "esbuild";
import { readFileSync, writeFileSync } from "node:fs";

const common = { bundle: true, format: "iife", minify: true, target: "es2020", write: false, legalComments: "none" };
async function bundle(entry, define = {}) {
  return (await esbuild.build({ ...common, entryPoints: [entry], define })).outputFiles[0].text;
}
const page = await bundle("src/page.ts", { WORKER_SOURCE: JSON.stringify(await bundle("src/worker.ts")) });
// The request page: its own worker encrypts, and it carries no armor.
const request = await bundle("src/request.ts", { ENCRYPT_WORKER_SOURCE: JSON.stringify(await bundle("src/encrypt-worker.ts")) });
let script = page.trimEnd();
for (const marker of ["-----BEGIN AGE ENCRYPTED FILE-----", "-----END AGE ENCRYPTED FILE-----"]) {
  script = script.replaceAll(marker, "\\x2d" + marker.slice(1));
}
if (/-----(BEGIN|END) AGE ENCRYPTED FILE-----/.test(script)) throw new Error("armor marker left in the script");
const out = process.argv[2] || "../pkg/htmlpage/assets";
writeFileSync(`${out}/decryptor.js`, script + "\n");
writeFileSync(`${out}/requester.js`, request.trimEnd() + "\n");

// The licences of everything bundled.
const lock = JSON.parse(readFileSync("package-lock.json", "utf8"));
let licences = "Licences of the code bundled in decryptor.js (from web/package-lock.json).\n";
for (const [path, meta] of Object.entries(lock.packages)) {
  if (!path || meta.dev) continue;
  const dir = path;
  let text;
  for (const f of ["LICENSE", "LICENSE.md", "LICENSE.txt"]) {
    try { text = readFileSync(`${dir}/${f}`, "utf8"); break; } catch {}
  }
  licences += `\n==== ${path.replace(/^node_modules\//, "")} ${meta.version} (${meta.license}) ====\n\n${text ?? "(no licence file in the package; see its package.json)\n"}`;
}
writeFileSync(`${out}/LICENSES.txt`, licences);
