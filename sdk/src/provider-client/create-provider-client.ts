import type { z } from "zod";
import { isGolemError } from "../errors/golem-error.ts";
import { type OfferBody, type OfferView, offerViewSchema } from "../provider-api/offers.ts";
import { type ProviderInfoView, providerInfoSchema } from "../provider-api/provider-info.ts";
import type { SessionView } from "../provider-api/sign-in.ts";
import { type VmStreamView, vmStreamViewSchema } from "../provider-api/streams.ts";
import {
  MAX_CONSOLE_BYTES,
  type VmConsoleView,
  type VmStatsView,
  vmConsoleViewSchema,
  vmStatsViewSchema,
} from "../provider-api/vm-usage.ts";
import {
  type AccessView,
  accessViewSchema,
  type CreateVmBody,
  type DestroyedView,
  destroyedSchema,
  type VmView,
  vmViewSchema,
} from "../provider-api/vms.ts";
import { createHttpTransport, type ProviderTransport } from "./provider-transport.ts";
import { requestJson } from "./request-json.ts";
import { type ProviderClientSigner, signInWithEthereum } from "./sign-in-with-ethereum.ts";

// A console answer holds up to MAX_CONSOLE_BYTES of guest output decoded as UTF-8 and escaped as
// JSON: at worst six characters (\u001b) per byte.
const CONSOLE_ANSWER_BYTES = 6 * MAX_CONSOLE_BYTES + 64 * 1024;

/** Parameters of {@link createProviderClient}. */
export type CreateProviderClientParameters = {
  /** Provider API base URL (an advert's `apiUrl`). */
  baseUrl: string;
  /** Signs the SIWE message; needed for every `/vms` call. */
  signer?: ProviderClientSigner | undefined;
  /** Default the global `fetch`; ignored when `transport` is given. */
  fetch?: typeof fetch | undefined;
  /**
   * How requests reach the provider: plain HTTP to `baseUrl` by default, or
   * `createLibp2pTransport(...)` (HTTP over libp2p streams to the provider's peer). `baseUrl` still
   * names the API (paths, Host, the SIWE domain) either way.
   */
  transport?: ProviderTransport | undefined;
  /** Per request, ms. Default 30 000. */
  timeoutMs?: number | undefined;
  /** The chain the client pays on: a sign-in naming another chain is refused. Unchecked when absent. */
  chainId?: number | undefined;
  /**
   * The provider's libp2p peer id from its signed advert: a sign-in for another peer is refused
   * before anything is signed. Default: over libp2p, the peer the transport dials (checked by the
   * connection); over HTTP, unchecked.
   */
  peerId?: string | undefined;
};

/** Typed calls to one provider's `/api/v1`; see {@link createProviderClient}. */
export type ProviderClient = {
  /** `http` or `libp2p`: how this client reaches the provider. */
  readonly transport: ProviderTransport["kind"];
  /** The provider's libp2p peer id, as the connection authenticated it (after a call); undefined over HTTP. */
  remotePeerId(): string | undefined;
  providerInfo(): Promise<ProviderInfoView>;
  /** Signs in now (otherwise the first `/vms` call does). */
  signIn(): Promise<SessionView>;
  createVm(body: CreateVmBody): Promise<VmView>;
  listVms(): Promise<VmView[]>;
  getVm(id: string): Promise<VmView>;
  stopVm(id: string): Promise<VmView>;
  startVm(id: string): Promise<VmView>;
  destroyVm(id: string): Promise<DestroyedView>;
  vmAccess(id: string): Promise<AccessView>;
  /** A signed quote for a VM of this size (paid providers; rent flow step 3). */
  createOffer(body: OfferBody): Promise<OfferView>;
  /** The stream paying for one of your VMs, as the provider reads it on chain. */
  vmStream(id: string): Promise<VmStreamView>;
  /** cpu / memory / disk usage of one of your VMs (`VM_NOT_RUNNING` when it is not running). */
  vmStats(id: string): Promise<VmStatsView>;
  /** The recent serial console output of one of your VMs (the last `bytes`, default 64 KiB). */
  vmConsole(id: string, options?: { bytes?: number }): Promise<VmConsoleView>;
  /** The streams paying for all your VMs on this provider. */
  paymentStreams(): Promise<VmStreamView[]>;
};

/**
 * A client for one provider's API that signs in with SIWE on first use and once more when
 * the session has expired (401), only ever for the domain of `baseUrl` (`signInWithEthereum`).
 * Every answer is parsed with the provider API's schemas
 * (`@vm-on-golem/sdk/provider-api`): one that does not match is `PROVIDER_BAD_RESPONSE`.
 * Failures are the provider's `GolemError`s. Uses only `fetch`, viem and zod, so it runs in Node
 * and in the browser.
 *
 * @example
 * const provider = createProviderClient({ baseUrl: advert.apiUrl, signer: account });
 * const vm = await provider.createVm({ name: "web-1", cpu: 2, memoryGiB: 4, storageGiB: 20, sshPublicKey });
 */
export function createProviderClient(params: CreateProviderClientParameters): ProviderClient {
  const transport = params.transport ?? createHttpTransport(params.fetch);
  const fetcher = transport.fetch;
  const common = { baseUrl: params.baseUrl, fetch: fetcher, timeoutMs: params.timeoutMs ?? 30_000 };
  let session: Promise<SessionView> | undefined;

  const signIn = () => {
    const { signer } = params;
    if (signer === undefined) {
      return Promise.reject(new TypeError("createProviderClient: a signer is needed to sign in"));
    }
    const peerId = params.peerId ?? transport.peerId;
    session = signInWithEthereum({ ...common, signer, chainId: params.chainId, peerId });
    // A failed sign-in must not stick: the next call tries again.
    session.catch(() => {
      session = undefined;
    });
    return session;
  };

  const authed = async <T>(
    method: "GET" | "POST" | "DELETE",
    path: string,
    answer: z.ZodType<T>,
    body?: unknown,
    maxBytes?: number,
  ) => {
    for (let attempt = 0; ; attempt++) {
      const { token } = await (session ?? signIn());
      try {
        return await requestJson({ ...common, method, path, answer, body, token, maxBytes });
      } catch (error) {
        if (attempt > 0 || !isGolemError(error, "UNAUTHENTICATED")) throw error;
        session = undefined;
      }
    }
  };
  const vmPath = (id: string) => `/vms/${encodeURIComponent(id)}`;

  return {
    transport: transport.kind,
    remotePeerId: () => transport.remotePeerId(),
    providerInfo: () =>
      requestJson({ ...common, method: "GET", path: "/provider/info", answer: providerInfoSchema }),
    signIn,
    createVm: (body) => authed("POST", "/vms", vmViewSchema, body),
    listVms: () => authed("GET", "/vms", vmViewSchema.array()),
    getVm: (id) => authed("GET", vmPath(id), vmViewSchema),
    stopVm: (id) => authed("POST", `${vmPath(id)}/stop`, vmViewSchema),
    startVm: (id) => authed("POST", `${vmPath(id)}/start`, vmViewSchema),
    destroyVm: (id) => authed("DELETE", vmPath(id), destroyedSchema),
    vmAccess: (id) => authed("GET", `${vmPath(id)}/access`, accessViewSchema),
    createOffer: (body) => authed("POST", "/offers", offerViewSchema, body),
    vmStream: (id) => authed("GET", `${vmPath(id)}/stream`, vmStreamViewSchema),
    vmStats: (id) => authed("GET", `${vmPath(id)}/stats`, vmStatsViewSchema),
    vmConsole: (id, options = {}) =>
      authed(
        "GET",
        `${vmPath(id)}/console${options.bytes === undefined ? "" : `?bytes=${options.bytes}`}`,
        vmConsoleViewSchema,
        undefined,
        CONSOLE_ANSWER_BYTES,
      ),
    paymentStreams: () => authed("GET", "/payments/streams", vmStreamViewSchema.array()),
  };
}
