import type { SignedAdvert } from "@vm-on-golem/sdk/advert";
import {
  createGolemBaseClient,
  type GolemBaseClient,
  publishAdvertToGolemBase,
} from "@vm-on-golem/sdk/discovery";
import { defineChain, type Hex, http, type LocalAccount } from "viem";

/** What `status` shows of the Golem Base copy of the advert. */
export type GolemBaseStatus = {
  /** ISO time of the last stored advert. */
  lastPublishAt: string | null;
  /** Entity holding the advert. */
  entityKey: Hex | null;
  lastError: string | null;
};

/** Parameters of {@link createGolemBasePublisher}. */
export type CreateGolemBasePublisherParameters = {
  rpcUrl: string;
  chainId: number;
  account: LocalAccount;
  log: (line: string) => void;
  /** A client (tests); by default JSON-RPC over HTTP on `rpcUrl`. */
  client?: GolemBaseClient | undefined;
};

/** Stores the node's advert in Golem Base; see {@link createGolemBasePublisher}. */
export type GolemBasePublisher = {
  /** Stores `signed` (updating the entity of the last one); failures are logged, never thrown. */
  publish(signed: SignedAdvert): Promise<void>;
  status(): GolemBaseStatus;
  /** Waits for a publish in flight. */
  idle(): Promise<void>;
};

/**
 * Publishes the node's signed advert as a Golem Base entity whose lifetime follows the advert's.
 * Publishes run one at a time; while one runs, only the newest waiting advert is sent next.
 * Unverified against a live Golem Base node (the sdk adapter is tested on recorded exchanges).
 *
 * @example
 * const golemBase = createGolemBasePublisher({ rpcUrl, chainId, account, log });
 * node.store.onChange((signed) => void golemBase.publish(signed));
 */
export function createGolemBasePublisher(
  parameters: CreateGolemBasePublisherParameters,
): GolemBasePublisher {
  const chain = defineChain({
    id: parameters.chainId,
    name: "Golem Base",
    nativeCurrency: { name: "ETH", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [parameters.rpcUrl] } },
  });
  const client =
    parameters.client ??
    createGolemBaseClient({
      transport: http(parameters.rpcUrl),
      chain,
      account: parameters.account,
    });
  const state: GolemBaseStatus = { lastPublishAt: null, entityKey: null, lastError: null };
  let running: Promise<void> | undefined;
  let waiting: SignedAdvert | undefined;

  const send = async (signed: SignedAdvert) => {
    try {
      state.entityKey = await publishAdvertToGolemBase({
        client,
        signed,
        entityKey: state.entityKey ?? undefined,
      });
      state.lastPublishAt = new Date().toISOString();
      if (state.lastError !== null) parameters.log("Golem Base: the advert is stored again");
      state.lastError = null;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      // Once per outage, not every round.
      if (state.lastError === null) {
        parameters.log(`Golem Base: storing the advert failed, will retry: ${message}`);
      }
      state.lastError = message;
      // The entity may have expired (node down past its BTL): the next publish creates a new
      // one; a duplicate after a transient failure expires with its advert.
      state.entityKey = null;
    }
  };
  const drain = async () => {
    while (waiting) {
      const next = waiting;
      waiting = undefined;
      await send(next);
    }
    running = undefined;
  };
  return {
    publish(signed) {
      waiting = signed;
      running ??= drain();
      return running;
    },
    status: () => ({ ...state }),
    idle: async () => {
      await running;
    },
  };
}
