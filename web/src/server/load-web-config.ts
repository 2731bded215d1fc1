import { readFile } from "node:fs/promises";
import path from "node:path";
import { checkBrowserPeer } from "@vm-on-golem/sdk/advert";
import { parseDeployment } from "@vm-on-golem/sdk/deployments";
import { GolemError, golemErrorFromContractError } from "@vm-on-golem/sdk/errors";
import { devChainId } from "../lib/dev-faucet-limits.ts";
import type { WebConfigResult } from "../lib/web-config";
import { gasHelpFor } from "./gas-help.ts";

/**
 * The dapp's settings, from the environment:
 * - `GOLEM_CHAIN_ID` (default 31337, the local chain)
 * - `GOLEM_RPC_URL` (default http://127.0.0.1:8545)
 * - `GOLEM_DEPLOYMENTS_DIR` (default the repository's `deployments/`)
 * - `GOLEM_EXPLORER_URL` (optional)
 * - `NEXT_PUBLIC_WALLETCONNECT_PROJECT_ID` (optional)
 * - `GOLEM_BOOTSTRAP_API_URLS` (optional, comma-separated provider API URLs serving adverts)
 * - `GOLEM_BOOTSTRAP_PEERS` (optional, comma-separated libp2p WebRTC-direct multiaddrs; `ws` on loopback for development)
 * - `GOLEM_GAS_HELP` (optional: where to get gas on this chain; default from {@link gasHelpFor})
 */
export async function loadWebConfig(env = process.env): Promise<WebConfigResult> {
  try {
    const chainIdText = env.GOLEM_CHAIN_ID ?? "31337";
    const chainId = Number(chainIdText);
    if (!Number.isSafeInteger(chainId) || chainId <= 0) {
      throw new GolemError("CONFIG_INVALID", `GOLEM_CHAIN_ID=${chainIdText} is not a chain id`, {
        hints: ["set GOLEM_CHAIN_ID to a positive integer, e.g. 31337"],
        details: { field: "GOLEM_CHAIN_ID", value: chainIdText },
      });
    }
    const dir = env.GOLEM_DEPLOYMENTS_DIR ?? path.resolve(process.cwd(), "..", "deployments");
    const deployment = await readDeployment(dir, chainId);
    const { StreamPayment, GLM } = deployment.contracts;
    return {
      ok: true,
      config: {
        chainId,
        rpcUrl: env.GOLEM_RPC_URL ?? "http://127.0.0.1:8545",
        explorerUrl: env.GOLEM_EXPLORER_URL || undefined,
        walletConnectProjectId: env.NEXT_PUBLIC_WALLETCONNECT_PROJECT_ID || undefined,
        bootstrapPeers: parsePeerList(env.GOLEM_BOOTSTRAP_PEERS ?? ""),
        bootstrapApiUrls: parseUrlList(
          env.GOLEM_BOOTSTRAP_API_URLS ?? "",
          "GOLEM_BOOTSTRAP_API_URLS",
        ),
        devFaucet: chainId === devChainId,
        gasHelp: gasHelpFor(chainId, env.GOLEM_GAS_HELP),
        deployment: {
          ...deployment,
          contracts: {
            StreamPayment: { ...StreamPayment, deployBlock: StreamPayment.deployBlock.toString() },
            GLM: { ...GLM, deployBlock: GLM.deployBlock?.toString() ?? null },
          },
          streamPayments: deployment.streamPayments?.map((entry) => ({
            ...entry,
            deployBlock: entry.deployBlock.toString(),
            token: { ...entry.token, deployBlock: entry.token.deployBlock?.toString() ?? null },
          })),
        },
      },
    };
  } catch (err) {
    const { error } = golemErrorFromContractError(err).toJSON();
    return { ok: false, error };
  }
}

/**
 * A comma-separated list of http(s) URLs (trailing slashes dropped).
 *
 * @example
 * parseUrlList("http://a:7466/, https://b", "GOLEM_BOOTSTRAP_API_URLS"); // ["http://a:7466", "https://b"]
 */
export function parseUrlList(text: string, field: string): string[] {
  const urls = text
    .split(",")
    .map((part) => part.trim())
    .filter((part) => part !== "");
  for (const url of urls) {
    if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) {
      throw new GolemError("CONFIG_INVALID", `${field} has ${url}, which is not an http(s) URL`, {
        hints: [`set ${field} to comma-separated URLs such as http://127.0.0.1:7466`],
        details: { field, value: url },
      });
    }
  }
  return urls.map((url) => url.replace(/\/+$/, ""));
}

/**
 * Comma-separated multiaddrs a page on an https origin can dial, with the peer id: WebRTC-direct
 * with its certhash (or wss); plain ws only on loopback (sdk `checkBrowserPeer`).
 *
 * @example
 * parsePeerList("/ip4/203.0.113.7/udp/7469/webrtc-direct/certhash/uEi…/p2p/12D3KooW…");
 */
export function parsePeerList(text: string): string[] {
  const peers = text
    .split(",")
    .map((part) => part.trim())
    .filter((part) => part !== "");
  for (const peer of peers) {
    const why = checkBrowserPeer(peer);
    if (why !== undefined) {
      throw new GolemError(
        "CONFIG_INVALID",
        `GOLEM_BOOTSTRAP_PEERS has ${peer}, which a browser cannot use: ${why}`,
        {
          hints: [
            "use a provider's or bootstrap node's webrtc-direct address, e.g. /ip4/203.0.113.7/udp/7469/webrtc-direct/certhash/uEi…/p2p/12D3Koo… (its advert lists it)",
          ],
          details: { field: "GOLEM_BOOTSTRAP_PEERS", value: peer },
        },
      );
    }
  }
  return peers;
}

/** `<dir>/<chainId>.json`, validated (the sdk's `loadDeployment` resolves its default folder from
 * its own URL, which a bundler cannot follow). */
async function readDeployment(dir: string, chainId: number) {
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
          chainId === 31337
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
  const deployment = parseDeployment(json, path.basename(file));
  if (deployment.chainId !== chainId) {
    throw new GolemError(
      "CONFIG_INVALID",
      `${path.basename(file)} describes chain ${deployment.chainId}, not ${chainId}`,
    );
  }
  return deployment;
}
