// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {IStreamPaymentCore} from "./IStreamPaymentCore.sol";

/// @title IStreamPayment
/// @notice Pay-per-second ERC-20 token streams from a requestor (sender) to a provider (recipient), one per rented
/// service: the writes that pull tokens (approve + create, EIP-2612 or DAI-style permit + create, top-ups, and
/// top-ups from a budget the sender pre-authorized).
interface IStreamPayment is IStreamPaymentCore {
    /// @notice The sender set the stream's top-up budget (at creation or later).
    /// @param streamId The stream.
    /// @param topUpBudget What {topUpFromBudget} may still pull from the sender into this stream.
    event TopUpBudgetSet(uint256 indexed streamId, uint256 topUpBudget);

    /// @notice The constructor was given the zero address as token.
    error StreamPayment_TokenZeroAddress();
    /// @notice The permit failed and the allowance does not cover the deposit.
    /// @param owner The caller, whose tokens the permit was for.
    /// @param deposit The deposit the allowance had to cover.
    error StreamPayment_PermitFailed(address owner, uint256 deposit);
    /// @notice A top-up from the budget asked for more than the stream's remaining budget.
    /// @param streamId The stream.
    /// @param amount The top-up asked for.
    /// @param topUpBudget The stream's remaining budget.
    error StreamPayment_BudgetExceeded(uint256 streamId, uint256 amount, uint256 topUpBudget);
    /// @notice Only the stream's sender may set its budget.
    /// @param streamId The stream.
    /// @param caller Who tried.
    error StreamPayment_NotSender(uint256 streamId, address caller);

    // ---- writes ----

    /// @notice Opens a stream from `msg.sender` to `recipient` and pulls `deposit` tokens from `msg.sender`.
    /// @dev Emits {StreamCreated}. Accrual starts at `block.timestamp`.
    ///
    /// Requirements:
    /// - `recipient` is not the zero address and not `msg.sender`.
    /// - `ratePerSecond` is not zero and fits in a uint64.
    /// - `deposit` is not zero and fits in a uint88.
    /// - `msg.sender` approved this contract for at least `deposit` tokens and holds them.
    ///
    /// @param recipient Who is paid what accrues (the provider).
    /// @param deposit Token base units to fund the stream with.
    /// @param ratePerSecond Token base units accrued per second.
    /// @param serviceId Identifier of the service paid for (the EIP-712 hash of the provider's offer).
    /// @return streamId The new stream's id (ids start at 1).
    function createStream(address recipient, uint256 deposit, uint256 ratePerSecond, bytes32 serviceId)
        external
        returns (uint256 streamId);

    /// @notice {createStreamWithBudget}, approving `deposit + topUpBudget` first with an EIP-2612 permit signed by
    /// `msg.sender` (its `value` is that sum, so the allowance left after the deposit covers the budget).
    /// @dev A permit that fails (e.g. already used by a front-runner) is ignored when the allowance already covers
    /// `deposit`, so front-running the permit cannot grief the stream creation.
    ///
    /// Requirements:
    /// - The permit succeeds, or the allowance of `msg.sender` to this contract is already at least `deposit`.
    /// - All the requirements of {createStreamWithBudget}.
    ///
    /// @param topUpBudget What {topUpFromBudget} may later pull from `msg.sender` into the stream (0: none).
    /// @param deadline The permit's deadline (s).
    /// @param v The permit signature's `v`.
    /// @param r The permit signature's `r`.
    /// @param s The permit signature's `s`.
    /// @return streamId The new stream's id.
    function createStreamWithPermit(
        address recipient,
        uint256 deposit,
        uint256 ratePerSecond,
        bytes32 serviceId,
        uint256 topUpBudget,
        uint256 deadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external returns (uint256 streamId);

    /// @notice Adds `amount` tokens, pulled from `msg.sender`, to an open stream's balance.
    /// @dev Settles first. If the stream had run dry, accrual resumes at `block.timestamp`: the unfunded time in
    /// between is never paid. (A stream that is still funded accrues the same with or without moving `lastUpdate`,
    /// so it keeps its `lastUpdate` and the top-up touches one storage slot.) Anyone may top up; refunds still go
    /// to the stream's sender. Emits {StreamToppedUp}.
    ///
    /// Requirements:
    /// - The stream exists and is not closed.
    /// - `amount` is not zero; the balance after the top-up, and the accrued funds after settling, fit in a uint88.
    /// - `msg.sender` approved this contract for at least `amount` tokens and holds them.
    ///
    /// @param streamId The stream to fund.
    /// @param amount Token base units to add.
    function topUp(uint256 streamId, uint256 amount) external;

    /// @notice {createStream} with a top-up budget: what {topUpFromBudget} may later pull from `msg.sender`
    /// (through its allowance to this contract) into the stream. Emits {StreamCreated} and, when `topUpBudget` is
    /// not zero, {TopUpBudgetSet}.
    ///
    /// Requirements:
    /// - `topUpBudget` fits in a uint88.
    /// - All the requirements of {createStream}.
    ///
    /// @param topUpBudget Token base units (0: no budget).
    function createStreamWithBudget(
        address recipient,
        uint256 deposit,
        uint256 ratePerSecond,
        bytes32 serviceId,
        uint256 topUpBudget
    ) external returns (uint256 streamId);

    /// @notice {createStreamWithBudget}, approving first with a DAI-style permit signed by `msg.sender` (the
    /// permit of mainnet GLM: `permit(holder, spender, nonce, expiry, allowed, v, r, s)` with `allowed = true`,
    /// which grants this contract an unlimited allowance).
    /// @dev The unlimited allowance is safe here: this contract pulls from an address only in a call that address
    /// makes ({createStream}, {topUp}) or within the budget it set for a stream ({topUpFromBudget}). A permit
    /// that fails (e.g. already used by a front-runner) is ignored when the allowance already covers `deposit`.
    ///
    /// Requirements:
    /// - The permit succeeds, or the allowance of `msg.sender` to this contract is already at least `deposit`.
    /// - All the requirements of {createStreamWithBudget}.
    ///
    /// @param nonce The holder's permit nonce on the token.
    /// @param expiry The permit's expiry (s; 0: none).
    function createStreamWithDaiPermit(
        address recipient,
        uint256 deposit,
        uint256 ratePerSecond,
        bytes32 serviceId,
        uint256 topUpBudget,
        uint256 nonce,
        uint256 expiry,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external returns (uint256 streamId);

    /// @notice Sets what {topUpFromBudget} may still pull from the sender into an open stream (replacing the
    /// remaining budget; 0 removes it). Emits {TopUpBudgetSet}.
    /// @dev The pull goes through the sender's allowance to this contract, which the sender keeps at least this high.
    ///
    /// Requirements:
    /// - The stream exists and is not closed; `msg.sender` is its sender.
    /// - `topUpBudget` fits in a uint88.
    function setTopUpBudget(uint256 streamId, uint256 topUpBudget) external;

    /// @notice Moves `amount` tokens from the stream's sender (through its allowance) into the open stream, as
    /// {topUp} by the sender would, and lowers the budget by `amount`. Anyone may call (e.g. the provider before it
    /// would stop the service): the funds stay the sender's to refund until they accrue. Emits {StreamToppedUp}
    /// with the sender as funder; the remaining budget is in {getStream} (no event of its own: it would take the
    /// call further over its gas target).
    ///
    /// Requirements:
    /// - The stream exists and is not closed.
    /// - `amount` is not zero and at most the stream's remaining budget.
    /// - The requirements of {topUp} on amounts; the sender's allowance and balance cover `amount`.
    function topUpFromBudget(uint256 streamId, uint256 amount) external;
}
