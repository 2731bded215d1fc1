// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {TestTokenFaucet} from "./TestTokenFaucet.sol";

/// @title TestGolemNetworkToken
/// @notice A test token with the interface of mainnet GLM (NewGolemNetworkToken): 18 decimals, EIP-712 domain name
/// "Golem Network Token" and version "1", and the DAI-style permit
/// `permit(holder, spender, nonce, expiry, allowed, v, r, s)` that grants an unlimited allowance (`allowed`) or
/// revokes it. Like mainnet GLM it has no EIP-5267 `eip712Domain()` and no EIP-2612 `permit`. Written from that
/// interface, not from GLM's source; plus the faucet of the project's test tokens (symbol "tGLM").
contract TestGolemNetworkToken is TestTokenFaucet {
    /// @notice The EIP-712 version of the domain, as mainnet GLM's `version()`.
    string public constant version = "1";

    /// @notice keccak256("Permit(address holder,address spender,uint256 nonce,uint256 expiry,bool allowed)").
    bytes32 public constant PERMIT_TYPEHASH = keccak256(
        "Permit(address holder,address spender,uint256 nonce,uint256 expiry,bool allowed)"
    );

    bytes32 private constant DOMAIN_TYPEHASH =
        keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)");
    bytes32 private immutable CACHED_DOMAIN_SEPARATOR;
    uint256 private immutable CACHED_CHAIN_ID;

    /// @notice The next permit nonce of `holder` (permits are used in order).
    mapping(address holder => uint256 nonce) public nonces;

    /// @notice The permit's holder is the zero address.
    error TestGolemNetworkToken_HolderZeroAddress();
    /// @notice The signature is not the holder's (or is malformed).
    error TestGolemNetworkToken_InvalidSignature(address holder);
    /// @notice The permit expired: `expiry` is not 0 and lies before the block time.
    error TestGolemNetworkToken_PermitExpired(uint256 expiry);
    /// @notice The permit's nonce is not the holder's next one.
    error TestGolemNetworkToken_InvalidNonce(address holder, uint256 expected, uint256 given);

    constructor() ERC20("Golem Network Token", "tGLM") {
        CACHED_CHAIN_ID = block.chainid;
        CACHED_DOMAIN_SEPARATOR = _domainSeparator();
    }

    /// @notice The EIP-712 domain separator (name "Golem Network Token", version "1", this chain, this contract).
    // solhint-disable-next-line func-name-mixedcase
    function DOMAIN_SEPARATOR() public view returns (bytes32) {
        return block.chainid == CACHED_CHAIN_ID ? CACHED_DOMAIN_SEPARATOR : _domainSeparator();
    }

    /// @notice Sets the allowance of `spender` over `holder`'s tokens to unlimited (`allowed`) or to 0, from a
    /// signature by `holder` of the EIP-712 struct {PERMIT_TYPEHASH}. Emits {Approval}.
    ///
    /// Requirements:
    /// - `holder` is not the zero address and signed (`v`, `r`, `s`) this permit.
    /// - `expiry` is 0 (no expiry) or not before the block time.
    /// - `nonce` is `holder`'s next nonce, which the call increments.
    function permit(
        address holder,
        address spender,
        uint256 nonce,
        uint256 expiry,
        bool allowed,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external {
        if (holder == address(0)) revert TestGolemNetworkToken_HolderZeroAddress();
        bytes32 digest = keccak256(
            abi.encodePacked(
                "\x19\x01",
                DOMAIN_SEPARATOR(),
                keccak256(abi.encode(PERMIT_TYPEHASH, holder, spender, nonce, expiry, allowed))
            )
        );
        (address signer, ECDSA.RecoverError recoverError,) = ECDSA.tryRecover(digest, v, r, s);
        if (recoverError != ECDSA.RecoverError.NoError || signer != holder) {
            revert TestGolemNetworkToken_InvalidSignature(holder);
        }
        if (expiry != 0 && block.timestamp > expiry) revert TestGolemNetworkToken_PermitExpired(expiry);
        uint256 expected = nonces[holder];
        if (nonce != expected) revert TestGolemNetworkToken_InvalidNonce(holder, expected, nonce);
        unchecked {
            nonces[holder] = expected + 1;
        }
        _approve(holder, spender, allowed ? type(uint256).max : 0);
    }

    function _domainSeparator() private view returns (bytes32) {
        return keccak256(
            abi.encode(
                DOMAIN_TYPEHASH, keccak256(bytes(name())), keccak256(bytes(version)), block.chainid, address(this)
            )
        );
    }
}
