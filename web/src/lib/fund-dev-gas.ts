import { GolemError, golemErrorFromContractError } from "@vm-on-golem/sdk/errors";
import { type Address, createTestClient, http, isAddress, publicActions } from "viem";
import { devChainId, devGasBelowWei, devGasWei } from "./dev-faucet-limits.ts";

/** Parameters of {@link fundDevGas}. */
export type FundDevGasParameters = {
  /** The dapp's configured chain (`config.json`'s deployment). */
  chainId: number;
  /** Whether `config.json` says the chain is a local dev chain (`devChain`). */
  devChain: boolean;
  /** The chain's JSON-RPC URL. */
  rpcUrl: string;
  /** The address to fund (checked here). */
  address: unknown;
};

/** What {@link fundDevGas} did: wei added (0 when the address already had gas) and the balance now. */
export type FundDevGasReturnType = { funded: bigint; balance: bigint };

/**
 * Gives a new account gas on a local dev chain, from the page itself (no server): the chain's
 * `hardhat_setBalance` (Hardhat; anvil answers the same method) to {@link devGasWei} when the
 * balance is below {@link devGasBelowWei}, else nothing. Refused unless the config says the
 * chain is a dev chain AND its chain id is 31337 AND the RPC itself reports 31337 (a public
 * chain has no `hardhat_setBalance` either); the address is checked before any RPC call.
 *
 * @example
 * await fundDevGas({ chainId: 31337, devChain: true, rpcUrl: "http://127.0.0.1:8545", address: "0x…" });
 */
export async function fundDevGas(p: FundDevGasParameters): Promise<FundDevGasReturnType> {
  if (p.chainId !== devChainId || !p.devChain) {
    throw new GolemError(
      "FAUCET_UNAVAILABLE",
      p.chainId !== devChainId
        ? `chain ${p.chainId} is not a dev chain: the dapp gives gas only on chain ${devChainId}`
        : `the dapp's config.json does not mark chain ${p.chainId} as a dev chain: no gas is given`,
      { hints: ["get ETH for gas as the page says, and send it to your address"] },
    );
  }
  if (typeof p.address !== "string" || !isAddress(p.address, { strict: false })) {
    throw new GolemError("VALIDATION_FAILED", "address is not an Ethereum address", {
      details: { field: "address" },
    });
  }
  const address = p.address as Address;
  const client = createTestClient({ mode: "hardhat", transport: http(p.rpcUrl) }).extend(
    publicActions,
  );
  try {
    const actual = await client.getChainId();
    if (actual !== devChainId) {
      throw new GolemError(
        "CHAIN_MISMATCH",
        `the RPC serves chain ${actual}, not the dev chain ${devChainId}: no gas is given`,
      );
    }
    const balance = await client.getBalance({ address });
    if (balance >= devGasBelowWei) return { funded: 0n, balance };
    await client.setBalance({ address, value: devGasWei });
    return { funded: devGasWei - balance, balance: devGasWei };
  } catch (error) {
    throw golemErrorFromContractError(error);
  }
}
