// A lockbox bundle as a stream: a tar archive led by the marker entry, as
// pkg/bundle writes it, so that lockbox decrypt unpacks it. Written by
// hand because the tar libraries made for browsers build the whole
// archive in memory, and a stream keeps a 256 MB bundle from being held
// twice; ustar headers, with a PAX record for names over 100 bytes, are
// all it needs.
const marker = ".lockbox-bundle";
const markerBody = "lockbox bundle v1\n";
const block = 512;
const utf8 = new TextEncoder();

function header(name: Uint8Array, size: number, mtime: number, type: string): Uint8Array {
  const h = new Uint8Array(block);
  const put = (at: number, text: string) => h.set(utf8.encode(text), at);
  const octal = (at: number, width: number, n: number) => put(at, n.toString(8).padStart(width - 1, "0") + "\0");
  h.set(name.subarray(0, 100), 0);
  octal(100, 8, 0o600);
  octal(108, 8, 0);
  octal(116, 8, 0);
  octal(124, 12, size);
  octal(136, 12, Math.max(0, Math.floor(mtime)));
  put(148, "        "); // the checksum counts its own field as spaces
  put(156, type);
  put(257, "ustar\u000000");
  let sum = 0;
  for (const b of h) sum += b;
  put(148, sum.toString(8).padStart(6, "0") + "\0 ");
  return h;
}

// entry is the header blocks of one regular file: a PAX record first when
// the name does not fit the header's 100 bytes.
function entry(name: string, size: number, mtime: number): Uint8Array[] {
  const bytes = utf8.encode(name);
  if (bytes.length <= 100) return [header(bytes, size, mtime, "0")];
  const rest = ` path=${name}\n`;
  let n = utf8.encode(rest).length;
  n += String(n + String(n).length).length; // the length counts its own digits
  const record = utf8.encode(n + rest);
  return [header(utf8.encode("PaxHeaders/entry"), record.length, mtime, "x"), record, padding(record.length),
    header(bytes.subarray(0, 100), size, mtime, "0")];
}

function padding(size: number): Uint8Array {
  return new Uint8Array((block - (size % block)) % block);
}

// unique gives each file a name of its own: a bundle refuses a name twice,
// and two picked files can share one ("report.csv" from two folders).
export function unique(names: string[]): string[] {
  const seen = new Set<string>();
  return names.map((raw) => {
    const clean = raw.replace(/[\\/]/g, "_") || "file";
    let name = clean;
    const dot = clean.lastIndexOf(".");
    const [stem, ext] = dot > 0 ? [clean.slice(0, dot), clean.slice(dot)] : [clean, ""];
    for (let i = 2; seen.has(name) || name === marker; i++) name = `${stem} (${i})${ext}`;
    seen.add(name);
    return name;
  });
}

export function bundle(files: File[]): ReadableStream<Uint8Array> {
  const names = unique(files.map((f) => f.name));
  async function* parts(): AsyncGenerator<Uint8Array> {
    const now = Date.now() / 1000;
    const body = utf8.encode(markerBody);
    yield* entry(marker, body.length, now);
    yield body;
    yield padding(body.length);
    for (let i = 0; i < files.length; i++) {
      const f = files[i];
      yield* entry(names[i], f.size, f.lastModified / 1000);
      const reader = f.stream().getReader();
      let read = 0;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        read += value.length;
        yield value;
      }
      if (read !== f.size) throw new Error(`${f.name} changed while it was read`);
      yield padding(f.size);
    }
    yield new Uint8Array(2 * block); // the end of the archive
  }
  const it = parts();
  return new ReadableStream<Uint8Array>({
    // A pull that enqueues nothing is not called again: skip the empty
    // parts (the padding of a file whose size is a multiple of 512, an
    // empty file) rather than stall.
    async pull(ctl) {
      for (;;) {
        const { done, value } = await it.next();
        if (done) return ctl.close();
        if (value.length > 0) return ctl.enqueue(value);
      }
    },
  });
}
