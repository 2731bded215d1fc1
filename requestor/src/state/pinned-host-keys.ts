import { readFile, rename, writeFile } from "node:fs/promises";
import { knownHostsLines } from "@vm-on-golem/sdk/ssh";

/** First line of a known_hosts file golem wrote from a provider's answer (a pin, not a guess). */
export const pinHeader = "# golem: host keys pinned from the provider's API; do not edit";

/**
 * The text of a pinned known_hosts file: the header, then one line per host key
 * (`[host]:port ssh-ed25519 AAAA…`).
 *
 * @example knownHostsText({ host: "127.0.0.1", port: 22800 }, ["ssh-ed25519 AAAA…"]);
 */
export function knownHostsText(
  endpoint: { host: string; port: number },
  publicKeys: readonly string[],
): string {
  return `${[pinHeader, ...knownHostsLines(endpoint, publicKeys)].join("\n")}\n`;
}

/**
 * Writes `publicKeys` (as the provider gave them over its authenticated API) as the VM's
 * known_hosts `file`, replacing what was there, owner-only (0600) and all at once (temp file +
 * rename). ssh then connects with `StrictHostKeyChecking=yes` against it: no first-use trust.
 *
 * @example await pinHostKeys(await knownHostsFile(home, "web-1"), { host, port }, ["ssh-ed25519 AAAA…"]);
 */
export async function pinHostKeys(
  file: string,
  endpoint: { host: string; port: number },
  publicKeys: readonly string[],
): Promise<void> {
  await writeFile(`${file}.tmp`, knownHostsText(endpoint, publicKeys), { mode: 0o600 });
  await rename(`${file}.tmp`, file);
}

/** Whether `file` holds keys golem pinned (false: missing, or learned on first use by ssh). */
export async function isPinned(file: string): Promise<boolean> {
  try {
    return (await readFile(file, "utf8")).startsWith(`${pinHeader}\n`);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return false;
    throw error;
  }
}

/** The stderr note for a VM whose host keys are not pinned (made before its provider pinned them). */
export function notPinnedNote(name: string): string {
  return `note: ${name}'s SSH host keys are not pinned (its provider gave none); the first key seen is trusted`;
}
