import { type Address, type Hex, parseSignature, type WalletClient } from "viem";

export type SignPermitParameters = {
  /** The token owner's wallet; its account signs. */
  wallet: WalletClient & { account: { address: Address } };
  token: { address: Address; name: string; chainId: number };
  spender: Address;
  /** Allowance to grant, in token base units. */
  value: bigint;
  /** The owner's current permit nonce (`nonces(owner)`). */
  nonce: bigint;
  /** Unix time (s) after which the permit is void. */
  deadline: bigint;
};

export type SignPermitReturnType = { v: number; r: Hex; s: Hex };

/** Signs an EIP-2612 permit (OpenZeppelin ERC20Permit domain: the token's name, version "1"). */
export async function signPermit({
  wallet,
  token,
  spender,
  value,
  nonce,
  deadline,
}: SignPermitParameters): Promise<SignPermitReturnType> {
  const signature = await wallet.signTypedData({
    account: wallet.account,
    domain: {
      name: token.name,
      version: "1",
      chainId: token.chainId,
      verifyingContract: token.address,
    },
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
    message: { owner: wallet.account.address, spender, value, nonce, deadline },
  });
  const { v, r, s, yParity } = parseSignature(signature);
  return { v: Number(v ?? BigInt(yParity + 27)), r, s };
}
