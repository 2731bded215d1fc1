// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {Test} from "forge-std/Test.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {TestGolemNetworkToken} from "../TestGolemNetworkToken.sol";
import {TestTokenFaucet} from "../TestTokenFaucet.sol";

// Branches
// metadata → "Golem Network Token", "tGLM", 18 decimals, version "1", mainnet GLM's PERMIT_TYPEHASH and domain
// permit
// ├── holder is the zero address → TestGolemNetworkToken_HolderZeroAddress
// ├── signature not by holder (other key, other field, other chain's domain) → InvalidSignature(holder)
// ├── expiry != 0 and in the past → PermitExpired(expiry); expiry 0 → never expires; expiry == now → valid
// ├── nonce != nonces[holder] (replay, skipped) → InvalidNonce(holder, expected, given)
// ├── allowed = true → allowance max, nonce + 1, Approval; transferFrom keeps the max allowance
// └── allowed = false → allowance 0 (revoke), nonce + 1
// faucet / faucetTo → the shared faucet (1000 per address per hour)
// no EIP-2612 permit and no EIP-5267 eip712Domain, like mainnet GLM
contract TestGolemNetworkTokenTest is Test {
    TestGolemNetworkToken internal token;
    address internal holder;
    uint256 internal holderKey;
    address internal spender = makeAddr("spender");

    function setUp() public {
        vm.warp(1_700_000_000);
        (holder, holderKey) = makeAddrAndKey("holder");
        token = new TestGolemNetworkToken();
    }

    function _sign(uint256 key, address holder_, uint256 nonce, uint256 expiry, bool allowed)
        internal
        view
        returns (uint8 v, bytes32 r, bytes32 s)
    {
        bytes32 structHash = keccak256(abi.encode(token.PERMIT_TYPEHASH(), holder_, spender, nonce, expiry, allowed));
        return vm.sign(key, keccak256(abi.encodePacked("\x19\x01", token.DOMAIN_SEPARATOR(), structHash)));
    }

    function _permit(uint256 nonce, uint256 expiry, bool allowed) internal {
        (uint8 v, bytes32 r, bytes32 s) = _sign(holderKey, holder, nonce, expiry, allowed);
        token.permit(holder, spender, nonce, expiry, allowed, v, r, s);
    }

    function test_Metadata() public view {
        assertEq(token.name(), "Golem Network Token");
        assertEq(token.symbol(), "tGLM");
        assertEq(token.decimals(), 18);
        assertEq(token.version(), "1");
        // Mainnet GLM's typehash, spelled out.
        assertEq(
            token.PERMIT_TYPEHASH(),
            keccak256("Permit(address holder,address spender,uint256 nonce,uint256 expiry,bool allowed)")
        );
        assertEq(
            token.DOMAIN_SEPARATOR(),
            keccak256(
                abi.encode(
                    keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"),
                    keccak256("Golem Network Token"),
                    keccak256("1"),
                    block.chainid,
                    address(token)
                )
            )
        );
    }

    function test_DomainSeparator_FollowsTheChainId() public {
        bytes32 before = token.DOMAIN_SEPARATOR();
        vm.chainId(block.chainid + 1);
        assertTrue(token.DOMAIN_SEPARATOR() != before);
    }

    function test_Permit_Allowed_GrantsUnlimited() public {
        vm.expectEmit(address(token));
        emit IERC20.Approval(holder, spender, type(uint256).max);
        _permit(0, block.timestamp, true);
        assertEq(token.allowance(holder, spender), type(uint256).max);
        assertEq(token.nonces(holder), 1);

        deal(address(token), holder, 10 ether, true);
        vm.prank(spender);
        assertTrue(token.transferFrom(holder, spender, 4 ether));
        assertEq(token.allowance(holder, spender), type(uint256).max, "an unlimited allowance stays unlimited");
    }

    function test_Permit_NotAllowed_Revokes() public {
        _permit(0, 0, true);
        _permit(1, 0, false);
        assertEq(token.allowance(holder, spender), 0);
        assertEq(token.nonces(holder), 2);
    }

    function test_Permit_ExpiryZero_NeverExpires() public {
        vm.warp(type(uint40).max);
        _permit(0, 0, true);
        assertEq(token.allowance(holder, spender), type(uint256).max);
    }

    function test_Permit_RevertWhen_Expired() public {
        uint256 expiry = block.timestamp - 1;
        (uint8 v, bytes32 r, bytes32 s) = _sign(holderKey, holder, 0, expiry, true);
        vm.expectRevert(abi.encodeWithSelector(TestGolemNetworkToken.TestGolemNetworkToken_PermitExpired.selector, expiry));
        token.permit(holder, spender, 0, expiry, true, v, r, s);
    }

    function test_Permit_RevertWhen_Replayed() public {
        (uint8 v, bytes32 r, bytes32 s) = _sign(holderKey, holder, 0, 0, true);
        token.permit(holder, spender, 0, 0, true, v, r, s);
        vm.expectRevert(
            abi.encodeWithSelector(TestGolemNetworkToken.TestGolemNetworkToken_InvalidNonce.selector, holder, 1, 0)
        );
        token.permit(holder, spender, 0, 0, true, v, r, s);
    }

    function test_Permit_RevertWhen_NonceSkipped() public {
        (uint8 v, bytes32 r, bytes32 s) = _sign(holderKey, holder, 1, 0, true);
        vm.expectRevert(
            abi.encodeWithSelector(TestGolemNetworkToken.TestGolemNetworkToken_InvalidNonce.selector, holder, 0, 1)
        );
        token.permit(holder, spender, 1, 0, true, v, r, s);
    }

    function test_Permit_RevertWhen_SignedByAnother() public {
        (, uint256 otherKey) = makeAddrAndKey("other");
        (uint8 v, bytes32 r, bytes32 s) = _sign(otherKey, holder, 0, 0, true);
        vm.expectRevert(
            abi.encodeWithSelector(TestGolemNetworkToken.TestGolemNetworkToken_InvalidSignature.selector, holder)
        );
        token.permit(holder, spender, 0, 0, true, v, r, s);
    }

    function test_Permit_RevertWhen_FieldChanged() public {
        (uint8 v, bytes32 r, bytes32 s) = _sign(holderKey, holder, 0, 0, false);
        vm.expectRevert(
            abi.encodeWithSelector(TestGolemNetworkToken.TestGolemNetworkToken_InvalidSignature.selector, holder)
        );
        token.permit(holder, spender, 0, 0, true, v, r, s); // signed a revoke, submitted as a grant
    }

    function test_Permit_RevertWhen_OtherChain() public {
        (uint8 v, bytes32 r, bytes32 s) = _sign(holderKey, holder, 0, 0, true);
        vm.chainId(block.chainid + 1);
        vm.expectRevert(
            abi.encodeWithSelector(TestGolemNetworkToken.TestGolemNetworkToken_InvalidSignature.selector, holder)
        );
        token.permit(holder, spender, 0, 0, true, v, r, s);
    }

    function test_Permit_RevertWhen_HolderZero() public {
        (uint8 v, bytes32 r, bytes32 s) = _sign(holderKey, address(0), 0, 0, true);
        vm.expectRevert(TestGolemNetworkToken.TestGolemNetworkToken_HolderZeroAddress.selector);
        token.permit(address(0), spender, 0, 0, true, v, r, s);
    }

    function test_Permit_RevertWhen_MalformedSignature() public {
        vm.expectRevert(
            abi.encodeWithSelector(TestGolemNetworkToken.TestGolemNetworkToken_InvalidSignature.selector, holder)
        );
        token.permit(holder, spender, 0, 0, true, 27, bytes32(0), bytes32(0));
    }

    function testFuzz_Permit_OnlyTheHoldersSignatureForItsNonce(uint256 nonce, bool allowed) public {
        nonce = bound(nonce, 0, 3);
        for (uint256 i = 0; i < nonce; ++i) {
            _permit(i, 0, !allowed);
        }
        _permit(nonce, 0, allowed);
        assertEq(token.allowance(holder, spender), allowed ? type(uint256).max : 0);
        assertEq(token.nonces(holder), nonce + 1);
    }

    function test_HasNoEip2612PermitNorEip5267() public {
        (bool ok,) = address(token).call(
            abi.encodeWithSignature(
                "permit(address,address,uint256,uint256,uint8,bytes32,bytes32)",
                holder,
                spender,
                1,
                block.timestamp,
                27,
                bytes32(0),
                bytes32(0)
            )
        );
        assertFalse(ok, "EIP-2612 permit");
        (ok,) = address(token).call(abi.encodeWithSignature("eip712Domain()"));
        assertFalse(ok, "eip712Domain");
    }

    function test_Faucet() public {
        vm.prank(holder);
        token.faucet();
        assertEq(token.balanceOf(holder), 1000 ether);
        vm.prank(holder);
        vm.expectRevert(
            abi.encodeWithSelector(TestTokenFaucet.TestGLM_FaucetCooldown.selector, holder, block.timestamp + 1 hours)
        );
        token.faucetTo(holder);
    }

    function test_TransferFrom_RevertWhen_NoPermit() public {
        deal(address(token), holder, 1 ether, true);
        vm.prank(spender);
        vm.expectRevert(
            abi.encodeWithSelector(IERC20Errors.ERC20InsufficientAllowance.selector, spender, 0, 1 ether)
        );
        token.transferFrom(holder, spender, 1 ether);
    }
}
