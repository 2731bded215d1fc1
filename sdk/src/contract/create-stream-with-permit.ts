import type { Address, Hash } from "viem";
import { getBlock, simulateContract } from "viem/actions";
import { streamPaymentAbi } from "../abi/stream-payment-abi.generated.ts";
import { golemErrorFromContractError } from "../errors/golem-error-from-contract-error.ts";
import type { StreamId } from "../stream/stream-id.ts";
import { readTokenAddress } from "./read-token-address.ts";
import { signPermit } from "./sign-permit.ts";
import { streamIdFromReceipt } from "./stream-id-from-receipt.ts";
import type { StreamTerms } from "./stream-terms.ts";
import { waitForSuccess } from "./wait-for-success.ts";
import type { SigningClient } from "./wallet-client.ts";
import { writeWithGasMargin } from "./write-with-gas-margin.ts";

/** Parameters of {@link createStreamWithPermit}. */
export type CreateStreamWithPermitParameters = StreamTerms & {
  /** What `topUpFromBudget` may later pull into the stream (base units); default 0 (none). */
  topUpBudget?: bigint | undefined;
  /** The permit's deadline (unix seconds); default: 30 minutes after the latest block. */
  deadline?: bigint | undefined;
  /** The deployment's token; read from the contract when omitted. */
  token?: Address | undefined;
};

/** Result of {@link createStreamWithPermit}. */
export type CreateStreamWithPermitReturnType = { streamId: StreamId; hash: Hash };

/** Default permit lifetime: long enough to confirm in a wallet, short enough to be useless later. */
const permitLifetimeSeconds = 30n * 60n;

/**
 * Opens a stream with one signature and one transaction: signs an EIP-2612 permit for the
 * deposit with the client's account, then calls `createStreamWithPermit`.
 *
 * @example
 * const { streamId } = await createStreamWithPermit(wallet, { address, recipient, deposit, ratePerSecond, serviceId });
 */
export async function createStreamWithPermit(
  client: SigningClient,
  parameters: CreateStreamWithPermitParameters,
): Promise<CreateStreamWithPermitReturnType> {
  const { address, recipient, deposit, ratePerSecond, serviceId } = parameters;
  try {
    const token = parameters.token ?? (await readTokenAddress(client, address));
    // Chain time, not the local clock: a local chain may have been moved forward.
    const deadline =
      parameters.deadline ?? (await getBlock(client)).timestamp + permitLifetimeSeconds;
    const topUpBudget = parameters.topUpBudget ?? 0n;
    const permit = await signPermit(client, {
      token,
      spender: address,
      value: deposit + topUpBudget,
      deadline,
    });
    const { request } = await simulateContract(client, {
      address,
      abi: streamPaymentAbi,
      functionName: "createStreamWithPermit",
      args: [
        recipient,
        deposit,
        ratePerSecond,
        serviceId,
        topUpBudget,
        deadline,
        permit.v,
        permit.r,
        permit.s,
      ],
      account: client.account,
      chain: client.chain,
    });
    const hash = await writeWithGasMargin(client, request);
    const receipt = await waitForSuccess(client, hash);
    return { streamId: streamIdFromReceipt(receipt, address), hash };
  } catch (err) {
    throw golemErrorFromContractError(err);
  }
}
