"""Room rates and stay quotes for the booking service."""
