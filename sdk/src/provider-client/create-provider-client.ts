import { isGolemError } from "../errors/golem-error.ts";
import type {
  AccessView,
  CreateVmBody,
  DestroyedView,
  OfferBody,
  OfferView,
  ProviderInfoView,
  SessionView,
  VmConsoleView,
  VmStatsView,
  VmStreamView,
  VmView,
} from "./provider-api-types.ts";
import { requestJson } from "./request-json.ts";
import { type ProviderClientSigner, signInWithEthereum } from "./sign-in-with-ethereum.ts";

/** Parameters of {@link createProviderClient}. */
export type CreateProviderClientParameters = {
  /** Provider API base URL (an advert's `apiUrl`). */
  baseUrl: string;
  /** Signs the SIWE message; needed for every `/vms` call. */
  signer?: ProviderClientSigner | undefined;
  /** Default the global `fetch`. */
  fetch?: typeof fetch | undefined;
  /** Per request, ms. Default 30 000. */
  timeoutMs?: number | undefined;
  /** The chain the client pays on: a sign-in naming another chain is refused. Unchecked when absent. */
  chainId?: number | undefined;
};

/** Typed calls to one provider's `/api/v1`; see {@link createProviderClient}. */
export type ProviderClient = {
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
 * Failures are the provider's `GolemError`s. Uses only `fetch` and viem, so it runs in Node
 * and in the browser.
 *
 * @example
 * const provider = createProviderClient({ baseUrl: advert.apiUrl, signer: account });
 * const vm = await provider.createVm({ name: "web-1", cpu: 2, memoryGiB: 4, storageGiB: 20, sshPublicKey });
 */
export function createProviderClient(params: CreateProviderClientParameters): ProviderClient {
  const fetcher = params.fetch ?? ((input, init) => fetch(input, init));
  const common = { baseUrl: params.baseUrl, fetch: fetcher, timeoutMs: params.timeoutMs ?? 30_000 };
  let session: Promise<SessionView> | undefined;

  const signIn = () => {
    const { signer } = params;
    if (signer === undefined) {
      return Promise.reject(new TypeError("createProviderClient: a signer is needed to sign in"));
    }
    session = signInWithEthereum({ ...common, signer, chainId: params.chainId });
    // A failed sign-in must not stick: the next call tries again.
    session.catch(() => {
      session = undefined;
    });
    return session;
  };

  const authed = async <T>(method: "GET" | "POST" | "DELETE", path: string, body?: unknown) => {
    for (let attempt = 0; ; attempt++) {
      const { token } = await (session ?? signIn());
      try {
        return await requestJson<T>({ ...common, method, path, body, token });
      } catch (error) {
        if (attempt > 0 || !isGolemError(error, "UNAUTHENTICATED")) throw error;
        session = undefined;
      }
    }
  };
  const vmPath = (id: string) => `/vms/${encodeURIComponent(id)}`;

  return {
    providerInfo: () =>
      requestJson<ProviderInfoView>({ ...common, method: "GET", path: "/provider/info" }),
    signIn,
    createVm: (body) => authed<VmView>("POST", "/vms", body),
    listVms: async () => {
      const answer = await authed<VmView[] | { vms: VmView[] }>("GET", "/vms");
      return Array.isArray(answer) ? answer : answer.vms;
    },
    getVm: (id) => authed<VmView>("GET", vmPath(id)),
    stopVm: (id) => authed<VmView>("POST", `${vmPath(id)}/stop`),
    startVm: (id) => authed<VmView>("POST", `${vmPath(id)}/start`),
    destroyVm: (id) => authed<DestroyedView>("DELETE", vmPath(id)),
    vmAccess: (id) => authed<AccessView>("GET", `${vmPath(id)}/access`),
    createOffer: (body) => authed<OfferView>("POST", "/offers", body),
    vmStream: (id) => authed<VmStreamView>("GET", `${vmPath(id)}/stream`),
    vmStats: (id) => authed<VmStatsView>("GET", `${vmPath(id)}/stats`),
    vmConsole: (id, options = {}) =>
      authed<VmConsoleView>(
        "GET",
        `${vmPath(id)}/console${options.bytes === undefined ? "" : `?bytes=${options.bytes}`}`,
      ),
    paymentStreams: () => authed<VmStreamView[]>("GET", "/payments/streams"),
  };
}
