// Wire types of the provider API (`/api/v1`), mirrored from provider-node's zod schemas as
// plain types so this client needs neither zod nor the provider package.

import type { Hex } from "viem";
import type { SignedOfferJson } from "../offer/offer-schema.ts";

/** A VM as the API shows it to its owner. */
export type VmView = {
  id: string;
  name: string;
  status: "creating" | "starting" | "running" | "stopping" | "stopped" | "destroying" | "failed";
  resources: { cpu: number; memoryGiB: number; storageGiB: number };
  sshPort: number;
  /** Guest ports published besides SSH (absent from providers older than the feature). */
  publishedPorts?: Array<{ guestPort: number; port: number }>;
  streamId: string | null;
  error: string | null;
  createdAt: string;
  updatedAt: string;
};

/** Body of `POST /api/v1/vms`. */
export type CreateVmBody = {
  name: string;
  cpu: number;
  memoryGiB: number;
  storageGiB: number;
  /** One OpenSSH public key line. */
  sshPublicKey: string;
  cloudInit?: string | undefined;
  /** Guest ports to publish besides SSH (at most the advert's `maxPublishedPorts`). */
  ports?: number[] | undefined;
  /** The signed offer from `POST /api/v1/offers` (paid providers). */
  offer?: SignedOfferJson | undefined;
  /** Id of the stream opened with the offer's serviceId (decimal). */
  streamId?: string | undefined;
};

/** Body of `POST /api/v1/offers`. */
export type OfferBody = {
  cpu: number;
  /** Whole GiB. */
  memoryGiB: number;
  storageGiB: number;
  image?: string | undefined;
  /** The StreamPayment the requestor means to pay on; the provider refuses one it does not accept (`PAYMENT_NOT_ACCEPTED`). */
  streamPayment?: string | undefined;
};

/** Answer of `POST /api/v1/offers`: the signed offer and the serviceId to open the stream with. */
export type OfferView = SignedOfferJson & { serviceId: Hex };

/** The stream paying for a VM (`GET /api/v1/vms/{id}/stream`); amounts are decimal strings. */
export type VmStreamView = {
  vmId: string;
  streamId: string;
  sender: string;
  recipient: string;
  serviceId: string;
  ratePerSecond: string;
  /** Unfunded-yet-unaccrued deposit left (what terminate would refund). */
  refundable: string;
  /** Accrued and not withdrawn (what withdraw would pay the provider). */
  withdrawable: string;
  runwaySeconds: number;
  /** Unix seconds the balance runs out; null when closed. */
  depletionTime: number | null;
  active: boolean;
  closed: boolean;
  /** Chain time (unix seconds) the numbers are for. */
  at: number;
  /** What the provider may still pull from the sender into the stream (base units); "0": no budget. */
  topUpBudget: string;
  /** The provider's latest top-up from the budget: when (unix seconds), how much, its transaction; null: none. */
  lastBudgetTopUp: { at: number; amount: string; txHash: string } | null;
};

/** The recent serial console output of a VM (`GET /api/v1/vms/{id}/console`). */
export type VmConsoleView = {
  id: string;
  /** Raw guest text decoded as UTF-8, escape sequences included: sanitize before printing. */
  output: string;
  /** Bytes of console output `output` holds. */
  bytes: number;
};

/** What a running VM uses, measured by its provider (`GET /api/v1/vms/{id}/stats`). */
export type VmStatsView = {
  id: string;
  /** ISO 8601, when the provider measured. */
  sampledAt: string;
  /** `usagePercent` 0–100 over `sampleWindowMs`; `timeSeconds` since the hypervisor started. */
  cpu: { count: number; usagePercent: number; timeSeconds: number | null };
  /** `usedMiB`: host resident set of the VM. */
  memory: { totalMiB: number; usedMiB: number };
  /** `usedBytes`: what the disk takes on the provider's host. */
  disk: {
    totalGiB: number;
    usedBytes: number;
    readBytes: number | null;
    writeBytes: number | null;
  };
  sampleWindowMs: number;
};

/** How to reach a VM over SSH (`GET /api/v1/vms/{id}/access`). */
export type AccessView = {
  host: string;
  port: number;
  user: string;
  sshCommand: string;
  /** Guest ports published besides SSH: `host:port` reaches `guestPort` (absent from older providers). */
  publishedPorts?: Array<{ guestPort: number; host: string; port: number }>;
};

/** Answer of `DELETE /api/v1/vms/{id}`. */
export type DestroyedView = {
  id: string;
  status: "destroyed";
  /**
   * The stream that paid for the VM, which the provider closes before destroying it (`now`),
   * found closed (`already`) or left open with nothing to refund (`depleted`); null for an unpaid
   * VM, absent from providers older than this.
   */
  stream?: {
    streamId: string;
    closed: "now" | "already" | "depleted";
    /** Base units, decimal. */
    paidToProvider: string | null;
    /** Base units, decimal. */
    refunded: string | null;
    transaction: string | null;
  } | null;
};

/** Answer of `POST /api/v1/auth/nonce`: what the SIWE message must say. */
export type NonceView = {
  nonce: string;
  domain: string;
  uri: string;
  chainId: number;
  statement: string;
  expiresAt: string;
};

/** A session after sign-in (`POST /api/v1/auth/verify`). */
export type SessionView = { token: string; address: string; expiresAt: string };

type Amounts = { cpu: number; memoryGiB: number; storageGiB: number };

/** Answer of `GET /api/v1/provider/info`. */
export type ProviderInfoView = {
  providerId: string | null;
  name: string;
  country: string | null;
  network: string;
  version: string;
  driver: {
    name: string;
    accel: "kvm" | "tcg" | null;
    usable: boolean;
    reason: string | null;
    /** The guests' network in force and why: `isolated` (internet egress only) or `none` (no egress). */
    network?: { requested: "isolated" | "none"; mode: "isolated" | "none"; reason: string };
  };
  resources: {
    total: Amounts;
    free: Amounts;
    vms: { max: number; used: number; free: number };
  };
  prices: unknown;
  /** Where to pay; null when payments are off, absent from older nodes. */
  payments?: {
    chainId: number;
    streamPayment: string;
    /** The zero address: the chain's native coin. */
    token: string;
    minRunwaySeconds: number;
    /** Every StreamPayment deployment the provider accepts streams on (absent from older nodes). */
    accepts?: {
      pay: "glm" | "eth";
      streamPayment: string;
      token: string;
      symbol: string;
      decimals: number;
      native: boolean;
    }[];
  } | null;
  paymentsEnabled: boolean;
  apiExtensions: string[];
};
