// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {Test} from "forge-std/Test.sol";
import {TestGLM} from "../TestGLM.sol";
import {TestTokenFaucet} from "../TestTokenFaucet.sol";

// Branches
// metadata → "Test GLM", "tGLM", 18 decimals, total supply 0
// faucet
// ├── never used by msg.sender → mints FAUCET_AMOUNT, nextFaucetAt = now + FAUCET_COOLDOWN, FaucetUsed
// ├── within the cooldown → TestGLM_FaucetCooldown(msg.sender, availableAt)
// └── at availableAt exactly → mints again
// faucetTo
// ├── recipient is the zero address → TestGLM_RecipientZeroAddress
// ├── otherwise → mints to the recipient, whoever calls; the cooldown is the recipient's
// └── shares the cooldown with faucet() (per recipient, not per caller)
// permit (ERC20Permit) → a signature by the owner sets the allowance; domain name "Test GLM", version "1"
contract TestGLMTest is Test {
    TestGLM internal glm;
    address internal alice = makeAddr("alice");
    address internal bob = makeAddr("bob");

    function setUp() public {
        vm.warp(1_700_000_000);
        glm = new TestGLM();
    }

    function test_Metadata() public view {
        assertEq(glm.name(), "Test GLM");
        assertEq(glm.symbol(), "tGLM");
        assertEq(glm.decimals(), 18);
        assertEq(glm.totalSupply(), 0);
        assertEq(glm.FAUCET_AMOUNT(), 1000 ether);
        assertEq(glm.FAUCET_COOLDOWN(), 1 hours);
    }

    function test_Faucet() public {
        vm.expectEmit(address(glm));
        emit TestTokenFaucet.FaucetUsed(alice, alice, 1000 ether);
        vm.prank(alice);
        glm.faucet();
        assertEq(glm.balanceOf(alice), 1000 ether);
        assertEq(glm.nextFaucetAt(alice), block.timestamp + 1 hours);
    }

    function test_Faucet_RevertWhen_InCooldown() public {
        vm.prank(alice);
        glm.faucet();
        uint256 availableAt = block.timestamp + 1 hours;
        vm.warp(availableAt - 1);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(TestTokenFaucet.TestGLM_FaucetCooldown.selector, alice, availableAt));
        glm.faucet();
    }

    function test_Faucet_AfterCooldown() public {
        vm.prank(alice);
        glm.faucet();
        vm.warp(block.timestamp + 1 hours);
        vm.prank(alice);
        glm.faucet();
        assertEq(glm.balanceOf(alice), 2000 ether);
    }

    function test_Faucet_IsPerAddress() public {
        vm.prank(alice);
        glm.faucet();
        vm.prank(bob);
        glm.faucet();
        assertEq(glm.balanceOf(bob), 1000 ether);
    }

    function test_FaucetTo_RevertWhen_RecipientIsZero() public {
        vm.expectRevert(TestTokenFaucet.TestGLM_RecipientZeroAddress.selector);
        glm.faucetTo(address(0));
    }

    function test_FaucetTo() public {
        vm.expectEmit(address(glm));
        emit TestTokenFaucet.FaucetUsed(bob, alice, 1000 ether);
        vm.prank(alice);
        glm.faucetTo(bob);
        assertEq(glm.balanceOf(bob), 1000 ether);
        assertEq(glm.balanceOf(alice), 0);
        assertEq(glm.nextFaucetAt(alice), 0, "the caller's cooldown is untouched");
    }

    function test_FaucetTo_SharesTheRecipientsCooldown() public {
        vm.prank(bob);
        glm.faucet();
        vm.prank(alice);
        uint256 availableAt = block.timestamp + 1 hours;
        vm.expectRevert(abi.encodeWithSelector(TestTokenFaucet.TestGLM_FaucetCooldown.selector, bob, availableAt));
        glm.faucetTo(bob);
    }

    function test_Permit() public {
        (address owner, uint256 key) = makeAddrAndKey("owner");
        uint256 deadline = block.timestamp + 1 hours;
        bytes32 domainSeparator = keccak256(
            abi.encode(
                keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"),
                keccak256("Test GLM"),
                keccak256("1"),
                block.chainid,
                address(glm)
            )
        );
        assertEq(glm.DOMAIN_SEPARATOR(), domainSeparator);
        bytes32 structHash = keccak256(
            abi.encode(
                keccak256("Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)"),
                owner,
                bob,
                5 ether,
                0,
                deadline
            )
        );
        bytes32 digest = keccak256(abi.encodePacked("\x19\x01", domainSeparator, structHash));
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(key, digest);
        glm.permit(owner, bob, 5 ether, deadline, v, r, s);
        assertEq(glm.allowance(owner, bob), 5 ether);
        assertEq(glm.nonces(owner), 1);
    }
}
