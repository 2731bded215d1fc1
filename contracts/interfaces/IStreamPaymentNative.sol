// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {IStreamPaymentCore} from "./IStreamPaymentCore.sol";

/// @title IStreamPaymentNative
/// @notice Pay-per-second streams in the chain's native coin (ETH on Ethereum and its L2s): the same streams, views,
/// events and errors as the ERC-20 deployment ({IStreamPayment}), with `msg.value` as the deposit or top-up.
/// {token} is the zero address.
/// @dev Payouts (withdraw, terminate) send ETH with a bounded gas stipend ({PAYOUT_GAS}); a payee that rejects it
/// (or runs out of that gas) is credited instead and pulls later with {withdrawCredit}, so no recipient or sender
/// contract can block the other party's payout.
interface IStreamPaymentNative is IStreamPaymentCore {
    /// @notice A payout to `account` failed and was credited to it instead; {withdrawCredit} pays it out.
    /// @param account Who is owed the credit (a stream's recipient or sender).
    /// @param amount Wei credited.
    event PayoutCredited(address indexed account, uint256 amount);

    /// @notice `account` withdrew its whole credit to `to`.
    event CreditWithdrawn(address indexed account, address indexed to, uint256 amount);

    /// @notice `msg.value` differs from the deposit or top-up amount given.
    /// @param value The wei sent.
    /// @param amount The deposit or top-up given.
    error StreamPayment_ValueMismatch(uint256 value, uint256 amount);
    /// @notice {withdrawCredit} by an account with no credit.
    error StreamPayment_NoCredit(address account);
    /// @notice {withdrawCredit} could not send the credit to `to` (the credit is kept).
    error StreamPayment_CreditTransferFailed(address to, uint256 amount);

    /// @notice Gas forwarded with a payout before it is credited instead (enough for a smart-contract wallet's
    /// `receive`, small enough that a hostile payee cannot make withdraw or terminate expensive).
    function PAYOUT_GAS() external view returns (uint256);

    /// @notice Opens a stream from `msg.sender` to `recipient` funded with `msg.value` wei.
    /// @dev Emits {StreamCreated}. Accrual starts at `block.timestamp`. The deposit is repeated as an argument so
    /// that the call states what the caller meant to pay (and has the ERC-20 deployment's signature).
    ///
    /// Requirements:
    /// - `msg.value == deposit`.
    /// - `recipient` is not the zero address and not `msg.sender`.
    /// - `ratePerSecond` is not zero and fits in a uint64.
    /// - `deposit` is not zero and fits in a uint88.
    ///
    /// @return streamId The new stream's id (ids start at 1).
    function createStream(address recipient, uint256 deposit, uint256 ratePerSecond, bytes32 serviceId)
        external
        payable
        returns (uint256 streamId);

    /// @notice Adds `msg.value` wei to an open stream's balance; as {IStreamPayment-topUp}.
    ///
    /// Requirements:
    /// - `msg.value == amount`.
    /// - The stream exists and is not closed.
    /// - `amount` is not zero; the balance after the top-up, and the accrued funds after settling, fit in a uint88.
    function topUp(uint256 streamId, uint256 amount) external payable;

    /// @notice Sends the caller's whole credit (payouts that failed) to `to`, with all the gas left.
    /// @dev Emits {CreditWithdrawn}. A contract that cannot receive ETH names another address as `to`.
    ///
    /// Requirements:
    /// - `to` is not the zero address.
    /// - `msg.sender` has a credit; `to` accepts the ETH.
    ///
    /// @return amount Wei sent.
    function withdrawCredit(address payable to) external returns (uint256 amount);

    /// @notice Wei credited to `account` by failed payouts and not yet withdrawn.
    function creditOf(address account) external view returns (uint256);
}
