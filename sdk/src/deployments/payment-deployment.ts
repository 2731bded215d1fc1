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
  return listedPayment(native);
}

/** One entry of the deployment's `streamPayments` as a payment: native for StreamPaymentNative. */
function listedPayment(
  entry: NonNullable<Deployment["streamPayments"]>[number],
): PaymentDeployment {
  const native = entry.contract === "StreamPaymentNative";
  return {
    pay: native ? "eth" : "glm",
    streamPayment: entry.address,
    deployBlock: entry.deployBlock,
    token: native ? zeroAddress : entry.token.address,
    symbol: entry.token.symbol,
    decimals: entry.token.decimals,
    native,
  };
}

/** The payment of `payments` on the StreamPayment at `address` (any case), if one is. */
function paymentOn(payments: PaymentDeployment[], address: string): PaymentDeployment | undefined {
  const wanted = address.toLowerCase();
  return payments.find((entry) => entry.streamPayment.toLowerCase() === wanted);
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
  return paymentOn(paymentDeployments(deployment), streamPayment);
}

/**
 * Every StreamPayment the deployment lists, each with what it is paid in, the default one first:
 * besides the default ERC-20 one and StreamPaymentNative also siblings on other tokens (the local
 * chain's TestGolemNetworkToken one). An ERC-20 sibling counts as `glm` (its token speaks GLM's
 * interface or another ERC-20's), the native one as `eth`.
 *
 * @example everyStreamPayment(deployment).map((p) => p.symbol); // ["tGLM", "GLM", "ETH"]
 */
export function everyStreamPayment(deployment: Deployment): PaymentDeployment[] {
  const listed = deployment.streamPayments;
  if (!listed || listed.length === 0) return [paymentDeployment(deployment, "glm")];
  return listed.map(listedPayment);
}

/**
 * The StreamPayment at `address` among every one the deployment lists ({@link everyStreamPayment}),
 * or undefined when it is none of them (what an advert, a provider's info or a VM's record names).
 *
 * @example streamPaymentAt(deployment, advert.streamPayment)?.symbol; // "ETH"
 */
export function streamPaymentAt(
  deployment: Deployment,
  address: string,
): PaymentDeployment | undefined {
  return paymentOn(everyStreamPayment(deployment), address);
}

/**
 * The StreamPayment at `streamPayment` among every one the deployment lists
 * ({@link everyStreamPayment}). Throws `PAYMENT_NOT_DEPLOYED` naming the ones it has when the
 * address is none of them (a provider configured for a contract of another deployment).
 *
 * @example const { token, symbol } = streamPaymentNamed(deployment, "0x9fE4…");
 */
export function streamPaymentNamed(
  deployment: Deployment,
  streamPayment: Address,
): PaymentDeployment {
  const found = streamPaymentAt(deployment, streamPayment);
  if (found) return found;
  const listed = everyStreamPayment(deployment)
    .map((entry) => `${entry.streamPayment} (${entry.symbol})`)
    .join(", ");
  throw new GolemError(
    "PAYMENT_NOT_DEPLOYED",
    `StreamPayment ${streamPayment} is not one of the deployment of chain ${deployment.chainId} (${deployment.name})`,
    {
      hints: [
        `set payments.streamPayment to one of ${listed}, or leave it empty to pay on the one of payments.pay`,
      ],
      details: { chainId: deployment.chainId, streamPayment },
    },
  );
}
