import {
  type Address,
  BaseError,
  type Client,
  encodeFunctionData,
  type Hex,
  keccak256,
  maxUint256,
  parseAbi,
  toHex,
  zeroAddress,
} from "viem";
import { call, getCode, readContract } from "viem/actions";

/**
 * How a token lets a holder approve with a signature:
 * - `eip2612`: `permit(owner, spender, value, deadline, v, r, s)` for an exact amount (OpenZeppelin
 *   ERC20Permit, the project's TestGLM).
 * - `dai`: `permit(holder, spender, nonce, expiry, allowed, v, r, s)`, an unlimited allowance or
 *   none (DAI, mainnet GLM).
 * - `none`: no permit: approve, then create (two transactions; e.g. GLM on Polygon PoS).
 */
export type PermitFlavour = "eip2612" | "dai" | "none";

/** keccak256 of the EIP-2612 permit struct type. */
export const eip2612PermitTypehash = keccak256(
  toHex("Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)"),
);

/** keccak256 of the DAI-style permit struct type (mainnet GLM's `PERMIT_TYPEHASH`). */
export const daiPermitTypehash = keccak256(
  toHex("Permit(address holder,address spender,uint256 nonce,uint256 expiry,bool allowed)"),
);

const probeAbi = parseAbi([
  "function PERMIT_TYPEHASH() view returns (bytes32)",
  "function permit(address owner, address spender, uint256 value, uint256 deadline, uint8 v, bytes32 r, bytes32 s)",
  "function permit(address holder, address spender, uint256 nonce, uint256 expiry, bool allowed, uint8 v, bytes32 r, bytes32 s)",
]);

/** A holder no one has the key of: a probe's permit can never be valid for it. */
const probeHolder: Address = "0x000000000000000000000000000000000000dEaD";

/**
 * Finds which permit `token` speaks, with read-only calls only:
 * 1. `PERMIT_TYPEHASH()` where the token exposes it (DAI, mainnet GLM, many EIP-2612 tokens):
 *    the typehash names the flavour;
 * 2. the function selectors in the token's code (Solidity's dispatcher pushes each one), for a
 *    token deployed without a proxy;
 * 3. otherwise ({@link probePermitFlavour}) each `permit` signature is called (`eth_call`) with an
 *    invalid signature: a token that has the function refuses it with a reason, one that has not
 *    reverts without data. This reaches a token behind a proxy.
 *
 * EIP-5267 `eip712Domain()` tells the signing domain, not the permit's shape, so it is read when
 * signing ({@link readPermitDomain}), not here.
 *
 * @example
 * const flavour = await detectPermitFlavour(client, { token }); // "eip2612" | "dai" | "none"
 */
export async function detectPermitFlavour(
  client: Client,
  { token }: { token: Address },
): Promise<PermitFlavour> {
  const typehash = await readContract(client, {
    address: token,
    abi: probeAbi,
    functionName: "PERMIT_TYPEHASH",
  }).catch(() => undefined);
  if (typehash === eip2612PermitTypehash) return "eip2612";
  if (typehash === daiPermitTypehash) return "dai";

  const code = (await getCode(client, { address: token }).catch(() => undefined)) ?? "0x";
  // PUSH4 (0x63) followed by the selector, as the dispatcher compares it.
  if (hasPush4(code, eip2612PermitSelector)) return "eip2612";
  if (hasPush4(code, daiPermitSelector)) return "dai";
  return probePermitFlavour(client, { token });
}

/** `permit(address,address,uint256,uint256,uint8,bytes32,bytes32)` without 0x. */
const eip2612PermitSelector = "d505accf";
/** `permit(address,address,uint256,uint256,bool,uint8,bytes32,bytes32)` without 0x. */
const daiPermitSelector = "8fcbaf0c";

/**
 * Step 3 of {@link detectPermitFlavour}: calls each permit signature with an invalid signature
 * (`eth_call`, nothing is sent) and tells which one the token has by whether it refuses with a
 * reason.
 */
export async function probePermitFlavour(
  client: Client,
  { token }: { token: Address },
): Promise<PermitFlavour> {
  const eip2612 = encodeFunctionData({
    abi: probeAbi,
    functionName: "permit",
    args: [
      probeHolder,
      zeroAddress,
      1n,
      maxUint256,
      27,
      `0x${"0".repeat(64)}`,
      `0x${"0".repeat(64)}`,
    ],
  });
  if (await refusesWithReason(client, token, eip2612)) return "eip2612";
  const dai = encodeFunctionData({
    abi: probeAbi,
    functionName: "permit",
    args: [
      probeHolder,
      zeroAddress,
      0n,
      0n,
      true,
      27,
      `0x${"0".repeat(64)}`,
      `0x${"0".repeat(64)}`,
    ],
  });
  if (await refusesWithReason(client, token, dai)) return "dai";
  return "none";
}

/** True when `code` has the bytes PUSH4 `selector` starting on a byte boundary. */
function hasPush4(code: Hex, selector: string): boolean {
  const needle = `63${selector}`;
  const hex = code.toLowerCase();
  for (let at = hex.indexOf(needle, 2); at !== -1; at = hex.indexOf(needle, at + 1)) {
    if (at % 2 === 0) return true; // "0x" takes indexes 0-1: bytes start at even indexes
  }
  return false;
}

/** True when calling `data` on `token` reverts with revert data (the function exists and refused). */
async function refusesWithReason(client: Client, token: Address, data: Hex): Promise<boolean> {
  try {
    await call(client, { to: token, data });
    // A permit that accepts an all-zero signature is broken; treat it as no permit.
    return false;
  } catch (err) {
    return revertData(err) !== undefined;
  }
}

/** The non-empty revert data carried somewhere in a viem error's cause chain. */
function revertData(err: unknown): Hex | undefined {
  if (!(err instanceof BaseError)) return undefined;
  const found = err.walk((e) => {
    const data = (e as { data?: unknown }).data;
    return typeof data === "string" && data.startsWith("0x") && data.length > 2;
  }) as { data?: Hex } | null;
  return found?.data;
}
