// Runs in a Web Worker of the request page: encrypts the picked files to
// the requester's key, as one .age file (several files: a bundle), and
// hands back the result as a Blob, reporting progress as it reads.
import { Encrypter, Stanza } from "age-encryption";
import { bundle } from "./tar";

type Job = { files: File[]; recipient: string; request: string; name: string };

self.onmessage = async (ev: MessageEvent<Job>) => {
  const { files, recipient, request, name } = ev.data;
  const total = files.reduce((n, f) => n + f.size, 0);
  let done = 0;
  let shown = 0;
  const counted = new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, ctl) {
      done += chunk.length;
      if (total > 0 && done - shown > total / 100) {
        shown = done;
        postMessage({ progress: Math.min(1, done / total) }); // a bundle's headers count too
      }
      ctl.enqueue(chunk);
    },
  });
  try {
    const e = new Encrypter();
    e.addRecipient(recipient);
    // The request marker: a stanza that wraps no key, naming the request
    // this file answers (lockbox decrypt records it; age skips it).
    e.addRecipient({ wrapFileKey: () => [new Stanza(["lockbox-request", request], new Uint8Array(0))] });
    const input = files.length === 1 ? files[0].stream() : bundle(files);
    const out = await e.encrypt(input.pipeThrough(counted));
    const blob = await new Response(out).blob();
    postMessage({ ok: true, blob, name });
  } catch (err) {
    postMessage({ ok: false, message: String(err) });
  }
};
