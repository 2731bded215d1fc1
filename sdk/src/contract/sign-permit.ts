import { type Address, type Client, type Hex, parseAbi, parseSignature } from "viem";
import { getChainId, readContract, signTypedData } from "viem/actions";
import { glmAbi } from "../abi/glm-abi.generated.ts";
import { golemErrorFromContractError } from "../errors/golem-error-from-contract-error.ts";
import type { SigningClient } from "./wallet-client.ts";

/** Parameters of {@link signPermit}. */
export type SignPermitParameters = {
  /** The EIP-2612 token. */
  token: Address;
  /** Who may pull the tokens (the StreamPayment contract). */
  spender: Address;
  /** Base units allowed. */
  value: bigint;
  /** Unix seconds after which the permit is void. */
  deadline: bigint;
};

/** An EIP-2612 permit signature, split as `permit(…, v, r, s)` takes it. */
export type SignPermitReturnType = { deadline: bigint; nonce: bigint; v: number; r: Hex; s: Hex };

/** The EIP-712 domain of a token: from EIP-5267 `eip712Domain()`, else `name()` and `version()`. */
export async function readPermitDomain(client: Client, token: Address) {
  try {
    const [, name, version, chainId, verifyingContract] = await readContract(client, {
      address: token,
      abi: glmAbi,
      functionName: "eip712Domain",
    });
    return { name, version, chainId, verifyingContract };
  } catch {
    // Tokens older than EIP-5267 (e.g. GLM on mainnet) expose name() and, often, version().
    const legacy = parseAbi([
      "function name() view returns (string)",
      "function version() view returns (string)",
    ]);
    const [name, version, chainId] = await Promise.all([
      readContract(client, { address: token, abi: legacy, functionName: "name" }),
      readContract(client, { address: token, abi: legacy, functionName: "version" }).catch(
        () => "1",
      ),
      getChainId(client),
    ]);
    return { name, version, chainId: BigInt(chainId), verifyingContract: token };
  }
}

/**
 * Signs an EIP-2612 permit with the client's account, reading the token's domain and the
 * account's current nonce. No transaction is sent.
 *
 * @example
 * const permit = await signPermit(wallet, { token, spender, value: deposit, deadline });
 */
export async function signPermit(
  client: SigningClient,
  { token, spender, value, deadline }: SignPermitParameters,
): Promise<SignPermitReturnType> {
  const owner = client.account.address;
  try {
    const [domain, nonce] = await Promise.all([
      readPermitDomain(client, token),
      readContract(client, { address: token, abi: glmAbi, functionName: "nonces", args: [owner] }),
    ]);
    const signature = await signTypedData(client, {
      account: client.account,
      domain,
      types: {
        Permit: [
          { name: "owner", type: "address" },
          { name: "spender", type: "address" },
          { name: "value", type: "uint256" },
          { name: "nonce", type: "uint256" },
          { name: "deadline", type: "uint256" },
        ],
      },
      primaryType: "Permit",
      message: { owner, spender, value, nonce, deadline },
    });
    const { r, s, v, yParity } = parseSignature(signature);
    return { deadline, nonce, v: v === undefined ? 27 + yParity : Number(v), r, s };
  } catch (err) {
    throw golemErrorFromContractError(err);
  }
}
