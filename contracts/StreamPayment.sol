// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {StreamPaymentCore} from "./StreamPaymentCore.sol";
import {IDaiPermit} from "./interfaces/IDaiPermit.sol";
import {IStreamPayment} from "./interfaces/IStreamPayment.sol";
import {IStreamPaymentCore} from "./interfaces/IStreamPaymentCore.sol";

/// @title StreamPayment
/// @notice Pay-per-second ERC-20 token streams from a requestor (sender) to a provider (recipient). One immutable
/// token per deployment; no owner, no admin, no path to funds other than withdraw (to the recipient) and terminate
/// (accrued to the recipient, the rest to the sender). The sender's tokens are pulled only in the sender's own calls
/// (create, top-up) or, within the budget the sender set for a stream, by {topUpFromBudget}.
/// @dev The accounting is {StreamPaymentCore}'s; this contract pulls and pays the token. Tokens that take a fee on
/// transfer or rebase are not supported: the contract books the nominal amounts.
contract StreamPayment is StreamPaymentCore, IStreamPayment {
    using SafeERC20 for IERC20;

    IERC20 private immutable TOKEN;

    /// @param token_ The ERC-20 token streams are paid in (GLM on public chains).
    constructor(address token_) {
        if (token_ == address(0)) revert StreamPayment_TokenZeroAddress();
        TOKEN = IERC20(token_);
    }

    // ---- writes ----

    /// @inheritdoc IStreamPayment
    function createStream(address recipient, uint256 deposit, uint256 ratePerSecond, bytes32 serviceId)
        external
        nonReentrant
        returns (uint256 streamId)
    {
        streamId = _create(recipient, deposit, ratePerSecond, serviceId, 0);
        TOKEN.safeTransferFrom(msg.sender, address(this), deposit);
    }

    /// @inheritdoc IStreamPayment
    function createStreamWithBudget(
        address recipient,
        uint256 deposit,
        uint256 ratePerSecond,
        bytes32 serviceId,
        uint256 topUpBudget
    ) external nonReentrant returns (uint256 streamId) {
        streamId = _createWithBudget(recipient, deposit, ratePerSecond, serviceId, topUpBudget);
    }

    /// @inheritdoc IStreamPayment
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
    ) external nonReentrant returns (uint256 streamId) {
        // deposit + topUpBudget cannot overflow once both are checked to be at most MAX_AMOUNT (by _create); a larger
        // value only makes the permit's value larger, and _create then reverts.
        uint256 value = deposit > MAX_AMOUNT || topUpBudget > MAX_AMOUNT ? 0 : deposit + topUpBudget;
        try IERC20Permit(address(TOKEN)).permit(msg.sender, address(this), value, deadline, v, r, s) {}
        catch {
            _requireAllowance(deposit);
        }
        streamId = _createWithBudget(recipient, deposit, ratePerSecond, serviceId, topUpBudget);
    }

    /// @inheritdoc IStreamPayment
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
    ) external nonReentrant returns (uint256 streamId) {
        try IDaiPermit(address(TOKEN)).permit(msg.sender, address(this), nonce, expiry, true, v, r, s) {}
        catch {
            _requireAllowance(deposit);
        }
        streamId = _createWithBudget(recipient, deposit, ratePerSecond, serviceId, topUpBudget);
    }

    /// @inheritdoc IStreamPayment
    function topUp(uint256 streamId, uint256 amount) external nonReentrant {
        _topUp(_streams[streamId], streamId, amount, msg.sender);
        TOKEN.safeTransferFrom(msg.sender, address(this), amount);
    }

    /// @inheritdoc IStreamPayment
    function setTopUpBudget(uint256 streamId, uint256 topUpBudget) external nonReentrant {
        StoredStream storage stream = _existing(streamId);
        uint8 flags = stream.flags;
        if (flags & _CLOSED != 0) revert StreamPayment_StreamClosed(streamId);
        if (msg.sender != stream.sender) revert StreamPayment_NotSender(streamId, msg.sender);
        if (topUpBudget > MAX_AMOUNT) revert StreamPayment_AmountTooHigh(topUpBudget);
        stream.topUpBudget = uint96(topUpBudget);
        if (topUpBudget != 0 && flags & _LEDGER == 0) stream.flags = flags | _LEDGER;
        emit TopUpBudgetSet(streamId, topUpBudget);
    }

    /// @inheritdoc IStreamPayment
    function topUpFromBudget(uint256 streamId, uint256 amount) external nonReentrant {
        StoredStream storage stream = _streams[streamId];
        address sender = stream.sender;
        uint256 budget = stream.topUpBudget;
        // Checks existence, open, amount and bounds, and books the top-up (funder: the sender).
        _topUp(stream, streamId, amount, sender);
        if (amount > budget) revert StreamPayment_BudgetExceeded(streamId, amount, budget);
        unchecked {
            budget -= amount;
        }
        stream.topUpBudget = uint96(budget);
        TOKEN.safeTransferFrom(sender, address(this), amount);
    }

    // ---- views ----

    /// @inheritdoc IStreamPaymentCore
    function token() external view returns (address) {
        return address(TOKEN);
    }

    // ---- internals ----

    function _createWithBudget(
        address recipient,
        uint256 deposit,
        uint256 ratePerSecond,
        bytes32 serviceId,
        uint256 topUpBudget
    ) private returns (uint256 streamId) {
        streamId = _create(recipient, deposit, ratePerSecond, serviceId, topUpBudget);
        if (topUpBudget != 0) emit TopUpBudgetSet(streamId, topUpBudget);
        TOKEN.safeTransferFrom(msg.sender, address(this), deposit);
    }

    /// @dev After a failed permit: someone may have submitted the same permit first (front-running); that only
    /// matters if it left no allowance.
    function _requireAllowance(uint256 deposit) private view {
        if (TOKEN.allowance(msg.sender, address(this)) < deposit) {
            revert StreamPayment_PermitFailed(msg.sender, deposit);
        }
    }

    function _pay(address to, uint256 amount) internal override {
        TOKEN.safeTransfer(to, amount);
    }
}
