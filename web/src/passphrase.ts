// The same forgiveness as lockbox decrypt (pkg/passphrase.Candidates): a
// passphrase with the generated shape is accepted in any case, with or
// without dashes or spaces, o for 0 and i or l for 1. Anything else is
// tried exactly as typed.
const alphabet = "0123456789abcdefghjkmnpqrstvwxyz";
const lookalikes: Record<string, string> = { o: "0", i: "1", l: "1" };
const length = 20;
const groupSize = 4;

export function canonical(typed: string): string | null {
  let out = "";
  for (const ch of typed.toLowerCase()) {
    if (ch === "-" || ch === " " || ch === "\t") continue;
    const c = lookalikes[ch] ?? ch;
    if (!alphabet.includes(c)) return null;
    out += c;
  }
  if (out.length !== length) return null;
  return out.match(new RegExp(`.{${groupSize}}`, "g"))!.join("-");
}

export function candidates(typed: string): string[] {
  const c = canonical(typed);
  if (c === null) return [typed];
  return c === typed ? [c] : [c, typed];
}
