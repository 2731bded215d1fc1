import { type Abi, parseAbi } from "viem";
import type { GolemErrorCode } from "./error-codes.ts";

/** Arguments of a decoded custom error, by the parameter names in its signature. */
export type ContractErrorArgs = { readonly [name: string]: unknown };

/** How one Solidity custom error becomes a {@link GolemError}. */
export type ContractErrorEntry = {
  /** Human-readable ABI signature; parameter names are the keys of the message's `args`. */
  readonly signature: `error ${string}`;
  /** The code the revert maps to. */
  readonly code: GolemErrorCode;
  /** States the fact, from the decoded arguments. */
  readonly message: (args: ContractErrorArgs) => string;
  /** Overrides the code's default hint when the revert says more. */
  readonly hint?: string;
};

const s = (value: unknown): string => String(value);

/**
 * Every custom error a VM on Golem transaction can revert with: all of StreamPayment's, the
 * OpenZeppelin 5 ERC20 / ERC2612 ones that reach a user, and the test token's faucet.
 * The one place where Solidity reverts become codes.
 */
export const contractErrors = {
  StreamPayment_TokenZeroAddress: {
    signature: "error StreamPayment_TokenZeroAddress()",
    code: "TOKEN_ZERO_ADDRESS",
    message: () => "StreamPayment cannot be deployed with the zero address as its token",
  },
  StreamPayment_RecipientZeroAddress: {
    signature: "error StreamPayment_RecipientZeroAddress()",
    code: "RECIPIENT_ZERO_ADDRESS",
    message: () => "the stream's recipient is the zero address",
  },
  StreamPayment_RecipientIsSender: {
    signature: "error StreamPayment_RecipientIsSender(address sender)",
    code: "RECIPIENT_IS_SENDER",
    message: (a) => `the stream's recipient is its sender ${s(a.sender)}`,
  },
  StreamPayment_RateZero: {
    signature: "error StreamPayment_RateZero()",
    code: "RATE_ZERO",
    message: () => "the stream's rate is 0 per second",
  },
  StreamPayment_RateTooHigh: {
    signature: "error StreamPayment_RateTooHigh(uint256 ratePerSecond)",
    code: "RATE_TOO_HIGH",
    message: (a) => `the rate ${s(a.ratePerSecond)} per second is above the contract's maximum`,
  },
  StreamPayment_DepositZero: {
    signature: "error StreamPayment_DepositZero()",
    code: "DEPOSIT_ZERO",
    message: () => "the deposit is 0",
  },
  StreamPayment_AmountTooHigh: {
    signature: "error StreamPayment_AmountTooHigh(uint256 amount)",
    code: "AMOUNT_TOO_HIGH",
    message: (a) => `the amount ${s(a.amount)} does not fit a stream's balance`,
  },
  StreamPayment_StreamNotFound: {
    signature: "error StreamPayment_StreamNotFound(uint256 streamId)",
    code: "STREAM_NOT_FOUND",
    message: (a) => `stream ${s(a.streamId)} does not exist`,
  },
  StreamPayment_StreamClosed: {
    signature: "error StreamPayment_StreamClosed(uint256 streamId)",
    code: "STREAM_CLOSED",
    message: (a) => `stream ${s(a.streamId)} is closed`,
  },
  StreamPayment_Unauthorized: {
    signature: "error StreamPayment_Unauthorized(uint256 streamId, address caller)",
    code: "STREAM_UNAUTHORIZED",
    message: (a) =>
      `${s(a.caller)} is neither the sender nor the recipient of stream ${s(a.streamId)}`,
  },
  StreamPayment_PermitFailed: {
    signature: "error StreamPayment_PermitFailed(address owner, uint256 deposit)",
    code: "PERMIT_FAILED",
    message: (a) =>
      `the permit of ${s(a.owner)} did not take effect and the allowance is below the deposit ${s(a.deposit)}`,
  },
  StreamPayment_BudgetExceeded: {
    signature:
      "error StreamPayment_BudgetExceeded(uint256 streamId, uint256 amount, uint256 topUpBudget)",
    code: "BUDGET_EXCEEDED",
    message: (a) =>
      `stream ${s(a.streamId)} has a top-up budget of ${s(a.topUpBudget)}; ${s(a.amount)} was asked for`,
  },
  StreamPayment_NotSender: {
    signature: "error StreamPayment_NotSender(uint256 streamId, address caller)",
    code: "STREAM_NOT_SENDER",
    message: (a) => `${s(a.caller)} is not the sender of stream ${s(a.streamId)}`,
  },
  StreamPayment_ValueMismatch: {
    signature: "error StreamPayment_ValueMismatch(uint256 value, uint256 amount)",
    code: "VALUE_MISMATCH",
    message: (a) => `the transaction sends ${s(a.value)} wei for an amount of ${s(a.amount)} wei`,
  },
  StreamPayment_NoCredit: {
    signature: "error StreamPayment_NoCredit(address account)",
    code: "NO_CREDIT",
    message: (a) => `${s(a.account)} has no credit from failed payouts`,
  },
  StreamPayment_CreditTransferFailed: {
    signature: "error StreamPayment_CreditTransferFailed(address to, uint256 amount)",
    code: "CREDIT_TRANSFER_FAILED",
    message: (a) => `${s(a.to)} refused the ${s(a.amount)} wei credit sent to it`,
  },
  ERC20InsufficientBalance: {
    signature: "error ERC20InsufficientBalance(address sender, uint256 balance, uint256 needed)",
    code: "INSUFFICIENT_FUNDS",
    message: (a) =>
      `${s(a.sender)} holds ${s(a.balance)} token base units; ${s(a.needed)} are needed`,
  },
  ERC20InsufficientAllowance: {
    signature:
      "error ERC20InsufficientAllowance(address spender, uint256 allowance, uint256 needed)",
    code: "INSUFFICIENT_ALLOWANCE",
    message: (a) =>
      `${s(a.spender)} may spend ${s(a.allowance)} token base units; ${s(a.needed)} are needed`,
  },
  ERC2612ExpiredSignature: {
    signature: "error ERC2612ExpiredSignature(uint256 deadline)",
    code: "PERMIT_EXPIRED",
    message: (a) => `the permit expired at ${s(a.deadline)} (unix seconds)`,
  },
  ERC2612InvalidSigner: {
    signature: "error ERC2612InvalidSigner(address signer, address owner)",
    code: "PERMIT_INVALID_SIGNER",
    message: (a) => `the permit is signed by ${s(a.signer)}, not by the owner ${s(a.owner)}`,
  },
  SafeERC20FailedOperation: {
    signature: "error SafeERC20FailedOperation(address token)",
    code: "TOKEN_TRANSFER_FAILED",
    message: (a) => `the token ${s(a.token)} refused a transfer`,
  },
  StreamPayment_Reentrancy: {
    signature: "error StreamPayment_Reentrancy()",
    code: "REENTRANT_CALL",
    message: () => "a StreamPayment write was re-entered during a token transfer or a payout",
  },
  StreamPayment_TimeOutOfRange: {
    signature: "error StreamPayment_TimeOutOfRange(uint256 timestamp)",
    code: "NOT_SUPPORTED",
    message: (a) =>
      `the chain's time ${s(a.timestamp)} is past what StreamPayment records (February 2106)`,
    hint: "terminate the stream (it still closes and pays both sides); open new streams on a later StreamPayment",
  },
  TestGLM_FaucetCooldown: {
    signature: "error TestGLM_FaucetCooldown(address recipient, uint256 availableAt)",
    code: "FAUCET_COOLDOWN",
    message: (a) =>
      `the faucet gives ${s(a.recipient)} tokens again at ${s(a.availableAt)} (unix seconds)`,
  },
  TestGLM_RecipientZeroAddress: {
    signature: "error TestGLM_RecipientZeroAddress()",
    code: "RECIPIENT_ZERO_ADDRESS",
    message: () => "the faucet's recipient is the zero address",
    hint: "pass the wallet address that should receive the test tokens",
  },
} as const satisfies Record<string, ContractErrorEntry>;

/** Name of a custom error in {@link contractErrors}. */
export type ContractErrorName = keyof typeof contractErrors;

/** ABI of every error in {@link contractErrors}, to decode revert data with. */
export const contractErrorsAbi: Abi = parseAbi(
  Object.values(contractErrors).map((entry) => entry.signature),
);
