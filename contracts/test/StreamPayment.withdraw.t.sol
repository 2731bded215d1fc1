// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {Vm} from "forge-std/Vm.sol";
import {StreamPayment} from "../StreamPayment.sol";
import {IStreamPayment} from "../interfaces/IStreamPayment.sol";
import {IStreamPaymentCore} from "../interfaces/IStreamPaymentCore.sol";
import {Base} from "./Base.t.sol";
import {ReentrantToken} from "./mocks/ReentrantToken.t.sol";

// Branches
// withdraw
// ├── re-entered (through the token) → StreamPayment_Reentrancy
// ├── stream id 0 or not yet created → StreamPayment_StreamNotFound
// ├── stream closed → returns 0: no transfer, no event
// ├── nothing accrued (same second as the last settlement) → returns 0, nothing changes
// ├── part of the balance accrued → pays rate × elapsed, balance -= it, lastUpdate = now, StreamWithdrawn
// ├── ran dry → pays the whole balance; then returns 0
// ├── accrued held from a dry top-up → pays accrued + owed, accrued = 0
// └── caller is not the recipient → the recipient is paid, the caller gets nothing
// withdrawMany
// ├── re-entered → StreamPayment_Reentrancy
// ├── empty list → returns 0
// ├── a stream not found → StreamPayment_StreamNotFound, nothing paid
// ├── consecutive streams of one recipient → one transfer of the sum, one StreamWithdrawn per stream
// ├── recipients A, B, A → three transfers
// ├── closed or nothing-due streams in the list → skipped
// └── the same id twice → paid once
contract StreamPaymentWithdrawTest is Base {
    bytes32 internal constant TRANSFER = keccak256("Transfer(address,address,uint256)");

    uint256 internal streamId;
    address internal carol = makeAddr("carol");

    function setUp() public override {
        super.setUp();
        streamId = _create(); // 1000 tGLM at 1 tGLM/s from START
    }

    function test_RevertWhen_StreamNotFound() public {
        vm.expectRevert(abi.encodeWithSelector(IStreamPaymentCore.StreamPayment_StreamNotFound.selector, 0));
        sp.withdraw(0);
        vm.expectRevert(abi.encodeWithSelector(IStreamPaymentCore.StreamPayment_StreamNotFound.selector, 2));
        sp.withdraw(2);
    }

    function test_WhenClosed_ReturnsZero() public {
        vm.warp(START + 10);
        vm.prank(bob);
        sp.terminate(streamId);
        vm.recordLogs();
        assertEq(sp.withdraw(streamId), 0);
        assertEq(vm.getRecordedLogs().length, 0);
    }

    function test_WhenNothingDue_ReturnsZero() public {
        vm.recordLogs();
        assertEq(sp.withdraw(streamId), 0);
        assertEq(vm.getRecordedLogs().length, 0);
        assertEq(_stream(streamId).lastUpdate, START);
        assertEq(_stream(streamId).balance, DEPOSIT);
    }

    function test_WhenPartlyAccrued() public {
        vm.warp(START + 300);
        vm.expectEmit(address(sp));
        emit IStreamPaymentCore.StreamWithdrawn(streamId, bob, bob, 300 ether);
        vm.prank(bob);
        assertEq(sp.withdraw(streamId), 300 ether);

        assertEq(glm.balanceOf(bob), 300 ether);
        assertEq(glm.balanceOf(address(sp)), 700 ether);
        IStreamPaymentCore.Stream memory stream = _stream(streamId);
        assertEq(stream.balance, 700 ether);
        assertEq(stream.accrued, 0);
        assertEq(stream.lastUpdate, START + 300);
        assertEq(sp.depletionTimeOf(streamId), START + 1000, "withdrawing does not move the depletion time");
        assertEq(sp.withdraw(streamId), 0, "nothing more in the same second");
    }

    function test_WhenDry() public {
        vm.warp(START + 1_000_000);
        assertEq(sp.withdraw(streamId), DEPOSIT);
        assertEq(glm.balanceOf(bob), DEPOSIT);
        assertEq(_stream(streamId).balance, 0);
        vm.warp(START + 2_000_000);
        assertEq(sp.withdraw(streamId), 0);
    }

    function test_WhenAccruedHeldFromDryTopUp() public {
        vm.warp(START + 1500);
        _topUp(alice, streamId, 100 ether); // accrued = 1000, balance = 100 from START + 1500
        vm.warp(START + 1540);
        assertEq(sp.withdraw(streamId), DEPOSIT + 40 ether);
        IStreamPaymentCore.Stream memory stream = _stream(streamId);
        assertEq(stream.accrued, 0);
        assertEq(stream.balance, 60 ether);
        assertEq(stream.lastUpdate, START + 1540);
    }

    function test_WhenCallerIsNotRecipient() public {
        vm.warp(START + 10);
        uint256 eveBefore = glm.balanceOf(eve);
        uint256 aliceBefore = glm.balanceOf(alice);
        vm.expectEmit(address(sp));
        emit IStreamPaymentCore.StreamWithdrawn(streamId, bob, eve, 10 ether);
        vm.prank(eve);
        assertEq(sp.withdraw(streamId), 10 ether);
        assertEq(glm.balanceOf(bob), 10 ether);
        assertEq(glm.balanceOf(eve), eveBefore);
        assertEq(glm.balanceOf(alice), aliceBefore);
    }

    function test_RevertWhen_Reentered() public {
        ReentrantToken token = new ReentrantToken();
        StreamPayment hostile = new StreamPayment(address(token));
        token.mint(alice, DEPOSIT);
        vm.startPrank(alice);
        token.approve(address(hostile), DEPOSIT);
        uint256 id = hostile.createStream(bob, DEPOSIT, RATE, SERVICE_ID);
        vm.stopPrank();
        vm.warp(START + 10);
        token.arm(address(hostile), abi.encodeCall(hostile.withdraw, (id)));
        vm.expectRevert(IStreamPaymentCore.StreamPayment_Reentrancy.selector);
        hostile.withdraw(id);
        uint256[] memory ids = new uint256[](1);
        ids[0] = id;
        token.arm(address(hostile), abi.encodeCall(hostile.withdrawMany, (ids)));
        vm.expectRevert(IStreamPaymentCore.StreamPayment_Reentrancy.selector);
        hostile.withdrawMany(ids);
    }

    // ---- withdrawMany ----

    function test_WithdrawMany_Empty() public {
        assertEq(sp.withdrawMany(new uint256[](0)), 0);
    }

    function test_WithdrawMany_RevertWhen_StreamNotFound() public {
        vm.warp(START + 10);
        uint256[] memory ids = new uint256[](2);
        ids[0] = streamId;
        ids[1] = 9;
        vm.expectRevert(abi.encodeWithSelector(IStreamPaymentCore.StreamPayment_StreamNotFound.selector, 9));
        sp.withdrawMany(ids);
        assertEq(glm.balanceOf(bob), 0);
    }

    function test_WithdrawMany_OneRecipient_OneTransfer() public {
        uint256 second = _create(DEPOSIT, 2 ether);
        vm.warp(START + 100);
        uint256[] memory ids = new uint256[](2);
        ids[0] = streamId;
        ids[1] = second;
        vm.recordLogs();
        vm.prank(eve);
        assertEq(sp.withdrawMany(ids), 300 ether);
        assertEq(glm.balanceOf(bob), 300 ether);
        assertEq(_countTransfers(vm.getRecordedLogs()), 1);
        assertEq(sp.withdrawableOf(streamId), 0);
        assertEq(sp.withdrawableOf(second), 0);
    }

    function test_WithdrawMany_AlternatingRecipients() public {
        vm.startPrank(alice);
        glm.approve(address(sp), DEPOSIT);
        uint256 toCarol = sp.createStream(carol, DEPOSIT, 3 ether, SERVICE_ID);
        vm.stopPrank();
        uint256 bobAgain = _create(DEPOSIT, 5 ether);
        vm.warp(START + 10);
        uint256[] memory ids = new uint256[](3);
        ids[0] = streamId;
        ids[1] = toCarol;
        ids[2] = bobAgain;
        vm.recordLogs();
        assertEq(sp.withdrawMany(ids), 90 ether);
        assertEq(_countTransfers(vm.getRecordedLogs()), 3);
        assertEq(glm.balanceOf(bob), 60 ether);
        assertEq(glm.balanceOf(carol), 30 ether);
    }

    function test_WithdrawMany_SkipsClosedAndNothingDue() public {
        uint256 closed = _create();
        vm.warp(START + 10);
        vm.prank(alice);
        sp.terminate(closed); // pays bob 10
        uint256 fresh = _create(); // nothing due yet
        uint256[] memory ids = new uint256[](4);
        ids[0] = closed;
        ids[1] = fresh;
        ids[2] = streamId;
        ids[3] = streamId; // twice: the second time nothing is due
        assertEq(sp.withdrawMany(ids), 10 ether);
        assertEq(glm.balanceOf(bob), 20 ether);
    }

    function _countTransfers(Vm.Log[] memory logs) internal view returns (uint256 count) {
        for (uint256 i = 0; i < logs.length; ++i) {
            if (logs[i].emitter == address(glm) && logs[i].topics[0] == TRANSFER) ++count;
        }
    }
}
