// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {IStreamPaymentCore} from "./interfaces/IStreamPaymentCore.sol";

/// @title StreamPaymentCore
/// @notice The accounting every StreamPayment deployment shares, whatever it is paid in: streams, settlement,
/// withdraw, terminate and the views. The concrete contracts add how funds come in (ERC-20 pulls in
/// {StreamPayment}, `msg.value` in {StreamPaymentNative}) and go out ({_pay}). One audited codebase for both.
/// @dev Every state change settles the stream first, then updates storage, then moves funds (checks-effects-
/// interactions); the writes are also `nonReentrant`.
abstract contract StreamPaymentCore is IStreamPaymentCore {
    /// @dev Upper bound of a stream's `balance`, `accrued` and `topUpBudget` (uint88: ~3.1e26 base units, 309
    /// million tokens at 18 decimals; GLM's whole supply is 1e9 tokens, ETH's ~1.2e8).
    uint256 internal constant MAX_AMOUNT = type(uint88).max;
    /// @dev Upper bound of `ratePerSecond` (uint64: ~18.4 tokens per second at 18 decimals).
    uint256 internal constant MAX_RATE = type(uint64).max;

    /// @dev A stream as stored: the three slots every stream writes when it is opened, and a fourth that stays zero
    /// (never written) unless the stream is settled dry with funds owed or gets a top-up budget. Opening a stream
    /// thus costs three fresh slots, not four. The views return it as {IStreamPaymentCore-Stream}.
    /// slot 0 `sender|ratePerSecond|lastUpdate` and slot 1 `recipient|balance|flags`: read by every settling call;
    /// a top-up of a funded stream writes slot 1 only. slot 2 `serviceId`: written once. slot 3 `accrued|topUpBudget`,
    /// read only when `flags` has {_LEDGER}: a stream whose flag is clear has slot 3 zero, so withdraw and terminate
    /// skip the cold read.
    struct StoredStream {
        address sender;
        uint64 ratePerSecond;
        uint32 lastUpdate;
        address recipient;
        uint88 balance;
        uint8 flags;
        bytes32 serviceId;
        uint96 accrued;
        uint96 topUpBudget;
    }

    /// @dev `StoredStream.flags`: the stream is terminated.
    uint8 internal constant _CLOSED = 1;
    /// @dev `StoredStream.flags`: slot 3 (`accrued|topUpBudget`) may be non-zero. Set by every write that makes it
    /// non-zero, never cleared while the stream is open.
    uint8 internal constant _LEDGER = 2;

    /// @inheritdoc IStreamPaymentCore
    uint256 public nextStreamId = 1;

    mapping(uint256 streamId => StoredStream stream) internal _streams;

    /// @dev Reentrancy lock in transient storage (EIP-1153): ~200 gas per call, cleared when the transaction ends.
    /// A local lock rather than OpenZeppelin's ReentrancyGuardTransient, whose inline `tstore` makes solc print an
    /// EIP-1153 warning on every build.
    /// A full word (1 locked, 0 free) rather than a bool: no masking on the hot paths.
    uint256 private transient _locked;

    modifier nonReentrant() {
        if (_locked != 0) revert StreamPayment_Reentrancy();
        _locked = 1;
        _;
        _locked = 0;
    }

    // ---- writes ----

    /// @inheritdoc IStreamPaymentCore
    function withdraw(uint256 streamId) external nonReentrant returns (uint256 amount) {
        address recipient;
        (recipient, amount) = _withdraw(streamId);
        if (amount != 0) _pay(recipient, amount);
    }

    /// @inheritdoc IStreamPaymentCore
    function withdrawMany(uint256[] calldata streamIds) external nonReentrant returns (uint256 total) {
        // Consecutive streams paying the same recipient (the usual case: a provider collecting its streams) share
        // one payout. All storage updates of a batch happen before its payout.
        address pendingRecipient;
        uint256 pendingAmount;
        for (uint256 i = 0; i < streamIds.length; ++i) {
            (address recipient, uint256 amount) = _withdraw(streamIds[i]);
            if (amount == 0) continue;
            if (recipient != pendingRecipient) {
                if (pendingAmount != 0) _pay(pendingRecipient, pendingAmount);
                pendingRecipient = recipient;
                pendingAmount = 0;
            }
            pendingAmount += amount;
            total += amount;
        }
        if (pendingAmount != 0) _pay(pendingRecipient, pendingAmount);
    }

    /// @inheritdoc IStreamPaymentCore
    function terminate(uint256 streamId)
        external
        nonReentrant
        returns (uint256 paidToRecipient, uint256 refundedToSender)
    {
        StoredStream storage stream = _streams[streamId];
        uint256 lastUpdate = stream.lastUpdate;
        if (lastUpdate == 0) revert StreamPayment_StreamNotFound(streamId);
        uint256 flags = stream.flags;
        if (flags & _CLOSED != 0) revert StreamPayment_StreamClosed(streamId);
        address sender = stream.sender;
        address recipient = stream.recipient;
        if (msg.sender != sender && msg.sender != recipient) revert StreamPayment_Unauthorized(streamId, msg.sender);

        uint256 balance = stream.balance;
        uint256 owed = _owed(stream, lastUpdate, balance);
        uint256 accrued = flags & _LEDGER != 0 ? stream.accrued : 0;
        unchecked {
            paidToRecipient = accrued + owed;
            refundedToSender = balance - owed;
        }
        stream.balance = 0;
        stream.flags = uint8(flags | _CLOSED);
        // The close time; past the uint32 range (February 2106) it saturates, so a stream can always be closed
        // (a closed stream is never settled again).
        stream.lastUpdate = block.timestamp > type(uint32).max ? type(uint32).max : uint32(block.timestamp);
        // Slot 3 is written only when it may hold something (clearing it refunds gas).
        if (flags & _LEDGER != 0) {
            stream.accrued = 0;
            stream.topUpBudget = 0;
        }

        emit StreamTerminated(streamId, sender, recipient, msg.sender, paidToRecipient, refundedToSender);
        if (paidToRecipient != 0) _pay(recipient, paidToRecipient);
        if (refundedToSender != 0) _pay(sender, refundedToSender);
    }

    // ---- views ----

    /// @inheritdoc IStreamPaymentCore
    function getStream(uint256 streamId) external view returns (Stream memory) {
        StoredStream storage stream = _existing(streamId);
        return Stream({
            balance: stream.balance,
            ratePerSecond: stream.ratePerSecond,
            lastUpdate: stream.lastUpdate,
            closed: stream.flags & _CLOSED != 0,
            recipient: stream.recipient,
            accrued: stream.accrued,
            sender: stream.sender,
            topUpBudget: stream.topUpBudget,
            serviceId: stream.serviceId
        });
    }

    /// @inheritdoc IStreamPaymentCore
    function withdrawableOf(uint256 streamId) external view returns (uint256) {
        StoredStream storage stream = _existing(streamId);
        if (stream.flags & _CLOSED != 0) return 0;
        return stream.accrued + _owed(stream, stream.lastUpdate, stream.balance);
    }

    /// @inheritdoc IStreamPaymentCore
    function refundableOf(uint256 streamId) external view returns (uint256) {
        StoredStream storage stream = _existing(streamId);
        if (stream.flags & _CLOSED != 0) return 0;
        uint256 balance = stream.balance;
        return balance - _owed(stream, stream.lastUpdate, balance);
    }

    /// @inheritdoc IStreamPaymentCore
    function depletionTimeOf(uint256 streamId) external view returns (uint256) {
        return _depletionTime(_existing(streamId));
    }

    /// @inheritdoc IStreamPaymentCore
    function isActive(uint256 streamId) external view returns (bool) {
        StoredStream storage stream = _existing(streamId);
        return stream.flags & _CLOSED == 0 && block.timestamp < _depletionTime(stream);
    }

    // ---- hooks ----

    /// @dev Pays `amount` (not zero) to `to`: the last step of withdraw and terminate, after every storage update.
    function _pay(address to, uint256 amount) internal virtual;

    // ---- internals ----

    /// @dev Books a new stream from `msg.sender`; the caller brings the deposit in (pull or `msg.value`) afterwards.
    function _create(address recipient, uint256 deposit, uint256 ratePerSecond, bytes32 serviceId, uint256 topUpBudget)
        internal
        returns (uint256 streamId)
    {
        if (recipient == address(0)) revert StreamPayment_RecipientZeroAddress();
        if (recipient == msg.sender) revert StreamPayment_RecipientIsSender(msg.sender);
        if (ratePerSecond == 0) revert StreamPayment_RateZero();
        if (ratePerSecond > MAX_RATE) revert StreamPayment_RateTooHigh(ratePerSecond);
        if (deposit == 0) revert StreamPayment_DepositZero();
        if (deposit > MAX_AMOUNT) revert StreamPayment_AmountTooHigh(deposit);
        if (topUpBudget > MAX_AMOUNT) revert StreamPayment_AmountTooHigh(topUpBudget);

        streamId = nextStreamId;
        unchecked {
            nextStreamId = streamId + 1;
        }
        // Field by field rather than a struct literal, which would also write slot 3's zeros.
        StoredStream storage stream = _streams[streamId];
        stream.sender = msg.sender;
        stream.ratePerSecond = uint64(ratePerSecond);
        stream.lastUpdate = _now();
        stream.recipient = recipient;
        stream.balance = uint88(deposit);
        stream.serviceId = serviceId;
        if (topUpBudget != 0) {
            stream.topUpBudget = uint96(topUpBudget);
            stream.flags = _LEDGER;
        }

        emit StreamCreated(streamId, msg.sender, recipient, serviceId, deposit, ratePerSecond);
    }

    /// @dev Adds `amount` to an open stream's balance, settling a dry stream first; `funder` brings it in after.
    /// `stream` is `_streams[streamId]` (a caller that already holds the pointer saves hashing the key again).
    function _topUp(StoredStream storage stream, uint256 streamId, uint256 amount, address funder) internal {
        uint256 lastUpdate = stream.lastUpdate;
        if (lastUpdate == 0) revert StreamPayment_StreamNotFound(streamId);
        uint256 flags = stream.flags;
        if (flags & _CLOSED != 0) revert StreamPayment_StreamClosed(streamId);
        if (amount == 0) revert StreamPayment_DepositZero();

        uint256 balance = stream.balance;
        uint256 owed = _owed(stream, lastUpdate, balance);
        if (owed == balance) {
            // Ran dry (at the latest now): settle, so that the top-up accrues from now and the unfunded time in
            // between is never paid. A still-funded stream accrues the same whether or not it is settled here.
            if (owed != 0) {
                uint256 accrued = (flags & _LEDGER != 0 ? stream.accrued : 0) + owed;
                if (accrued > MAX_AMOUNT) revert StreamPayment_AmountTooHigh(amount);
                stream.accrued = uint96(accrued);
                if (flags & _LEDGER == 0) stream.flags = uint8(flags | _LEDGER);
            }
            balance = 0;
            stream.lastUpdate = _now();
        }
        // balance <= MAX_AMOUNT, so the subtraction cannot underflow.
        if (amount > MAX_AMOUNT - balance) revert StreamPayment_AmountTooHigh(amount);
        unchecked {
            balance += amount;
        }
        stream.balance = uint88(balance);

        emit StreamToppedUp(streamId, funder, amount, balance);
    }

    /// @dev Settles an existing stream and books its accrued funds as paid. The caller pays them.
    /// @return recipient The stream's recipient.
    /// @return amount What accrued and is now owed to `recipient`; 0 (and no change) when nothing is due.
    function _withdraw(uint256 streamId) private returns (address recipient, uint256 amount) {
        StoredStream storage stream = _streams[streamId];
        uint256 lastUpdate = stream.lastUpdate;
        if (lastUpdate == 0) revert StreamPayment_StreamNotFound(streamId);
        uint256 flags = stream.flags;
        if (flags & _CLOSED != 0) return (address(0), 0);

        uint256 balance = stream.balance;
        uint256 owed = _owed(stream, lastUpdate, balance);
        uint256 accrued = flags & _LEDGER != 0 ? stream.accrued : 0;
        unchecked {
            amount = accrued + owed;
        }
        if (amount == 0) return (address(0), 0);
        unchecked {
            stream.balance = uint88(balance - owed);
        }
        stream.lastUpdate = _now();
        if (accrued != 0) stream.accrued = 0;

        recipient = stream.recipient;
        emit StreamWithdrawn(streamId, recipient, msg.sender, amount);
    }

    /// @dev What accrued since `lastUpdate` out of `balance`: rate x elapsed, capped by the balance. Once the
    /// balance is spent nothing more accrues.
    function _owed(StoredStream storage stream, uint256 lastUpdate, uint256 balance)
        private
        view
        returns (uint256 owed)
    {
        unchecked {
            // rate < 2^64 and elapsed <= block.timestamp: the product cannot overflow; block.timestamp >= lastUpdate.
            owed = stream.ratePerSecond * (block.timestamp - lastUpdate);
        }
        if (owed > balance) owed = balance;
    }

    function _depletionTime(StoredStream storage stream) private view returns (uint256) {
        if (stream.flags & _CLOSED != 0) return 0;
        uint256 balance = stream.balance;
        uint256 rate = stream.ratePerSecond;
        // ceil(balance / rate); rate is never zero for an existing stream.
        return stream.lastUpdate + (balance + rate - 1) / rate;
    }

    function _existing(uint256 streamId) internal view returns (StoredStream storage stream) {
        stream = _streams[streamId];
        if (stream.lastUpdate == 0) revert StreamPayment_StreamNotFound(streamId);
    }

    /// @dev The block's timestamp as stored in `lastUpdate` (uint32: until February 2106). Past that, a settling
    /// write reverts rather than store a wrapped time; {terminate} still works (it saturates the close time).
    function _now() private view returns (uint32) {
        if (block.timestamp > type(uint32).max) revert StreamPayment_TimeOutOfRange(block.timestamp);
        return uint32(block.timestamp);
    }
}
