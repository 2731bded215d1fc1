// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {Test} from "forge-std/Test.sol";
import {StreamPaymentNative} from "../StreamPaymentNative.sol";
import {IStreamPaymentCore} from "../interfaces/IStreamPaymentCore.sol";
import {IStreamPaymentNative} from "../interfaces/IStreamPaymentNative.sol";
import {Payee} from "./mocks/Payee.t.sol";

// Branches (StreamPaymentNative; the accounting is StreamPaymentCore's, tested in full on the ERC-20 contract)
// token() → the zero address; no receive: plain ETH transfers revert
// createStream
// ├── msg.value != deposit → StreamPayment_ValueMismatch(value, deposit)
// ├── the core's checks (recipient, rate, deposit bounds) → their errors, nothing kept
// └── valid → stream stored, StreamCreated, the contract holds msg.value
// topUp
// ├── msg.value != amount → StreamPayment_ValueMismatch
// ├── funded → balance + amount; dry → settled, accrual restarts (as ERC-20)
// └── closed / unknown → StreamClosed / StreamNotFound
// withdraw / withdrawMany / terminate payouts
// ├── EOA or accepting contract → paid in ETH
// ├── payee reverts on receive → credited (PayoutCredited), the call succeeds, the other party is paid
// ├── payee burns its gas → credited after at most PAYOUT_GAS, the call succeeds
// ├── payee re-enters (withdraw / terminate / createStream / withdrawCredit) → the re-entry reverts
// │   StreamPayment_Reentrancy; a payee that swallows that is paid, one that propagates it is credited
// └── a rejecting sender cannot block the recipient's terminate, nor a rejecting recipient the sender's
// withdrawCredit
// ├── to is the zero address → StreamPayment_RecipientZeroAddress (the ETH would be burnt)
// ├── no credit → StreamPayment_NoCredit
// ├── to accepts → credit zeroed, CreditWithdrawn, ETH sent (a rejecting contract names another address)
// ├── to rejects → StreamPayment_CreditTransferFailed, credit kept
// └── re-entered from `to` → the re-entry reverts (lock), so the credit is paid once
contract StreamPaymentNativeTest is Test {
    uint256 internal constant DEPOSIT = 1000 ether;
    uint256 internal constant RATE = 1 ether;
    bytes32 internal constant SERVICE_ID = keccak256("offer");

    StreamPaymentNative internal sp;
    address internal alice = makeAddr("alice");
    address internal bob = makeAddr("bob");
    address internal eve = makeAddr("eve");

    function setUp() public {
        vm.warp(1_700_000_000);
        sp = new StreamPaymentNative();
        vm.deal(alice, 1_000_000 ether);
        vm.deal(eve, 1_000_000 ether);
    }

    function _create(address from, address to) internal returns (uint256) {
        vm.prank(from);
        return sp.createStream{value: DEPOSIT}(to, DEPOSIT, RATE, SERVICE_ID);
    }

    /// @dev A stream from a Payee contract (as sender) to `to`.
    function _createFrom(Payee payee, address to) internal returns (uint256) {
        vm.deal(address(payee), DEPOSIT);
        bytes memory returned =
            payee.act(address(sp), DEPOSIT, abi.encodeCall(sp.createStream, (to, DEPOSIT, RATE, SERVICE_ID)));
        return abi.decode(returned, (uint256));
    }

    function test_Token_IsZero_AndPlainEthIsRefused() public {
        assertEq(sp.token(), address(0));
        vm.prank(alice);
        (bool ok,) = address(sp).call{value: 1 ether}("");
        assertFalse(ok);
    }

    // ---- createStream ----

    function test_CreateStream() public {
        vm.expectEmit(address(sp));
        emit IStreamPaymentCore.StreamCreated(1, alice, bob, SERVICE_ID, DEPOSIT, RATE);
        uint256 streamId = _create(alice, bob);
        assertEq(streamId, 1);
        assertEq(address(sp).balance, DEPOSIT);
        assertEq(alice.balance, 1_000_000 ether - DEPOSIT);
        IStreamPaymentCore.Stream memory stream = sp.getStream(streamId);
        assertEq(stream.balance, DEPOSIT);
        assertEq(stream.sender, alice);
        assertEq(stream.recipient, bob);
        assertEq(stream.serviceId, SERVICE_ID);
        assertEq(stream.topUpBudget, 0);
        assertEq(sp.depletionTimeOf(streamId), block.timestamp + 1000);
    }

    function test_CreateStream_RevertWhen_ValueMismatch() public {
        vm.prank(alice);
        vm.expectRevert(
            abi.encodeWithSelector(IStreamPaymentNative.StreamPayment_ValueMismatch.selector, DEPOSIT - 1, DEPOSIT)
        );
        sp.createStream{value: DEPOSIT - 1}(bob, DEPOSIT, RATE, SERVICE_ID);
    }

    function test_CreateStream_RevertWhen_CoreChecksFail() public {
        vm.startPrank(alice);
        vm.expectRevert(IStreamPaymentCore.StreamPayment_DepositZero.selector);
        sp.createStream{value: 0}(bob, 0, RATE, SERVICE_ID);
        vm.expectRevert(IStreamPaymentCore.StreamPayment_RecipientZeroAddress.selector);
        sp.createStream{value: DEPOSIT}(address(0), DEPOSIT, RATE, SERVICE_ID);
        vm.expectRevert(abi.encodeWithSelector(IStreamPaymentCore.StreamPayment_RecipientIsSender.selector, alice));
        sp.createStream{value: DEPOSIT}(alice, DEPOSIT, RATE, SERVICE_ID);
        vm.stopPrank();
        assertEq(address(sp).balance, 0);
    }

    // ---- topUp ----

    function test_TopUp() public {
        uint256 streamId = _create(alice, bob);
        vm.warp(block.timestamp + 100);
        vm.expectEmit(address(sp));
        emit IStreamPaymentCore.StreamToppedUp(streamId, eve, 500 ether, DEPOSIT + 500 ether);
        vm.prank(eve);
        sp.topUp{value: 500 ether}(streamId, 500 ether);
        assertEq(address(sp).balance, DEPOSIT + 500 ether);
        assertEq(sp.refundableOf(streamId), DEPOSIT + 500 ether - 100 ether);
    }

    function test_TopUp_DryStream_RestartsAccrual() public {
        uint256 streamId = _create(alice, bob);
        vm.warp(block.timestamp + 5000); // dry since +1000
        vm.prank(alice);
        sp.topUp{value: 10 ether}(streamId, 10 ether);
        assertEq(sp.withdrawableOf(streamId), DEPOSIT, "the unfunded time is not paid");
        assertEq(sp.getStream(streamId).lastUpdate, block.timestamp);
    }

    function test_TopUp_RevertWhen_ValueMismatch() public {
        uint256 streamId = _create(alice, bob);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IStreamPaymentNative.StreamPayment_ValueMismatch.selector, 1, 2));
        sp.topUp{value: 1}(streamId, 2);
    }

    function test_TopUp_RevertWhen_ClosedOrUnknown() public {
        uint256 streamId = _create(alice, bob);
        vm.prank(alice);
        sp.terminate(streamId);
        vm.startPrank(alice);
        vm.expectRevert(abi.encodeWithSelector(IStreamPaymentCore.StreamPayment_StreamClosed.selector, streamId));
        sp.topUp{value: 1}(streamId, 1);
        vm.expectRevert(abi.encodeWithSelector(IStreamPaymentCore.StreamPayment_StreamNotFound.selector, 9));
        sp.topUp{value: 1}(9, 1);
        vm.stopPrank();
    }

    // ---- payouts to EOAs ----

    function test_Withdraw_PaysTheRecipient() public {
        uint256 streamId = _create(alice, bob);
        vm.warp(block.timestamp + 100);
        vm.prank(eve); // anyone may trigger it
        assertEq(sp.withdraw(streamId), 100 ether);
        assertEq(bob.balance, 100 ether);
        assertEq(address(sp).balance, DEPOSIT - 100 ether);
    }

    function test_Terminate_PaysBoth() public {
        uint256 streamId = _create(alice, bob);
        vm.warp(block.timestamp + 250);
        uint256 aliceBefore = alice.balance;
        vm.prank(alice);
        (uint256 paid, uint256 refunded) = sp.terminate(streamId);
        assertEq(paid, 250 ether);
        assertEq(refunded, 750 ether);
        assertEq(bob.balance, 250 ether);
        assertEq(alice.balance, aliceBefore + 750 ether);
        assertEq(address(sp).balance, 0);
    }

    function test_WithdrawMany_OnePayoutPerRecipientRun() public {
        uint256 a = _create(alice, bob);
        uint256 b = _create(alice, bob);
        uint256 c = _create(alice, eve);
        vm.warp(block.timestamp + 10);
        uint256[] memory ids = new uint256[](3);
        (ids[0], ids[1], ids[2]) = (a, b, c);
        assertEq(sp.withdrawMany(ids), 30 ether);
        assertEq(bob.balance, 20 ether);
        assertEq(eve.balance, 1_000_000 ether + 10 ether);
    }

    // ---- hostile payees ----

    function test_Withdraw_RecipientRejects_Credited() public {
        Payee payee = new Payee();
        payee.setMode(Payee.Mode.Reject);
        uint256 streamId = _create(alice, address(payee));
        vm.warp(block.timestamp + 100);
        vm.expectEmit(address(sp));
        emit IStreamPaymentNative.PayoutCredited(address(payee), 100 ether);
        assertEq(sp.withdraw(streamId), 100 ether);
        assertEq(address(payee).balance, 0);
        assertEq(sp.creditOf(address(payee)), 100 ether);
        assertEq(address(sp).balance, DEPOSIT, "the credit stays in the contract");

        // The rejecting contract pulls its credit to another address it controls.
        vm.expectEmit(address(sp));
        emit IStreamPaymentNative.CreditWithdrawn(address(payee), bob, 100 ether);
        payee.act(address(sp), 0, abi.encodeCall(sp.withdrawCredit, (payable(bob))));
        assertEq(bob.balance, 100 ether);
        assertEq(sp.creditOf(address(payee)), 0);
    }

    function test_Terminate_RecipientRejects_SenderStillRefunded() public {
        Payee payee = new Payee();
        payee.setMode(Payee.Mode.Reject);
        uint256 streamId = _create(alice, address(payee));
        vm.warp(block.timestamp + 100);
        uint256 aliceBefore = alice.balance;
        vm.prank(alice);
        sp.terminate(streamId);
        assertEq(alice.balance, aliceBefore + 900 ether);
        assertEq(sp.creditOf(address(payee)), 100 ether);
        assertEq(address(sp).balance, 100 ether);
    }

    function test_Terminate_SenderRejects_RecipientStillPaid() public {
        Payee payee = new Payee();
        uint256 streamId = _createFrom(payee, bob);
        payee.setMode(Payee.Mode.Reject);
        vm.warp(block.timestamp + 100);
        vm.prank(bob); // the recipient closes the stream; the sender's refund cannot be delivered
        sp.terminate(streamId);
        assertEq(bob.balance, 100 ether);
        assertEq(sp.creditOf(address(payee)), 900 ether);
    }

    function test_Withdraw_RecipientBurnsGas_CreditedWithinTheStipend() public {
        Payee payee = new Payee();
        payee.setMode(Payee.Mode.Burn);
        uint256 streamId = _create(alice, address(payee));
        vm.warp(block.timestamp + 100);
        uint256 gasBefore = gasleft();
        sp.withdraw(streamId);
        uint256 used = gasBefore - gasleft();
        assertEq(sp.creditOf(address(payee)), 100 ether);
        assertLt(used, sp.PAYOUT_GAS() + 40_000, "the payee cannot burn more than PAYOUT_GAS");
    }

    function test_Withdraw_RecipientReentersAndSwallows_PaidOnce() public {
        Payee payee = new Payee();
        uint256 streamId = _create(alice, address(payee));
        payee.arm(address(sp), abi.encodeCall(sp.withdraw, (streamId)), false);
        vm.warp(block.timestamp + 100);
        sp.withdraw(streamId);
        assertEq(payee.reentries(), 1);
        assertEq(payee.reentriesSucceeded(), 0);
        assertEq(payee.lastReentryError(), IStreamPaymentCore.StreamPayment_Reentrancy.selector);
        assertEq(address(payee).balance, 100 ether, "paid once");
        assertEq(sp.creditOf(address(payee)), 0);
        assertEq(address(sp).balance, DEPOSIT - 100 ether);
    }

    function test_Terminate_RecipientReentersAndPropagates_Credited() public {
        Payee payee = new Payee();
        uint256 streamId = _create(alice, address(payee));
        // On receiving, the recipient tries to terminate again (to be paid twice) and reverts with the error.
        payee.arm(address(sp), abi.encodeCall(sp.terminate, (streamId)), true);
        vm.warp(block.timestamp + 100);
        uint256 aliceBefore = alice.balance;
        vm.prank(alice);
        sp.terminate(streamId);
        assertEq(payee.reentriesSucceeded(), 0);
        assertEq(sp.creditOf(address(payee)), 100 ether);
        assertEq(alice.balance, aliceBefore + 900 ether);
        assertEq(address(sp).balance, 100 ether);
    }

    function test_Reentry_IntoCreateOrWithdrawCredit_Reverts() public {
        Payee payee = new Payee();
        uint256 streamId = _create(alice, address(payee));
        payee.arm(address(sp), abi.encodeCall(sp.withdrawCredit, (payable(address(payee)))), false);
        vm.warp(block.timestamp + 100);
        sp.withdraw(streamId);
        assertEq(payee.reentriesSucceeded(), 0);
        assertEq(payee.lastReentryError(), IStreamPaymentCore.StreamPayment_Reentrancy.selector);
    }

    // ---- withdrawCredit ----

    function test_WithdrawCredit_RevertWhen_ToIsZero() public {
        vm.prank(eve);
        vm.expectRevert(IStreamPaymentCore.StreamPayment_RecipientZeroAddress.selector);
        sp.withdrawCredit(payable(address(0)));
    }

    function test_WithdrawCredit_RevertWhen_NoCredit() public {
        vm.prank(eve);
        vm.expectRevert(abi.encodeWithSelector(IStreamPaymentNative.StreamPayment_NoCredit.selector, eve));
        sp.withdrawCredit(payable(eve));
    }

    function test_WithdrawCredit_RevertWhen_ToRejects_CreditKept() public {
        Payee payee = new Payee();
        payee.setMode(Payee.Mode.Reject);
        uint256 streamId = _create(alice, address(payee));
        vm.warp(block.timestamp + 100);
        sp.withdraw(streamId);
        vm.expectRevert(
            abi.encodeWithSelector(
                IStreamPaymentNative.StreamPayment_CreditTransferFailed.selector, address(payee), 100 ether
            )
        );
        payee.act(address(sp), 0, abi.encodeCall(sp.withdrawCredit, (payable(address(payee)))));
        assertEq(sp.creditOf(address(payee)), 100 ether);
    }

    function test_WithdrawCredit_ReenteredFromTo_PaidOnce() public {
        Payee payee = new Payee();
        payee.setMode(Payee.Mode.Reject);
        uint256 streamId = _create(alice, address(payee));
        vm.warp(block.timestamp + 100);
        sp.withdraw(streamId); // credited
        // Now it accepts, and on receiving its credit tries to withdraw it again.
        payee.arm(address(sp), abi.encodeCall(sp.withdrawCredit, (payable(address(payee)))), false);
        payee.act(address(sp), 0, abi.encodeCall(sp.withdrawCredit, (payable(address(payee)))));
        assertEq(address(payee).balance, 100 ether);
        assertEq(payee.reentriesSucceeded(), 0);
        assertEq(address(sp).balance, DEPOSIT - 100 ether);
    }

    // ---- fuzz ----

    /// @dev Whatever the times, amounts and payee behaviour: the ETH paid or credited to the recipient plus the
    /// refund paid or credited to the sender equals what went in, and the contract holds exactly the credits.
    function testFuzz_Terminate_ConservesEth(uint96 deposit, uint96 rate, uint32 elapsed, uint8 recipientMode)
        public
    {
        deposit = uint96(bound(deposit, 1, type(uint88).max));
        rate = uint96(bound(rate, 1, deposit < type(uint64).max ? deposit : type(uint64).max));
        elapsed = uint32(bound(elapsed, 0, 1e9)); // ~31 years: within the uint32 `lastUpdate` (2106)
        Payee payee = new Payee();
        payee.setMode(Payee.Mode(bound(recipientMode, 0, 3)));
        vm.deal(alice, deposit);
        vm.prank(alice);
        uint256 streamId = sp.createStream{value: deposit}(address(payee), deposit, rate, SERVICE_ID);
        vm.warp(block.timestamp + elapsed);

        vm.prank(alice);
        (uint256 paid, uint256 refunded) = sp.terminate(streamId);
        assertEq(paid + refunded, deposit);
        assertEq(paid, elapsed * uint256(rate) > deposit ? deposit : elapsed * uint256(rate));
        assertEq(alice.balance, refunded);
        assertEq(address(payee).balance + sp.creditOf(address(payee)), paid);
        assertEq(address(sp).balance, sp.creditOf(address(payee)));
    }
}
