// Runs in a Web Worker, so that scrypt does not freeze the page: decodes
// the armored age file and decrypts it with each candidate passphrase.
import { Decrypter, armor } from "age-encryption";

type Request = { armored: string; candidates: string[] };

self.onmessage = async (ev: MessageEvent<Request>) => {
  const { armored, candidates } = ev.data;
  let file: Uint8Array;
  try {
    file = armor.decode(armored);
  } catch {
    postMessage({ ok: false, kind: "damaged" });
    return;
  }
  for (const pass of candidates) {
    const d = new Decrypter();
    d.addPassphrase(pass);
    try {
      const out = await d.decrypt(file);
      (postMessage as (m: unknown, t: Transferable[]) => void)({ ok: true, data: out.buffer }, [out.buffer]);
      return;
    } catch (e) {
      if (String(e).includes("no identity matched")) continue; // not this passphrase
      postMessage({ ok: false, kind: "damaged" });
      return;
    }
  }
  postMessage({ ok: false, kind: "passphrase" });
};
