"""Made-to-order goods and services (issue 20): a deposit at checkout, the balance when the shop
says it is ready, and the shop's rule for a cancellation after work started. `terms` (products,
the shop's rule, the split), `money` (payments, hooks, the ledger), `work` (the steps)."""
