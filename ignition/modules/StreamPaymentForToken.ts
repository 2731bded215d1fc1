import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

/**
 * Public chains: deploys StreamPayment paying in an existing token (GLM), given as the `token` parameter.
 *
 * @example npx hardhat ignition deploy ignition/modules/StreamPaymentForToken.ts --network sepolia --parameters '{"StreamPaymentForToken":{"token":"0x…"}}'
 */
export default buildModule("StreamPaymentForToken", (m) => {
  const token = m.getParameter<string>("token");
  const streamPayment = m.contract("StreamPayment", [token]);
  return { streamPayment };
});
