/**
 * `@vm-on-golem/sdk/deployments`: where the contracts are on a chain (`deployments/<chainId>.json`
 * schema), the ABI hash check, and known block explorers. Runs in the browser too; reading the
 * files from disk is `@vm-on-golem/sdk/deployments/node`.
 *
 * @example
 * import { parseDeployment } from "@vm-on-golem/sdk/deployments";
 */
export { abiHash, assertDeploymentAbi } from "../deployments/abi-hash.ts";
export {
  type DappConfig,
  type DappConfigJson,
  dappConfigSchema,
} from "../deployments/dapp-config-schema.ts";
export {
  type Deployment,
  type DeploymentExplorer,
  type DeploymentJson,
  deploymentExplorerSchema,
  deploymentSchema,
  parseDeployment,
} from "../deployments/deployment-schema.ts";
export { knownExplorer } from "../deployments/known-explorer.ts";
export {
  everyStreamPayment,
  type PayKind,
  type PaymentDeployment,
  payKinds,
  paymentDeployment,
  paymentDeploymentAt,
  paymentDeployments,
  streamPaymentAt,
  streamPaymentNamed,
} from "../deployments/payment-deployment.ts";
export {
  isPaymentsNetworkName,
  paymentsNetworkLabel,
  paymentsNetworkNames,
  paymentsNetworks,
} from "../deployments/payments-networks.ts";
