"""thidua — scoring, ranking and award proposals for Vietnamese emulation clusters."""

__version__ = "0.1.0"
