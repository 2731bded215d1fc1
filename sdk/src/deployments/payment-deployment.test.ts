import { zeroAddress } from "viem";
import { describe, expect, test } from "vitest";
import { testDeploymentJson } from "../../test-support/test-deployment.ts";
import { streamPaymentAbi } from "../abi/stream-payment-abi.generated.ts";
import { golemRejection } from "../errors/golem-rejection.ts";
import { abiHash } from "./abi-hash.ts";
import { type DeploymentJson, parseDeployment } from "./deployment-schema.ts";
import {
  everyStreamPayment,
  paymentDeployment,
  paymentDeploymentAt,
  paymentDeployments,
  streamPaymentAt,
  streamPaymentNamed,
} from "./payment-deployment.ts";

const glm = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
const streamPayment = "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512";
const native = "0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0";
const glmLike = "0xCf7Ed3AccA5a467e9e704C703E8D87F634fB0Fc9";
const glmLikePayment = "0xDc64a140Aa3E981100a9becA4E685f962f0cF6C9";
const hash = abiHash(streamPaymentAbi);

const base: DeploymentJson = {
  chainId: 31337,
  name: "hardhat",
  contracts: {
    StreamPayment: { address: streamPayment, deployBlock: 2 },
    GLM: { address: glm, deployBlock: 1, symbol: "tGLM", decimals: 18, faucet: true },
  },
  abiHash: hash,
  deployedAt: "2026-11-23T14:00:00.000Z",
};

const withNative = parseDeployment({
  ...base,
  streamPayments: [
    {
      address: streamPayment,
      deployBlock: 2,
      token: { address: glm, deployBlock: 1, symbol: "tGLM", decimals: 18, faucet: true },
      contract: "StreamPayment",
      abiHash: hash,
    },
    {
      address: native,
      deployBlock: 5,
      token: {
        address: zeroAddress,
        deployBlock: null,
        symbol: "ETH",
        decimals: 18,
        faucet: false,
      },
      contract: "StreamPaymentNative",
      abiHash: hash,
    },
  ],
});

describe("paymentDeployment", () => {
  test("glm is the default StreamPayment and its token", () => {
    expect(paymentDeployment(withNative, "glm")).toEqual({
      pay: "glm",
      streamPayment,
      deployBlock: 2n,
      token: glm,
      symbol: "tGLM",
      decimals: 18,
      native: false,
    });
  });

  test("eth is StreamPaymentNative with the zero token", () => {
    expect(paymentDeployment(withNative, "eth")).toEqual({
      pay: "eth",
      streamPayment: native,
      deployBlock: 5n,
      token: zeroAddress,
      symbol: "ETH",
      decimals: 18,
      native: true,
    });
    expect(paymentDeployments(withNative).map((p) => p.symbol)).toEqual(["tGLM", "ETH"]);
    expect(paymentDeploymentAt(withNative, native.toLowerCase() as `0x${string}`)?.pay).toBe("eth");
    expect(paymentDeploymentAt(withNative, glm)).toBeUndefined();
  });

  test("eth on a deployment without StreamPaymentNative is PAYMENT_NOT_DEPLOYED", async () => {
    const old = parseDeployment(base);
    const error = await golemRejection(Promise.resolve().then(() => paymentDeployment(old, "eth")));
    expect(error.code).toBe("PAYMENT_NOT_DEPLOYED");
    expect(error.hints[0]).toContain("--pay glm");
    expect(paymentDeployments(old).map((p) => p.pay)).toEqual(["glm"]);
  });
});

describe("everyStreamPayment, streamPaymentAt and streamPaymentNamed", () => {
  // The default tGLM one, one on the GLM-interface token and StreamPaymentNative.
  const withGlmLike = parseDeployment(testDeploymentJson());

  test("lists every StreamPayment with its token, the default first, native as the zero token", () => {
    expect(everyStreamPayment(withGlmLike).map((p) => [p.symbol, p.token, p.native])).toEqual([
      ["tGLM", glm, false],
      ["GLM", glmLike, false],
      ["ETH", zeroAddress, true],
    ]);
    expect(everyStreamPayment(parseDeployment(base)).map((p) => p.streamPayment)).toEqual([
      streamPayment,
    ]);
  });

  test("finds one by address in any case; another address is PAYMENT_NOT_DEPLOYED naming the listed ones", async () => {
    expect(streamPaymentNamed(withGlmLike, glmLikePayment.toLowerCase() as `0x${string}`)).toEqual({
      pay: "glm",
      streamPayment: glmLikePayment,
      deployBlock: 4n,
      token: glmLike,
      symbol: "GLM",
      decimals: 18,
      native: false,
    });
    expect(streamPaymentAt(withGlmLike, native.toLowerCase())?.symbol).toBe("ETH");
    expect(streamPaymentAt(withGlmLike, glm)).toBeUndefined();
    const error = await golemRejection(
      Promise.resolve().then(() => streamPaymentNamed(withGlmLike, glm)),
    );
    expect(error.code).toBe("PAYMENT_NOT_DEPLOYED");
    expect(error.message).toContain(glm);
    expect(error.hints[0]).toContain(`${glmLikePayment} (GLM)`);
    expect(error.hints[0]).toContain("payments.streamPayment");
  });
});
