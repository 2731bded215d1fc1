// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {IStreamPayment} from "./interfaces/IStreamPayment.sol";

/// @title StreamPayment
/// @notice Pay-per-second token streams from a requestor (sender) to a provider (recipient). One immutable token per
/// deployment; no owner, no admin, no path to funds other than withdraw (to the recipient) and terminate (accrued to
/// the recipient, the rest to the sender).
/// @dev Every state change settles the stream first, then updates storage, then moves tokens (checks-effects-
/// interactions); the writes are also `nonReentrant`. Tokens that take a fee on transfer or rebase are not supported:
/// the contract books the nominal amounts.
contract StreamPayment is IStreamPayment {
    using SafeERC20 for IERC20;

    /// @dev Upper bound of a stream's `balance` and `accrued`, set by the packed struct.
    uint256 private constant MAX_AMOUNT = type(uint96).max;

    IERC20 private immutable TOKEN;

    /// @inheritdoc IStreamPayment
    uint256 public nextStreamId = 1;

    mapping(uint256 streamId => Stream stream) private _streams;

    /// @dev Reentrancy lock in transient storage (EIP-1153): ~200 gas per call, cleared when the transaction ends.
    /// A local lock rather than OpenZeppelin's ReentrancyGuardTransient, whose inline `tstore` makes solc print an
    /// EIP-1153 warning on every build.
    bool private transient _locked;

    /// @notice A write was re-entered (only possible through a misbehaving token).
    error StreamPayment_Reentrancy();

    modifier nonReentrant() {
        if (_locked) revert StreamPayment_Reentrancy();
        _locked = true;
        _;
        _locked = false;
    }

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
        streamId = _create(recipient, deposit, ratePerSecond, serviceId);
    }

    /// @inheritdoc IStreamPayment
    function createStreamWithPermit(
        address recipient,
        uint256 deposit,
        uint256 ratePerSecond,
        bytes32 serviceId,
        uint256 deadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external nonReentrant returns (uint256 streamId) {
        try IERC20Permit(address(TOKEN)).permit(msg.sender, address(this), deposit, deadline, v, r, s) {}
        catch {
            // Someone may have submitted the same permit first; that only matters if it left no allowance.
            if (TOKEN.allowance(msg.sender, address(this)) < deposit) {
                revert StreamPayment_PermitFailed(msg.sender, deposit);
            }
        }
        streamId = _create(recipient, deposit, ratePerSecond, serviceId);
    }

    /// @inheritdoc IStreamPayment
    function topUp(uint256 streamId, uint256 amount) external nonReentrant {
        Stream storage stream = _streams[streamId];
        uint256 lastUpdate = stream.lastUpdate;
        if (lastUpdate == 0) revert StreamPayment_StreamNotFound(streamId);
        if (stream.closed) revert StreamPayment_StreamClosed(streamId);
        if (amount == 0) revert StreamPayment_DepositZero();

        uint256 balance = stream.balance;
        uint256 owed = _owed(stream, lastUpdate, balance);
        if (owed == balance) {
            // Ran dry (at the latest now): settle, so that the top-up accrues from now and the unfunded time in
            // between is never paid. A still-funded stream accrues the same whether or not it is settled here.
            if (owed != 0) {
                uint256 accrued = stream.accrued + owed;
                if (accrued > MAX_AMOUNT) revert StreamPayment_AmountTooHigh(amount);
                stream.accrued = uint96(accrued);
            }
            balance = 0;
            stream.lastUpdate = uint40(block.timestamp);
        }
        // balance <= MAX_AMOUNT, so the subtraction cannot underflow.
        if (amount > MAX_AMOUNT - balance) revert StreamPayment_AmountTooHigh(amount);
        unchecked {
            balance += amount;
        }
        stream.balance = uint96(balance);

        emit StreamToppedUp(streamId, msg.sender, amount, balance);
        TOKEN.safeTransferFrom(msg.sender, address(this), amount);
    }

    /// @inheritdoc IStreamPayment
    function withdraw(uint256 streamId) external nonReentrant returns (uint256 amount) {
        address recipient;
        (recipient, amount) = _withdraw(streamId);
        if (amount != 0) TOKEN.safeTransfer(recipient, amount);
    }

    /// @inheritdoc IStreamPayment
    function withdrawMany(uint256[] calldata streamIds) external nonReentrant returns (uint256 total) {
        // Consecutive streams paying the same recipient (the usual case: a provider collecting its streams) share
        // one transfer. All storage updates of a batch happen before its transfer.
        address pendingRecipient;
        uint256 pendingAmount;
        for (uint256 i = 0; i < streamIds.length; ++i) {
            (address recipient, uint256 amount) = _withdraw(streamIds[i]);
            if (amount == 0) continue;
            if (recipient != pendingRecipient) {
                if (pendingAmount != 0) TOKEN.safeTransfer(pendingRecipient, pendingAmount);
                pendingRecipient = recipient;
                pendingAmount = 0;
            }
            pendingAmount += amount;
            total += amount;
        }
        if (pendingAmount != 0) TOKEN.safeTransfer(pendingRecipient, pendingAmount);
    }

    /// @inheritdoc IStreamPayment
    function terminate(uint256 streamId)
        external
        nonReentrant
        returns (uint256 paidToRecipient, uint256 refundedToSender)
    {
        Stream storage stream = _streams[streamId];
        uint256 lastUpdate = stream.lastUpdate;
        if (lastUpdate == 0) revert StreamPayment_StreamNotFound(streamId);
        if (stream.closed) revert StreamPayment_StreamClosed(streamId);
        address sender = stream.sender;
        address recipient = stream.recipient;
        if (msg.sender != sender && msg.sender != recipient) revert StreamPayment_Unauthorized(streamId, msg.sender);

        uint256 balance = stream.balance;
        uint256 owed = _owed(stream, lastUpdate, balance);
        uint256 accrued = stream.accrued;
        unchecked {
            paidToRecipient = accrued + owed;
            refundedToSender = balance - owed;
        }
        stream.balance = 0;
        stream.lastUpdate = uint40(block.timestamp);
        stream.closed = true;
        if (accrued != 0) stream.accrued = 0;

        emit StreamTerminated(streamId, sender, recipient, msg.sender, paidToRecipient, refundedToSender);
        if (paidToRecipient != 0) TOKEN.safeTransfer(recipient, paidToRecipient);
        if (refundedToSender != 0) TOKEN.safeTransfer(sender, refundedToSender);
    }

    // ---- views ----

    /// @inheritdoc IStreamPayment
    function token() external view returns (address) {
        return address(TOKEN);
    }

    /// @inheritdoc IStreamPayment
    function getStream(uint256 streamId) external view returns (Stream memory) {
        return _existing(streamId);
    }

    /// @inheritdoc IStreamPayment
    function withdrawableOf(uint256 streamId) external view returns (uint256) {
        Stream storage stream = _existing(streamId);
        if (stream.closed) return 0;
        return stream.accrued + _owed(stream, stream.lastUpdate, stream.balance);
    }

    /// @inheritdoc IStreamPayment
    function refundableOf(uint256 streamId) external view returns (uint256) {
        Stream storage stream = _existing(streamId);
        if (stream.closed) return 0;
        uint256 balance = stream.balance;
        return balance - _owed(stream, stream.lastUpdate, balance);
    }

    /// @inheritdoc IStreamPayment
    function depletionTimeOf(uint256 streamId) external view returns (uint256) {
        return _depletionTime(_existing(streamId));
    }

    /// @inheritdoc IStreamPayment
    function isActive(uint256 streamId) external view returns (bool) {
        Stream storage stream = _existing(streamId);
        return !stream.closed && block.timestamp < _depletionTime(stream);
    }

    // ---- internals ----

    function _create(address recipient, uint256 deposit, uint256 ratePerSecond, bytes32 serviceId)
        private
        returns (uint256 streamId)
    {
        if (recipient == address(0)) revert StreamPayment_RecipientZeroAddress();
        if (recipient == msg.sender) revert StreamPayment_RecipientIsSender(msg.sender);
        if (ratePerSecond == 0) revert StreamPayment_RateZero();
        if (ratePerSecond > type(uint96).max) revert StreamPayment_RateTooHigh(ratePerSecond);
        if (deposit == 0) revert StreamPayment_DepositZero();
        if (deposit > MAX_AMOUNT) revert StreamPayment_AmountTooHigh(deposit);

        streamId = nextStreamId;
        unchecked {
            nextStreamId = streamId + 1;
        }
        _streams[streamId] = Stream({
            balance: uint96(deposit),
            ratePerSecond: uint96(ratePerSecond),
            lastUpdate: uint40(block.timestamp),
            closed: false,
            recipient: recipient,
            accrued: 0,
            sender: msg.sender,
            serviceId: serviceId
        });

        emit StreamCreated(streamId, msg.sender, recipient, serviceId, deposit, ratePerSecond);
        TOKEN.safeTransferFrom(msg.sender, address(this), deposit);
    }

    /// @dev Settles an existing stream and books its accrued funds as paid. The caller transfers them.
    /// @return recipient The stream's recipient.
    /// @return amount What accrued and is now owed to `recipient`; 0 (and no change) when nothing is due.
    function _withdraw(uint256 streamId) private returns (address recipient, uint256 amount) {
        Stream storage stream = _streams[streamId];
        uint256 lastUpdate = stream.lastUpdate;
        if (lastUpdate == 0) revert StreamPayment_StreamNotFound(streamId);
        if (stream.closed) return (address(0), 0);

        uint256 balance = stream.balance;
        uint256 owed = _owed(stream, lastUpdate, balance);
        uint256 accrued = stream.accrued;
        unchecked {
            amount = accrued + owed;
        }
        if (amount == 0) return (address(0), 0);
        unchecked {
            stream.balance = uint96(balance - owed);
        }
        stream.lastUpdate = uint40(block.timestamp);
        if (accrued != 0) stream.accrued = 0;

        recipient = stream.recipient;
        emit StreamWithdrawn(streamId, recipient, msg.sender, amount);
    }

    /// @dev What accrued since `lastUpdate` out of `balance`: rate x elapsed, capped by the balance. Once the
    /// balance is spent nothing more accrues.
    function _owed(Stream storage stream, uint256 lastUpdate, uint256 balance) private view returns (uint256 owed) {
        unchecked {
            // rate < 2^96 and elapsed < 2^40: the product cannot overflow; block.timestamp >= lastUpdate.
            owed = stream.ratePerSecond * (block.timestamp - lastUpdate);
        }
        if (owed > balance) owed = balance;
    }

    function _depletionTime(Stream storage stream) private view returns (uint256) {
        if (stream.closed) return 0;
        uint256 balance = stream.balance;
        uint256 rate = stream.ratePerSecond;
        // ceil(balance / rate); rate is never zero for an existing stream.
        return stream.lastUpdate + (balance + rate - 1) / rate;
    }

    function _existing(uint256 streamId) private view returns (Stream storage stream) {
        stream = _streams[streamId];
        if (stream.lastUpdate == 0) revert StreamPayment_StreamNotFound(streamId);
    }
}
