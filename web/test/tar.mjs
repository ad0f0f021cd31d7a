// Writes to stdout the bundle the request page makes of a few awkward
// files (an empty one, a name over 100 bytes, the same name twice), with
// the page's own src/tar.ts bundled by esbuild, for the Go test
// TestRequestPageBundleExtracts. Run under Node, whose streams keep to the
// spec where a pull that enqueues nothing is not called again.
import * as esbuild from "esbuild";
import { pathToFileURL } from "node:url";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const out = join(mkdtempSync(join(tmpdir(), "lockbox-tar-")), "tar.mjs");
await esbuild.build({ entryPoints: [new URL("../src/tar.ts", import.meta.url).pathname], bundle: true, format: "esm", outfile: out, logLevel: "warning" });
const { bundle } = await import(pathToFileURL(out).href);
const long = "Überweisungsliste für den Kunden mit einem sehr langen Dateinamen, der über hundert Bytes geht.csv";
const files = [new File([], "empty.txt"), new File(["Betrag\n12,50\n"], long), new File(["a\n"], "report.csv"),
  new File(["b\n"], "report.csv"), new File([new Uint8Array(1024)], "zeros.bin")];
const reader = bundle(files).getReader();
for (;;) {
  const { done, value } = await reader.read();
  if (done) break;
  process.stdout.write(value);
}
