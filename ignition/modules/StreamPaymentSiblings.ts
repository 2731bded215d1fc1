import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

/**
 * Local and test chains, after the StreamPayment module: the other ways users pay, each with its
 * own StreamPayment. TestGolemNetworkToken (mainnet GLM's interface: DAI-style permit) with a
 * StreamPayment paying in it, and StreamPaymentNative (the chain's native coin).
 *
 * @example npx hardhat ignition deploy ignition/modules/StreamPaymentSiblings.ts --network localhost
 */
export default buildModule("StreamPaymentSiblings", (m) => {
  const glmLike = m.contract("TestGolemNetworkToken");
  const streamPaymentGlmLike = m.contract("StreamPayment", [glmLike], {
    id: "StreamPaymentGlmLike",
  });
  const streamPaymentNative = m.contract("StreamPaymentNative");
  return { glmLike, streamPaymentGlmLike, streamPaymentNative };
});
