import type { AcceptedDeployment } from "@vm-on-golem/sdk/advert";
import {
  type Deployment,
  everyStreamPayment,
  type PaymentDeployment,
  paymentDeployment,
  streamPaymentAt,
} from "@vm-on-golem/sdk/deployments";

/** The "Pay with" filter: the chain's native coin, a GLM-interface ERC-20, or either. */
export type PayWith = "any" | "eth" | "glm";

/**
 * The adverts the page takes: one per StreamPayment of the deployment (default ERC-20, siblings
 * on other tokens, StreamPaymentNative), each with its contract and token, so an advert naming
 * a contract or token of no deployment is refused.
 *
 * @example const accept = acceptedPayments(deployment); // [{ chainId, streamPayment, token }, …]
 */
export function acceptedPayments(deployment: Deployment): AcceptedDeployment[] {
  return everyStreamPayment(deployment).map((payment) => ({
    chainId: deployment.chainId,
    streamPayment: payment.streamPayment,
    token: payment.token,
  }));
}

/**
 * The StreamPayment of `deployment` at `address` (what an advert, a provider's info or a rented
 * VM's record names), or undefined when it is none of the deployment's.
 *
 * @example paymentAt(deployment, advert.streamPayment)?.symbol; // "ETH"
 */
export function paymentAt(
  deployment: Deployment,
  address: string | null | undefined,
): PaymentDeployment | undefined {
  return address ? streamPaymentAt(deployment, address) : undefined;
}

/**
 * The StreamPayment a rented VM's stream was opened on: the one its record names, else (records
 * written before the dapp paid in more than one coin) the deployment's default ERC-20 one.
 * Stream ids are per contract, so every read, top-up and termination goes through this.
 *
 * @example const { streamPayment, token } = paymentOfRecord(deployment, record);
 */
export function paymentOfRecord(
  deployment: Deployment,
  record: { streamPayment?: string | undefined },
): PaymentDeployment {
  return paymentAt(deployment, record.streamPayment) ?? paymentDeployment(deployment, "glm");
}

/**
 * True when a provider paid on `payment` passes the "Pay with" filter; a provider whose
 * StreamPayment is unknown (an added URL not read yet) passes only `any`.
 *
 * @example paysWith(paymentAt(deployment, row.streamPayment), "eth");
 */
export function paysWith(payment: PaymentDeployment | undefined, pay: PayWith): boolean {
  if (pay === "any") return true;
  if (!payment) return false;
  return pay === "eth" ? payment.native : !payment.native;
}
