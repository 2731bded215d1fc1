// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {Vm} from "forge-std/Vm.sol";
import {StreamPayment} from "../StreamPayment.sol";
import {IStreamPayment} from "../interfaces/IStreamPayment.sol";
import {IStreamPaymentCore} from "../interfaces/IStreamPaymentCore.sol";
import {Base} from "./Base.t.sol";
import {ReentrantToken} from "./mocks/ReentrantToken.t.sol";

// Branches
// terminate
// ├── re-entered (through the token) → StreamPayment_Reentrancy
// ├── stream id 0 or not yet created → StreamPayment_StreamNotFound
// ├── stream closed → StreamPayment_StreamClosed
// ├── caller is neither sender nor recipient → StreamPayment_Unauthorized
// ├── caller is the sender → accrued to the recipient, the rest to the sender, closed, StreamTerminated
// ├── caller is the recipient → same
// ├── nothing accrued (same second as creation) → no transfer to the recipient, all refunded
// ├── ran dry → everything to the recipient, no refund transfer
// ├── accrued held from a dry top-up → paid = accrued + owed
// └── afterwards: getStream shows closed with zero balances, views return 0, isActive is false,
//     withdraw returns 0, topUp and terminate revert with StreamPayment_StreamClosed
contract StreamPaymentTerminateTest is Base {
    uint256 internal streamId;

    function setUp() public override {
        super.setUp();
        streamId = _create(); // 1000 tGLM at 1 tGLM/s from START
    }

    function test_RevertWhen_StreamNotFound() public {
        vm.expectRevert(abi.encodeWithSelector(IStreamPaymentCore.StreamPayment_StreamNotFound.selector, 0));
        sp.terminate(0);
        vm.expectRevert(abi.encodeWithSelector(IStreamPaymentCore.StreamPayment_StreamNotFound.selector, 2));
        sp.terminate(2);
    }

    function test_RevertWhen_Closed() public {
        vm.prank(alice);
        sp.terminate(streamId);
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(IStreamPaymentCore.StreamPayment_StreamClosed.selector, streamId));
        sp.terminate(streamId);
    }

    function test_RevertWhen_CallerIsThirdParty() public {
        vm.warp(START + 10);
        vm.prank(eve);
        vm.expectRevert(abi.encodeWithSelector(IStreamPaymentCore.StreamPayment_Unauthorized.selector, streamId, eve));
        sp.terminate(streamId);
    }

    function test_BySender() public {
        uint256 aliceBefore = glm.balanceOf(alice);
        vm.warp(START + 250);
        vm.expectEmit(address(sp));
        emit IStreamPaymentCore.StreamTerminated(streamId, alice, bob, alice, 250 ether, 750 ether);
        vm.prank(alice);
        (uint256 paid, uint256 refunded) = sp.terminate(streamId);

        assertEq(paid, 250 ether);
        assertEq(refunded, 750 ether);
        assertEq(glm.balanceOf(bob), 250 ether);
        assertEq(glm.balanceOf(alice), aliceBefore + 750 ether);
        assertEq(glm.balanceOf(address(sp)), 0);
        _assertClosed(START + 250);
    }

    function test_ByRecipient() public {
        vm.warp(START + 600);
        vm.expectEmit(address(sp));
        emit IStreamPaymentCore.StreamTerminated(streamId, alice, bob, bob, 600 ether, 400 ether);
        vm.prank(bob);
        (uint256 paid, uint256 refunded) = sp.terminate(streamId);
        assertEq(paid, 600 ether);
        assertEq(refunded, 400 ether);
        _assertClosed(START + 600);
    }

    function test_WhenNothingAccrued() public {
        vm.recordLogs();
        vm.prank(alice);
        (uint256 paid, uint256 refunded) = sp.terminate(streamId);
        assertEq(paid, 0);
        assertEq(refunded, DEPOSIT);
        assertEq(_transfersTo(vm.getRecordedLogs(), bob), 0, "no zero transfer to the recipient");
        assertEq(glm.balanceOf(bob), 0);
    }

    function test_WhenDry() public {
        vm.warp(START + 5000);
        uint256 aliceBefore = glm.balanceOf(alice);
        vm.recordLogs();
        vm.prank(bob);
        (uint256 paid, uint256 refunded) = sp.terminate(streamId);
        assertEq(paid, DEPOSIT);
        assertEq(refunded, 0);
        assertEq(_transfersTo(vm.getRecordedLogs(), alice), 0, "no zero refund transfer");
        assertEq(glm.balanceOf(alice), aliceBefore);
    }

    function test_WhenAccruedHeldFromDryTopUp() public {
        vm.warp(START + 1200);
        _topUp(alice, streamId, 100 ether); // accrued 1000, balance 100 from START + 1200
        vm.warp(START + 1230);
        vm.prank(alice);
        (uint256 paid, uint256 refunded) = sp.terminate(streamId);
        assertEq(paid, DEPOSIT + 30 ether);
        assertEq(refunded, 70 ether);
        _assertClosed(START + 1230);
    }

    function test_AfterTerminate() public {
        vm.warp(START + 100);
        vm.prank(alice);
        sp.terminate(streamId);
        vm.warp(START + 200);
        assertEq(sp.withdraw(streamId), 0);
        vm.expectRevert(abi.encodeWithSelector(IStreamPaymentCore.StreamPayment_StreamClosed.selector, streamId));
        sp.topUp(streamId, 1);
        assertEq(sp.withdrawableOf(streamId), 0);
        assertEq(sp.refundableOf(streamId), 0);
        assertEq(sp.depletionTimeOf(streamId), 0);
        assertFalse(sp.isActive(streamId));
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
        // The token calls back as the stream's sender would not be able to: re-entry is refused before any check.
        token.arm(address(hostile), abi.encodeCall(hostile.terminate, (id)));
        vm.prank(alice);
        vm.expectRevert(IStreamPaymentCore.StreamPayment_Reentrancy.selector);
        hostile.terminate(id);
    }

    function _assertClosed(uint256 closedAt) internal view {
        IStreamPaymentCore.Stream memory stream = _stream(streamId);
        assertTrue(stream.closed, "closed");
        assertEq(stream.balance, 0, "balance");
        assertEq(stream.accrued, 0, "accrued");
        assertEq(stream.lastUpdate, closedAt, "lastUpdate is the close time");
        assertEq(stream.sender, alice);
        assertEq(stream.recipient, bob);
        assertEq(stream.ratePerSecond, RATE);
        assertFalse(sp.isActive(streamId));
    }

    function _transfersTo(Vm.Log[] memory logs, address to) internal view returns (uint256 count) {
        bytes32 transfer = keccak256("Transfer(address,address,uint256)");
        for (uint256 i = 0; i < logs.length; ++i) {
            bool isTransfer = logs[i].emitter == address(glm) && logs[i].topics[0] == transfer;
            if (isTransfer && logs[i].topics[2] == bytes32(uint256(uint160(to)))) ++count;
        }
    }
}
