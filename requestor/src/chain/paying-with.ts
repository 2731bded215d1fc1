import {
  type PayKind,
  type PaymentDeployment,
  paymentDeployment,
  paymentDeploymentAt,
} from "@vm-on-golem/sdk/deployments";
import { type Address, isAddress } from "viem";
import type { RequestorDb } from "../state/requestor-db.ts";
import type { ChainSession } from "./open-chain-session.ts";

/**
 * The session seen through one of its deployment's StreamPayments: `deployment.contracts`
 * names that contract (`StreamPayment`) and what it is paid in (`GLM`: the token, or the native
 * coin at the zero address with symbol ETH), so every command that pays, reads or formats
 * through `contracts` works on it unchanged. Throws `PAYMENT_NOT_DEPLOYED` for `eth` on a
 * deployment without StreamPaymentNative.
 *
 * @example
 * const session = payingWith(await openChainSession(config), "eth");
 */
export function payingWith(session: ChainSession, pay: PayKind): ChainSession {
  return viewThrough(session, paymentDeployment(session.deployment, pay));
}

/**
 * The session seen through the StreamPayment a stream was recorded on (`contract` of its row),
 * or unchanged when none was recorded or it is not one of the deployment's.
 *
 * @example
 * const session = payingOn(await openChainSession(config), row?.contract);
 */
export function payingOn(session: ChainSession, contract: Address | undefined): ChainSession {
  const payment = contract && paymentDeploymentAt(session.deployment, contract);
  return payment ? viewThrough(session, payment) : session;
}

function viewThrough(session: ChainSession, payment: PaymentDeployment): ChainSession {
  if (payment.pay === "glm") return session;
  return {
    ...session,
    deployment: {
      ...session.deployment,
      contracts: {
        StreamPayment: { address: payment.streamPayment, deployBlock: payment.deployBlock },
        GLM: {
          address: payment.token,
          deployBlock: null,
          symbol: payment.symbol,
          decimals: payment.decimals,
          faucet: false,
        },
      },
    },
  };
}

/**
 * The StreamPayment a stream was recorded on by `vm create` or `stream open`: the one row of
 * `chainId` with this stream id (and VM name, when given), or undefined when there is none or
 * the id alone matches streams on two contracts.
 *
 * @example
 * payingOn(session, recordedStreamContract(db, session.chainId, { streamId: "3", vmName: "web-1" }));
 */
export function recordedStreamContract(
  db: Pick<RequestorDb, "listStreams">,
  chainId: number,
  { streamId, vmName }: { streamId: string; vmName?: string | undefined },
): Address | undefined {
  const rows = db
    .listStreams(chainId)
    .filter((row) => row.streamId === streamId && (vmName === undefined || row.vmName === vmName));
  const [row, ...others] = rows;
  return row !== undefined && others.length === 0 && isAddress(row.contract)
    ? row.contract
    : undefined;
}
