import { type DeploymentJson, parseDeployment } from "@vm-on-golem/sdk/deployments";
import { zeroAddress } from "viem";
import { describe, expect, it } from "vitest";
import { acceptedPayments, paymentAt, paymentOfRecord, paysWith } from "../src/lib/payments.ts";

const tGlm = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
const streamPayment = "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512";
const glmLike = "0xCf7Ed3AccA5a467e9e704C703E8D87F634fB0Fc9";
const glmLikePayment = "0xDc64a140Aa3E981100a9becA4E685f962f0cF6C9";
const native = "0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0";
const abiHash = `0x${"ab".repeat(32)}` as const;
const token = (address: string, symbol: string) => ({
  address,
  deployBlock: address === zeroAddress ? null : 1,
  symbol,
  decimals: 18,
  faucet: address !== zeroAddress,
});
const json: DeploymentJson = {
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
const deployment = parseDeployment(json);

describe("web: what a provider is paid in", () => {
  it("takes adverts naming any StreamPayment of the deployment, each with its own token", () => {
    expect(acceptedPayments(deployment)).toEqual([
      { chainId: 31337, streamPayment, token: tGlm },
      { chainId: 31337, streamPayment: glmLikePayment, token: glmLike },
      { chainId: 31337, streamPayment: native, token: zeroAddress },
    ]);
  });

  it("finds a row's StreamPayment by address; one of no deployment is unknown", () => {
    expect(paymentAt(deployment, native.toLowerCase())?.symbol).toBe("ETH");
    expect(paymentAt(deployment, glmLikePayment)?.token).toBe(glmLike);
    expect(paymentAt(deployment, tGlm)).toBeUndefined();
    expect(paymentAt(deployment, null)).toBeUndefined();
  });

  it("a rented VM's stream is read and paid on the contract its record names, old records on the default", () => {
    expect(paymentOfRecord(deployment, { streamPayment: native })).toMatchObject({
      streamPayment: native,
      token: zeroAddress,
      native: true,
    });
    expect(paymentOfRecord(deployment, {}).streamPayment).toBe(streamPayment);
  });

  it("the Pay with filter: ETH only native, GLM only tokens, unknown only with any", () => {
    const eth = paymentAt(deployment, native);
    const glm = paymentAt(deployment, glmLikePayment);
    expect([paysWith(eth, "eth"), paysWith(eth, "glm"), paysWith(eth, "any")]).toEqual([
      true,
      false,
      true,
    ]);
    expect([paysWith(glm, "eth"), paysWith(glm, "glm"), paysWith(glm, "any")]).toEqual([
      false,
      true,
      true,
    ]);
    expect([paysWith(undefined, "eth"), paysWith(undefined, "any")]).toEqual([false, true]);
  });
});
