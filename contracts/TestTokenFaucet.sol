// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title TestTokenFaucet
/// @notice The rate-limited faucet of the project's test tokens: {FAUCET_AMOUNT} per address per
/// {FAUCET_COOLDOWN}. There is no owner and no other way to mint.
abstract contract TestTokenFaucet is ERC20 {
    /// @notice Token base units minted per faucet call (1000 tokens).
    uint256 public constant FAUCET_AMOUNT = 1000 ether;

    /// @notice Seconds an address waits between two faucet mints to it.
    uint256 public constant FAUCET_COOLDOWN = 1 hours;

    /// @notice Earliest timestamp (s) at which `account` can receive from the faucet again (0: never received).
    mapping(address account => uint256 timestamp) public nextFaucetAt;

    /// @notice `recipient` received `amount` from the faucet; called by `caller`.
    event FaucetUsed(address indexed recipient, address indexed caller, uint256 amount);

    error TestGLM_FaucetCooldown(address recipient, uint256 availableAt);
    error TestGLM_RecipientZeroAddress();

    /// @notice Mints {FAUCET_AMOUNT} to `msg.sender`.
    ///
    /// Requirements:
    /// - `msg.sender` has not received from the faucet in the last {FAUCET_COOLDOWN} seconds.
    function faucet() external {
        _drip(msg.sender);
    }

    /// @notice Mints {FAUCET_AMOUNT} to `recipient`, e.g. a tool funding a fresh wallet that holds no gas yet.
    /// @dev The cooldown is per recipient, whoever calls.
    ///
    /// Requirements:
    /// - `recipient` is not the zero address.
    /// - `recipient` has not received from the faucet in the last {FAUCET_COOLDOWN} seconds.
    function faucetTo(address recipient) external {
        if (recipient == address(0)) revert TestGLM_RecipientZeroAddress();
        _drip(recipient);
    }

    function _drip(address recipient) private {
        uint256 availableAt = nextFaucetAt[recipient];
        if (block.timestamp < availableAt) revert TestGLM_FaucetCooldown(recipient, availableAt);
        nextFaucetAt[recipient] = block.timestamp + FAUCET_COOLDOWN;
        emit FaucetUsed(recipient, msg.sender, FAUCET_AMOUNT);
        _mint(recipient, FAUCET_AMOUNT);
    }
}
