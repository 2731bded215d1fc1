/**
 * viem clients for a script that drives a local Hardhat chain: fresh wallets with gas, time
 * travel (`evm_increaseTime` + a mined block), balances of the payment token (or of ETH, for the
 * native coin), the gas an address paid, and amounts in words.
 *
 * @example
 * const kit = localChainKit({ rpcUrl, chainId, token: GLM });
 * const requestor = await kit.freshWallet();
 * await kit.passTime(600);
 */
import { defineGolemChain } from "@vm-on-golem/sdk/chain";
import { getGlmBalance } from "@vm-on-golem/sdk/contract";
import { formatTokenAmount } from "@vm-on-golem/sdk/money";
import {
  type Address,
  createPublicClient,
  createTestClient,
  createWalletClient,
  http,
  isAddressEqual,
  parseEther,
  zeroAddress,
} from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";

/** Parameters of {@link localChainKit}. */
export type LocalChainKitParameters = {
  rpcUrl: string;
  chainId: number;
  /** The token payments are in: the deployment's GLM, or the zero address (symbol ETH) for native ETH. */
  token: { address: Address; symbol: string; decimals: number };
};

/** Clients and helpers over one local chain. */
export function localChainKit(parameters: LocalChainKitParameters) {
  const { token } = parameters;
  const chain = defineGolemChain({
    chainId: parameters.chainId,
    rpcUrl: parameters.rpcUrl,
    name: "Local",
  });
  const transport = http(parameters.rpcUrl);
  // cacheTime 0: callers read the block number right after mining, within viem's 4 s cache.
  const publicClient = createPublicClient({ chain, transport, cacheTime: 0 });
  const testClient = createTestClient({ mode: "hardhat", chain, transport });
  /** Sets `address`'s ETH for gas (local chain only). */
  const fundGas = (address: Address) => testClient.setBalance({ address, value: parseEther("10") });
  return {
    publicClient,
    fundGas,
    /** A wallet on a fresh key with gas: the demo never uses a built-in key for anyone's money. */
    async freshWallet() {
      const wallet = createWalletClient({
        account: privateKeyToAccount(generatePrivateKey()),
        chain,
        transport,
      });
      await fundGas(wallet.account.address);
      return wallet;
    },
    /** Moves the chain's clock forward and mines a block at the new time. */
    async passTime(seconds: number) {
      await testClient.increaseTime({ seconds });
      await testClient.mine({ blocks: 1 });
    },
    /** `owner`'s balance of the payment token in base units (wei for native ETH). */
    async balanceOf(owner: Address): Promise<bigint> {
      if (isAddressEqual(token.address, zeroAddress)) {
        return publicClient.getBalance({ address: owner });
      }
      return getGlmBalance(publicClient, { token: token.address, owner });
    },
    /**
     * Wei `from` paid in gas for the transactions it sent in the blocks after `sinceBlock`,
     * summed from their receipts (gasUsed × effectiveGasPrice).
     */
    async gasPaidBy(from: Address, sinceBlock: bigint): Promise<bigint> {
      let total = 0n;
      const latest = await publicClient.getBlockNumber();
      for (let number = sinceBlock + 1n; number <= latest; number++) {
        const block = await publicClient.getBlock({
          blockNumber: number,
          includeTransactions: true,
        });
        for (const tx of block.transactions) {
          if (!isAddressEqual(tx.from, from)) continue;
          const receipt = await publicClient.getTransactionReceipt({ hash: tx.hash });
          total += receipt.gasUsed * receipt.effectiveGasPrice;
        }
      }
      return total;
    },
    /** Base units as `1.5 GLM` (the sdk's money formatter, as the CLIs print amounts). */
    fmt: (units: bigint) => formatTokenAmount(units, token),
  };
}

/** What {@link localChainKit} returns. */
export type LocalChainKit = ReturnType<typeof localChainKit>;
