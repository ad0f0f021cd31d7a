// Runs in a Web Worker, so that decoding and scrypt do not freeze the
// page. It is given the armored file once, as bytes it owns (the page
// keeps no copy), and decodes it at once, while the passphrase is typed,
// into a Blob that every attempt reads as a stream. Decryption streams into
// a Blob too, reporting progress as it goes. The browser keeps Blobs
// outside the tab (on disk when large), so the tab holds neither the
// ciphertext nor the plaintext while scrypt takes its 256 MiB.
import { Decrypter, armor } from "age-encryption";

type Request = { armored?: Uint8Array; candidates?: string[] };

let file: Blob | null = null;

const begin = "-----BEGIN AGE ENCRYPTED FILE-----";
const end = "-----END AGE ENCRYPTED FILE-----";
const chunkBytes = 1 << 20;

// decode turns the armored file into the age file with the library's own
// armor decoder, a megabyte of lines at a time: decoding 135 MB of armor in
// one call holds it three times over (the text, its lines, their join).
// Each piece is whole 64-column lines, 48 bytes each, so pieces decode on
// their own; age's authentication catches anything the pieces hide. The
// pieces go into a Blob as they come.
function decode(armored: Uint8Array): Blob {
  const text = new TextDecoder("latin1");
  const start = find(armored, begin, false);
  let from = armored.indexOf(10, start) + 1; // after the BEGIN line
  const stop = find(armored, end, true);
  if (start < 0 || from <= 0 || stop < from) throw new Error("no armor");
  const pieces: Uint8Array[] = [];
  while (from < stop) {
    let to = Math.min(from + chunkBytes, stop);
    if (to < stop) to = armored.indexOf(10, to) + 1 || stop;
    pieces.push(armor.decode(`${begin}\n${text.decode(armored.subarray(from, to))}${end}\n`));
    from = to;
  }
  return new Blob(pieces);
}

// find is the index of the first (or last) s in b, or -1.
function find(b: Uint8Array, s: string, last: boolean): number {
  const first = s.charCodeAt(0);
  let i = last ? b.lastIndexOf(first) : b.indexOf(first);
  while (i >= 0) {
    let j = 0;
    while (j < s.length && b[i + j] === s.charCodeAt(j)) j++;
    if (j === s.length) return i;
    i = last ? (i > 0 ? b.lastIndexOf(first, i - 1) : -1) : b.indexOf(first, i + 1);
  }
  return -1;
}

self.onmessage = async (ev: MessageEvent<Request>) => {
  if (ev.data.armored) {
    try {
      file = decode(ev.data.armored);
      postMessage({ ready: true });
    } catch {
      postMessage({ ready: true, ok: false, kind: "damaged" });
    }
    return;
  }
  if (file === null) {
    postMessage({ ok: false, kind: "damaged" });
    return;
  }
  for (const pass of ev.data.candidates || []) {
    const d = new Decrypter();
    d.addPassphrase(pass);
    let out;
    try {
      out = await d.decrypt(file.stream());
    } catch (e) {
      if (String(e).includes("no identity matched")) continue; // not this passphrase
      postMessage({ ok: false, kind: "damaged" });
      return;
    }
    postMessage({ progress: 0 });
    let total = 0;
    try {
      total = out.size(file.size);
    } catch {}
    let done = 0;
    let shown = 0;
    const counted = out.pipeThrough(new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, ctl) {
        done += chunk.length;
        if (total > 0 && done - shown > total / 100) {
          shown = done;
          postMessage({ progress: done / total });
        }
        ctl.enqueue(chunk);
      },
    }));
    try {
      const blob = await new Response(counted).blob();
      postMessage({ ok: true, blob });
    } catch {
      postMessage({ ok: false, kind: "damaged" });
    }
    return;
  }
  postMessage({ ok: false, kind: "passphrase" });
};
