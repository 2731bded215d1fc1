import { type Address, type Hex, parseAbi, parseSignature } from "viem";
import { readContract, signTypedData } from "viem/actions";
import { golemErrorFromContractError } from "../errors/golem-error-from-contract-error.ts";
import { readPermitDomain } from "./sign-permit.ts";
import type { SigningClient } from "./wallet-client.ts";

/** Parameters of {@link signDaiPermit}. */
export type SignDaiPermitParameters = {
  /** The token with a DAI-style permit (mainnet GLM). */
  token: Address;
  /** Who may pull the tokens (the StreamPayment contract). */
  spender: Address;
  /** Unix seconds after which the permit is void (0: never; avoid). */
  expiry: bigint;
};

/** A DAI-style permit signature (`allowed = true`), split as `permit(…, v, r, s)` takes it. */
export type SignDaiPermitReturnType = { nonce: bigint; expiry: bigint; v: number; r: Hex; s: Hex };

const daiPermitAbi = parseAbi(["function nonces(address holder) view returns (uint256)"]);

/**
 * Signs a DAI-style permit (`Permit(address holder,address spender,uint256 nonce,uint256
 * expiry,bool allowed)`, `allowed = true`) with the client's account, reading the token's domain
 * and the holder's nonce. It grants `spender` an unlimited allowance once submitted. No
 * transaction is sent.
 *
 * @example
 * const permit = await signDaiPermit(wallet, { token, spender: streamPayment, expiry });
 */
export async function signDaiPermit(
  client: SigningClient,
  { token, spender, expiry }: SignDaiPermitParameters,
): Promise<SignDaiPermitReturnType> {
  const holder = client.account.address;
  try {
    const [domain, nonce] = await Promise.all([
      readPermitDomain(client, token),
      readContract(client, {
        address: token,
        abi: daiPermitAbi,
        functionName: "nonces",
        args: [holder],
      }),
    ]);
    const signature = await signTypedData(client, {
      account: client.account,
      domain,
      types: {
        Permit: [
          { name: "holder", type: "address" },
          { name: "spender", type: "address" },
          { name: "nonce", type: "uint256" },
          { name: "expiry", type: "uint256" },
          { name: "allowed", type: "bool" },
        ],
      },
      primaryType: "Permit",
      message: { holder, spender, nonce, expiry, allowed: true },
    });
    const { r, s, v, yParity } = parseSignature(signature);
    return { nonce, expiry, v: v === undefined ? 27 + yParity : Number(v), r, s };
  } catch (err) {
    throw golemErrorFromContractError(err);
  }
}
