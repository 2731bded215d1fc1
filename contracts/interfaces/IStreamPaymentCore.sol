// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

/// @title IStreamPaymentCore
/// @notice What every StreamPayment deployment has, whatever it is paid in (an ERC-20 token, see {IStreamPayment},
/// or the chain's native coin, see {IStreamPaymentNative}): the stream, its events and errors, withdraw, terminate
/// and the views. "Tokens" below means the deployment's token, or wei for a native deployment.
/// @dev Accrual = ratePerSecond x elapsed, capped by the stream's balance. A top-up after depletion resumes accrual
/// from the top-up time: unfunded time is never back-paid. Every state change settles accrual first.
interface IStreamPaymentCore {
    /// @notice A stream, settled at `lastUpdate`, as {getStream} returns it.
    /// @dev Stored packed (see StreamPaymentCore's `StoredStream`): three slots written when the stream is opened
    /// and a fourth (`accrued|topUpBudget`) only when it holds something. Bounds of the packing: amounts (`balance`,
    /// `accrued`, `topUpBudget`) up to 2^88 - 1 (~3.1e26 base units, 309 million tokens at 18 decimals),
    /// `ratePerSecond` up to 2^64 - 1 (~18.4 tokens per second at 18 decimals), `lastUpdate` up to 2^32 - 1
    /// (February 2106). The returned fields keep their wider ABI types.
    /// @param balance Deposited funds not yet accrued at `lastUpdate`.
    /// @param ratePerSecond Token base units accrued per second.
    /// @param lastUpdate Timestamp (s) up to which `accrued` and `balance` are settled; the close time once closed.
    /// @param closed True once terminated; a closed stream holds no funds.
    /// @param recipient Who is paid what accrues.
    /// @param accrued Funds accrued to the recipient and not yet withdrawn, at `lastUpdate`.
    /// @param sender Who funds the stream and receives refunds.
    /// @param topUpBudget What {IStreamPayment-topUpFromBudget} may still pull from `sender` into this stream
    /// (ERC-20 deployments; always 0 in a native one).
    /// @param serviceId Identifier of the service paid for (the EIP-712 hash of the provider's offer).
    struct Stream {
        uint96 balance;
        uint96 ratePerSecond;
        uint40 lastUpdate;
        bool closed;
        address recipient;
        uint96 accrued;
        address sender;
        uint96 topUpBudget;
        bytes32 serviceId;
    }

    // ---- events ----
    // Together they tell a stream's whole history: StreamCreated opens it, StreamToppedUp and StreamWithdrawn
    // change its funds, StreamTerminated closes it. Every token movement of the contract has one of these events in
    // the same transaction. A stream that runs dry emits nothing: compare {depletionTimeOf} with the time.

    /// @notice A stream was opened: `deposit` tokens were pulled from `sender` and accrue to `recipient` at
    /// `ratePerSecond` from this block's timestamp.
    /// @param streamId The new stream's id (ids start at 1 and increase by 1).
    /// @param sender Who opened and funds the stream (the requestor); refunds go to this address.
    /// @param recipient Who is paid what accrues (the provider).
    /// @param serviceId Identifier of the service paid for (the EIP-712 hash of the provider's offer).
    /// @param deposit Token base units pulled from `sender` into the stream.
    /// @param ratePerSecond Token base units accrued per second.
    event StreamCreated(
        uint256 indexed streamId,
        address indexed sender,
        address indexed recipient,
        bytes32 serviceId,
        uint256 deposit,
        uint256 ratePerSecond
    );

    /// @notice `funder` added `amount` tokens to an open stream.
    /// @dev If the stream had run dry, its accrued funds were settled and accrual resumes at this block's timestamp
    /// (the unfunded time in between is never paid); otherwise the stream keeps its `lastUpdate`.
    /// @param streamId The stream topped up.
    /// @param funder Who paid the `amount` (anyone may top up; refunds still go to the stream's sender).
    /// @param amount Token base units pulled from `funder` into the stream.
    /// @param newBalance The stream's stored `balance` after the top-up, settled at its `lastUpdate` (see
    /// {getStream}): when the stream was still funded, part of it may already have accrued since `lastUpdate`.
    event StreamToppedUp(uint256 indexed streamId, address indexed funder, uint256 amount, uint256 newBalance);

    /// @notice `amount` accrued tokens were paid to the stream's `recipient`.
    /// @dev Emitted only when `amount` is not zero. {withdrawMany} emits one event per stream but may pay
    /// consecutive streams of the same recipient with a single token transfer of their sum.
    /// @param streamId The stream withdrawn from.
    /// @param recipient The stream's recipient, who received `amount`.
    /// @param caller Who sent the transaction (anyone may trigger a withdrawal).
    /// @param amount Token base units paid: everything accrued up to this block.
    event StreamWithdrawn(uint256 indexed streamId, address indexed recipient, address caller, uint256 amount);

    /// @notice The stream was closed by `caller`: `paidToRecipient` accrued tokens went to `recipient` and
    /// `refundedToSender` unaccrued tokens back to `sender`. A closed stream holds no funds and never reopens.
    /// @param streamId The stream closed.
    /// @param sender The stream's sender, who received `refundedToSender`.
    /// @param recipient The stream's recipient, who received `paidToRecipient`.
    /// @param caller Who closed the stream: its sender or its recipient.
    /// @param paidToRecipient Token base units accrued and not yet withdrawn, paid to `recipient`.
    /// @param refundedToSender Token base units not accrued, refunded to `sender`.
    event StreamTerminated(
        uint256 indexed streamId,
        address indexed sender,
        address indexed recipient,
        address caller,
        uint256 paidToRecipient,
        uint256 refundedToSender
    );

    // ---- errors ----

    /// @notice A stream cannot pay the zero address.
    error StreamPayment_RecipientZeroAddress();
    /// @notice A stream cannot pay its own sender.
    /// @param sender The caller, who is also the recipient given.
    error StreamPayment_RecipientIsSender(address sender);
    /// @notice A stream's rate must not be zero.
    error StreamPayment_RateZero();
    /// @notice A stream's rate must fit in a uint64.
    /// @param ratePerSecond The rate given.
    error StreamPayment_RateTooHigh(uint256 ratePerSecond);
    /// @notice A deposit or top-up of zero tokens.
    error StreamPayment_DepositZero();
    /// @notice A deposit, top-up or budget that would take the stream's balance (or accrued funds, or budget) beyond
    /// a uint88.
    /// @param amount The deposit or top-up given.
    error StreamPayment_AmountTooHigh(uint256 amount);
    /// @notice No stream has this id.
    /// @param streamId The id given.
    error StreamPayment_StreamNotFound(uint256 streamId);
    /// @notice The stream is terminated.
    /// @param streamId The stream.
    error StreamPayment_StreamClosed(uint256 streamId);
    /// @notice Only the stream's sender or recipient may terminate it.
    /// @param streamId The stream.
    /// @param caller Who tried.
    error StreamPayment_Unauthorized(uint256 streamId, address caller);
    /// @notice A write was re-entered (through a token, or a native payout's recipient).
    error StreamPayment_Reentrancy();
    /// @notice The chain's clock is past what a stream records (`lastUpdate` is a uint32: February 2106).
    /// @param timestamp The block's timestamp.
    error StreamPayment_TimeOutOfRange(uint256 timestamp);

    // ---- writes ----

    /// @notice Pays the stream's recipient everything accrued so far.
    /// @dev Anyone may call; the funds always go to the recipient. Returns 0 and changes nothing when nothing is
    /// due, including on a closed stream. Emits {StreamWithdrawn} when something is paid.
    ///
    /// Requirements:
    /// - The stream exists.
    ///
    /// @param streamId The stream to withdraw from.
    /// @return amount Token base units paid to the recipient.
    function withdraw(uint256 streamId) external returns (uint256 amount);

    /// @notice {withdraw} for several streams; consecutive streams with the same recipient share one transfer.
    ///
    /// Requirements:
    /// - Every stream in `streamIds` exists.
    ///
    /// @param streamIds The streams to withdraw from.
    /// @return total Token base units paid, summed over all the streams.
    function withdrawMany(uint256[] calldata streamIds) external returns (uint256 total);

    /// @notice Closes a stream: pays the recipient what has accrued and refunds the rest to the sender.
    /// @dev Settles first. Emits {StreamTerminated}. A closed stream holds no funds and cannot be reopened.
    ///
    /// Requirements:
    /// - The stream exists and is not closed.
    /// - `msg.sender` is the stream's sender or recipient.
    ///
    /// @param streamId The stream to close.
    /// @return paidToRecipient Token base units paid to the recipient.
    /// @return refundedToSender Token base units refunded to the sender.
    function terminate(uint256 streamId) external returns (uint256 paidToRecipient, uint256 refundedToSender);

    // ---- views ----

    /// @notice The ERC-20 token every stream of this deployment is paid in; the zero address for the chain's native
    /// coin (ETH).
    function token() external view returns (address);

    /// @notice The id the next created stream will get (ids start at 1).
    function nextStreamId() external view returns (uint256);

    /// @notice A stream as stored (settled at its `lastUpdate`, not at `block.timestamp`).
    ///
    /// Requirements:
    /// - The stream exists.
    function getStream(uint256 streamId) external view returns (Stream memory);

    /// @notice What {withdraw} would pay the recipient now.
    ///
    /// Requirements:
    /// - The stream exists.
    ///
    /// @return Token base units accrued and not yet withdrawn; 0 for a closed stream.
    function withdrawableOf(uint256 streamId) external view returns (uint256);

    /// @notice What {terminate} would refund the sender now.
    ///
    /// Requirements:
    /// - The stream exists.
    ///
    /// @return Token base units not yet accrued; 0 for a closed stream.
    function refundableOf(uint256 streamId) external view returns (uint256);

    /// @notice When the stream's balance runs out at its current rate.
    ///
    /// Requirements:
    /// - The stream exists.
    ///
    /// @return Timestamp (s) at which the balance is fully accrued: `lastUpdate + ceil(balance / ratePerSecond)`;
    /// 0 for a closed stream.
    function depletionTimeOf(uint256 streamId) external view returns (uint256);

    /// @notice Whether the stream is still paying.
    ///
    /// Requirements:
    /// - The stream exists.
    ///
    /// @return True when the stream is open and its balance is not yet fully accrued.
    function isActive(uint256 streamId) external view returns (bool);
}
