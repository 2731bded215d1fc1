import { parseEther } from "viem";

/** The only chain the dev gas faucet serves: local Hardhat/anvil chains (ETH there is worthless). */
export const devChainId = 31337;

/** What one request sets the balance to (wei): the faucet sets, never adds, so a request gives at most this. */
export const devGasWei = parseEther("1");

/** Balance (wei) at or above which the faucet sends nothing: an address with gas gets no more. */
export const devGasBelowWei = parseEther("0.1");
