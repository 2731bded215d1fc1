import {
  type Chain,
  createPublicClient,
  createWalletClient,
  type Hex,
  hexToBytes,
  isHex,
  keccak256,
  type LocalAccount,
  stringToBytes,
  type Transport,
} from "viem";
import { GolemError } from "../../errors/golem-error.ts";
import {
  encodeGolemBaseTransaction,
  GOLEM_BASE_STORAGE_ADDRESS,
  type GolemBaseTransaction,
} from "./golem-base-transaction.ts";

/** Topic of `GolemBaseStorageEntityCreated(uint256 entityKey, uint256 expiresAtBlock)`. */
export const ENTITY_CREATED_TOPIC = keccak256(
  stringToBytes("GolemBaseStorageEntityCreated(uint256,uint256)"),
);
/** Topic of `GolemBaseStorageEntityUpdated(uint256 entityKey, uint256 expiresAtBlock)`. */
export const ENTITY_UPDATED_TOPIC = keccak256(
  stringToBytes("GolemBaseStorageEntityUpdated(uint256,uint256)"),
);

/** Gas settings for a storage transaction; viem asks the node for any left out. */
export type GolemBaseTxOptions = {
  gas?: bigint | undefined;
  maxFeePerGas?: bigint | undefined;
  maxPriorityFeePerGas?: bigint | undefined;
  nonce?: number | undefined;
};

/** Parameters of {@link createGolemBaseClient}. */
export type CreateGolemBaseClientParameters = {
  /** viem transport to the Golem Base node, e.g. `http(url)`. */
  transport: Transport;
  /** The Golem Base chain (its id is checked before sending). */
  chain: Chain;
  /** Signs storage transactions; only needed to write. */
  account?: LocalAccount | undefined;
};

/** Result of {@link GolemBaseClient.sendTransaction}. */
export type GolemBaseReceipt = {
  hash: Hex;
  /** Keys of entities created or updated by the transaction, in log order. */
  entityKeys: Hex[];
};

/** A minimal Golem Base JSON-RPC client over viem (MIT; no GPL SDK). */
export type GolemBaseClient = {
  /** Sends a storage transaction and waits for its receipt. */
  sendTransaction(
    tx: GolemBaseTransaction,
    options?: GolemBaseTxOptions,
  ): Promise<GolemBaseReceipt>;
  /** `golembase_queryEntities`: entities matching a query such as `app = "x" && n = 3`. */
  queryEntities(query: string): Promise<{ key: Hex; value: Uint8Array }[]>;
  /** `golembase_getStorageValue`: an entity's data. */
  getStorageValue(key: Hex): Promise<Uint8Array>;
};

// golembase-op-geth returns []byte as base64 (Go's JSON); accept 0x-hex too.
function decodeBytes(value: unknown): Uint8Array {
  if (typeof value !== "string") throw new Error("expected a byte string");
  if (isHex(value)) return hexToBytes(value);
  return Uint8Array.from(atob(value), (c) => c.charCodeAt(0));
}

/**
 * Creates a Golem Base client: storage transactions go to {@link GOLEM_BASE_STORAGE_ADDRESS} with
 * an RLP payload; reads use the `golembase_*` JSON-RPC methods.
 *
 * @example
 * const golemBase = createGolemBaseClient({ transport: http(rpcUrl), chain, account });
 */
export function createGolemBaseClient(
  parameters: CreateGolemBaseClientParameters,
): GolemBaseClient {
  const { transport, chain, account } = parameters;
  const publicClient = createPublicClient({ transport, chain });
  const request = publicClient.request as (args: {
    method: string;
    params: unknown[];
  }) => Promise<unknown>;

  return {
    async sendTransaction(tx, options = {}) {
      if (!account) {
        throw new GolemError("CONFIG_INVALID", "a Golem Base write needs an account", {
          hints: ["pass `account` to createGolemBaseClient"],
        });
      }
      const wallet = createWalletClient({ transport, chain, account });
      const hash = await wallet.sendTransaction({
        to: GOLEM_BASE_STORAGE_ADDRESS,
        value: 0n,
        data: encodeGolemBaseTransaction(tx),
        type: "eip1559",
        ...options,
      });
      const receipt = await publicClient.waitForTransactionReceipt({ hash, pollingInterval: 500 });
      if (receipt.status !== "success") {
        throw new GolemError("CONTRACT_REVERTED", `Golem Base transaction ${hash} failed`, {
          hints: ["check the entity key is yours and the BTL is above 0"],
          details: { hash },
        });
      }
      const entityKeys = receipt.logs
        .filter((log) => log.address.toLowerCase() === GOLEM_BASE_STORAGE_ADDRESS)
        .filter(
          (log) => log.topics[0] === ENTITY_CREATED_TOPIC || log.topics[0] === ENTITY_UPDATED_TOPIC,
        )
        .flatMap((log) => (log.topics[1] ? [log.topics[1]] : []));
      return { hash, entityKeys };
    },
    async queryEntities(query) {
      const result = await request({ method: "golembase_queryEntities", params: [query] });
      return ((result as { key: Hex; value: string }[] | null) ?? []).map((entry) => ({
        key: entry.key,
        value: decodeBytes(entry.value),
      }));
    },
    async getStorageValue(key) {
      return decodeBytes(await request({ method: "golembase_getStorageValue", params: [key] }));
    },
  };
}
