// The page's own script: hands the encrypted file to a Web Worker (built
// from WORKER_SOURCE, a blob: URL, so no file is fetched), reads the
// passphrase, and offers the decrypted file as a download under its
// original name.
//
// It runs before the encrypted file below it has loaded (a large page takes
// a while): the button waits for the file, a passphrase typed early is
// kept and used once the file is there, and a page cut short says so.
import { candidates } from "./passphrase";

declare const WORKER_SOURCE: string;

const form = document.getElementById("form") as HTMLFormElement;
const input = document.getElementById("pass") as HTMLInputElement;
const button = document.getElementById("go") as HTMLButtonElement;
const status = document.getElementById("status") as HTMLParagraphElement;
const bar = document.getElementById("progress") as HTMLProgressElement | null;
const name = document.body.dataset.name || "decrypted";

const armorEnd = "-----END AGE ENCRYPTED FILE-----";
let worker: Worker | null = null;
let ready = false; // the worker holds the file
let busy = false;
let waiting = false; // a passphrase was given before the file loaded

function say(text: string, kind: "" | "ok" | "error") {
  status.textContent = text;
  status.className = kind;
}

document.addEventListener("DOMContentLoaded", () => {
  const payload = document.getElementById("payload");
  const text = payload?.textContent || "";
  if (!text.includes(armorEnd)) {
    button.textContent = "Decrypt";
    say("This file is incomplete: ask the sender to send it again.", "error");
    return; // the button stays disabled
  }
  // The worker gets the file as bytes it owns, and the page drops its own
  // copy: a large file is then held once, not three times.
  const bytes = new TextEncoder().encode(text);
  payload?.remove();
  const url = URL.createObjectURL(new Blob([WORKER_SOURCE], { type: "text/javascript" }));
  worker = new Worker(url);
  worker.onmessage = answer;
  worker.onerror = () => {
    busy = false;
    button.disabled = false;
    say("This browser could not decrypt the file. Try another browser, or ask the sender for the .age file.", "error");
  };
  worker.postMessage({ armored: bytes }, [bytes.buffer]);
});

function answer(m: MessageEvent) {
  const d = m.data;
  if (d.ready) {
    ready = true;
    button.textContent = "Decrypt";
    if (d.ok === false) {
      say("This file is damaged or incomplete. Ask the sender to send it again.", "error");
      return;
    }
    button.disabled = false;
    if (waiting) {
      waiting = false;
      decrypt();
    }
    return;
  }
  if (d.progress !== undefined) {
    if (bar) {
      bar.hidden = false;
      bar.value = d.progress;
    }
    say(`Decrypting… ${Math.floor(d.progress * 100)}%`, "");
    return;
  }
  busy = false;
  button.disabled = false;
  if (bar) bar.hidden = true;
  if (d.ok) {
    input.value = ""; // done with it: not left on the screen
    const a = document.createElement("a");
    a.href = URL.createObjectURL(d.blob);
    a.download = name;
    a.textContent = "Save " + name + " again";
    a.id = "download";
    say("Decrypted. " + name + " was saved to your downloads. ", "ok");
    status.appendChild(a);
    a.click();
  } else if (d.kind === "passphrase") {
    say("That passphrase does not open this file. Check it with the sender and try again.", "error");
  } else {
    say("This file is damaged or incomplete. Ask the sender to send it again.", "error");
  }
}

// Enter while the button is still disabled submits nothing: catch it.
input.addEventListener("keydown", (ev) => {
  if (ev.key === "Enter" && !ready) {
    ev.preventDefault();
    early();
  }
});

form.addEventListener("submit", (ev) => {
  ev.preventDefault();
  if (!ready) {
    early();
    return;
  }
  decrypt();
});

function early() {
  if (button.textContent !== "Loading the file…") return; // incomplete: already said
  if (input.value.trim() === "") return;
  waiting = true;
  say("Still loading the file: it is decrypted as soon as it has loaded.", "");
}

function decrypt() {
  const typed = input.value.trim();
  if (typed === "") {
    say("Type the passphrase the sender gave you by phone or message.", "error");
    return;
  }
  if (busy || worker === null) return;
  busy = true;
  button.disabled = true;
  say("Checking the passphrase… this takes a few seconds.", "");
  worker.postMessage({ candidates: candidates(typed) });
}
