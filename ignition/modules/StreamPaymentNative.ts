import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

/**
 * Public chains: deploys StreamPaymentNative, streams paid in the chain's native coin (ETH).
 *
 * @example npx hardhat ignition deploy ignition/modules/StreamPaymentNative.ts --network sepolia
 */
export default buildModule("StreamPaymentNative", (m) => {
  const streamPaymentNative = m.contract("StreamPaymentNative");
  return { streamPaymentNative };
});
