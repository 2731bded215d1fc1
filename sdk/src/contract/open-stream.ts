import type { Address, Hash } from "viem";
import { readContract } from "viem/actions";
import { glmAbi } from "../abi/glm-abi.generated.ts";
import { golemErrorFromContractError } from "../errors/golem-error-from-contract-error.ts";
import type { StreamId } from "../stream/stream-id.ts";
import { createStream } from "./create-stream.ts";
import { createStreamWithDaiPermit } from "./create-stream-with-dai-permit.ts";
import { createStreamWithPermit } from "./create-stream-with-permit.ts";
import { detectPermitFlavour, type PermitFlavour } from "./detect-permit-flavour.ts";
import { type PaymentMethod, paymentMethod } from "./payment-method.ts";
import { readTokenAddress } from "./read-token-address.ts";
import type { StreamTerms } from "./stream-terms.ts";
import type { SigningClient } from "./wallet-client.ts";

/** Parameters of {@link openStream}. */
export type OpenStreamParameters = StreamTerms & {
  /** What `topUpFromBudget` may later pull into the stream (base units); default 0 (none). */
  topUpBudget?: bigint | undefined;
  /** The deployment's token; read from the contract when omitted. */
  token?: Address | undefined;
  /** The token's permit flavour when already known (e.g. from the quote); detected when omitted. */
  flavour?: PermitFlavour | undefined;
};

/** Result of {@link openStream}: the stream, its transaction, and how it was paid. */
export type OpenStreamReturnType = {
  streamId: StreamId;
  hash: Hash;
  /** The approve transaction of the two-transaction path, when one was needed. */
  approveHash: Hash | undefined;
  method: PaymentMethod;
};

/**
 * Opens a stream the way the deployment's token allows: an EIP-2612 permit or a DAI-style permit
 * (mainnet GLM) in one transaction, or approve + create (two transactions) on a token without a
 * permit. The flavour is read from the token ({@link detectPermitFlavour}) unless given.
 *
 * @example
 * const { streamId, method } = await openStream(wallet, { address, recipient, deposit, ratePerSecond, serviceId });
 */
export async function openStream(
  client: SigningClient,
  parameters: OpenStreamParameters,
): Promise<OpenStreamReturnType> {
  let token: Address;
  let flavour: PermitFlavour;
  try {
    token = parameters.token ?? (await readTokenAddress(client, parameters.address));
    flavour = parameters.flavour ?? (await detectPermitFlavour(client, { token }));
  } catch (err) {
    throw golemErrorFromContractError(err);
  }
  const args = { ...parameters, token };
  const method = paymentMethod(flavour);
  switch (flavour) {
    case "eip2612":
      return { ...(await createStreamWithPermit(client, args)), approveHash: undefined, method };
    case "dai": {
      // The allowance a DAI-style permit grants is unlimited and stays: once given, no signature
      // is needed again (createStream sends no approve when the allowance covers the deposit).
      const needed = parameters.deposit + (parameters.topUpBudget ?? 0n);
      if ((await allowanceOf(client, token, parameters.address)) >= needed) {
        return { ...(await createStream(client, args)), method };
      }
      return { ...(await createStreamWithDaiPermit(client, args)), approveHash: undefined, method };
    }
    case "none":
      return { ...(await createStream(client, args)), method };
  }
}

/** The client account's allowance of `token` to `spender`. */
async function allowanceOf(client: SigningClient, token: Address, spender: Address) {
  try {
    return await readContract(client, {
      address: token,
      abi: glmAbi,
      functionName: "allowance",
      args: [client.account.address, spender],
    });
  } catch (err) {
    throw golemErrorFromContractError(err);
  }
}
