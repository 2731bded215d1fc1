import { type Address, zeroAddress } from "viem";
import { GolemError } from "../errors/golem-error.ts";
import type { Deployment } from "./deployment-schema.ts";

/** What a rental can be paid in: the deployment's default ERC-20 (GLM) or the chain's native coin. */
export const payKinds = ["glm", "eth"] as const;

/** `glm`: the deployment's default StreamPayment and its token; `eth`: StreamPaymentNative. */
export type PayKind = (typeof payKinds)[number];

/** One StreamPayment of a deployment and what its streams are paid in. */
export type PaymentDeployment = {
  pay: PayKind;
  /** The StreamPayment (or StreamPaymentNative) contract. */
  streamPayment: Address;
  /** Block it was deployed in: where event scans start. */
  deployBlock: bigint;
  /** The token streams are paid in; the zero address for the native coin. */
  token: Address;
  symbol: string;
  decimals: number;
  /** True for StreamPaymentNative: deposits and top-ups are the transaction's value. */
  native: boolean;
};

/**
 * The StreamPayment of `deployment` that takes `pay`: `glm` is the default one (`contracts`),
 * `eth` the StreamPaymentNative listed in `streamPayments`. Throws `PAYMENT_NOT_DEPLOYED` when
 * the deployment has no such contract.
 *
 * @example
 * const { streamPayment, native } = paymentDeployment(deployment, "eth");
 */
export function paymentDeployment(deployment: Deployment, pay: PayKind): PaymentDeployment {
  if (pay === "glm") {
    const { StreamPayment, GLM } = deployment.contracts;
    return {
      pay,
      streamPayment: StreamPayment.address,
      deployBlock: StreamPayment.deployBlock,
      token: GLM.address,
      symbol: GLM.symbol,
      decimals: GLM.decimals,
      native: false,
    };
  }
  const native = deployment.streamPayments?.find(
    (entry) => entry.contract === "StreamPaymentNative",
  );
  if (!native) {
    throw new GolemError(
      "PAYMENT_NOT_DEPLOYED",
      `the deployment of chain ${deployment.chainId} (${deployment.name}) has no StreamPaymentNative, so nothing can be paid in its native coin there`,
      {
        hints: [
          "pay in GLM (--pay glm), or deploy StreamPaymentNative on this chain (deploy script with --native)",
        ],
        details: { chainId: deployment.chainId, pay },
      },
    );
  }
  return {
    pay,
    streamPayment: native.address,
    deployBlock: native.deployBlock,
    token: zeroAddress,
    symbol: native.token.symbol,
    decimals: native.token.decimals,
    native: true,
  };
}

/**
 * Every StreamPayment of `deployment` a rental can be paid on, GLM first.
 *
 * @example paymentDeployments(deployment).map((p) => p.symbol); // ["tGLM", "ETH"]
 */
export function paymentDeployments(deployment: Deployment): PaymentDeployment[] {
  const all = [paymentDeployment(deployment, "glm")];
  if (deployment.streamPayments?.some((entry) => entry.contract === "StreamPaymentNative")) {
    all.push(paymentDeployment(deployment, "eth"));
  }
  return all;
}

/**
 * The payment `streamPayment` belongs to in `deployment`, or undefined when it is none of the
 * deployment's contracts the rental flow pays on.
 */
export function paymentDeploymentAt(
  deployment: Deployment,
  streamPayment: Address,
): PaymentDeployment | undefined {
  return paymentDeployments(deployment).find(
    (entry) => entry.streamPayment.toLowerCase() === streamPayment.toLowerCase(),
  );
}
