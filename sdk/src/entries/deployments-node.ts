/**
 * `@vm-on-golem/sdk/deployments/node` (Node.js only): reads `<dir>/<chainId>.json` from disk;
 * by default the public deployments shipped with this package.
 *
 * @example
 * import { loadDeployment } from "@vm-on-golem/sdk/deployments/node";
 * const deployment = await loadDeployment(31337, { dir: "deployments" });
 */
export {
  type LoadDeploymentOptions,
  loadDeployment,
  localChainId,
} from "../deployments/load-deployment.ts";
