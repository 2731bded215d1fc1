/**
 * The dapp's `config.json` from the environment, for `./dev web` (served from `public/`) and
 * `./dev web:build` (written next to the built site):
 * - `GOLEM_CHAIN_ID` (default 31337, the local chain; 31337 is marked a dev chain)
 * - `GOLEM_RPC_URL` (default http://127.0.0.1:8545)
 * - `GOLEM_DEPLOYMENTS_DIR` (default the repository's `deployments/`)
 * - `GOLEM_EXPLORER_URL` (optional)
 * - `NEXT_PUBLIC_WALLETCONNECT_PROJECT_ID` (optional)
 * - `GOLEM_BOOTSTRAP_API_URLS` (optional, comma-separated provider API URLs serving adverts)
 * - `GOLEM_BOOTSTRAP_PEERS` (optional, comma-separated libp2p multiaddrs a browser can dial)
 * - `GOLEM_GAS_HELP` (optional: where to get gas on this chain; default from {@link gasHelpFor})
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { GolemError } from "@vm-on-golem/sdk/errors";
import { devChainId } from "../src/lib/dev-faucet-limits.ts";
import { parseWebConfig } from "../src/lib/load-web-config.ts";
import type { WebConfigJson } from "../src/lib/web-config.ts";
import { gasHelpFor } from "./gas-help.ts";

const defaultDeploymentsDir = fileURLToPath(new URL("../../deployments/", import.meta.url));

/**
 * `config.json`'s content from `env`, checked against the schema the page validates it with.
 * Throws `CONFIG_INVALID` or `DEPLOYMENT_NOT_FOUND` naming the variable or file at fault.
 *
 * @example
 * const json = await webConfigFromEnv({ GOLEM_CHAIN_ID: "31337" });
 */
export async function webConfigFromEnv(
  env: Record<string, string | undefined> = process.env,
): Promise<WebConfigJson> {
  const chainIdText = env.GOLEM_CHAIN_ID || String(devChainId);
  const chainId = Number(chainIdText);
  if (!Number.isSafeInteger(chainId) || chainId <= 0) {
    throw new GolemError("CONFIG_INVALID", `GOLEM_CHAIN_ID=${chainIdText} is not a chain id`, {
      hints: ["set GOLEM_CHAIN_ID to a positive integer, e.g. 31337"],
      details: { field: "GOLEM_CHAIN_ID", value: chainIdText },
    });
  }
  const dir = env.GOLEM_DEPLOYMENTS_DIR || defaultDeploymentsDir;
  const json: WebConfigJson = {
    deployment: await readDeployment(dir, chainId),
    rpcUrl: env.GOLEM_RPC_URL || "http://127.0.0.1:8545",
    explorerUrl: env.GOLEM_EXPLORER_URL || undefined,
    walletConnectProjectId: env.NEXT_PUBLIC_WALLETCONNECT_PROJECT_ID || undefined,
    bootstrapApiUrls: splitList(env.GOLEM_BOOTSTRAP_API_URLS),
    bootstrapPeers: splitList(env.GOLEM_BOOTSTRAP_PEERS),
    devChain: chainId === devChainId,
    gasHelp: gasHelpFor(chainId, env.GOLEM_GAS_HELP),
  };
  // The page's own check, here, so a bad variable fails the build rather than the page.
  parseWebConfig(json, "the GOLEM_* settings");
  return JSON.parse(JSON.stringify(json)) as WebConfigJson;
}

/** A comma-separated list, blanks dropped. */
function splitList(text: string | undefined): string[] {
  return (text ?? "")
    .split(",")
    .map((part) => part.trim())
    .filter((part) => part !== "");
}

/** `<dir>/<chainId>.json` as JSON (the page validates it). */
async function readDeployment(dir: string, chainId: number): Promise<WebConfigJson["deployment"]> {
  const file = path.join(dir, `${chainId}.json`);
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (cause) {
    throw new GolemError(
      "DEPLOYMENT_NOT_FOUND",
      `no deployment of the contracts on chain ${chainId}`,
      {
        hints: [
          chainId === devChainId
            ? "run `./dev chain` to start a local chain with the contracts deployed"
            : `add deployments/${chainId}.json (\`./dev deploy\` writes it), or set GOLEM_DEPLOYMENTS_DIR`,
        ],
        details: { chainId, file: path.basename(file) },
        cause,
      },
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new GolemError("CONFIG_INVALID", `${path.basename(file)} is not JSON`, {
      hints: ["run the deploy script again to rewrite the file"],
      cause,
    });
  }
  const chainOf = (json as { chainId?: unknown } | null)?.chainId;
  if (chainOf !== chainId) {
    throw new GolemError(
      "CONFIG_INVALID",
      `${path.basename(file)} describes chain ${String(chainOf)}, not ${chainId}`,
    );
  }
  return json as WebConfigJson["deployment"];
}
