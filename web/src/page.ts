// The page's own script: reads the passphrase, hands the work to a Web
// Worker (built from WORKER_SOURCE, a blob: URL, so no file is fetched),
// and offers the decrypted file as a download under its original name.
import { candidates } from "./passphrase";

declare const WORKER_SOURCE: string;

const form = document.getElementById("form") as HTMLFormElement;
const input = document.getElementById("pass") as HTMLInputElement;
const button = document.getElementById("go") as HTMLButtonElement;
const status = document.getElementById("status") as HTMLParagraphElement;
const payload = document.getElementById("payload") as HTMLElement;
const name = document.body.dataset.name || "decrypted";

function say(text: string, kind: "" | "ok" | "error") {
  status.textContent = text;
  status.className = kind;
}

form.addEventListener("submit", (ev) => {
  ev.preventDefault();
  const typed = input.value.trim();
  if (typed === "") {
    say("Type the passphrase you were given by phone or message.", "error");
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
  worker.postMessage({ armored: payload.textContent || "", candidates: candidates(typed) });
});
