"""The conduct aggregate: a customer's unacceptable-behaviour file (fold, actions, contact rules, protocol terms)."""
