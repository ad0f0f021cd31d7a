// The request page's own script: the client picks or drops files, a Web
// Worker (from ENCRYPT_WORKER_SOURCE, a blob: URL, so no file is fetched)
// encrypts them to the requester's key, and the page saves the .age file
// for the client to email back. Nothing leaves the device.
declare const ENCRYPT_WORKER_SOURCE: string;

const body = document.body.dataset;
const recipient = body.recipient || "";
const request = body.request || "";
const bundleName = (body.bundle || "files") + ".age";
const maxBytes = Number(body.max || 0);

const picker = document.getElementById("files") as HTMLInputElement;
const drop = document.getElementById("drop") as HTMLElement;
const list = document.getElementById("list") as HTMLUListElement;
const button = document.getElementById("go") as HTMLButtonElement;
const status = document.getElementById("status") as HTMLParagraphElement;
const bar = document.getElementById("progress") as HTMLProgressElement;

let chosen: File[] = [];

function say(text: string, kind: "" | "ok" | "error") {
  status.textContent = text;
  status.className = kind;
}

function size(n: number): string {
  const units = ["bytes", "kB", "MB", "GB"];
  let i = 0;
  while (n >= 1000 && i < units.length - 1) {
    n /= 1000;
    i++;
  }
  return i === 0 ? `${n} bytes` : `${n.toFixed(1)} ${units[i]}`;
}

function choose(files: File[]) {
  chosen = files;
  list.replaceChildren(...files.map((f) => {
    const li = document.createElement("li");
    li.textContent = `${f.name} (${size(f.size)})`;
    return li;
  }));
  const total = files.reduce((n, f) => n + f.size, 0);
  button.disabled = true;
  if (files.length === 0) {
    say("", "");
  } else if (maxBytes > 0 && total > maxBytes) {
    say(`These files come to ${size(total)}; this page takes up to ${size(maxBytes)}. Send fewer at a time.`, "error");
  } else {
    button.disabled = false;
    say(files.length === 1 ? "Ready to encrypt 1 file." : `Ready to encrypt ${files.length} files into one.`, "");
  }
}

picker.addEventListener("change", () => choose(Array.from(picker.files || [])));
for (const kind of ["dragenter", "dragover"]) {
  drop.addEventListener(kind, (ev) => {
    ev.preventDefault();
    drop.classList.add("over");
  });
}
drop.addEventListener("dragleave", () => drop.classList.remove("over"));
drop.addEventListener("drop", (ev) => {
  ev.preventDefault();
  drop.classList.remove("over");
  choose(Array.from(ev.dataTransfer?.files || []));
});

button.addEventListener("click", () => {
  if (chosen.length === 0) return;
  button.disabled = true;
  picker.disabled = true;
  bar.hidden = false;
  bar.value = 0;
  say("Encrypting…", "");
  const name = chosen.length === 1 ? chosen[0].name.replace(/[\\/]/g, "_") + ".age" : bundleName;
  const url = URL.createObjectURL(new Blob([ENCRYPT_WORKER_SOURCE], { type: "text/javascript" }));
  const worker = new Worker(url);
  const finish = () => {
    worker.terminate();
    URL.revokeObjectURL(url);
    button.disabled = false;
    picker.disabled = false;
    bar.hidden = true;
  };
  worker.onmessage = (m: MessageEvent) => {
    if (m.data.progress !== undefined) {
      bar.value = m.data.progress;
      say(`Encrypting… ${Math.floor(m.data.progress * 100)}%`, "");
      return;
    }
    finish();
    if (!m.data.ok) {
      say("A file could not be read (a folder cannot be sent: pick the files in it). Nothing was saved.", "error");
      return;
    }
    const a = document.createElement("a");
    a.href = URL.createObjectURL(m.data.blob);
    a.download = m.data.name;
    a.id = "download";
    a.textContent = "Save " + m.data.name + " again";
    say(`Encrypted. ${m.data.name} was saved to your downloads: attach it to an email to the person who sent you this page. `, "ok");
    status.appendChild(a);
    a.click();
  };
  worker.onerror = () => {
    finish();
    say("This browser could not encrypt the files. Try another browser.", "error");
  };
  worker.postMessage({ files: chosen, recipient, request, name });
});
