import { zeroAddress } from "viem";
import type { DeploymentJson } from "../src/deployments/deployment-schema.ts";

/** Addresses of {@link testDeploymentJson}: the local chain's deploy order (Hardhat's first account). */
export const testDeploymentAddresses = {
  /** The default ERC-20 (tGLM, EIP-2612) and its StreamPayment. */
  tGlm: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
  streamPayment: "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512",
  /** The GLM-interface token (DAI-style permit) and its StreamPayment. */
  glmLike: "0xCf7Ed3AccA5a467e9e704C703E8D87F634fB0Fc9",
  glmLikePayment: "0xDc64a140Aa3E981100a9becA4E685f962f0cF6C9",
  /** StreamPaymentNative. */
  native: "0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0",
} as const;

const abiHash = `0x${"ab".repeat(32)}` as const;

const token = (address: string, symbol: string) => ({
  address,
  deployBlock: address === zeroAddress ? null : 1,
  symbol,
  decimals: 18,
  faucet: address !== zeroAddress,
});

/**
 * A deployment file as the deploy script writes it for a local chain with three StreamPayments:
 * the default tGLM one, one on the GLM-interface token and StreamPaymentNative. No chain behind it.
 *
 * @example const deployment = parseDeployment(testDeploymentJson());
 */
export function testDeploymentJson(): DeploymentJson {
  const { tGlm, streamPayment, glmLike, glmLikePayment, native } = testDeploymentAddresses;
  return {
    chainId: 31337,
    name: "localhost",
    contracts: {
      StreamPayment: { address: streamPayment, deployBlock: 2 },
      GLM: token(tGlm, "tGLM"),
    },
    abiHash,
    streamPayments: [
      {
        address: streamPayment,
        deployBlock: 2,
        token: token(tGlm, "tGLM"),
        contract: "StreamPayment",
        abiHash,
      },
      {
        address: glmLikePayment,
        deployBlock: 4,
        token: token(glmLike, "GLM"),
        contract: "StreamPayment",
        abiHash,
      },
      {
        address: native,
        deployBlock: 5,
        token: token(zeroAddress, "ETH"),
        contract: "StreamPaymentNative",
        abiHash,
      },
    ],
    deployedAt: "2026-12-07T12:00:00.000Z",
  };
}
