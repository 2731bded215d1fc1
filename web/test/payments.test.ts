import { parseDeployment } from "@vm-on-golem/sdk/deployments";
import {
  testDeploymentAddresses,
  testDeploymentJson,
} from "@vm-on-golem/sdk/test-support/test-deployment";
import { zeroAddress } from "viem";
import { describe, expect, it } from "vitest";
import { acceptedPayments, paymentAt, paymentOfRecord, paysWith } from "../src/lib/payments.ts";

const { tGlm, streamPayment, glmLike, glmLikePayment, native } = testDeploymentAddresses;
const deployment = parseDeployment(testDeploymentJson());

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
