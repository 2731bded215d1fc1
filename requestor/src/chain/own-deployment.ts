import type { Address } from "viem";
import type { ChainSession } from "./open-chain-session.ts";

/** The deployment this CLI pays through: its chain, StreamPayment and token. */
export type OwnDeployment = { chainId: number; streamPayment: Address; token: Address };

/**
 * The session's deployment in the shape adverts, offers and the rent flow name one.
 *
 * @example
 * const own = ownDeployment(session); // { chainId: 31337, streamPayment: "0x…", token: "0x…" }
 */
export function ownDeployment(
  session: Pick<ChainSession, "chainId" | "deployment">,
): OwnDeployment {
  const { StreamPayment, GLM } = session.deployment.contracts;
  return { chainId: session.chainId, streamPayment: StreamPayment.address, token: GLM.address };
}
