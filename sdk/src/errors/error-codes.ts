/** One row of the error code table: the HTTP status an API answers with and the default next step. */
export type ErrorCodeInfo = {
  /** HTTP status sent with the error envelope. */
  readonly status: number;
  /** What to do next when the call site has nothing more specific to say. */
  readonly hint: string;
};

/**
 * Every stable error code of VM on Golem, with its HTTP status and default hint.
 * Add a code here (and only here) when a new kind of failure needs its own name.
 *
 * @example
 * errorCodes.STREAM_UNDERFUNDED.status; // 402
 */
export const errorCodes = {
  // ---- requests and auth ----
  VALIDATION_FAILED: { status: 400, hint: "fix the listed fields and send the request again" },
  UNAUTHENTICATED: { status: 401, hint: "sign in again (SIWE) to get a fresh session token" },
  FORBIDDEN: { status: 403, hint: "use the wallet that opened the VM's stream" },
  NOT_FOUND: { status: 404, hint: "check the URL and the API version (/api/v1)" },
  NOT_SUPPORTED: {
    status: 501,
    hint: "the provider's node is older than this feature; ask its operator to upgrade",
  },
  USER_REJECTED: { status: 400, hint: "approve the request in your wallet to go on" },
  SIWE_INVALID: {
    status: 401,
    hint: "request a new nonce (POST /api/v1/auth/nonce), sign a fresh message for this provider and send it again",
  },
  CONFIRMATION_REQUIRED: {
    status: 400,
    hint: "run it on a terminal to answer the question, or pass --yes to agree in advance",
  },
  RATE_LIMITED: { status: 429, hint: "wait a minute and try again" },

  // ---- VMs on a provider ----
  VM_NOT_FOUND: { status: 404, hint: "list your VMs with `golem vm list`" },
  VM_NAME_TAKEN: { status: 409, hint: "choose another name, or destroy the VM that has it" },
  VM_INVALID_STATE: { status: 409, hint: "check the VM's status with `golem vm info <name>`" },
  VM_NOT_RUNNING: { status: 409, hint: "start the VM with `golem vm start <name>` and ask again" },
  RESOURCES_EXHAUSTED: { status: 503, hint: "ask for fewer resources or pick another provider" },
  PORTS_EXHAUSTED: {
    status: 503,
    hint: "destroy unused VMs or widen the provider's SSH port range",
  },
  PORTS_LIMIT_EXCEEDED: {
    status: 400,
    hint: "publish fewer ports, or pick a provider whose advert allows more (maxPublishedPorts)",
  },
  DRIVER_UNAVAILABLE: {
    status: 503,
    hint: "read the driver's probe reason and install what it names, or choose another driver",
  },
  DRIVER_FAILED: { status: 500, hint: "read the provider log for the driver's output" },

  // ---- streams as a provider checks them ----
  STREAM_NOT_FOUND: {
    status: 404,
    hint: "check the stream id and that you are on the right chain",
  },
  STREAM_CLOSED: { status: 409, hint: "open a new stream; a terminated stream cannot be reused" },
  STREAM_WRONG_SENDER: {
    status: 403,
    hint: "open the stream from the wallet you signed in with",
  },
  STREAM_WRONG_RECIPIENT: {
    status: 400,
    hint: "open the stream to the provider address named in its offer",
  },
  STREAM_WRONG_TOKEN: {
    status: 400,
    hint: "use the StreamPayment deployment and token named in the provider's offer",
  },
  PAYMENT_NOT_ACCEPTED: {
    status: 409,
    hint: "pay with what the provider accepts (see `payments` in its provider/info, or `golem vm providers`)",
  },
  STREAM_ALREADY_USED: {
    status: 409,
    hint: "request a new offer and open a new stream for each VM",
  },
  STREAM_UNDERFUNDED: {
    status: 402,
    hint: "top up the stream with `golem vm stream topup` so its runway covers the minimum",
  },
  STREAM_RATE_TOO_LOW: {
    status: 400,
    hint: "open the stream with at least the offer's ratePerSecond",
  },
  STREAM_UNAUTHORIZED: {
    status: 403,
    hint: "only the stream's sender or recipient may do this; use one of their wallets",
  },

  // ---- offers ----
  OFFER_EXPIRED: { status: 410, hint: "request a new offer (POST /api/v1/offers) and pay for it" },
  OFFER_INVALID: { status: 400, hint: "request a new offer from the provider" },
  OFFER_UNKNOWN: {
    status: 400,
    hint: "this provider did not sign that offer; request a new one from it",
  },
  PAYMENTS_DISABLED: {
    status: 409,
    hint: "this provider runs VMs without payment; create the VM without an offer",
  },

  // ---- chain, deployment, tokens ----
  CHAIN_UNREACHABLE: {
    status: 503,
    hint: "check the RPC URL and that the node is running (`./dev chain` for a local chain)",
  },
  CHAIN_MISMATCH: {
    status: 400,
    hint: "point the RPC URL and the wallet at the chain of the deployment",
  },
  SUBGRAPH_UNAVAILABLE: {
    status: 502,
    hint: "check the subgraph URL and that it has indexed the deployment, or unset it to read streams from chain logs",
  },
  DEPLOYMENT_NOT_FOUND: {
    status: 404,
    hint: "run `./dev chain` for a local chain, or add deployments/<chainId>.json",
  },
  PAYMENT_NOT_DEPLOYED: {
    status: 404,
    hint: "pay in GLM, or deploy StreamPaymentNative on this chain (deploy script with --native)",
  },
  ABI_MISMATCH: {
    status: 500,
    hint: "update @vm-on-golem/sdk or redeploy so the deployment and the sdk share one ABI",
  },
  INSUFFICIENT_FUNDS: {
    status: 402,
    hint: "add tokens to the wallet (`golem wallet faucet` on a test chain) or lower the amount",
  },
  INSUFFICIENT_ALLOWANCE: {
    status: 402,
    hint: "approve the StreamPayment contract for the amount, or pay with a permit",
  },
  TOKEN_TRANSFER_FAILED: {
    status: 502,
    hint: "the token refused the transfer; check the token address of the deployment",
  },
  CONTRACT_REVERTED: {
    status: 500,
    hint: "check that the contract address and the sdk's ABI belong to one deployment",
  },

  // ---- StreamPayment custom errors ----
  TOKEN_ZERO_ADDRESS: { status: 500, hint: "deploy StreamPayment with the token's address" },
  RECIPIENT_ZERO_ADDRESS: { status: 400, hint: "pass the provider's address as the recipient" },
  RECIPIENT_IS_SENDER: { status: 400, hint: "pay another address than your own wallet" },
  RATE_ZERO: { status: 400, hint: "use a rate of at least 1 token base unit per second" },
  RATE_TOO_HIGH: { status: 400, hint: "use a lower rate per second" },
  DEPOSIT_ZERO: { status: 400, hint: "deposit at least one second of the rate" },
  AMOUNT_TOO_HIGH: {
    status: 400,
    hint: "use a smaller amount: a stream's balance plus accrued funds has a fixed maximum",
  },
  REENTRANT_CALL: {
    status: 500,
    hint: "only a token that calls back into StreamPayment can cause this; check the deployment's token",
  },
  PERMIT_FAILED: {
    status: 400,
    hint: "sign a new permit, or approve the StreamPayment contract and call createStream",
  },
  PERMIT_EXPIRED: { status: 400, hint: "sign a new permit with a later deadline" },
  BUDGET_EXCEEDED: {
    status: 400,
    hint: "top up at most the stream's remaining budget, or let its sender raise the budget",
  },
  STREAM_NOT_SENDER: { status: 403, hint: "only the stream's sender sets its top-up budget" },
  VALUE_MISMATCH: {
    status: 400,
    hint: "send the deposit or top-up amount as the transaction's value, exactly",
  },
  NO_CREDIT: {
    status: 400,
    hint: "nothing to withdraw: every payout to this address went through",
  },
  CREDIT_TRANSFER_FAILED: {
    status: 502,
    hint: "withdraw the credit to an address that accepts ETH (withdrawCredit(to))",
  },
  PERMIT_INVALID_SIGNER: {
    status: 400,
    hint: "sign the permit with the wallet that sends the transaction",
  },

  // ---- test token faucet ----
  FAUCET_COOLDOWN: { status: 429, hint: "wait until the faucet is available again" },
  FAUCET_UNAVAILABLE: {
    status: 400,
    hint: "buy or bridge the token to your address, or use a test network whose token has a faucet (--network local)",
  },

  // ---- provider daemon ----
  DAEMON_NOT_RUNNING: {
    status: 503,
    hint: "start it with `golem-provider start --daemon`",
  },
  DAEMON_ALREADY_RUNNING: {
    status: 409,
    hint: "stop it with `golem-provider stop` first, or use another --data-dir",
  },
  PORT_IN_USE: {
    status: 409,
    hint: "stop what listens there, or choose another port (--port or the port range settings)",
  },

  // ---- the local API of `golem server api` (issue 15: srv-api) ----
  API_TOKEN_INVALID: {
    status: 401,
    hint: "send `Authorization: Bearer <token>` with the token `golem server token` prints",
  },
  API_HOST_REFUSED: {
    status: 403,
    hint: "call the API at the address `golem server api` printed (e.g. http://127.0.0.1:7465), not through another host name",
  },
  API_ORIGIN_REFUSED: {
    status: 403,
    hint: "the local API serves tools on this machine, not web pages: call it from a program without an Origin header",
  },
  SPEND_CAP_EXCEEDED: {
    status: 403,
    hint: "pay less, wait for the next UTC day, or restart `golem server api` with higher --max-spend-per-request / --max-spend-per-day",
  },

  // ---- dev scripts (issue 14, a newcomer's first run: ./dev demo, chain, deploy) ----
  CONTRACTS_BUILD_FAILED: {
    status: 500,
    hint: "fix the Solidity error printed above and run the command again (`./dev compile` compiles alone)",
  },
  LOCAL_CHAIN_FAILED: {
    status: 500,
    hint: "read the node's output above; `./dev chain` starts one alone",
  },
  TESTNET_NEEDS_ROOT: {
    status: 500,
    hint: "run it as root (sudo ./dev testnet): it makes network namespaces, links and nftables rules",
  },
  TESTNET_HOST_FAILED: {
    status: 500,
    hint: "read the host's log named in the message; `./dev testnet` needs root, ip and nft",
  },
  HARDHAT_FAILED: {
    status: 500,
    hint: "read Hardhat's message; run the same step with `npx hardhat --show-stack-traces` for its trace",
  },

  // ---- config and plumbing ----
  CONFIG_INVALID: { status: 500, hint: "fix the listed settings and start again" },
  PROVIDER_UNREACHABLE: {
    status: 502,
    hint: "check the provider's API URL; if it is offline, pick another provider",
  },
  PROVIDER_BAD_RESPONSE: {
    status: 502,
    hint: "the provider answered outside the provider API this client speaks (/api/v1): ask its operator to upgrade or fix the node, or pick another provider",
  },
  PROVIDER_MISMATCH: {
    status: 502,
    hint: "check --provider-url and --provider-id: they must name the same provider (see `golem vm providers`)",
  },
  KEYSTORE_INVALID: {
    status: 400,
    hint: "check the keystore file and its password (GOLEM_REQUESTOR_KEYSTORE_PASSWORD)",
  },
  INTERNAL: { status: 500, hint: "this is a bug: report it with the command and its output" },

  // ---- provider API robustness (security issue: offers flood, malformed requests, oversized VMs) ----
  REQUEST_TIMEOUT: {
    status: 408,
    hint: "send the whole request at once; the provider closes requests that take too long to arrive",
  },
  VM_TOO_LARGE: {
    status: 400,
    hint: "ask for no more than the provider has in all (GET /api/v1/provider/info: resources.total), or pick a larger provider",
  },
  OFFERS_TOO_MANY: {
    status: 429,
    hint: "pay for or let expire one of your open offers before asking for another",
  },

  // ---- issue 15: sign-in relay and offer pricing ----
  PROVIDER_IDENTITY_MISMATCH: {
    status: 502,
    hint: "do not use it: the node that answered is not the peer the provider's signed advert names (nothing was signed); pick another provider, or wait for its next advert",
  },
  PROVIDER_TRANSPORT_UNAVAILABLE: {
    status: 502,
    hint: 'this provider\'s advert offers its API only as plain HTTP to a public host: ask for it explicitly (providerTransport "http") if you accept that, or pick a provider whose advert offers libp2p',
  },
  SIWE_DOMAIN_MISMATCH: {
    status: 502,
    hint: "do not sign in there: that API asked for a sign-in valid at another provider; check the provider's URL, or pick another provider",
  },
  OFFER_ABOVE_ADVERT: {
    status: 409,
    hint: "do not pay it: the provider quotes more than its signed advert; pick another provider",
  },
  OFFER_ABOVE_MAX_PRICE: {
    status: 409,
    hint: "raise --max-price if the price is right, or pick a cheaper provider",
  },
  OFFER_RUNWAY_TOO_LONG: {
    status: 409,
    hint: "pick a provider that asks for less runway up front (at most a day)",
  },
  SSH_ACCESS_INVALID: {
    status: 502,
    hint: "do not paste anything this provider sent; ask its operator, or rent from another provider",
  },
  OFFER_PRICE_UNCHECKED: {
    status: 400,
    hint: "pass --max-price (GLM per hour for this VM), rent through discovery (a signed advert), or confirm the price on a terminal without --yes",
  },

  // ---- issue 14, money and CLI conventions: prices, flags, SSH keys ----
  PRICES_NOT_SET: {
    status: 500,
    hint: "set the node's prices with `golem-provider pricing set`, or start it with --no-payments",
  },
  SSH_KEY_INVALID: {
    status: 400,
    hint: "pass an OpenSSH public key file, e.g. --ssh-key ~/.ssh/id_ed25519.pub",
  },
  FLAG_RENAMED: {
    status: 400,
    hint: "run the command with --help to see the flag's new name and meaning",
  },

  // ---- issue 17: SSH host keys pinned, not trusted on first use ----
  SSH_HOST_KEY_MISMATCH: {
    status: 502,
    hint: "do not log in: the SSH server at the VM's address is not the VM its provider described (a changed guest or someone in between); ask the provider's operator, or destroy the VM",
  },
} as const satisfies Record<string, ErrorCodeInfo>;

/** A stable error code, e.g. `"STREAM_UNDERFUNDED"`. */
export type GolemErrorCode = keyof typeof errorCodes;

/** True when `value` is one of the codes in {@link errorCodes}. */
export function isGolemErrorCode(value: unknown): value is GolemErrorCode {
  return typeof value === "string" && Object.hasOwn(errorCodes, value);
}
