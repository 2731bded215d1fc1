import type { Hash } from "viem";
import { getBlock, simulateContract } from "viem/actions";
import { streamPaymentAbi } from "../abi/stream-payment-abi.generated.ts";
import { golemErrorFromContractError } from "../errors/golem-error-from-contract-error.ts";
import type { StreamId } from "../stream/stream-id.ts";
import type { CreateStreamWithPermitParameters } from "./create-stream-with-permit.ts";
import { readTokenAddress } from "./read-token-address.ts";
import { signDaiPermit } from "./sign-dai-permit.ts";
import { streamIdFromReceipt } from "./stream-id-from-receipt.ts";
import { waitForSuccess } from "./wait-for-success.ts";
import type { SigningClient } from "./wallet-client.ts";
import { writeWithGasMargin } from "./write-with-gas-margin.ts";

/** Parameters of {@link createStreamWithDaiPermit}. */
export type CreateStreamWithDaiPermitParameters = Omit<
  CreateStreamWithPermitParameters,
  "deadline"
> & {
  /** The permit's expiry (unix seconds); default: 30 minutes after the latest block. */
  expiry?: bigint | undefined;
};

/** Result of {@link createStreamWithDaiPermit}. */
export type CreateStreamWithDaiPermitReturnType = { streamId: StreamId; hash: Hash };

const permitLifetimeSeconds = 30n * 60n;

/**
 * Opens a stream with one signature and one transaction on a token with a DAI-style permit
 * (mainnet GLM): signs the permit (an unlimited allowance for StreamPayment), then calls
 * `createStreamWithDaiPermit`. The allowance stays unlimited afterwards; StreamPayment pulls only
 * in the holder's own calls and within the budgets the holder sets.
 *
 * @example
 * const { streamId } = await createStreamWithDaiPermit(wallet, { address, recipient, deposit, ratePerSecond, serviceId });
 */
export async function createStreamWithDaiPermit(
  client: SigningClient,
  parameters: CreateStreamWithDaiPermitParameters,
): Promise<CreateStreamWithDaiPermitReturnType> {
  const { address, recipient, deposit, ratePerSecond, serviceId } = parameters;
  try {
    const token = parameters.token ?? (await readTokenAddress(client, address));
    const expiry = parameters.expiry ?? (await getBlock(client)).timestamp + permitLifetimeSeconds;
    const permit = await signDaiPermit(client, { token, spender: address, expiry });
    const { request } = await simulateContract(client, {
      address,
      abi: streamPaymentAbi,
      functionName: "createStreamWithDaiPermit",
      args: [
        recipient,
        deposit,
        ratePerSecond,
        serviceId,
        parameters.topUpBudget ?? 0n,
        permit.nonce,
        permit.expiry,
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
