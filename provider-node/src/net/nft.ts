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

/** Why nftables cannot be used here (`nft` missing or refused), or undefined when it can. */
export async function nftUnavailable(): Promise<string | undefined> {
  try {
    await runCommand(nftBinary, ["--version"], { timeoutMs: 10_000 });
  } catch {
    return "nft is not installed (install the nftables package)";
  }
  return undefined;
}
