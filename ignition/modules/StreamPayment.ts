import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

/**
 * Local and test chains: deploys TestGLM (tGLM with a faucet), then StreamPayment paying in it.
 *
 * @example npx hardhat ignition deploy ignition/modules/StreamPayment.ts --network localhost
 */
export default buildModule("StreamPayment", (m) => {
  const glm = m.contract("TestGLM");
  const streamPayment = m.contract("StreamPayment", [glm]);
  return { glm, streamPayment };
});
