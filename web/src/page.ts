// The page's own script: reads the passphrase, hands the work to a Web
// Worker (built from WORKER_SOURCE, a blob: URL, so no file is fetched),
// and offers the decrypted file as a download under its original name.
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
const name = document.body.dataset.name || "decrypted";

const armorEnd = "-----END AGE ENCRYPTED FILE-----";
let armored: string | null = null; // the file, once it has loaded whole
let waiting = false; // a passphrase was given before the file loaded

function say(text: string, kind: "" | "ok" | "error") {
  status.textContent = text;
  status.className = kind;
}

document.addEventListener("DOMContentLoaded", () => {
  const text = document.getElementById("payload")?.textContent || "";
  button.textContent = "Decrypt";
  if (!text.includes(armorEnd)) {
    say("This file is incomplete: ask the sender to send it again.", "error");
    return; // the button stays disabled
  }
  armored = text;
  button.disabled = false;
  if (waiting) {
    waiting = false;
    decrypt();
  }
});

// Enter while the button is still disabled submits nothing: catch it.
input.addEventListener("keydown", (ev) => {
  if (ev.key === "Enter" && armored === null) {
    ev.preventDefault();
    early();
  }
});

form.addEventListener("submit", (ev) => {
  ev.preventDefault();
  if (armored === null) {
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
  button.disabled = true;
  say("Decrypting… this takes a few seconds.", "");
  const url = URL.createObjectURL(new Blob([WORKER_SOURCE], { type: "text/javascript" }));
  const worker = new Worker(url);
  worker.onmessage = (m: MessageEvent) => {
    worker.terminate();
    URL.revokeObjectURL(url);
    button.disabled = false;
    if (m.data.ok) {
      input.value = ""; // done with it: not left on the screen
      const file = URL.createObjectURL(new Blob([m.data.data], { type: "application/octet-stream" }));
      const a = document.createElement("a");
      a.href = file;
      a.download = name;
      a.textContent = "Save " + name + " again";
      a.id = "download";
      say("Decrypted. " + name + " was saved to your downloads. ", "ok");
      status.appendChild(a);
      a.click();
    } else if (m.data.kind === "passphrase") {
      say("That passphrase does not open this file. Check it with the sender and try again.", "error");
    } else {
      say("This file is damaged or incomplete. Ask the sender to send it again.", "error");
    }
  };
  worker.onerror = () => {
    worker.terminate();
    button.disabled = false;
    say("This browser could not decrypt the file. Try another browser, or ask the sender for the .age file.", "error");
  };
  worker.postMessage({ armored, candidates: candidates(typed) });
}
