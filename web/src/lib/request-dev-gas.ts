import { GolemError } from "@vm-on-golem/sdk/errors";
import type { Address } from "viem";

/**
 * Asks the dapp's server for gas on the local dev chain (`POST /api/dev-faucet`); a refusal
 * comes back as the server's GolemError.
 *
 * @example
 * const { funded } = await requestDevGas("0x…"); // 10n ** 18n for a new account
 */
export async function requestDevGas(
  address: Address,
): Promise<{ funded: bigint; balance: bigint }> {
  const res = await fetch("/api/dev-faucet", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ address }),
  });
  const body: unknown = await res.json().catch(() => null);
  if (!res.ok) throw GolemError.fromEnvelope(body, res.status);
  const { funded, balance } = (body ?? {}) as { funded?: unknown; balance?: unknown };
  if (typeof funded !== "string" || typeof balance !== "string") {
    throw new GolemError("INTERNAL", "the dev faucet answered without funded and balance");
  }
  return { funded: BigInt(funded), balance: BigInt(balance) };
}
