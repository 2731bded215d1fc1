/**
 * A test wallet that stands in for MetaMask: an EIP-1193 provider injected into the page
 * (`window.ethereum`, announced by EIP-6963) whose requests a Node handler answers with a viem
 * local account. Reads go to the chain's RPC; signatures and transactions use the local key.
 */
import type { Page } from "playwright-core";
import {
  type Chain,
  createWalletClient,
  type Hex,
  http,
  type LocalAccount,
  type TransactionRequest,
  toHex,
} from "viem";

export type TestWalletOptions = {
  account: LocalAccount;
  chain: Chain;
  rpcUrl: string;
  /** Called with every request the page made and its answer (to count transactions, signatures). */
  onRequest?: ((method: string, answer: RpcAnswer) => void) | undefined;
};

export type RpcAnswer =
  | { result: unknown }
  | { error: { code: number; message: string; data?: unknown } };

/** The name RainbowKit lists under "Installed". */
export const testWalletName = "Golem Test Wallet";

const forwarded = new Set([
  "eth_blockNumber",
  "eth_call",
  "eth_estimateGas",
  "eth_gasPrice",
  "eth_maxPriorityFeePerGas",
  "eth_feeHistory",
  "eth_getBalance",
  "eth_getBlockByNumber",
  "eth_getBlockByHash",
  "eth_getCode",
  "eth_getLogs",
  "eth_getTransactionByHash",
  "eth_getTransactionCount",
  "eth_getTransactionReceipt",
  "eth_sendRawTransaction",
  "net_version",
]);

/** Answers one EIP-1193 request the way a wallet would. */
export function createTestWalletHandler({ account, chain, rpcUrl }: TestWalletOptions) {
  const wallet = createWalletClient({ account, chain, transport: http(rpcUrl) });
  const forward = async (method: string, params: unknown[]): Promise<RpcAnswer> => {
    const res = await fetch(rpcUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
    });
    const body = (await res.json()) as RpcAnswer;
    return body;
  };
  // Like MetaMask, the page sees no account until it asks for one (so nothing connects by itself).
  let authorized = false;
  return async (method: string, params: unknown[] = []): Promise<RpcAnswer> => {
    try {
      switch (method) {
        case "eth_requestAccounts":
          authorized = true;
          return { result: [account.address] };
        case "eth_accounts":
          return { result: authorized ? [account.address] : [] };
        case "eth_chainId":
          return { result: toHex(chain.id) };
        case "wallet_requestPermissions":
          authorized = true;
          return { result: [{ parentCapability: "eth_accounts", caveats: [] }] };
        case "wallet_getPermissions":
          return {
            result: authorized ? [{ parentCapability: "eth_accounts", caveats: [] }] : [],
          };
        case "wallet_revokePermissions":
          authorized = false;
          return { result: null };
        case "wallet_switchEthereumChain": {
          const [{ chainId }] = params as [{ chainId: Hex }];
          if (Number(chainId) === chain.id) return { result: null };
          return { error: { code: 4902, message: `unknown chain ${chainId}` } };
        }
        case "personal_sign": {
          const [message] = params as [Hex];
          return { result: await account.signMessage({ message: { raw: message } }) };
        }
        case "eth_signTypedData_v4": {
          const [, json] = params as [string, string];
          return { result: await account.signTypedData(JSON.parse(json)) };
        }
        case "eth_sendTransaction": {
          const [tx] = params as [Record<string, Hex | undefined>];
          const request: TransactionRequest = {
            to: tx.to,
            data: tx.data ?? tx.input,
            value: tx.value === undefined ? undefined : BigInt(tx.value),
            gas: tx.gas === undefined ? undefined : BigInt(tx.gas),
          };
          return { result: await wallet.sendTransaction({ ...request, chain, account }) };
        }
        default:
          if (forwarded.has(method)) return await forward(method, params);
          return { error: { code: 4200, message: `the test wallet does not support ${method}` } };
      }
    } catch (err) {
      return { error: { code: -32603, message: err instanceof Error ? err.message : String(err) } };
    }
  };
}

/** Injects the wallet into every page of `page`'s context before any script of the app runs. */
export async function installTestWallet(page: Page, options: TestWalletOptions): Promise<void> {
  const handle = createTestWalletHandler(options);
  await page.exposeFunction("__golemTestWallet", (text: string) => {
    const { method, params } = JSON.parse(text) as { method: string; params?: unknown[] };
    return handle(method, params).then((answer) => {
      options.onRequest?.(method, answer);
      return JSON.stringify(answer);
    });
  });
  await page.addInitScript(
    ({ name }) => {
      type Listener = (...args: unknown[]) => void;
      const listeners = new Map<string, Set<Listener>>();
      const call = (window as unknown as Record<string, (text: string) => Promise<string>>)
        .__golemTestWallet as (text: string) => Promise<string>;
      const provider = {
        isGolemTestWallet: true,
        async request({ method, params }: { method: string; params?: unknown[] }) {
          const answer = JSON.parse(await call(JSON.stringify({ method, params }))) as {
            result?: unknown;
            error?: { code: number; message: string; data?: unknown };
          };
          if (answer.error) {
            // With its data, as MetaMask does: a revert's custom error is decoded from it.
            throw Object.assign(new Error(answer.error.message), {
              code: answer.error.code,
              data: answer.error.data,
            });
          }
          return answer.result;
        },
        on(event: string, listener: Listener) {
          const set = listeners.get(event) ?? new Set<Listener>();
          listeners.set(event, set);
          set.add(listener);
          return provider;
        },
        removeListener(event: string, listener: Listener) {
          listeners.get(event)?.delete(listener);
          return provider;
        },
      };
      Object.defineProperty(window, "ethereum", { value: provider, configurable: true });
      const icon =
        "data:image/svg+xml;base64," +
        btoa(
          '<svg xmlns="http://www.w3.org/2000/svg" width="32" height="32"><rect width="32" height="32" fill="#0a5cff"/></svg>',
        );
      const info = {
        uuid: "3d1f6c3a-6b0e-4a58-9a31-6c1a2f0e7b11",
        name,
        icon,
        rdns: "network.golem.testwallet",
      };
      const announce = () =>
        window.dispatchEvent(
          new CustomEvent("eip6963:announceProvider", {
            detail: Object.freeze({ info, provider }),
          }),
        );
      window.addEventListener("eip6963:requestProvider", announce);
      announce();
    },
    { name: testWalletName },
  );
}
