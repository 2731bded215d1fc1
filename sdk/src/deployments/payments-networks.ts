/**
 * The payments networks `--network` names, in both CLIs (`golem` and `golem-provider`) and in
 * the dapp: a name per chain id a StreamPayment deployment may live on. `--network` always
 * means this: the chain streams are paid on.
 *
 * @example paymentsNetworks.sepolia; // 11155111
 */
export const paymentsNetworks = {
  local: 31337,
  sepolia: 11155111,
  holesky: 17000,
  mainnet: 1,
  polygon: 137,
  amoy: 80002,
} as const;

/** A named payments network, e.g. `"sepolia"`. */
export type PaymentsNetworkName = keyof typeof paymentsNetworks;

/** Every name `--network` takes, in order. */
export const paymentsNetworkNames = Object.keys(paymentsNetworks) as [
  PaymentsNetworkName,
  ...PaymentsNetworkName[],
];

/** True when `name` is a payments network name (case as given). */
export function isPaymentsNetworkName(name: string): name is PaymentsNetworkName {
  return Object.hasOwn(paymentsNetworks, name);
}

/**
 * The name of a payments network as `--network` spells it, else `chain <id>`.
 *
 * @example
 * paymentsNetworkLabel(11155111); // "sepolia"
 * paymentsNetworkLabel(424242); // "chain 424242"
 */
export function paymentsNetworkLabel(chainId: number): string {
  const named = Object.entries(paymentsNetworks).find(([, id]) => id === chainId);
  return named ? named[0] : `chain ${chainId}`;
}
