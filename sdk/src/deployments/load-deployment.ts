import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { GolemError } from "../errors/golem-error.ts";
import { type Deployment, parseDeployment } from "./deployment-schema.ts";

/** Options of {@link loadDeployment}. */
export type LoadDeploymentOptions = {
  /**
   * Folder holding `<chainId>.json`; defaults to the repository's `deployments/` when running
   * from source, and to the public deployments packed with the installed package otherwise.
   */
  dir?: string | URL | undefined;
};

/** The chain id of Hardhat's and anvil's local chain. */
export const localChainId = 31337;

// From source (sdk/src/deployments/) the repository's deployments/; built (dist/deployments/)
// the deployments/ that npm pack copies beside dist/ (scripts/lib/build-package.ts).
const defaultDir = new URL(
  import.meta.url.endsWith(".ts") ? "../../../deployments/" : "../../deployments/",
  import.meta.url,
);

/**
 * Reads and validates `deployments/<chainId>.json` (Node only; the browser uses `parseDeployment`).
 * Missing → `DEPLOYMENT_NOT_FOUND`; malformed or for another chain → `CONFIG_INVALID`.
 *
 * @example
 * const deployment = await loadDeployment(31337);
 * deployment.contracts.StreamPayment.address;
 */
export async function loadDeployment(
  chainId: number,
  options: LoadDeploymentOptions = {},
): Promise<Deployment> {
  const dir = options.dir ?? defaultDir;
  const path = join(dir instanceof URL ? fileURLToPath(dir) : dir, `${chainId}.json`);
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code !== "ENOENT") throw cause;
    throw new GolemError(
      "DEPLOYMENT_NOT_FOUND",
      `no deployment of the contracts on chain ${chainId}`,
      {
        hints:
          chainId === localChainId
            ? ["run `./dev chain` to start a local chain with the contracts deployed"]
            : [
                `add deployments/${chainId}.json (\`./dev deploy\` writes it), or pick another chain`,
              ],
        details: { chainId, path },
        cause,
      },
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new GolemError("CONFIG_INVALID", `${path} is not JSON`, {
      hints: ["run the deploy script again to rewrite the file"],
      details: { path },
      cause,
    });
  }
  const deployment = parseDeployment(json, path);
  if (deployment.chainId !== chainId) {
    throw new GolemError(
      "CONFIG_INVALID",
      `${path} describes chain ${deployment.chainId}, not ${chainId}`,
      {
        hints: [`rename the file to ${deployment.chainId}.json or fix its chainId`],
        details: { path, chainId, fileChainId: deployment.chainId },
      },
    );
  }
  return deployment;
}
