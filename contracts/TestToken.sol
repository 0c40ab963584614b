// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.20;

/// @title EIP-20 base of the test tokens for the embedded demo chain, 6 decimals.
/// @notice The deployer may mint; nothing else is privileged. Never deploy to a public network.
abstract contract TestToken {
    uint8 public constant decimals = 6;
    uint256 public totalSupply;
    address public immutable minter;

    mapping(address => uint256) public balanceOf;
    mapping(address => mapping(address => uint256)) public allowance;

    event Transfer(address indexed from, address indexed to, uint256 value);
    event Approval(address indexed owner, address indexed spender, uint256 value);

    constructor() {
        minter = msg.sender;
    }

    function mint(address to, uint256 value) external {
        require(msg.sender == minter, "TestToken: not minter");
        totalSupply += value;
        balanceOf[to] += value;
        emit Transfer(address(0), to, value);
    }

    function transfer(address to, uint256 value) external returns (bool) {
        _checkedTransfer(msg.sender, to, value);
        return true;
    }

    function approve(address spender, uint256 value) external returns (bool) {
        allowance[msg.sender][spender] = value;
        emit Approval(msg.sender, spender, value);
        return true;
    }

    function transferFrom(address from, address to, uint256 value) external returns (bool) {
        uint256 allowed = allowance[from][msg.sender];
        if (allowed != type(uint256).max) {
            require(allowed >= value, "TestToken: allowance");
            allowance[from][msg.sender] = allowed - value;
        }
        _checkedTransfer(from, to, value);
        return true;
    }

    function _checkedTransfer(address from, address to, uint256 value) private {
        require(to != address(0), "TestToken: zero address");
        require(balanceOf[from] >= value, "TestToken: balance");
        balanceOf[from] -= value;
        _credit(from, to, value);
    }

    /// @dev Where the debited value goes; emits the EIP-20 Transfer events for it.
    function _credit(address from, address to, uint256 value) internal virtual {
        balanceOf[to] += value;
        emit Transfer(from, to, value);
    }
}
