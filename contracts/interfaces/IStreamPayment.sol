// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

/// @title IStreamPayment
/// @notice Pay-per-second token streams from a requestor (sender) to a provider (recipient), one per rented service.
/// @dev Accrual = ratePerSecond x elapsed, capped by the stream's balance. A top-up after depletion resumes accrual
/// from the top-up time: unfunded time is never back-paid. Every state change settles accrual first.
interface IStreamPayment {
    /// @notice A stream as stored, settled at `lastUpdate`.
    /// @param sender Who funds the stream and receives refunds.
    /// @param lastUpdate Timestamp (s) up to which `accrued` and `balance` are settled.
    /// @param closed True once terminated; a closed stream holds no funds.
    /// @param recipient Who is paid what accrues.
    /// @param ratePerSecond Token base units accrued per second.
    /// @param balance Deposited funds not yet accrued at `lastUpdate`.
    /// @param accrued Funds accrued to the recipient and not yet withdrawn, at `lastUpdate`.
    /// @param serviceId Identifier of the service paid for (the EIP-712 hash of the provider's offer).
    struct Stream {
        address sender;
        uint40 lastUpdate;
        bool closed;
        address recipient;
        uint96 ratePerSecond;
        uint128 balance;
        uint128 accrued;
        bytes32 serviceId;
    }

    // ---- events ----
    event StreamCreated(
        uint256 indexed streamId,
        address indexed sender,
        address indexed recipient,
        bytes32 serviceId,
        uint256 deposit,
        uint256 ratePerSecond
    );
    event StreamToppedUp(uint256 indexed streamId, address indexed funder, uint256 amount, uint256 newBalance);
    event StreamWithdrawn(uint256 indexed streamId, address indexed recipient, address caller, uint256 amount);
    event StreamTerminated(
        uint256 indexed streamId,
        address indexed sender,
        address indexed recipient,
        address caller,
        uint256 paidToRecipient,
        uint256 refundedToSender
    );

    // ---- errors ----
    error StreamPayment_TokenZeroAddress();
    error StreamPayment_RecipientZeroAddress();
    error StreamPayment_RecipientIsSender(address sender);
    error StreamPayment_RateZero();
    error StreamPayment_RateTooHigh(uint256 ratePerSecond);
    error StreamPayment_DepositZero();
    error StreamPayment_AmountTooHigh(uint256 amount);
    error StreamPayment_StreamNotFound(uint256 streamId);
    error StreamPayment_StreamClosed(uint256 streamId);
    error StreamPayment_Unauthorized(uint256 streamId, address caller);
    error StreamPayment_PermitFailed(address owner, uint256 deposit);

    // ---- writes ----
    function createStream(address recipient, uint256 deposit, uint256 ratePerSecond, bytes32 serviceId)
        external
        returns (uint256 streamId);

    function createStreamWithPermit(
        address recipient,
        uint256 deposit,
        uint256 ratePerSecond,
        bytes32 serviceId,
        uint256 deadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external returns (uint256 streamId);

    function topUp(uint256 streamId, uint256 amount) external;

    function withdraw(uint256 streamId) external returns (uint256 amount);

    function withdrawMany(uint256[] calldata streamIds) external returns (uint256 total);

    function terminate(uint256 streamId) external returns (uint256 paidToRecipient, uint256 refundedToSender);

    // ---- views ----
    function token() external view returns (address);

    function nextStreamId() external view returns (uint256);

    function getStream(uint256 streamId) external view returns (Stream memory);

    function withdrawableOf(uint256 streamId) external view returns (uint256);

    function refundableOf(uint256 streamId) external view returns (uint256);

    /// @return Timestamp (s) at which the balance is fully accrued; 0 for a closed stream.
    function depletionTimeOf(uint256 streamId) external view returns (uint256);

    /// @return True when the stream is open and its balance is not yet fully accrued.
    function isActive(uint256 streamId) external view returns (bool);
}
