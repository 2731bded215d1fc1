import { runCommand } from "../vm/run-command.ts";

/** The `nft` executable (nftables' command line). */
export const nftBinary = "nft";

/**
 * Loads an nftables script in one transaction (`nft -f -`): all of it applies, or none.
 *
 * @example await applyNft("table inet t {}\n");
 */
export async function applyNft(script: string): Promise<void> {
  await runCommand(nftBinary, ["-f", "-"], { input: script, timeoutMs: 30_000 });
}

/** `nft -j list table inet <name>` parsed; undefined when the table does not exist. */
export async function listNftTable(name: string): Promise<unknown | undefined> {
  try {
    const { stdout } = await runCommand(nftBinary, ["-j", "list", "table", "inet", name], {
      timeoutMs: 30_000,
    });
    return JSON.parse(stdout);
  } catch {
    return undefined;
  }
}

/** Removes the node's table; a missing table is no error. */
export async function deleteNftTable(name: string): Promise<void> {
  await applyNft(`table inet ${name} {}\ndelete table inet ${name}\n`);
}

/** Why nftables cannot be used here (`nft` missing or refused), or undefined when it can. */
export async function nftUnavailable(): Promise<string | undefined> {
  try {
    await runCommand(nftBinary, ["--version"], { timeoutMs: 10_000 });
  } catch {
    return "nft is not installed (install the nftables package)";
  }
  return undefined;
}
